import { updatePropertyOperation } from '../properties/operations';
import { SPACE_PROPERTY_OWNER } from './owner';

export const { description, execute } = updatePropertyOperation(SPACE_PROPERTY_OWNER);
