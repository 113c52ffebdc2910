import { getLikeCountContentOperation } from '../content/likes';
import { PAGE } from '../content/shared';

export const { description, execute } = getLikeCountContentOperation(PAGE);
