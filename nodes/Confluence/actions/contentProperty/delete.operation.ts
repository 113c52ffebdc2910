import { deletePropertyOperation } from '../properties/operations';
import { CONTENT_PROPERTY_OWNER } from './owner';

export const { description, execute } = deletePropertyOperation(CONTENT_PROPERTY_OWNER);
