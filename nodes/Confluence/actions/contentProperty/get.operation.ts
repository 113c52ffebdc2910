import { getPropertyOperation } from '../properties/operations';
import { CONTENT_PROPERTY_OWNER } from './owner';

export const { description, execute } = getPropertyOperation(CONTENT_PROPERTY_OWNER);
