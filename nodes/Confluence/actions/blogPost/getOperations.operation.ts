import { getOperationsContentOperation } from '../content/permittedOperations';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getOperationsContentOperation(BLOG_POST);
