/* Creating a space on Data Center (REALITY.md dc-space-create): POST /rest/api/space or /rest/api/space/_private, with
 * the Cloud operation's output, sent once through createOnce. */
import type { IDataObject } from 'n8n-workflow';

import { ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

const base: IDataObject = { resource: 'space', operation: 'create', key: 'TEAM', name: 'Team' };

describe('creating a space on Data Center', () => {
	it('[dc space.create] creates a space with its description and answers with the Cloud fields', async () => {
		const [space] = ok(
			await runDataCenter(sim, { ...base, additionalFields: { description: 'Our team' } }),
		);
		const stored = sim.store.spaceByKey('TEAM');
		expect(stored).toEqual(expect.objectContaining({ name: 'Team', description: 'Our team' }));
		expect(space).toEqual(
			expect.objectContaining({
				id: stored!.id,
				key: 'TEAM',
				name: 'Team',
				description: 'Our team',
			}),
		);
		const [request] = dataCenterRequests(sim, 'POST');
		expect(request.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/space`);
		expect(request.body).toEqual({
			key: 'TEAM',
			name: 'Team',
			description: { plain: { value: 'Our team', representation: 'plain' } },
		});
	});

	it('[dc space.create] creates a private space through /space/_private', async () => {
		ok(await runDataCenter(sim, { ...base, additionalFields: { private: true } }));
		expect(sim.store.spaceByKey('TEAM')?.private).toBe(true);
		const [request] = dataCenterRequests(sim, 'POST');
		expect(request.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/space/_private`);
	});

	it('[dc space.create] refuses an alias and a bad key before any request', async () => {
		const aliased = await runDataCenter(sim, { ...base, additionalFields: { alias: 'team' } });
		expect(aliased.error?.message).toBe(
			'The field "Alias" is not available on Confluence Data Center',
		);
		const badKey = await runDataCenter(sim, { ...base, key: 'NO SPACES' });
		expect(badKey.error?.message).toBe(
			'The parameter "Key" may contain only letters and digits, got "NO SPACES"',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});

	it("[dc space.create] fails with Confluence's reason when the key is taken", async () => {
		const taken = await runDataCenter(sim, { ...base, key: 'DEMO' });
		expect(taken.error?.message).toMatch(/already exists/);
		expect(sim.store.spaceByKey('DEMO')?.name).not.toBe('Team');
	});

	it('[dc space.create] answers with the space that landed when the connection drops after Confluence applied it', async () => {
		sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/rest\/api\/space$/ });
		const [space] = ok(await runDataCenter(sim, base));
		expect(space).toEqual(expect.objectContaining({ key: 'TEAM', name: 'Team' }));
		expect(dataCenterRequests(sim, 'POST')).toHaveLength(1);
		expect(dataCenterRequests(sim, 'GET', /\/rest\/api\/space\/TEAM$/)).toHaveLength(1);
	});

	it('[dc space.create] sends again when the connection dropped before Confluence applied it', async () => {
		sim.faults.inject({ kind: 'dropBeforeApply', method: 'POST', path: /\/rest\/api\/space$/ });
		ok(await runDataCenter(sim, base));
		expect(sim.store.spaceByKey('TEAM')).toBeDefined();
		expect(dataCenterRequests(sim, 'POST')).toHaveLength(2);
	});
});
