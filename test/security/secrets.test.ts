/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* After runs that fail in every way the suites know (wrong token, revoked grant, wrong client secret, 401/403/404,
 * 429 and 5xx beyond the retries, dropped connections, an unreachable site, a site the grant does not cover, bad
 * input, duplicate titles, trigger polls), no access token, refresh token, API token or client secret may appear in
 * an output item, an error message or description, the stored run data, or anything logged. */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { fastRetries, oauthCredential } from '../helpers/fixtures';
import { runNode, runPoll, type AuthKind, type CredentialStore } from '../helpers/n8n';
import { startSimulator, type Simulator } from '../simulator';

let sim: Simulator;
const secrets = new Set<string>();
const captured: string[] = [];
const restore: Array<() => void> = [];

/** Every form a secret travels in: as is, in a Basic header, as a Bearer token. */
function remember(...values: Array<string | undefined>): void {
	for (const value of values) if (value && value.length >= 8) secrets.add(value);
}

function rememberCredentials(credentials: CredentialStore): void {
	const basic = credentials.confluenceApi;
	remember(String(basic.apiToken));
	remember(Buffer.from(`${String(basic.email)}:${String(basic.apiToken)}`).toString('base64'));
	const oauth = credentials.confluenceOAuth2Api;
	remember(String(oauth.clientSecret));
	remember(
		Buffer.from(`${String(oauth.clientId)}:${String(oauth.clientSecret)}`).toString('base64'),
	);
	const tokens = (oauth.oauthTokenData ?? {}) as IDataObject;
	remember(tokens.access_token as string, tokens.refresh_token as string);
}

/** An error with everything n8n may show or keep of it: message, description, context, stack, causes, response. */
function dumpError(error: unknown, depth = 0): string {
	if (!error || typeof error !== 'object' || depth > 5) return String(error ?? '');
	const record = error as Record<string, unknown>;
	const parts = ['message', 'description', 'stack', 'httpCode']
		.map((key) => String(record[key] ?? ''))
		.concat(
			['context', 'errorResponse', 'extra', 'tags'].map((key) => {
				try {
					return JSON.stringify(record[key]) ?? '';
				} catch {
					return '';
				}
			}),
		);
	try {
		parts.push(JSON.stringify(error));
	} catch {
		// circular: the fields above are what is shown
	}
	return `${parts.join('\n')}\n${dumpError(record.cause, depth + 1)}`;
}

function leaks(text: string): string[] {
	return [...secrets]
		.filter((secret) => text.includes(secret))
		.map((secret) => `${secret.slice(0, 6)}…`);
}

let apiToken: string;
let accountId: string;

function credentials(
	overrides: { basic?: IDataObject; oauth?: IDataObject } = {},
): CredentialStore {
	const store: CredentialStore = {
		confluenceApi: {
			siteUrl: sim.baseUrl,
			email: 'holder@example.com',
			apiToken,
			...overrides.basic,
		} as ICredentialDataDecryptedObject,
		confluenceOAuth2Api: {
			...oauthCredential(sim, sim.oauth.issueTokens({ accountId })),
			...overrides.oauth,
		} as ICredentialDataDecryptedObject,
	};
	rememberCredentials(store);
	return store;
}

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
	apiToken = `tok-${randomBytes(24).toString('hex')}`;
	accountId = sim.users.add({
		email: 'holder@example.com',
		displayName: 'Secret Holder',
		apiToken,
		admin: false,
	}).accountId;
	remember(sim.oauth.clientSecret);
	// n8n-core logs through LoggerProxy (debug included, the most talkative level)...
	const record =
		(level: string) =>
		(message: string, meta?: unknown): void => {
			captured.push(`${level} ${message} ${meta === undefined ? '' : dumpError(meta)}`);
		};
	LoggerProxy.init({
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
	} as unknown as Parameters<typeof LoggerProxy.init>[0]);
	// ...and its error reporter writes to the console; the process streams catch the rest.
	const terminal = globalThis.console as unknown as Record<string, (...args: unknown[]) => void>;
	for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
		const original = terminal[method];
		terminal[method] = (...args: unknown[]) => {
			captured.push(args.map((arg) => (typeof arg === 'string' ? arg : dumpError(arg))).join(' '));
		};
		restore.push(() => (terminal[method] = original));
	}
	for (const stream of [process.stdout, process.stderr]) {
		const original = stream.write.bind(stream);
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			captured.push(String(chunk));
			return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
		restore.push(() => (stream.write = original as typeof stream.write));
	}
});

