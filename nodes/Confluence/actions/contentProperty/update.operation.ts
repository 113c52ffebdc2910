import { updatePropertyOperation } from '../properties/operations';
import { CONTENT_PROPERTY_OWNER } from './owner';

export const { description, execute } = updatePropertyOperation(CONTENT_PROPERTY_OWNER);
