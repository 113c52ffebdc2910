import { getContentOperation } from '../content/get';
import { PAGE } from '../content/shared';

export const { description, execute } = getContentOperation(PAGE);
