import { createContentOperation } from '../content/create';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = createContentOperation(BLOG_POST);
