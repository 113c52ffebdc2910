/* Row 8: a used-up hourly quota (OAuth2 apps since 2026-03-02: 429, RateLimit-Reason confluence-quota-*, Retry-After to
 * the top of the hour). The node: the writes before the quota succeed, every later item fails at once with the reset
 * time (one request each, no retry before the reset), and the trigger ends its poll, saves nothing and asks Confluence
 * nothing more until the reset. The alternative is waiting the announced time out. */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runNode, runPoll } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { log, timed, type BenchResult } from './lib';

const QUOTA_RESET_SECONDS = 1847;

/** From the `allowed`-th page creation on, every request meets the quota 429. */
function quotaAfter(sim: Simulator, allowed: number): void {
	let seen = 0;
	sim.faults.inject({
		kind: 'beforeApply',
		method: 'POST',
		path: /\/pages$/,
		times: Infinity,
		run: () => {
			seen++;
			if (seen === allowed) {
				sim.faults.inject({
					kind: 'rateLimit',
					reason: 'confluence-quota-tenant-based',
					retryAfter: QUOTA_RESET_SECONDS,
					path: /^\/wiki\//,
					times: Infinity,
				});
			}
		},
	});
}

export async function quotaRows(
	sim: Simulator,
	items: number,
	allowed: number,
): Promise<BenchResult[]> {
	fastRetries();
	sim.reset('empty');
	const credentials = credentialsFor(sim);
	const space = sim.store.createSpace({ key: 'QUOTA', name: 'Quota' });
	quotaAfter(sim, allowed);
	const { value: result, ms } = await timed(
		async () =>
			await runNode({
				parameters: {
					resource: 'page',
					operation: 'create',
					space: { __rl: true, mode: 'id', value: space.id },
					title: '={{ "Quota item " + $json.index }}',
					body: 'quota',
				},
				items: Array.from({ length: items }, (_, index) => ({ index })),
				credentials,
				auth: 'oAuth2',
				continueOnFail: true,
			}),
	);
	const created = sim.store
		.list('page')
		.filter((page) => page.title.startsWith('Quota item ')).length;
	const failed = result.items.filter((item) =>
		/request quota is used up .*resets at/.test(String(item.json.error ?? '')),
	).length;
	const writes = sim.requests.filter(
		(request) => request.method === 'POST' && request.path === '/wiki/api/v2/pages',
	).length;
	log(
		`row 8: ${created} created, ${failed} failed with the reset time, ${writes} POSTs, ${Math.round(ms)} ms`,
	);

	sim.faults.clear();
	sim.reset('empty');
	sim.store.createSpace({ key: 'ENG', name: 'Engineering' });
	const trigger = credentialsFor(sim);
	const staticData: IDataObject = {};
	const parameters = { events: ['pageCreated'] };
	await runPoll({ parameters, credentials: trigger, staticData, auth: 'oAuth2' });
	const saved = JSON.stringify(staticData);
	sim.faults.inject({
		kind: 'rateLimit',
		reason: 'confluence-quota-tenant-based',
		retryAfter: QUOTA_RESET_SECONDS,
		times: Infinity,
	});
	const before = sim.requests.length;
	const polls = 10;
	let emitted = 0;
	for (let poll = 0; poll < polls; poll++) {
		emitted +=
			(await runPoll({ parameters, credentials: trigger, staticData, auth: 'oAuth2' }))?.length ??
			0;
	}
	const requests = sim.requests.length - before;
	sim.faults.clear();
	const untouched = JSON.stringify(staticData) === saved;
	log(
		`row 8: ${polls} trigger polls during the quota: ${requests} requests, state untouched: ${untouched}`,
	);

	return [
		{
			row: 8,
			case: `${items} page creations (OAuth2), hourly quota used up after ${allowed}, Retry-After ${QUOTA_RESET_SECONDS} s`,
			metric: 'time to finish every item',
			unit: 's',
			ours: ms / 1000,
			alternative: { name: 'waiting the announced reset out', value: QUOTA_RESET_SECONDS },
			floor: 0,
			check: {
				label: `${allowed} created, ${items - allowed} failed naming the reset, one request each`,
				ok: created === allowed && failed === items - allowed && writes === items,
			},
			note: 'Max Wait on Rate Limit (default 180 s) is below the reset: each item fails at once with the reason and reset time',
		},
		{
			row: 8,
			case: `${polls} trigger polls while the quota is used up`,
			metric: 'requests to Confluence',
			unit: 'requests',
			ours: requests,
			floor: 1,
			check: {
				label: 'nothing emitted, nothing saved, one request until the reset',
				ok: emitted === 0 && untouched && requests === 1,
			},
		},
	];
}
