import { createContentOperation } from '../content/create';
import { PAGE } from '../content/shared';

export const { description, execute } = createContentOperation(PAGE);
