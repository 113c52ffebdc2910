import { getVersionsContentOperation } from '../content/versions';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getVersionsContentOperation(BLOG_POST);
