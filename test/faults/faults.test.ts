/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Randomized runs of operations and trigger polls against the simulator while it injects 429s, 5xx, latency spikes,
 * connections dropped before and after a write was applied, expired access tokens and revoked refresh tokens.
 * Nothing may be written twice, no trigger event lost or repeated, and every failure must be one the node explains
 * (NodeApiError / NodeOperationError), never a crash. The totals are printed at the end, one per line. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RETRY_POLICY } from '../../nodes/Confluence/transport';
import { credentialsFor, fastRetries, oauthCredential } from '../helpers/fixtures';
import {
	runNode,
	runPoll,
	type AuthKind,
	type CredentialStore,
	type RunResult,
} from '../helpers/n8n';
import { seededRandom } from '../helpers/random';
import { drawVariants, startSimulator, type FaultSpec, type Simulator } from '../simulator';
import {
	emittedKey,
	eventKeys,
	markerCount,
	pick,
	repeatedVersions,
	repeatedWrites,
} from './ledger';
import { CONTENT_EVENTS as TRIGGER_EVENTS } from '../../nodes/Confluence/trigger/feeds';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const totals = {
	requests: 0,
	faultsInjected: 0,
	operationsCompleted: 0,
	operationsFailed: 0,
	duplicatesWritten: 0,
	eventsLost: 0,
	eventsRepeated: 0,
	unhandledExceptions: 0,
	wrongResults: 0,
	polls: 0,
	pollsFailed: 0,
	revokedGrants: 0,
	secretsInOutput: 0,
};

/**
 * The soak (`npm run soak -- --faults 20000 --seed 1`, bench/soak.ts) runs this suite with these set: scenarios from the
 * seed on, with denser faults, until that many faults were injected. Unset, the suite runs its four fixed seeds.
 */
const SOAK_FAULTS = Number(process.env.FAULT_SOAK_FAULTS ?? 0);
const SOAK_SEED = Number(process.env.FAULT_SOAK_SEED ?? 1);
const faultKinds = new Set<string>();
const variantsSeen: string[] = [];
const findings: string[] = [];

const n8nErrorNames = new Set(['NodeApiError', 'NodeOperationError']);
const crashTypes = [TypeError, RangeError, ReferenceError, SyntaxError];

/** A failure the node did not explain: not an n8n node error, or one that only wraps a JavaScript crash. */
function isUnhandled(error: unknown): boolean {
	if (!n8nErrorNames.has(String((error as Error)?.name))) return true;
	let cause = (error as { cause?: unknown }).cause;
	for (let depth = 0; cause && depth < 4; depth++) {
		if (crashTypes.some((type) => cause instanceof type)) return true;
		cause = (cause as { cause?: unknown }).cause;
	}
	return false;
}

interface World {
	sim: Simulator;
	auth: AuthKind;
	credentials: CredentialStore;
	random: () => number;
	spaceId: string;
	/** Pages that collect appends, comments, attachments, labels and properties; never deleted. */
	pages: string[];
	/** Pages made to be renamed and trashed. */
	disposable: string[];
	blogPosts: string[];
	comments: string[];
	attachments: string[];
	files: Array<{ pageId: string; fileName: string }>;
	properties: Array<{ pageId: string; key: string }>;
	tasks: string[];
	/** Markers written once each; each may be found in the store at most once. */
	markers: string[];
	counter: number;
}

interface Step {
	name: string;
	parameters: IDataObject;
	items?: IDataObject[];
	inputItems?: INodeExecutionData[];
	/** Checks the outcome against the store; returns a problem, or nothing. */
	check?: (result: RunResult) => string | undefined;
}

/** Every credential value of the run in every form it travels in; none may appear in an output item or an error. */
function secretsOf(credentials: CredentialStore): string[] {
	const basic = credentials.confluenceApi;
	const oauth = credentials.confluenceOAuth2Api;
	const tokens = (oauth.oauthTokenData ?? {}) as IDataObject;
	return [
		String(basic.apiToken),
		Buffer.from(`${String(basic.email)}:${String(basic.apiToken)}`).toString('base64'),
		String(oauth.clientSecret),
		String(tokens.access_token ?? ''),
		String(tokens.refresh_token ?? ''),
	].filter((value) => value.length >= 8);
}

function countSecrets(world: World, seed: number, what: string, texts: string[]): void {
	const text = texts.join('\n');
	const found = secretsOf(world.credentials).filter((secret) => text.includes(secret));
	if (!found.length) return;
	totals.secretsInOutput += found.length;
	findings.push(`seed ${seed} ${what}: a credential value in the output or error`);
}

