import { getVersionContentOperation } from '../content/versions';
import { PAGE } from '../content/shared';

export const { description, execute } = getVersionContentOperation(PAGE);
