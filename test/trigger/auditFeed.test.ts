import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, useSimulator } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';

const sim = useSimulator('empty');

beforeEach(() => {
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
});

const record = (summary: string, category: string, name = 'Thing') =>
	sim.store.recordAudit({ summary, category, affectedObject: { name, objectType: category } });

describe('Confluence Trigger: audit records', () => {
	it('emits records of every category written after activation, once, oldest first', async () => {
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		record('Old change', 'Spaces');
		sim.clock.advance(1_000);
		const parameters = { events: ['auditRecord'] };
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();

		sim.clock.advance(1_000);
		record('Space created', 'Spaces', 'ENG');
		record('Page updated', 'Content', 'Runbook');
		sim.clock.advance(60_000);
		record('User added to group', 'Users and groups', 'alice');
		const items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => [item.json.event, item.json.summary, item.json.category])).toEqual([
			['auditRecord', 'Page updated', 'Content'],
			['auditRecord', 'Space created', 'Spaces'],
			['auditRecord', 'User added to group', 'Users and groups'],
		]);
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
		const auditRequests = sim.requests.filter((request) => request.path === '/wiki/rest/api/audit');
		// Confluence filters by time on its side: a poll asks only from the rescan window (newest record - 120 s) on.
		expect(Number(auditRequests.at(-1)!.query.startDate)).toBe(
			Date.parse('2026-11-23T09:01:02.000Z') - 120_000,
		);
	});

	it('emits identical records written in one millisecond once each, also a copy that shows up later (multiplicity)', async () => {
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = { events: ['auditRecord'] };
		await runPoll({ parameters, credentials, staticData });
		sim.clock.advance(1_000);
		const grant = () =>
			sim.store.recordAudit({
				summary: 'Space permission added',
				category: 'Permissions',
				affectedObject: { name: 'Engineering', objectType: 'Space' },
				changedValues: [{ name: 'Permission', oldValue: '', newValue: 'View' }],
			});
		grant();
		grant();
		grant();
		let items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => item.json.summary)).toEqual([
			'Space permission added',
			'Space permission added',
			'Space permission added',
		]);
		// A fourth grant in the same millisecond, written after that poll read the log.
		grant();
		items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items).toHaveLength(1);
		expect(await runPoll({ parameters, credentials, staticData })).toBeNull();
		// The counts leave the state with the rescan window.
		sim.clock.advance(10 * 60_000);
		record('Later', 'Spaces');
		expect(await runPoll({ parameters, credentials, staticData })).toHaveLength(1);
		const audit = (staticData.confluence as { feeds: { audit: { seen: unknown[] } } }).feeds.audit;
		expect(audit.seen).toHaveLength(1);
	});

	it('tells apart records that differ only beyond time, author, summary and object name', async () => {
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = { events: ['auditRecord'] };
		await runPoll({ parameters, credentials, staticData });
		sim.clock.advance(1_000);
		const created = (space: string) =>
			sim.store.recordAudit({
				summary: 'Page created',
				category: 'Content',
				affectedObject: { name: 'Runbook', objectType: 'Page' },
				associatedObjects: [{ name: space, objectType: 'Space' }],
			});
		created('ENG');
		let items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items).toHaveLength(1);
		created('OPS');
		items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => item.json.associatedObjects)).toEqual([
			[expect.objectContaining({ name: 'OPS' })],
		]);
	});

	it('does not repeat records an earlier version of the trigger emitted (its keys left out the details)', async () => {
		const credentials = credentialsFor(sim);
		const parameters = { events: ['auditRecord'] };
		sim.clock.advance(1_000);
		const old = record('Space created', 'Spaces', 'ENG')!;
		const at = new Date(old.creationDate).toISOString();
		const formerKey = [
			'audit',
			old.creationDate,
			old.author.accountId,
			'Spaces',
			'Space created',
			'Spaces',
			'ENG',
		].join('|');
		const staticData: IDataObject = {
			confluence: { feeds: { audit: { watermark: at, seen: [[formerKey, at]] } } },
		};
		sim.clock.advance(1_000);
		record('Space updated', 'Spaces', 'ENG');
		const items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => item.json.summary)).toEqual(['Space updated']);
	});

	it('passes the search string to Confluence', async () => {
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = { events: ['auditRecord'], filters: { auditSearch: 'permission' } };
		await runPoll({ parameters, credentials, staticData });
		sim.clock.advance(1_000);
		record('Space permission granted', 'Permissions');
		record('Page created', 'Content');
		const items = (await runPoll({ parameters, credentials, staticData })) ?? [];
		expect(items.map((item) => item.json.summary)).toEqual(['Space permission granted']);
		expect(sim.requests.at(-1)!.query.searchString).toBe('permission');
	});

	it('explains that a site admin is needed when the account is not one', async () => {
		const user = sim.users.add({
			email: 'writer@example.com',
			displayName: 'Writer',
			apiToken: 'writer-token',
			admin: false,
		});
		const credentials = {
			confluenceApi: { siteUrl: sim.baseUrl, email: user.email, apiToken: 'writer-token' },
		};
		await expect(
			runPoll({ parameters: { events: ['auditRecord'] }, credentials, staticData: {} }),
		).rejects.toThrow('Reading the audit log needs a Confluence site administrator');
	});
});
