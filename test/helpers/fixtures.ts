import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { RETRY_POLICY } from '../../nodes/Confluence/transport';
import { startSimulator, type Simulator } from '../simulator';
import {
	runNode,
	type AuthKind,
	type CredentialStore,
	type RunOptions,
	type RunResult,
} from './n8n';

export const AUTH_KINDS: Array<Exclude<AuthKind, 'serviceAccount' | 'dataCenter'>> = [
	'apiToken',
	'oAuth2',
];

/** Retries wait milliseconds instead of seconds in tests; the decisions stay the same. */
export function fastRetries(): void {
	RETRY_POLICY.baseDelayMs = 5;
	RETRY_POLICY.maxDelayMs = 50;
	RETRY_POLICY.maxRetryAfterMs = 50;
}

export function oauthCredential(
	sim: Simulator,
	tokens = sim.oauth.issueTokens(),
): ICredentialDataDecryptedObject {
	return {
		siteUrl: sim.baseUrl,
		apiGatewayUrl: sim.baseUrl,
		authServerUrl: sim.baseUrl,
		authUrl: `${sim.baseUrl}/authorize`,
		accessTokenUrl: `${sim.baseUrl}/oauth/token`,
		clientId: sim.oauth.clientId,
		clientSecret: sim.oauth.clientSecret,
		grantType: 'authorizationCode',
		authentication: 'header',
		scope: '',
		// n8n 2.x stamps the absolute expiry on every token it stores (n8n-io/n8n#37776).
		oauthTokenData: {
			...tokens,
			token_type: 'Bearer',
			n8n_expires_at: String(Date.now() + tokens.expires_in * 1000),
		},
	};
}

/** Both credentials pointing at the simulator: Basic with the demo user's API token, and OAuth2 with freshly issued tokens. */
export function credentialsFor(sim: Simulator): CredentialStore {
	return {
		confluenceApi: {
			siteUrl: sim.baseUrl,
			email: sim.users.demo.email,
			apiToken: sim.users.demo.apiToken,
		},
		confluenceOAuth2Api: oauthCredential(sim),
	};
}

export interface TestBed {
	sim: Simulator;
	credentials: CredentialStore;
	/** Runs the Confluence node against this simulator. */
	run(
		options: Omit<RunOptions, 'credentials'> & { credentials?: CredentialStore },
	): Promise<RunResult>;
	close(): Promise<void>;
}

export async function testBed(seed: 'demo' | 'empty' = 'demo'): Promise<TestBed> {
	fastRetries();
	const sim = await startSimulator({ seed });
	const credentials = credentialsFor(sim);
	return {
		sim,
		credentials,
		run: async (options) => await runNode({ credentials, ...options }),
		close: async () => await sim.close(),
	};
}

/** Runs the node on one resource: `run({ operation: 'get', ... }, auth)`. */
export function resourceRunner(
	bed: TestBed,
	resource: string,
): (parameters: IDataObject, auth?: AuthKind) => Promise<RunResult> {
	return async (parameters, auth) =>
		await bed.run({ auth, parameters: { resource, ...parameters } });
}

export interface UseTestBedOptions {
	/** One simulator for the whole describe block instead of a fresh one per test. */
	shared?: boolean;
	/** Fail a test whose requests or the simulator's responses broke the OpenAPI contract. */
	failOnContractViolations?: boolean;
}

/**
 * A test bed started before each test (or once, with `shared`) and closed after it, for the enclosing describe block.
 * The returned object always refers to the current test's bed.
 */
export function useTestBed(
	seed: 'demo' | 'empty' = 'demo',
	options: UseTestBedOptions = {},
): TestBed {
	let current: TestBed | undefined;
	const active = (): TestBed => {
		if (!current) throw new Error('the test bed exists only while a test runs');
		return current;
	};
	const start = async () => {
		current = await testBed(seed);
	};
	const stop = async () => {
		const bed = active();
		current = undefined;
		const violations = [...bed.sim.contractViolations];
		await bed.close();
		if (options.failOnContractViolations) expect(violations).toEqual([]);
	};
	if (options.shared) {
		beforeAll(start);
		afterAll(stop);
	} else {
		beforeEach(start);
		afterEach(stop);
	}
	return {
		get sim() {
			return active().sim;
		},
		get credentials() {
			return active().credentials;
		},
		run: async (runOptions) => await active().run(runOptions),
		close: async () => await active().close(),
	};
}

/**
 * One simulator for the enclosing describe block (or file), reset to `seed` before each test and closed after the
 * last; node runs against it retry fast, as with `testBed`.
 * `failOnErrors` fails a test that left server errors (500s from handler exceptions) or OpenAPI contract violations.
 */
export function useSimulator(
	seed: 'demo' | 'empty' = 'demo',
	options: { failOnErrors?: boolean } = {},
): Simulator {
	let current: Simulator | undefined;
	const active = (): Simulator => {
		if (!current) throw new Error('the simulator exists only while a test runs');
		return current;
	};
	beforeAll(async () => {
		fastRetries();
		current = await startSimulator({ seed });
	});
	afterAll(async () => {
		await current?.close();
		current = undefined;
	});
	beforeEach(() => {
		active().reset(seed);
	});
	if (options.failOnErrors) {
		afterEach(() => {
			expect(active().serverErrors).toEqual([]);
			expect(active().contractViolations).toEqual([]);
		});
	}
	return new Proxy({} as Simulator, {
		get: (_target, key) => Reflect.get(active(), key),
		set: (_target, key, value) => Reflect.set(active(), key, value),
	});
}
