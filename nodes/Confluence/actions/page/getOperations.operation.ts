import { getOperationsContentOperation } from '../content/permittedOperations';
import { PAGE } from '../content/shared';

export const { description, execute } = getOperationsContentOperation(PAGE);
