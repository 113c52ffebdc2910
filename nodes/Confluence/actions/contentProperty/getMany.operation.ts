import { getManyPropertiesOperation } from '../properties/operations';
import { CONTENT_PROPERTY_OWNER } from './owner';

export const { description, execute } = getManyPropertiesOperation(CONTENT_PROPERTY_OWNER);
