import { createPropertyOperation } from '../properties/operations';
import { CONTENT_PROPERTY_OWNER } from './owner';

export const { description, execute } = createPropertyOperation(CONTENT_PROPERTY_OWNER);
