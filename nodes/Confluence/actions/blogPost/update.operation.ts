import { updateContentOperation } from '../content/update';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = updateContentOperation(BLOG_POST);
