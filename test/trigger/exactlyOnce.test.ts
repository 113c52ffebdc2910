/* Randomized event streams and poll schedules against the simulator, with faults mid-poll and restarts from saved
 * static data: every event that happens while the trigger is active must be emitted exactly once, in order. */
import { credentialsFor, fastRetries } from '../helpers/fixtures';
import { runPoll } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';
import { exactlyOnceScenario, type ScenarioFlavour } from './exactlyOnceScenario';

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'empty' });
});
afterAll(async () => await sim.close());

const cloud: ScenarioFlavour = {
	poll: async (parameters, staticData) =>
		(await runPoll({ parameters, credentials: credentialsFor(sim), staticData })) ?? [],
	halfwayFailurePath: /attachments|comments/,
	trashesPages: true,
	afterHistoryMs: 0,
	settleMs: 1_000,
};

describe('Confluence Trigger exactly-once', () => {
	const seeds = Array.from({ length: 12 }, (_, index) => index + 1);
	let failedPolls = 0;
	it.each(seeds)('seed %i: every event once, none lost, none repeated', async (seed) => {
		const result = await exactlyOnceScenario(sim, cloud, seed, 120);
		expect(result.events).toBeGreaterThan(40);
		failedPolls += result.failedPolls;
	});

	it('exercised polls that failed halfway', () => {
		expect(failedPolls).toBeGreaterThan(0);
	});
});
