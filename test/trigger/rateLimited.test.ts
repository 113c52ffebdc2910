import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, useSimulator } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';

const sim = useSimulator('empty');

const T0 = new Date('2026-11-23T09:00:00.000Z');

// The logger class n8n-core's contexts use (n8n-core has its own copy of @n8n/backend-common).
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
const loggerModule = require.resolve('@n8n/backend-common', {
	paths: [require.resolve('n8n-core')],
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Logger } = require(loggerModule) as {
	Logger: { prototype: { warn: (message: string) => void } };
};

afterEach(() => jest.restoreAllMocks());

it('a poll that meets a used-up quota ends cleanly, stores nothing, says when it resumes, and loses no event', async () => {
	sim.clock.set(T0);
	const credentials = credentialsFor(sim);
	const spaceId = sim.store.createSpace({ key: 'ENG', name: 'Engineering' }).id;
	const parameters = { events: ['pageCreated'] };
	const staticData: IDataObject = {};
	const poll = async () =>
		(await runPoll({ parameters, credentials, staticData, auth: 'oAuth2' })) ?? [];

	expect(await poll()).toEqual([]);
	const saved = JSON.stringify(staticData);
	sim.clock.advance(10_000);
	const page = sim.store.createPage({ spaceId, title: 'During the quota', body: '<p>x</p>' });

	const warnings: string[] = [];
	jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => {
		warnings.push(message);
	});
	sim.faults.inject({
		kind: 'rateLimit',
		reason: 'confluence-quota-tenant-based',
		retryAfter: 1847,
		times: Infinity,
	});
	const limitedAt = Date.now();
	expect(await runPoll({ parameters, credentials, staticData, auth: 'oAuth2' })).toBeNull();
	expect(JSON.stringify(staticData)).toBe(saved);
	expect(warnings).toHaveLength(1);
	expect(warnings[0]).toContain('(confluence-quota-tenant-based)');
	expect(warnings[0]).toContain('saved nothing');
	const resumeAt = new Date(limitedAt + 1847_000).toISOString().slice(0, 15);
	expect(warnings[0]).toContain(`polling resumes with the first poll after ${resumeAt}`);

	// Until the reset, polls end at once without asking Confluence.
	const requestsBefore = sim.requests.length;
	expect(await runPoll({ parameters, credentials, staticData, auth: 'oAuth2' })).toBeNull();
	expect(sim.requests.length).toBe(requestsBefore);

	// After the reset, the next poll picks up the event from where polling stopped.
	sim.faults.clear();
	const now = Date.now();
	jest.spyOn(Date, 'now').mockReturnValue(now + 1848_000);
	const items = await poll();
	expect(items.map((item) => [item.json.event, item.json.id])).toEqual([['pageCreated', page.id]]);
});

it('Fetch Test Event (manual) shows the rate limit error instead of swallowing it', async () => {
	sim.clock.set(T0);
	const credentials = credentialsFor(sim);
	sim.store.createSpace({ key: 'ENG', name: 'Engineering' });
	sim.faults.inject({
		kind: 'rateLimit',
		reason: 'confluence-quota-tenant-based',
		retryAfter: 1847,
		times: Infinity,
	});
	await expect(
		runPoll({
			parameters: { events: ['pageCreated'] },
			credentials,
			staticData: {},
			auth: 'oAuth2',
			mode: 'manual',
		}),
	).rejects.toThrow(/request quota is used up/);
});
