import { getContentOperation } from '../content/get';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getContentOperation(BLOG_POST);
