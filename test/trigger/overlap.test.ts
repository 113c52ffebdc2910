/* The overlap guard: n8n starts a poll on schedule even while the previous one still runs. However long that one takes,
 * the next ones skip their turn, and after an n8n restart in the middle of a poll the trigger goes on from the saved
 * state without waiting for a poll that will never return. */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { registerNodeType } from '../helpers/n8n';
import { useTriggerBed } from '../helpers/trigger';
import { ConfluenceTrigger } from '../../nodes/Confluence/ConfluenceTrigger.node';

const bed = useTriggerBed();
const sim = bed.sim;
const TRIGGER_TYPE = 'n8n-nodes-confluence.confluenceTrigger';
const MINUTE = 60_000;
let skewMs = 0;

beforeEach(() => {
	skewMs = 0;
	const realNow = Date.now.bind(Date);
	// n8n's clock and Confluence's move together, far beyond any time limit a guard could have.
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
});

afterEach(() => {
	jest.restoreAllMocks();
	registerNodeType(TRIGGER_TYPE, new ConfluenceTrigger());
});

const parameters = { events: ['pageCreated'] };
const poll = async (staticData: IDataObject) => await bed.poll(parameters, staticData);

const later = (ms: number) => {
	skewMs += ms;
	sim.clock.advance(ms);
};

/** Holds the next list of pages until released; resolves `arrived` once the request reached Confluence. */
function holdNextPageList() {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let arrived!: () => void;
	const arrival = new Promise<void>((resolve) => (arrived = resolve));
	sim.faults.inject({
		kind: 'beforeApply',
		method: 'GET',
		path: /\/wiki\/api\/v2\/pages$/,
		run: async () => {
			arrived();
			await released;
		},
	});
	return { arrival, release };
}

/** Lists of pages Confluence answered since request `from`. */
const pageListings = (from: number): number =>
	sim.requests.slice(from).filter((request) => request.path === '/wiki/api/v2/pages').length;

/** n8n after a restart: a fresh copy of the node's code, the static data as n8n saved it. */
function restartN8n(): void {
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const fresh = require('../../nodes/Confluence/ConfluenceTrigger.node') as {
			ConfluenceTrigger: new () => INodeType;
		};
		registerNodeType(TRIGGER_TYPE, new fresh.ConfluenceTrigger());
	});
}

describe('Confluence Trigger: the overlap guard', () => {
	it('skips every scheduled poll while one is held far beyond 15 minutes, then emits each event once', async () => {
		const staticData: IDataObject = {};
		await poll(staticData);
		later(1_000);
		const page = bed.page('Catch-up', '<p>x</p>');
		later(1_000);
		const hold = holdNextPageList();
		const from = sim.requests.length;
		const slow = poll(staticData);
		await hold.arrival;
		// The skipping polls end once the held one has (n8n 2.x releases the workflow's expression isolate when a poll
		// returns, see ConfluenceTrigger.node.ts); they ask Confluence nothing.
		const skipped: Array<Promise<unknown[]>> = [];
		for (let minute = 0; minute < 120; minute += 5) {
			later(5 * MINUTE);
			skipped.push(poll(staticData));
		}
		hold.release();
		expect((await slow).map(({ json }) => json.id)).toEqual([page.id]);
		expect(await Promise.all(skipped)).toEqual(skipped.map(() => []));
		expect(pageListings(from)).toBe(1);
		expect(await poll(staticData)).toEqual([]);
		later(1_000);
		const next = bed.page('Next', '<p>y</p>');
		expect((await poll(staticData)).map(({ json }) => json.id)).toEqual([next.id]);
	});

	it('goes on from the saved state after n8n restarts in the middle of a poll, each event once', async () => {
		const saved: IDataObject = {};
		await poll(saved);
		later(1_000);
		const page = bed.page('During the restart', '<p>x</p>');
		later(1_000);
		const hold = holdNextPageList();
		const dying = poll(saved);
		await hold.arrival;
		later(20 * MINUTE);
		const skipped = poll(saved);

		// n8n stored the static data when the last poll returned; the held poll dies with the process.
		restartN8n();
		const afterRestart = JSON.parse(JSON.stringify(saved)) as IDataObject;
		expect((await poll(afterRestart)).map(({ json }) => json.id)).toEqual([page.id]);
		expect(await poll(afterRestart)).toEqual([]);
		later(1_000);
		const next = bed.page('After the restart', '<p>y</p>');
		expect((await poll(afterRestart)).map(({ json }) => json.id)).toEqual([next.id]);

		hold.release();
		await dying;
		expect(await skipped).toEqual([]);
	});
});
