import { createOrUpdateContentOperation } from '../content/createOrUpdate';
import { PAGE } from '../content/shared';

export const { description, execute } = createOrUpdateContentOperation(PAGE);
