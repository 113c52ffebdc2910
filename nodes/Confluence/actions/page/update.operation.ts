import { updateContentOperation } from '../content/update';
import { PAGE } from '../content/shared';

export const { description, execute } = updateContentOperation(PAGE);
