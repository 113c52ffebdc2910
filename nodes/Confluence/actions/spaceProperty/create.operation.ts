import { createPropertyOperation } from '../properties/operations';
import { SPACE_PROPERTY_OWNER } from './owner';

export const { description, execute } = createPropertyOperation(SPACE_PROPERTY_OWNER);
