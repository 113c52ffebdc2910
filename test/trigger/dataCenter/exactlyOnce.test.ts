/* The randomized exactly-once scenario (test/trigger/exactlyOnceScenario.ts) on the Data Center flavour: CQL search at
 * minute precision, a server in another time zone, a lagging search index, faults mid-poll and restarts from saved
 * static data. Every event that happens while the trigger is active is emitted exactly once. */
import { fastRetries } from '../../helpers/fixtures';
import { startSimulator, type Simulator } from '../../simulator';
import { exactlyOnceScenario, type ScenarioFlavour } from '../exactlyOnceScenario';
import { pollDataCenter } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'empty', flavor: 'datacenter' });
});
afterAll(async () => await sim.close());

const dataCenter: ScenarioFlavour = {
	prepare(simulator, seed) {
		simulator.dataCenter!.settings.serverTimeZone = seed % 2 ? 'America/St_Johns' : 'Asia/Kolkata';
		// The index shows each write up to 20 s late; the default index lag option (300 s) covers it.
		simulator.searchIndexLagMs = (seed % 3) * 10_000;
	},
	poll: async (parameters, staticData) => await pollDataCenter(sim, parameters, staticData),
	halfwayFailurePath: /\/content\/search$/,
	// Search finds only current content: a page trashed between two polls is not emitted on Data Center (README).
	trashesPages: false,
	afterHistoryMs: 1_000,
	// Past the index lag, so every write is searchable.
	settleMs: 31_000,
};

describe('Confluence Trigger exactly-once on Data Center', () => {
	const seeds = Array.from({ length: 6 }, (_, index) => index + 1);
	let failedPolls = 0;
	it.each(seeds)('seed %i: every event once, none lost, none repeated', async (seed) => {
		const result = await exactlyOnceScenario(sim, dataCenter, seed, 120);
		expect(result.events).toBeGreaterThan(40);
		failedPolls += result.failedPolls;
	});

	it('exercised polls that failed halfway', () => {
		expect(failedPolls).toBeGreaterThan(0);
	});
});
