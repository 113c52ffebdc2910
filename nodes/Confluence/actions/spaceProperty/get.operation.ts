import { getPropertyOperation } from '../properties/operations';
import { SPACE_PROPERTY_OWNER } from './owner';

export const { description, execute } = getPropertyOperation(SPACE_PROPERTY_OWNER);
