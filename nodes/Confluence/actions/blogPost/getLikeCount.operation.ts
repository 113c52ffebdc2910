import { getLikeCountContentOperation } from '../content/likes';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getLikeCountContentOperation(BLOG_POST);
