import { deleteContentOperation } from '../content/delete';
import { PAGE } from '../content/shared';

export const { description, execute } = deleteContentOperation(PAGE);
