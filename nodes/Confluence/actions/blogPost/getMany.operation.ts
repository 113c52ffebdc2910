import { getManyContentOperation } from '../content/getMany';
import { BLOG_POST } from '../content/shared';

export const { description, execute } = getManyContentOperation(BLOG_POST);
