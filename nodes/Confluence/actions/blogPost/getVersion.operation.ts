import { getVersionContentOperation } from '../content/versions';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getVersionContentOperation(BLOG_POST);
