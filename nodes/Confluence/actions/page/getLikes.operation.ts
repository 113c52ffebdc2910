import { getLikesContentOperation } from '../content/likes';
import { PAGE } from '../content/shared';

export const { description, execute } = getLikesContentOperation(PAGE);
