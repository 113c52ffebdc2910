/* Permitted operations on Data Center, and the refusals for what stays unsupported there: each names the operation
 * and says why, before any request. */
import type { IDataObject } from 'n8n-workflow';

import { byId, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

describe('permitted operations on Data Center', () => {
	it.each([
		['page', 'page', () => sim.demo!.pages.projectPlan],
		['blogPost', 'blogPost', () => sim.demo!.blogPosts[0]],
	] as const)(
		'[dc %s.getOperations] lists what the account may do, from expand=operations',
		async (resource, locator, id) => {
			const operations = ok(
				await runDataCenter(sim, { resource, operation: 'getOperations', [locator]: byId(id()) }),
			);
			expect(operations).toEqual(
				expect.arrayContaining([expect.objectContaining({ operation: 'read' })]),
			);
			const [read] = dataCenterRequests(sim, 'GET', /\/rest\/api\/content\/\d+$/);
			expect(read.query.expand).toBe('operations');
		},
	);
});

describe('what stays unsupported on Data Center', () => {
	it.each([
		['page', 'getVersions', { page: byId('1') }],
		['page', 'restoreVersion', { page: byId('1'), versionNumber: 1 }],
		['blogPost', 'getVersion', { blogPost: byId('1'), versionNumber: 1 }],
	] as const)(
		'refuses %s.%s: versions are listed and restored only by the experimental API',
		async (resource, operation, parameters) => {
			const result = await runDataCenter(sim, {
				resource,
				operation,
				...(parameters as IDataObject),
			});
			expect(result.error?.message).toBe(
				`The operation "${operation}" of the resource "${resource}" is not available on Confluence Data Center`,
			);
			expect(result.error?.description).toContain('/rest/experimental/content/{id}/version');
			expect(dataCenterRequests(sim)).toHaveLength(0);
		},
	);

	it('refuses User → Search, which exists only on Cloud, and says what to use instead', async () => {
		const result = await runDataCenter(sim, {
			resource: 'user',
			operation: 'search',
			searchBy: 'name',
			name: 'Demo',
		});
		expect(result.error?.message).toBe(
			'The operation "search" of the resource "user" is not available on Confluence Data Center',
		);
		expect(result.error?.description).toContain('User → Get');
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});

	it('refuses an operation not yet built for Data Center, naming it', async () => {
		const result = await runDataCenter(sim, {
			resource: 'page',
			operation: 'copy',
			page: byId(sim.demo!.pages.projectPlan),
			destinationPage: byId(sim.demo!.pages.engineering),
		});
		expect(result.error?.message).toBe(
			'The operation "copy" of the resource "page" is not available on Confluence Data Center',
		);
		expect(dataCenterRequests(sim)).toHaveLength(0);
	});
});
