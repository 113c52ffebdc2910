import { getManyPropertiesOperation } from '../properties/operations';
import { SPACE_PROPERTY_OWNER } from './owner';

export const { description, execute } = getManyPropertiesOperation(SPACE_PROPERTY_OWNER);
