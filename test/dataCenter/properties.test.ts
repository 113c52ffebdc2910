/* Space properties on Data Center, and content and space property creates that never land twice: the Cloud property
 * operations with Data Center's v1 store (REALITY.md dc-content-property-by-key, dc-space-property-by-key). */
import type { IDataObject } from 'n8n-workflow';

import { byKey, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, parameters));
}

const property = (value: string, mode: 'key' | 'id' = 'key') => ({ __rl: true, mode, value });

describe('space properties on Data Center', () => {
	const owner = { resource: 'spaceProperty', space: byKey('DEMO') };
	const stored = () => sim.store.propertiesOf('space', sim.demo!.spaceId);

	it('[dc spaceProperty.create] [dc spaceProperty.get] [dc spaceProperty.getMany] [dc spaceProperty.update] [dc spaceProperty.delete] keep a JSON value under a key of a space', async () => {
		const before = stored().length;
		const [created] = await run({
			...owner,
			operation: 'create',
			key: 'theme',
			value: '{"color":"blue"}',
		});
		expect(created).toEqual(
			expect.objectContaining({
				key: 'theme',
				value: { color: 'blue' },
				version: expect.objectContaining({ number: 1 }),
			}),
		);
		const [post] = dataCenterRequests(sim, 'POST', /\/property$/);
		expect(post.path).toBe(`${sim.dataCenter!.contextPath}/rest/api/space/DEMO/property`);
		const [byId] = await run({
			...owner,
			operation: 'get',
			property: property(String(created.id), 'id'),
		});
		expect(byId.key).toBe('theme');
		const [updated] = await run({
			...owner,
			operation: 'update',
			property: property('theme'),
			value: '{"color":"green"}',
			options: { versionMessage: 'rebrand' },
		});
		expect(updated).toEqual(
			expect.objectContaining({
				value: { color: 'green' },
				version: expect.objectContaining({ number: 2, message: 'rebrand' }),
			}),
		);
		const [put] = dataCenterRequests(sim, 'PUT', /\/space\/DEMO\/property\/theme$/);
		expect((put.body as IDataObject).version).toEqual({ number: 2, message: 'rebrand' });
		const listed = await run({ ...owner, operation: 'getMany', returnAll: true });
		expect(listed.map((entry) => entry.key)).toContain('theme');
		const [deleted] = await run({ ...owner, operation: 'delete', property: property('theme') });
		expect(deleted).toEqual({ spaceKey: 'DEMO', key: 'theme', deleted: true });
		expect(stored()).toHaveLength(before);
		expect(sim.requests.some((request) => request.path.includes('/api/v2/'))).toBe(false);
	});

	it('[dc spaceProperty.get] answers a key the space does not have with the 404, and a numeric space ID with what to give', async () => {
		const missing = await runDataCenter(sim, {
			...owner,
			operation: 'get',
			property: property('nope'),
		});
		expect(missing.error?.message).toMatch(/404|not found/i);
		const byId = await runDataCenter(sim, {
			resource: 'spaceProperty',
			operation: 'get',
			space: { __rl: true, mode: 'id', value: '98306' },
			property: property('theme'),
		});
		expect(byId.error?.message).toBe(
			'The parameter "Space" is a space ID (98306), but Confluence Data Center needs a space key',
		);
	});
});

describe('property creates on Data Center', () => {
	it.each([
		['spaceProperty', { space: byKey('DEMO') }, 'space'],
		['contentProperty', { contentType: 'page', contentId: 'PAGE' }, 'content'],
	] as const)(
		'[dc %s.create] answers with the property that landed when the connection drops after Confluence applied it',
		async (resource, ownerParameters, kind) => {
			const pageId = sim.demo!.pages.projectPlan;
			const parameters =
				'contentId' in ownerParameters
					? { ...ownerParameters, contentId: pageId }
					: ownerParameters;
			const ownerId = kind === 'space' ? sim.demo!.spaceId : pageId;
			sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path: /\/property$/ });
			const [created] = await run({
				resource,
				operation: 'create',
				...parameters,
				key: 'once',
				value: '{"n":1}',
			});
			const matching = sim.store.propertiesOf(kind, ownerId).filter((p) => p.key === 'once');
			expect(matching).toHaveLength(1);
			expect(created).toEqual(expect.objectContaining({ id: matching[0].id, key: 'once' }));
			expect(dataCenterRequests(sim, 'POST', /\/property$/)).toHaveLength(1);
		},
	);
});
