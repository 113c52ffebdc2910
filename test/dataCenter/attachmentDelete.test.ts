/* Deleting an attachment on Data Center (REALITY.md dc-attachment-delete): DELETE /rest/api/content/{id}, then the node
 * asks whether Confluence trashed or purged it, and Purge deletes from the trash with status=trashed. Both variants. */
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';
import { ok } from '../actions/page/helpers';

const sim = useDataCenterSimulator('demo');

function remove(attachmentId: string, purge?: boolean) {
	return {
		resource: 'attachment',
		operation: 'delete',
		attachmentId,
		...(purge === undefined ? {} : { options: { purge } }),
	};
}

describe.each(['trash', 'purge'] as const)(
	'deleting an attachment on Data Center (attachments %s on delete)',
	(mode) => {
		beforeEach(() => sim.setVariants({ dcAttachmentDelete: mode }));

		it('[dc attachment.delete] deletes an attachment and says whether Confluence purged it', async () => {
			const id = sim.demo!.attachmentId;
			const [result] = ok(await runDataCenter(sim, remove(id)));
			expect(result).toEqual({ id, deleted: true, purged: mode === 'purge' });
			expect(sim.store.get(id)?.status).toBe(mode === 'trash' ? 'trashed' : undefined);
			const deletes = dataCenterRequests(sim, 'DELETE');
			expect(deletes.map((request) => [request.path, request.query.status])).toEqual([
				[`${sim.dataCenter!.contextPath}/rest/api/content/${id}`, undefined],
			]);
		});

		it('[dc attachment.delete] purges an attachment for good when asked', async () => {
			const id = sim.demo!.attachmentId;
			const [result] = ok(await runDataCenter(sim, remove(id, true)));
			expect(result).toEqual({ id, deleted: true, purged: true });
			expect(sim.store.get(id)).toBeUndefined();
			const statuses = dataCenterRequests(sim, 'DELETE').map((request) => request.query.status);
			expect(statuses).toEqual(mode === 'trash' ? [undefined, 'trashed'] : [undefined]);
		});

		it('[dc attachment.delete] answers an unknown attachment with the 404 and deletes nothing', async () => {
			const refused = await runDataCenter(sim, remove('att999999', true));
			expect(refused.error?.message).toMatch(/404/);
			expect(refused.error?.message).toContain('att999999');
			expect(dataCenterRequests(sim, 'DELETE')).toHaveLength(0);
		});
	},
);

describe('deleting an attachment already in the trash on Data Center', () => {
	it('[dc attachment.delete] purges it when asked, and answers 404 to a plain delete', async () => {
		const id = sim.demo!.attachmentId;
		sim.store.trash(id);
		const plain = await runDataCenter(sim, remove(id));
		expect(plain.error?.message).toMatch(/404/);
		expect(sim.store.get(id)?.status).toBe('trashed');
		const [purged] = ok(await runDataCenter(sim, remove(id, true)));
		expect(purged).toEqual({ id, deleted: true, purged: true });
		expect(sim.store.get(id)).toBeUndefined();
		const [purge] = dataCenterRequests(sim, 'DELETE');
		expect(purge.query.status).toBe('trashed');
	});
});