afterAll(async () => {
	for (const undo of restore.reverse()) undo();
	await sim?.close();
});

const page = (id: string) => ({
	resource: 'page',
	operation: 'get',
	page: { __rl: true, mode: 'id', value: id },
});

interface Scenario {
	name: string;
	auth: AuthKind;
	parameters?: IDataObject;
	credentials?: () => CredentialStore;
	arrange?: () => void;
	items?: IDataObject[];
	/** A trigger poll instead of a node run. */
	poll?: boolean;
}

/** The access token expired, and the token endpoint's error page repeats the refresh request (error-echoes-request). */
function tokenEndpointEchoes(): void {
	sim.oauth.expireAccessTokens();
	sim.faults.inject({
		kind: 'serverError',
		status: 500,
		echoRequest: true,
		times: 100,
		path: /^\/oauth\/token$/,
	});
}

const scenarios = (): Scenario[] => [
	{
		name: 'wrong API token (401)',
		auth: 'apiToken',
		credentials: () => credentials({ basic: { apiToken: `${apiToken}-wrong` } }),
	},
	{ name: 'page that does not exist (404)', auth: 'apiToken', parameters: page('999999999') },
	{
		name: 'audit log without admin rights (403)',
		auth: 'apiToken',
		parameters: { resource: 'auditLog', operation: 'getMany' },
	},
	{
		name: 'rate limited beyond the retries (429)',
		auth: 'oAuth2',
		arrange: () => sim.faults.inject({ kind: 'rateLimit', retryAfter: 0, times: 1_000 }),
	},
	{
		name: 'server errors beyond the retries (500)',
		auth: 'apiToken',
		arrange: () => sim.faults.inject({ kind: 'serverError', status: 500, times: 100 }),
	},
	{
		name: 'connections dropped',
		auth: 'oAuth2',
		arrange: () => sim.faults.inject({ kind: 'dropBeforeApply', times: 100 }),
	},
	{
		name: 'site that does not answer',
		auth: 'apiToken',
		credentials: () => credentials({ basic: { siteUrl: 'http://127.0.0.1:9' } }),
	},
	{
		name: 'expired access token, refreshed',
		auth: 'oAuth2',
		arrange: () => sim.oauth.expireAccessTokens(),
	},
	{
		name: 'revoked refresh token',
		auth: 'oAuth2',
		arrange: () => {
			sim.oauth.revokeRefreshTokens();
			sim.oauth.expireAccessTokens();
		},
	},
	{
		name: 'gateway answers an expired token with 403, refresh revoked',
		auth: 'oAuth2',
		arrange: () => {
			sim.oauth.revokeRefreshTokens();
			sim.faults.inject({ kind: 'expiredToken', status: 403, times: 5, path: /^\/wiki\// });
		},
	},
	{
		name: 'token endpoint fails while refreshing',
		auth: 'oAuth2',
		arrange: () => {
			sim.oauth.expireAccessTokens();
			sim.faults.inject({ kind: 'expiredToken', status: 403, times: 5, path: /^\/oauth\/token$/ });
		},
	},
	{
		name: 'wrong client secret on refresh',
		auth: 'oAuth2',
		credentials: () =>
			credentials({ oauth: { clientSecret: `wrong-${randomBytes(12).toString('hex')}` } }),
		arrange: () => sim.oauth.expireAccessTokens(),
	},
	{
		name: 'grant does not cover the site',
		auth: 'oAuth2',
		credentials: () => credentials({ oauth: { siteUrl: 'https://elsewhere.atlassian.net' } }),
	},
	{
		name: 'bad input',
		auth: 'oAuth2',
		parameters: page('={{ $json.id }}'),
		items: [{ id: { an: 'object' } }],
	},
	{
		name: 'duplicate title (400)',
		auth: 'apiToken',
		parameters: {
			resource: 'page',
			operation: 'create',
			space: { __rl: true, mode: 'key', value: 'DEMO' },
			title: 'Getting started',
			body: 'again',
		},
	},
	{
		name: 'upload to a page that does not exist',
		auth: 'oAuth2',
		parameters: {
			resource: 'attachment',
			operation: 'upload',
			page: { __rl: true, mode: 'id', value: '999999999' },
			binaryPropertyName: 'data',
		},
	},
	...(['apiToken', 'oAuth2'] as const).flatMap((auth): Scenario[] => [
		{
			// issue 13 point 10: error-echoes-request (REALITY.md)
			name: `proxy error page echoing the Authorization header (${auth})`,
			auth,
			arrange: () =>
				sim.faults.inject({ kind: 'serverError', status: 502, echoRequest: true, times: 100 }),
		},
		{
			name: `proxy error page echoing the Authorization header on a write (${auth})`,
			auth,
			parameters: {
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'key', value: 'DEMO' },
				title: 'Echoed',
				body: 'x',
			},
			arrange: () =>
				sim.faults.inject({ kind: 'serverError', status: 500, echoRequest: true, times: 100 }),
		},
		{
			name: `trigger poll, proxy error page echoing the Authorization header (${auth})`,
			auth,
			poll: true,
			arrange: () =>
				sim.faults.inject({ kind: 'serverError', status: 502, echoRequest: true, times: 100 }),
		},
	]),
	{
		name: 'token endpoint 500 echoing the refresh token',
		auth: 'oAuth2',
		arrange: tokenEndpointEchoes,
	},
	{
		name: 'trigger poll, token endpoint 500 echoing the refresh token',
		auth: 'oAuth2',
		poll: true,
		arrange: tokenEndpointEchoes,
	},
	{
		name: 'trigger poll with a wrong API token',
		auth: 'apiToken',
		poll: true,
		credentials: () => credentials({ basic: { apiToken: `${apiToken}-bad` } }),
	},
	{
		name: 'trigger poll with a revoked grant',
		auth: 'oAuth2',
		poll: true,
		arrange: () => {
			sim.oauth.revokeRefreshTokens();
			sim.oauth.expireAccessTokens();
		},
	},
];

describe('no secret in outputs, errors, run data or logs', () => {
	const found: Record<string, string[]> = {};
	let failures = 0;

	it.each(
		scenarios()
			.flatMap(
				(scenario) =>
					[
						[`${scenario.name}`, scenario, false],
						[`${scenario.name} (continue on fail)`, scenario, true],
					] as const,
			)
			.filter(([, scenario, continueOnFail]) => !(scenario.poll && continueOnFail)),
	)('%s', async (name, scenario, continueOnFail) => {
		sim.reset('demo');
		accountId = sim.users.add({
			email: 'holder@example.com',
			displayName: 'Secret Holder',
			apiToken,
			admin: false,
		}).accountId;
		const store = scenario.credentials?.() ?? credentials();
		scenario.arrange?.();
		const logStart = captured.length;
		let texts: string[] = [];
		if (scenario.poll) {
			try {
				const items = await runPoll({
					parameters: { events: ['pageCreated'] },
					credentials: store,
					auth: scenario.auth,
					staticData: {},
				});
				texts.push(JSON.stringify(items));
			} catch (error) {
				failures++;
				texts.push(dumpError(error));
			}
		} else {
			const result = await runNode({
				parameters: scenario.parameters ?? page(sim.demo!.pages.gettingStarted),
				items: scenario.items,
				inputItems:
					scenario.parameters?.resource === 'attachment'
						? [
								{
									json: {},
									binary: {
										data: {
											data: Buffer.from('x').toString('base64'),
											fileName: 'x.txt',
											mimeType: 'text/plain',
										},
									},
								},
							]
						: undefined,
				credentials: store,
				auth: scenario.auth,
				continueOnFail,
			});
			if (result.error || result.items.some((item) => item.json.error)) failures++;
			texts = [JSON.stringify(result.items), dumpError(result.error), JSON.stringify(result.run)];
		}
		sim.faults.clear();
		// Tokens issued during the run (refreshes) count as secrets too.
		rememberCredentials(store);
		texts.push(...captured.slice(logStart));
		if (process.env.SHOW_ERRORS) {
			process.stdout.write(`\n${name}: ${(texts[1] ?? texts[0]).split('\n')[0].slice(0, 200)}\n`);
		}
		const leaked = leaks(texts.join('\n'));
		if (leaked.length) found[name] = leaked;
		expect(leaked).toEqual([]);
	});

	it('made the runs fail, and knew the secrets to look for', () => {
		expect(failures).toBeGreaterThanOrEqual(scenarios().length);
		expect(secrets.size).toBeGreaterThan(10);
		// The search itself finds secrets where they are, and n8n's logger was heard.
		expect(leaks(JSON.stringify(credentials())).length).toBeGreaterThanOrEqual(3);
		expect(captured.length).toBeGreaterThan(0);
		expect(found).toEqual({});
	});
});
