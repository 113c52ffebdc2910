/* Rows 1 and 2: the trigger polling with nothing new, and catching up after K events, against a poller a user would
 * write instead (one list request per feed, newest first, one page of the largest size, keep what is newer than last
 * time: how the trigger pieces of other automation tools work). */
import type { IDataObject } from 'n8n-workflow';

import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runPoll } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { apiRequestsSince, bareClient, log, timed, type BenchResult } from './lib';
import { CONTENT_EVENTS } from '../nodes/Confluence/trigger/feeds';

/** The lists those events are read from: pages, blog posts, footer and inline comments, attachments. */
const CONTENT_FEEDS = 5;

/**
 * The usual hand-written poller: GET the newest page (250, the largest) of each list and keep what is newer than the
 * last poll.
 */
function naivePoller(sim: Simulator, lists: string[]) {
	const client = bareClient(sim);
	const since = new Map<string, number>();
	return {
		client,
		async poll(): Promise<number> {
			let fresh = 0;
			for (const list of lists) {
				const body = await client.get(`${list}${list.includes('?') ? '&' : '?'}limit=250`);
				const results = (body.results as IDataObject[]) ?? [];
				const last = since.get(list) ?? 0;
				fresh += results.filter((entry) => Date.parse(String(entry.createdAt)) > last).length;
				for (const entry of results) {
					since.set(list, Math.max(since.get(list) ?? 0, Date.parse(String(entry.createdAt))));
				}
			}
			return fresh;
		},
	};
}

function contentLists(spaceId: string): string[] {
	return [
		`/wiki/api/v2/spaces/${spaceId}/pages?sort=-modified-date`,
		`/wiki/api/v2/spaces/${spaceId}/blogposts?sort=-modified-date`,
		'/wiki/api/v2/footer-comments?sort=-created-date',
		'/wiki/api/v2/inline-comments?sort=-created-date',
		'/wiki/api/v2/attachments?sort=-created-date',
	];
}

function seedSpace(sim: Simulator, key: string): string {
	const space = sim.store.createSpace({ key, name: `Bench ${key}` });
	for (let index = 0; index < 40; index++) {
		const page = sim.store.createPage({
			spaceId: space.id,
			title: `History ${index}`,
			body: '<p>old</p>',
		});
		if (index % 4 === 0)
			sim.store.addComment({
				containerId: page.id,
				location: 'footer',
				body: '<p>old comment</p>',
			});
		if (index % 5 === 0)
			sim.store.addAttachment({ containerId: page.id, fileName: `old-${index}.txt`, data: 'old' });
		sim.clock.advance(1_000);
	}
	sim.store.createBlogPost({ spaceId: space.id, title: 'Old news', body: '<p>old</p>' });
	return space.id;
}

export async function triggerIdle(sim: Simulator): Promise<BenchResult[]> {
	fastRetries();
	sim.reset('empty');
	sim.setContractValidation(false);
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
	const spaceId = seedSpace(sim, 'IDLE');
	const ancestor = sim.store.list('page').find((page) => page.title === 'History 0')!.id;
	const credentials = credentialsFor(sim);
	const results: BenchResult[] = [];
	for (const [label, filters] of [
		['6 content events, no filters', {}],
		['6 content events, label + subtree filters', { labels: 'howto', ancestorId: ancestor }],
	] as const) {
		const staticData: IDataObject = {};
		const parameters = { events: CONTENT_EVENTS, filters };
		await runPoll({ parameters, credentials, staticData });
		const polls = 20;
		const before = sim.requests.length;
		for (let index = 0; index < polls; index++) {
			sim.clock.advance(60_000);
			const items = await runPoll({ parameters, credentials, staticData });
			if (items?.length) throw new Error(`an idle poll emitted ${items.length} events`);
		}
		const perPoll = apiRequestsSince(sim, before) / polls;
		const naive = naivePoller(sim, contentLists(spaceId));
		await naive.poll();
		naive.client.requests = 0;
		for (let index = 0; index < polls; index++) await naive.poll();
		results.push({
			row: 1,
			case: `idle poll, ${label}`,
			metric: 'requests per poll',
			unit: 'requests',
			ours: perPoll,
			alternative: { name: 'newest-page poller', value: naive.client.requests / polls },
			floor: CONTENT_FEEDS,
			check: { label: '≤ 1 per feed', ok: perPoll <= CONTENT_FEEDS },
			note: `${CONTENT_FEEDS} feeds (pages, blog posts, footer comments, inline comments, attachments); ${polls} polls`,
		});
		log(`row 1: ${label}: ${perPoll} requests per idle poll`);
	}
	return results;
}

export async function triggerCatchUp(sim: Simulator, counts: number[]): Promise<BenchResult[]> {
	fastRetries();
	const results: BenchResult[] = [];
	for (const events of counts) {
		sim.reset('empty');
		sim.setContractValidation(false);
		sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
		const spaceId = seedSpace(sim, `K${events}`);
		const credentials = credentialsFor(sim);
		const staticData: IDataObject = {};
		const parameters = { events: ['pageCreated'] };
		await runPoll({ parameters, credentials, staticData });
		const naive = naivePoller(sim, [`/wiki/api/v2/spaces/${spaceId}/pages?sort=-created-date`]);
		await naive.poll();
		naive.client.requests = 0;

		sim.store.silently(() => {
			for (let index = 0; index < events; index++) {
				sim.clock.advance(index % 3 === 0 ? 0 : 7);
				sim.store.createPage({ spaceId, title: `Event ${index}`, body: `<p>event ${index}</p>` });
			}
		});
		sim.clock.advance(1_000);

		const before = sim.requests.length;
		const poll = await timed(
			async () => (await runPoll({ parameters, credentials, staticData })) ?? [],
		);
		const requests = apiRequestsSince(sim, before);
		const emitted = new Set(poll.value.map((item) => String(item.json.id))).size;
		const naiveEmitted = await naive.poll();
		const floor = Math.ceil(events / 250) + 1;
		results.push(
			{
				row: 2,
				case: `catch-up after K = ${events.toLocaleString('en-US')} page creations`,
				metric: 'events emitted',
				unit: 'events',
				ours: poll.value.length,
				alternative: { name: 'newest-page poller', value: naiveEmitted },
				floor: events,
				check: {
					label: 'emitted = K, each once',
					ok: poll.value.length === events && emitted === events,
				},
				note: `the poller keeps at most one page (250) per poll and loses the rest`,
			},
			{
				row: 2,
				case: `catch-up after K = ${events.toLocaleString('en-US')} page creations`,
				metric: 'requests',
				unit: 'requests',
				ours: requests,
				alternative: { name: 'newest-page poller', value: naive.client.requests },
				floor,
				check: { label: 'ceil(K/250) + 1', ok: requests <= floor },
				note: `poll took ${Math.round(poll.ms)} ms`,
			},
		);
		log(
			`row 2: K=${events}: emitted ${poll.value.length} in ${requests} requests (${Math.round(poll.ms)} ms); poller emitted ${naiveEmitted}`,
		);
	}
	return results;
}
