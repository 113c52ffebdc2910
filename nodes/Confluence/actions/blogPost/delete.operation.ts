import { deleteContentOperation } from '../content/delete';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = deleteContentOperation(BLOG_POST);
