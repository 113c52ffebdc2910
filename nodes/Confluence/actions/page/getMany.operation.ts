import { getManyContentOperation } from '../content/getMany';
import { PAGE } from '../content/shared';

export const { description, execute } = getManyContentOperation(PAGE);