function marker(world: World): string {
	const value = `mk${world.auth === 'oAuth2' ? 'o' : 'b'}${world.counter++}x`;
	world.markers.push(value);
	return value;
}

function currentPagesInSpace(world: World): number {
	return world.sim.store
		.list('page')
		.filter((page) => page.spaceId === world.spaceId && page.status === 'current').length;
}

const STEPS: Array<{ weight: number; make: (world: World) => Step | undefined }> = [
	{
		weight: 3,
		make: (world) => {
			const count = 1 + Math.floor(world.random() * 3);
			const items = Array.from({ length: count }, () => {
				const mark = marker(world);
				return { title: `Page ${mark}`, body: `Created with **${mark}**` };
			});
			return {
				name: 'page.create',
				parameters: {
					resource: 'page',
					operation: 'create',
					space: byId(world.spaceId),
					title: '={{ $json.title }}',
					body: '={{ $json.body }}',
					requestOptions: count > 1 ? { concurrency: 2 } : {},
				},
				items,
				check: (result) => {
					for (const item of result.items) {
						const id = String(item.json.id);
						if (!world.sim.store.get(id)) return `created page ${id} is not in the store`;
						(world.random() < 0.3 ? world.disposable : world.pages).push(id);
					}
					return undefined;
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const mark = marker(world);
			return {
				name: 'blogPost.create',
				parameters: {
					resource: 'blogPost',
					operation: 'create',
					space: byId(world.spaceId),
					title: `Post ${mark}`,
					body: `News: ${mark}`,
				},
				check: (result) => {
					world.blogPosts.push(String(result.items[0]?.json.id));
					return undefined;
				},
			};
		},
	},
	{
		weight: 3,
		make: (world) => {
			const mark = marker(world);
			const mode = pick(world.random, ['append', 'prepend', 'replace'] as const);
			return {
				name: `page.update (${mode})`,
				parameters: {
					resource: 'page',
					operation: 'update',
					page: byId(pick(world.random, world.pages)),
					updateFields: { body: `Edit ${mark}`, bodyFormat: 'markdown', bodyMode: mode },
					options: { overwriteOnConflict: world.random() < 0.5 },
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.blogPosts.length) return undefined;
			const mark = marker(world);
			return {
				name: 'blogPost.update (append)',
				parameters: {
					resource: 'blogPost',
					operation: 'update',
					blogPost: byId(pick(world.random, world.blogPosts)),
					updateFields: { body: `More ${mark}`, bodyMode: 'append' },
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.disposable.length) return undefined;
			return {
				name: 'page.update (rename)',
				parameters: {
					resource: 'page',
					operation: 'update',
					page: byId(pick(world.random, world.disposable)),
					updateFields: { title: `Renamed ${marker(world)}` },
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const mark = marker(world);
			return {
				name: 'page.createOrUpdate',
				parameters: {
					resource: 'page',
					operation: 'createOrUpdate',
					space: byId(world.spaceId),
					title: pick(world.random, ['Upsert one', 'Upsert two', 'Upsert three']),
					body: `Upserted ${mark}`,
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.disposable.length) return undefined;
			const id = world.disposable.splice(
				Math.floor(world.random() * world.disposable.length),
				1,
			)[0];
			return {
				name: 'page.delete',
				parameters: { resource: 'page', operation: 'delete', page: byId(id) },
				check: () =>
					world.sim.store.get(id)?.status === 'trashed'
						? undefined
						: `page ${id} is not in the trash`,
			};
		},
	},
	{
		weight: 2,
		make: (world) => {
			const mark = marker(world);
			return {
				name: 'comment.create',
				parameters: {
					resource: 'comment',
					operation: 'create',
					commentType: 'footer',
					commentOn: 'page',
					page: byId(pick(world.random, world.pages)),
					body: `Comment ${mark}`,
				},
				check: (result) => {
					world.comments.push(String(result.items[0]?.json.id));
					return undefined;
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.comments.length) return undefined;
			return {
				name: 'comment.update',
				parameters: {
					resource: 'comment',
					operation: 'update',
					commentType: 'footer',
					commentId: pick(world.random, world.comments),
					body: `Reworded ${marker(world)}`,
					options: { overwrite: world.random() < 0.5 },
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const pageId = pick(world.random, world.pages);
			const label = `label-${world.counter++}`;
			return {
				name: 'label.add',
				parameters: { resource: 'label', operation: 'add', contentId: pageId, labels: label },
				check: () =>
					world.sim.store
						.labelsOf(world.sim.store.get(pageId)!)
						.some((entry) => entry.name === label)
						? undefined
						: `label ${label} missing on ${pageId}`,
			};
		},
	},
	{
		weight: 2,
		make: (world) => {
			const mark = marker(world);
			const again =
				world.files.length && world.random() < 0.4 ? pick(world.random, world.files) : undefined;
			const pageId = again?.pageId ?? pick(world.random, world.pages);
			const fileName = again?.fileName ?? `file-${mark}.txt`;
			const data = Buffer.from(`bytes of ${mark}\n`.repeat(1 + Math.floor(world.random() * 50)));
			return {
				name: again ? 'attachment.upload (new version)' : 'attachment.upload',
				parameters: {
					resource: 'attachment',
					operation: 'upload',
					contentType: 'page',
					page: byId(pageId),
					binaryPropertyName: 'data',
					options: { comment: mark },
				},
				inputItems: [
					{
						json: {},
						binary: { data: { data: data.toString('base64'), fileName, mimeType: 'text/plain' } },
					},
				],
				check: (result) => {
					const id = String(result.items[0]?.json.id);
					const stored = world.sim.store.get(id);
					if (!stored) return `uploaded attachment ${id} is not in the store`;
					if (!world.sim.store.current(stored).file?.data.equals(data))
						return `attachment ${id} holds other bytes`;
					if (!again) {
						world.files.push({ pageId, fileName });
						world.attachments.push(id);
					}
					return undefined;
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.attachments.length) return undefined;
			const id = pick(world.random, world.attachments);
			return {
				name: 'attachment.download',
				parameters: {
					resource: 'attachment',
					operation: 'download',
					attachmentId: id,
					binaryPropertyName: 'data',
				},
				check: (result) => {
					const bytes = Buffer.from(String(result.items[0]?.binary?.data?.data ?? ''), 'base64');
					const stored = world.sim.store.current(world.sim.store.get(id)!).file?.data;
					return stored?.equals(bytes) ? undefined : `download of ${id} returned other bytes`;
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const pageId = pick(world.random, world.pages);
			const key = `key-${world.counter++}`;
			return {
				name: 'contentProperty.create',
				parameters: {
					resource: 'contentProperty',
					operation: 'create',
					contentType: 'page',
					contentId: pageId,
					key,
					value: JSON.stringify({ created: key }),
				},
				check: () => {
					world.properties.push({ pageId, key });
					return undefined;
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			if (!world.properties.length) return undefined;
			const { pageId, key } = pick(world.random, world.properties);
			return {
				name: 'contentProperty.update',
				parameters: {
					resource: 'contentProperty',
					operation: 'update',
					contentType: 'page',
					contentId: pageId,
					property: { __rl: true, mode: 'key', value: key },
					value: JSON.stringify({ step: world.counter++ }),
					options: { overwrite: world.random() < 0.5 },
				},
			};
		},
	},
	{
		weight: 1,
		make: (world) => ({
			name: 'page.getMany (Return All)',
			parameters: {
				resource: 'page',
				operation: 'getMany',
				space: byId(world.spaceId),
				returnAll: true,
			},
			check: (result) => {
				const expected = currentPagesInSpace(world);
				return result.items.length === expected
					? undefined
					: `listed ${result.items.length} pages, the space has ${expected}`;
			},
		}),
	},
	{
		weight: 1,
		make: (world) => {
			const pageId = pick(world.random, world.pages);
			return {
				name: 'page.get (Markdown)',
				parameters: {
					resource: 'page',
					operation: 'get',
					page: byId(pageId),
					bodyFormat: 'markdown',
				},
				check: (result) =>
					result.items[0]?.json.id === pageId
						? undefined
						: `got ${String(result.items[0]?.json.id)}, not ${pageId}`,
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const mark = pick(world.random, world.markers);
			return {
				name: 'search.query',
				parameters: { resource: 'search', operation: 'query', text: mark ?? 'Created', limit: 10 },
			};
		},
	},
	{
		weight: 1,
		make: (world) => {
			const taskId = pick(world.random, world.tasks);
			const status = pick(world.random, ['complete', 'incomplete']);
			return {
				name: 'task.update',
				parameters: { resource: 'task', operation: 'update', taskId, status },
				check: () =>
					world.sim.store.tasks.get(taskId)?.status === status
						? undefined
						: `task ${taskId} is not ${status}`,
			};
		},
	},
];

const TOTAL_WEIGHT = STEPS.reduce((sum, step) => sum + step.weight, 0);

function nextStep(world: World): Step {
	for (;;) {
		let roll = world.random() * TOTAL_WEIGHT;
		const entry = STEPS.find((candidate) => (roll -= candidate.weight) < 0) ?? STEPS[0];
		const step = entry.make(world);
		if (step) return step;
	}
}

const METHODS = [undefined, 'GET', 'POST', 'PUT', 'DELETE'];

/** One to two random faults on the next requests; for OAuth2 runs also expired access tokens and revoked grants. */
function injectFaults(world: World): 'revoked' | undefined {
	const { sim, random } = world;
	if (world.auth === 'oAuth2' && random() < 0.03) {
		sim.oauth.revokeRefreshTokens();
		sim.oauth.expireAccessTokens();
		totals.revokedGrants++;
		return 'revoked';
	}
	if (random() < (SOAK_FAULTS ? 0.05 : 0.35)) return undefined;
	const count = 1 + Math.floor(random() * (SOAK_FAULTS ? 5 : 2));
	for (let index = 0; index < count; index++) {
		const method = pick(random, METHODS);
		const roll = random();
		// The soak lets a fault hit more of the retries that follow it: cheap faults, since retries wait milliseconds.
		const times = SOAK_FAULTS
			? 1 + Math.floor(random() * 8)
			: random() < 0.1
				? 8
				: 1 + Math.floor(random() * 2);
		let spec: FaultSpec;
		if (roll < 0.2)
			spec = { kind: 'rateLimit', retryAfter: pick(random, [0, 1, 'none'] as const), times };
		else if (roll < 0.35)
			spec = { kind: 'serverError', status: pick(random, [500, 502, 503, 504] as const), times };
		else if (roll < 0.45)
			spec = {
				kind: 'latency',
				ms: SOAK_FAULTS ? 1 + Math.floor(random() * 10) : 20 + Math.floor(random() * 100),
				times,
			};
		else if (roll < 0.65) spec = { kind: 'dropBeforeApply', times: 1 };
		else if (roll < 0.9) spec = { kind: 'dropAfterApply', times: 1 };
		else spec = { kind: 'expiredToken', status: pick(random, [401, 403, 404] as const), times: 1 };
		if (spec.kind === 'expiredToken' && world.auth === 'apiToken' && random() < 0.7) continue;
		sim.faults.inject({ ...spec, ...(method ? { method } : {}) });
	}
	return undefined;
}

async function scenario(
	sim: Simulator,
	seed: number,
	auth: AuthKind,
	steps: number,
): Promise<void> {
	sim.reset('empty');
	// Where sources leave Confluence's behaviour open, the seed picks one variant of each (its own stream, so the
	// scenario's steps stay those of the seed); the node must pass under every one.
	const variants = drawVariants(seededRandom(seed * 7919));
	sim.setVariants(variants);
	variantsSeen.push(`seed ${seed}: ${JSON.stringify(variants)}`);
	sim.clock.set(new Date('2026-11-23T09:00:00.000Z'));
	const random = seededRandom(seed);
	const space = sim.store.createSpace({ key: `F${seed}`, name: `Faults ${seed}` });
	// Enough pages that Return All crosses pages of 250 while faults hit it.
	sim.store.seedPages(260, { spaceId: space.id, titlePrefix: `Seeded ${seed}` });
	const pages = [0, 1, 2, 3].map(
		(index) =>
			sim.store.createPage({
				spaceId: space.id,
				title: `Base ${seed}-${index}`,
				body: '<p>base</p>',
			}).id,
	);
	const tasks = pages
		.slice(0, 2)
		.map((pageId) => sim.store.addTask({ containerId: pageId, body: 'Do it' }).id);
	const world: World = {
		sim,
		auth,
		credentials: credentialsFor(sim),
		random,
		spaceId: space.id,
		pages,
		disposable: [],
		blogPosts: [],
		comments: [],
		attachments: [],
		files: [],
		properties: [],
		tasks,
		markers: [],
		counter: 0,
	};

	let staticData: IDataObject = {};
	const emitted: string[] = [];
	const poll = async (withFaults: boolean) => {
		if (withFaults) injectFaults(world);
		totals.polls++;
		try {
			const items =
				(await runPoll({
					parameters: { events: TRIGGER_EVENTS, authentication: auth },
					credentials: world.credentials,
					auth,
					staticData,
				})) ?? [];
			emitted.push(...items.map((item) => emittedKey(item.json)));
			countSecrets(world, seed, 'poll', [JSON.stringify(items)]);
		} catch (error) {
			totals.pollsFailed++;
			countSecrets(world, seed, 'poll', [
				String((error as Error).message),
				String((error as { description?: unknown }).description ?? ''),
			]);
			if (isUnhandled(error)) {
				totals.unhandledExceptions++;
				findings.push(`seed ${seed} poll: ${(error as Error).stack ?? String(error)}`);
			}
			if (/needs to be reconnected/.test((error as Error).message)) {
				world.credentials.confluenceOAuth2Api = oauthCredential(sim);
			}
		}
		sim.faults.clear();
		// n8n restarts now and then: the static data survives as JSON.
		if (random() < 0.2) staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	};

	await poll(false);
	const history = eventKeys(sim, space.id);

	for (let index = 0; index < steps; index++) {
		if (random() < 0.2) {
			await poll(true);
		} else {
			const step = nextStep(world);
			const revoked = injectFaults(world);
			const before = sim.requests.length;
			const result = await runNode({
				parameters: step.parameters,
				items: step.items,
				inputItems: step.inputItems,
				credentials: world.credentials,
				auth,
			});
			sim.faults.clear();
			countSecrets(world, seed, step.name, [
				JSON.stringify(result.items.map((entry) => entry.json)),
				result.error?.message ?? '',
				result.error?.description ?? '',
			]);
			const single = !step.items || step.items.length === 1;
			const repeated = single ? repeatedWrites(sim.requests.slice(before)) : [];
			if (repeated.length) {
				totals.duplicatesWritten += repeated.length;
				findings.push(
					`seed ${seed} ${step.name} applied a write twice: ${repeated.join(', ')}\n${sim.requests
						.slice(before)
						.map(
							(request) =>
								`  ${request.method} ${request.path} ${request.status} ${request.fault ?? ''} ${JSON.stringify(request.body)?.slice(0, 120)}`,
						)
						.join('\n')}`,
				);
			}
			if (result.error) {
				totals.operationsFailed++;
				if (isUnhandled(result.error)) {
					totals.unhandledExceptions++;
					findings.push(`seed ${seed} ${step.name}: ${result.error.stack ?? result.error.message}`);
				}
				if (revoked) {
					if (!/needs to be reconnected/.test(result.error.message)) {
						totals.wrongResults++;
						findings.push(
							`seed ${seed} ${step.name} after a revoked grant said: ${result.error.message}`,
						);
					}
				}
			} else {
				totals.operationsCompleted++;
				const problem = step.check?.(result);
				if (problem) {
					totals.wrongResults++;
					findings.push(`seed ${seed} ${step.name}: ${problem}`);
				}
			}
			// The user reconnects the credential after n8n asked for it.
			if (revoked) world.credentials.confluenceOAuth2Api = oauthCredential(sim);
		}
		const tick = random();
		sim.clock.advance(
			tick < 0.4 ? 0 : tick < 0.9 ? Math.floor(random() * 30_000) : Math.floor(random() * 600_000),
		);
	}
	sim.clock.advance(1_000);
	await poll(false);
	await poll(false);

	const expected = [...eventKeys(sim, space.id)].filter((key) => !history.has(key));
	const counts = new Map<string, number>();
	for (const key of emitted) counts.set(key, (counts.get(key) ?? 0) + 1);
	const lost = expected.filter((key) => !counts.has(key));
	const repeatedEvents = [...counts.entries()].filter(([, count]) => count > 1).map(([key]) => key);
	const unexpected = [...counts.keys()].filter((key) => !expected.includes(key));
	totals.eventsLost += lost.length;
	totals.eventsRepeated += repeatedEvents.length;
	if (lost.length) findings.push(`seed ${seed}: events lost ${lost.join(', ')}`);
	if (repeatedEvents.length)
		findings.push(`seed ${seed}: events repeated ${repeatedEvents.join(', ')}`);
	if (unexpected.length) {
		totals.wrongResults++;
		findings.push(`seed ${seed}: events that never happened ${unexpected.join(', ')}`);
	}

	const twice = world.markers.filter((mark) => markerCount(sim, mark) > 1);
	const versions = repeatedVersions(sim);
	totals.duplicatesWritten += twice.length + versions.length;
	if (twice.length) findings.push(`seed ${seed}: written twice ${twice.join(', ')}`);
	if (versions.length) findings.push(`seed ${seed}: ${versions.join('; ')}`);
	if (sim.serverErrors.length) {
		findings.push(
			`seed ${seed}: simulator errors ${sim.serverErrors.map((error) => error.message).join('; ')}`,
		);
	}
	totals.requests += sim.requests.length;
	totals.faultsInjected += sim.faults.injectedCount;
	for (const entry of sim.faults.log) faultKinds.add(entry.kind);
}

let sim: Simulator;
const unhandledRejections: unknown[] = [];
const onRejection = (reason: unknown) => unhandledRejections.push(reason);

beforeAll(async () => {
	fastRetries();
	RETRY_POLICY.maxTotalWaitMs = 2_000;
	if (SOAK_FAULTS) {
		// Tens of thousands of faults in minutes: the waits shrink, the decisions stay the same.
		RETRY_POLICY.baseDelayMs = 1;
		RETRY_POLICY.maxDelayMs = 4;
		RETRY_POLICY.maxRetryAfterMs = 4;
	}
	process.on('unhandledRejection', onRejection);
	sim = await startSimulator({ seed: 'empty' });
});

afterAll(async () => {
	process.off('unhandledRejection', onRejection);
	await sim?.close();
	process.stdout.write(
		[
			'',
			'fault injection totals:',
			`requests: ${totals.requests}`,
			`faults injected: ${totals.faultsInjected}`,
			`operations completed: ${totals.operationsCompleted}`,
			`operations failed: ${totals.operationsFailed} (revoked grants: ${totals.revokedGrants})`,
			`trigger polls: ${totals.polls} (${totals.pollsFailed} failed)`,
			`duplicates written: ${totals.duplicatesWritten}`,
			`events lost: ${totals.eventsLost}`,
			`events repeated: ${totals.eventsRepeated}`,
			`unhandled exceptions: ${totals.unhandledExceptions + unhandledRejections.length}`,
			`secrets in output: ${totals.secretsInOutput}`,
			'simulator variants drawn:',
			...variantsSeen.map((line) => `  ${line}`),
			'',
		].join('\n'),
	);
});

describe('operations and trigger polls under injected faults', () => {
	const runs: Array<[number, AuthKind]> = [
		[101, 'apiToken'],
		[202, 'oAuth2'],
		[303, 'apiToken'],
		[404, 'oAuth2'],
	];

	(SOAK_FAULTS ? it.skip : it).each(runs)(
		'seed %i with %s: nothing written twice, no event lost or repeated, no crash',
		async (seed, auth) => {
			const before = findings.length;
			await scenario(sim, seed, auth, 90);
			expect(findings.slice(before)).toEqual([]);
		},
	);

	(SOAK_FAULTS ? it : it.skip)(
		'soak: scenarios from the seed on until the fault count is reached',
		async () => {
			for (let seed = SOAK_SEED; totals.faultsInjected < SOAK_FAULTS; seed++) {
				await scenario(sim, seed, seed % 2 ? 'apiToken' : 'oAuth2', 150);
				process.stderr.write(`soak: seed ${seed}, ${totals.faultsInjected} faults so far\n`);
			}
			expect(findings).toEqual([]);
		},
		24 * 60 * 60 * 1000,
	);

	it('injected every kind of fault and still completed most operations', () => {
		expect(unhandledRejections).toEqual([]);
		expect(totals.faultsInjected).toBeGreaterThan(100);
		expect([...faultKinds].sort()).toEqual(
			[
				'dropAfterApply',
				'dropBeforeApply',
				'expiredToken',
				'latency',
				'rateLimit',
				'serverError',
			].sort(),
		);
		expect(totals.revokedGrants).toBeGreaterThan(0);
		expect(totals.operationsCompleted).toBeGreaterThan(totals.operationsFailed);
		expect(totals.duplicatesWritten).toBe(0);
		expect(totals.eventsLost).toBe(0);
		expect(totals.eventsRepeated).toBe(0);
		expect(totals.unhandledExceptions + unhandledRejections.length).toBe(0);
		expect(totals.wrongResults).toBe(0);
		expect(totals.secretsInOutput).toBe(0);
	});
});
