import { deletePropertyOperation } from '../properties/operations';
import { SPACE_PROPERTY_OWNER } from './owner';

export const { description, execute } = deletePropertyOperation(SPACE_PROPERTY_OWNER);
