import { getLikesContentOperation } from '../content/likes';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getLikesContentOperation(BLOG_POST);
