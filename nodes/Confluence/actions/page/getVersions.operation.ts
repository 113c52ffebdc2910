import { getVersionsContentOperation } from '../content/versions';
import { PAGE } from '../content/shared';

export const { description, execute } = getVersionsContentOperation(PAGE);
