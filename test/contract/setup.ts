/* Jest setupFilesAfterEnv: after every test file, hand this worker's contract totals to the reporter. */
import { flushContractTotals } from './state';

afterAll(() => {
	flushContractTotals();
});
