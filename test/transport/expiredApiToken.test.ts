/* An API token that expired or was revoked (REALITY.md expired-api-token): Confluence answers it as a 403 that refuses
 * the caller, or as a v2 404, not only as a 401. The user is told the token may be expired or revoked, never that the
 * account lacks a permission, and the token never appears in the error. */
import type { IDataObject } from 'n8n-workflow';

import { useTestBed } from '../helpers/fixtures';
import { VARIANTS, type SimVariants } from '../simulator';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe.each(VARIANTS.expiredApiToken.values)('an expired API token answered as %s', (answer) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });

	const run = async (parameters: IDataObject) =>
		await bed.run({ auth: 'apiToken', parameters, continueOnFail: false });

	it('fails v2 and v1 operations saying the token may be expired or revoked', async () => {
		bed.sim.setVariants({ expiredApiToken: answer as SimVariants['expiredApiToken'] });
		bed.sim.setContractValidation(false);
		bed.sim.users.expireApiToken('demo@example.com');
		const v2 = await run({
			resource: 'page',
			operation: 'get',
			page: byId(bed.sim.demo!.pages.projectPlan),
		});
		const v1 = await run({ resource: 'user', operation: 'getCurrent' });
		for (const result of [v2, v1]) {
			expect(result.error).toBeDefined();
			const text = `${result.error!.message} ${String(result.error!.description ?? '')}`;
			expect(text).toMatch(/(expired or revoked|revoked or expired)/);
			expect(text).not.toMatch(/lacks permission/);
			expect(text).not.toContain(bed.sim.users.demo.apiToken);
		}
	});
});
