/* Users by user key or username (REALITY.md dc-user-by-key-or-username), and labels on blog posts and attachments, on
 * Data Center. */
import type { IDataObject } from 'n8n-workflow';

import { ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function run(parameters: IDataObject): Promise<IDataObject[]> {
	return ok(await runDataCenter(sim, parameters));
}

describe('users on Data Center', () => {
	it('[dc user.get] finds users by user key (the authorId of other operations) and by username, one item each', async () => {
		const alexKey = sim.demo!.secondUser.accountId;
		const users = await run({
			resource: 'user',
			operation: 'get',
			accountIds: `${alexKey}, demo`,
		});
		expect(users).toEqual([
			expect.objectContaining({ userKey: alexKey, displayName: sim.demo!.secondUser.displayName }),
			expect.objectContaining({ username: 'demo', displayName: 'Demo User' }),
		]);
		const lookups = dataCenterRequests(sim, 'GET', /\/rest\/api\/user$/).map(
			(request) => request.query,
		);
		expect(lookups).toEqual([{ key: alexKey }, { key: 'demo' }, { username: 'demo' }]);
	});

	it('[dc user.get] says which values matched no user', async () => {
		const result = await runDataCenter(sim, {
			resource: 'user',
			operation: 'get',
			accountIds: 'nobody-here',
		});
		expect(result.error?.message).toBe(
			'No Confluence user has the user key or username in "Account IDs"',
		);
		expect(result.error?.description).toContain('nobody-here');
	});
});

describe('labels of blog posts and attachments on Data Center', () => {
	it('[dc label.add] [dc label.remove] [dc label.getMany] label a blog post and an attachment through /rest/api/content/{id}/label', async () => {
		const blogPostId = sim.demo!.blogPosts[0];
		const attachmentId = sim.demo!.attachmentId;
		for (const contentId of [blogPostId, attachmentId]) {
			await run({ resource: 'label', operation: 'add', contentId, labels: 'shared, draft' });
			await run({ resource: 'label', operation: 'remove', contentId, labels: 'draft' });
		}
		const onBlogPost = await run({
			resource: 'label',
			operation: 'getMany',
			of: 'blogPost',
			blogPost: { __rl: true, mode: 'id', value: blogPostId },
			returnAll: true,
		});
		expect(onBlogPost.map((label) => label.name)).toContain('shared');
		expect(onBlogPost.map((label) => label.name)).not.toContain('draft');
		const onAttachment = await run({
			resource: 'label',
			operation: 'getMany',
			of: 'attachment',
			attachmentId,
			returnAll: true,
		});
		expect(onAttachment.map((label) => label.name)).toEqual(['shared']);
		expect(dataCenterRequests(sim, 'POST', /\/label$/).map((request) => request.path)).toEqual([
			`${sim.dataCenter!.contextPath}/rest/api/content/${blogPostId}/label`,
			`${sim.dataCenter!.contextPath}/rest/api/content/${attachmentId}/label`,
		]);
	});
});
