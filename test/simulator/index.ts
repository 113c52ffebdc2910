/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* Confluence Cloud simulator: a real HTTP server on 127.0.0.1 with an in-memory Confluence. See README.md. */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { expireApiToken } from './apiTokens';
import { createClock, type SimClock } from './clock';
import { createContext, type SimContext } from './context';
import { createFaults, type FaultControl } from './faults';
import { OAuthState, type OAuthControl, type SiteRecord, type TokenSet } from './oauth';
import { checkVariants, defaultVariants, type SimVariants } from './reality';
import { simSettings } from './routeHelpers';
import { Router } from './router';
import { seedDemo, type DemoSeed } from './seed';
import { createHandler, type RecordedRequest } from './server';
import { registerDataCenterRoutes } from './dataCenter/routes';
import { DATA_CENTER_DEMO, DataCenterLogins, DEFAULT_CONTEXT_PATH } from './dataCenter/state';
import {
	DataCenterWebhooks,
	observeStore,
	registerWebhookRoutes,
	type WebhookControl,
} from './dataCenter/webhooks';
import { REMOVED_V1_ROUTES } from './routes/removed';
import { DEMO_USER, Store, type UserRecord } from './store';

export type { RecordedRequest } from './server';
export type { FaultControl, FaultSpec, FaultHandle } from './faults';
export type { SimClock } from './clock';
export type { OAuthControl, TokenSet, SiteRecord } from './oauth';
export type { SimContext } from './context';
export type { DemoSeed } from './seed';
export { simSettings, type SimTunables } from './routeHelpers';
export {
	VARIANTS,
	drawVariants,
	defaultVariants,
	type SimVariants,
	type VariantName,
} from './reality';
export { mediaRequests, type MediaRequestRecord } from './routes/attachments';
export type {
	WebhookControl,
	WebhookRecord,
	DeliveryAttempt,
	DeliveryFault,
} from './dataCenter/webhooks';
export * from './store';

export type SeedName = 'demo' | 'empty';

export interface SimulatorOptions {
	/** Default 0 (random free port). */
	port?: number;
	/** Default 'empty' (only the demo user exists). */
	seed?: SeedName;
	/** Validate every API exchange with test/contract (default true). */
	contract?: boolean;
	/** Latency added to every request (ms). */
	latencyMs?: number;
	/** v2 `limit` above the maximum (250): 'reject' with 400 (default) or 'clamp' to the maximum. */
	limitOverflow?: 'reject' | 'clamp';
	/** Where public sources disagree or are silent: which behaviour to serve (reality.ts lists names, values, defaults). */
	variants?: Partial<SimVariants>;
	/**
	 * `datacenter`: the same store behind Confluence Data Center's REST API (`{contextPath}/rest/api/...`, no v2),
	 * with its logins (personal access tokens as Bearer, username and password as Basic) and its error bodies.
	 */
	flavor?: 'cloud' | 'datacenter';
	/** The Data Center site's context path (default `/confluence`). */
	contextPath?: string;
}

export interface SimulatorDataCenter {
	/** `${baseUrl}${contextPath}`: what a Data Center credential's Base URL holds. */
	url: string;
	contextPath: string;
	demo: { username: string; password: string; personalAccessToken: string };
	version: string;
	logins: DataCenterLogins;
	/** Anonymous access on: unknown tokens are served as the anonymous user (CONFSERVER-98199). reset() turns it off. */
	/**
	 * `anonymousAccess`: unknown tokens are served as the anonymous user (CONFSERVER-98199). `serverTimeZone`: the IANA
	 * zone CQL reads date literals in (REALITY.md dc-cql-date-server-time-zone); UTC. reset() restores both.
	 */
	settings: { anonymousAccess: boolean; serverTimeZone: string };
	/** Native webhooks (`/rest/api/webhooks`): what is registered, every delivery attempt, and faults for the next ones. */
	webhooks: WebhookControl;
}

export interface SimulatorUsers {
	demo: { accountId: string; email: 'demo@example.com'; apiToken: 'demo-token' };
	/** Adds a user who can log in with Basic `email:apiToken` (when given) or get OAuth tokens. */
	add(user: {
		email: string;
		displayName: string;
		apiToken?: string;
		admin?: boolean;
		accountId?: string;
		timeZone?: string;
	}): UserRecord;
	/** The user's API token expires or is revoked now: answered as the `expiredApiToken` variant says. */
	expireApiToken(email: string): void;
}

export interface Simulator {
	/** http://127.0.0.1:PORT — Basic-auth API at `${baseUrl}/wiki/api/v2/...` and `${baseUrl}/wiki/rest/api/...`. */
	baseUrl: string;
	/** OAuth API at `${baseUrl}/ex/confluence/${cloudId}/wiki/...` (Bearer). */
	cloudId: string;
	/** Second listener (other origin) serving attachment bytes after the download redirect. */
	mediaUrl: string;
	store: Store;
	requests: RecordedRequest[];
	clock: SimClock;
	faults: FaultControl;
	oauth: OAuthControl;
	users: SimulatorUsers;
	contractViolations: string[];
	/**
	 * The same object as `variants`, writable: a test may set one field directly (`sim.settings.quotaHeaders = 'beta'`);
	 * reset() restores what startSimulator was given.
	 */
	readonly settings: SimVariants;
	/** Handler exceptions answered as 500 (a simulator bug, or a test setting up impossible state). */
	serverErrors: Error[];
	/** Ids of what the demo seed created (undefined after an 'empty' seed). */
	demo?: DemoSeed;
	flavor: 'cloud' | 'datacenter';
	/** The Data Center flavour's site and logins (undefined for Cloud). */
	dataCenter?: SimulatorDataCenter;
	/**
	 * Delay (sim clock) before new or edited content becomes searchable through CQL search, as Confluence's index
	 * lags behind writes. Default 0; reset() restores it. Same value as `simSettings(sim.store).searchIndexLagMs`.
	 */
	searchIndexLagMs: number;
	/** Another site in accessible-resources. `served: true` answers its gateway API from this simulator's store. */
	addSite(site: {
		name: string;
		url: string;
		id?: string;
		scopes?: string[];
		served?: boolean;
	}): SiteRecord;
	/** The variants served now (see reality.ts). */
	readonly variants: Readonly<SimVariants>;
	/** Switches variants until reset(), which restores those given to startSimulator. */
	setVariants(variants: Partial<SimVariants>): void;
	/** Turns contract validation on/off (tests that send invalid requests on purpose switch it off). */
	setContractValidation(enabled: boolean): void;
	/** Empties the store, tokens, faults, recorded requests and violations, then seeds again. */
	reset(seed?: SeedName): void;
	close(): Promise<void>;
}

/** Route modules loaded first, in this order; any other module in routes/ follows alphabetically. */
const ROUTE_MODULES = [
	'oauth',
	'spaces',
	'content',
	'properties',
	'labels',
	'users',
	'restrictions',
	'removed',
	'attachments',
	'comments',
	'whiteboards',
	'tasks',
	'audit',
	'search',
	'contentOps',
];

function routeModuleNames(): string[] {
	const found = readdirSync(join(__dirname, 'routes'))
		.filter((file) => /\.(ts|js)$/.test(file) && !/\.(test|d)\.ts$/.test(file))
		.map((file) => file.replace(/\.(ts|js)$/, ''));
	const extra = [...new Set(found)].filter((name) => !ROUTE_MODULES.includes(name)).sort();
	return [...ROUTE_MODULES, ...extra];
}

type RouteModule = {
	register?: (router: Router, ctx: SimContext) => void;
	/** Runs after every module's register(): fills in routes no module registered (e.g. properties of all types). */
	registerLate?: (router: Router, ctx: SimContext) => void;
};

function loadRouteModule(name: string): RouteModule | undefined {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(`./routes/${name}`) as RouteModule;
	} catch (error) {
		const code = (error as { code?: string }).code;
		const message = error instanceof Error ? error.message : String(error);
		if (code === 'MODULE_NOT_FOUND' && message.includes(`./routes/${name}'`)) return undefined;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw error;
	}
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const clock = createClock();
	const store = new Store(clock);
	const oauth = new OAuthState(clock);

	const router = new Router();
	const media = new Router();
	const cloudId = randomUUID();
	const sites: SiteRecord[] = [];
	const requests: RecordedRequest[] = [];
	const contractViolations: string[] = [];
	const serverErrors: Error[] = [];
	let contractEnabled = options.contract ?? true;
	let baseUrl = '';
	let mediaUrl = '';
	const startVariants: SimVariants = {
		...defaultVariants(),
		...(options.limitOverflow ? { limitOverflow: options.limitOverflow } : {}),
		...options.variants,
	};
	checkVariants(startVariants);
	const variants: SimVariants = { ...startVariants };

	const faults = createFaults(clock, options.latencyMs ?? 0, variants);
	const ctx = createContext({
		store,
		clock,
		oauth,
		media,
		sites,
		cloudId,
		secret: randomBytes(32),
		urls: () => ({ baseUrl, mediaUrl }),
		settings: variants,
	});
	const modules = routeModuleNames().map(loadRouteModule);
	for (const mod of modules) mod?.register?.(router, ctx);
	for (const mod of modules) mod?.registerLate?.(router, ctx);

	const flavor = options.flavor ?? 'cloud';
	const contextPath = (options.contextPath ?? DEFAULT_CONTEXT_PATH).replace(/\/+$/, '');
	const logins = new DataCenterLogins();
	const dataCenterSettings = { anonymousAccess: false, serverTimeZone: 'UTC' };
	const webhooks = new DataCenterWebhooks(store, variants);
	let dataCenterDeps;
	if (flavor === 'datacenter') {
		ctx.cqlTimeZone = () => dataCenterSettings.serverTimeZone;
		ctx.flavor = 'datacenter';
		const dataCenterRouter = new Router();
		registerDataCenterRoutes(dataCenterRouter, ctx, logins);
		registerWebhookRoutes(dataCenterRouter, ctx, webhooks);
		observeStore(store, webhooks);
		dataCenterDeps = {
			contextPath,
			logins,
			settings: dataCenterSettings,
			ctx,
			router: dataCenterRouter,
			removed: new Set(REMOVED_V1_ROUTES.map(([method, template]) => `${method} ${template}`)),
		};
	}
	const deps = {
		dataCenter: dataCenterDeps,
		store,
		oauth,
		faults,
		router,
		media,
		sites,
		requests,
		contractViolations,
		serverErrors,
		contractEnabled: () => contractEnabled,
		settings: variants,
	};
	const siteServer = createServer(createHandler(deps, 'site'));
	const mediaServer = createServer(createHandler(deps, 'media'));
	siteServer.keepAliveTimeout = 1000;
	mediaServer.keepAliveTimeout = 1000;
	const port = await listen(siteServer, options.port ?? 0);
	const mediaPort = await listen(mediaServer, 0);
	baseUrl = `http://127.0.0.1:${port}`;
	mediaUrl = `http://127.0.0.1:${mediaPort}`;

	const mainSite = (): SiteRecord => ({
		id: cloudId,
		name: 'simulator',
		url: baseUrl,
		scopes: [],
		avatarUrl: `${baseUrl}/wiki/download/attachments/site-avatar.png`,
		served: true,
	});

	const sim: Simulator = {
		baseUrl,
		cloudId,
		mediaUrl,
		store,
		requests,
		clock,
		faults: faults.control,
		oauth: oauth.control(),
		users: {
			demo: {
				accountId: DEMO_USER.accountId,
				email: DEMO_USER.email,
				apiToken: DEMO_USER.apiToken,
			},
			add: (user) => store.addUser(user),
			expireApiToken: (email) => {
				const user = store.userByEmail(email);
				if (!user) throw new Error(`no user ${email}`);
				expireApiToken(store, user);
			},
		},
		contractViolations,
		serverErrors,
		settings: variants,
		flavor,
		dataCenter:
			flavor === 'datacenter'
				? {
						url: `${baseUrl}${contextPath}`,
						contextPath,
						demo: {
							username: DATA_CENTER_DEMO.username,
							password: DATA_CENTER_DEMO.password,
							personalAccessToken: DATA_CENTER_DEMO.personalAccessToken,
						},
						version: DATA_CENTER_DEMO.version,
						logins,
						settings: dataCenterSettings,
						webhooks,
					}
				: undefined,
		get searchIndexLagMs() {
			return simSettings(store).searchIndexLagMs;
		},
		set searchIndexLagMs(ms: number) {
			simSettings(store).searchIndexLagMs = ms;
		},
		addSite(site) {
			const record: SiteRecord = {
				id: site.id ?? randomUUID(),
				name: site.name,
				url: site.url,
				scopes: site.scopes ?? [],
				avatarUrl: `${site.url.replace(/\/$/, '')}/avatar.png`,
				served: site.served ?? false,
			};
			sites.push(record);
			return record;
		},
		variants,
		setVariants(chosen) {
			checkVariants(chosen);
			Object.assign(variants, chosen);
		},
		setContractValidation(enabled) {
			contractEnabled = enabled;
		},
		reset(seed = 'empty') {
			clock.useRealTime();
			webhooks.reset();
			store.clear();
			oauth.clear();
			faults.reset();
			requests.length = 0;
			contractViolations.length = 0;
			serverErrors.length = 0;
			sites.length = 0;
			sites.push(mainSite());
			Object.assign(variants, startVariants);
			sim.demo = seed === 'demo' ? seedDemo(store) : undefined;
			logins.clear();
			dataCenterSettings.anonymousAccess = false;
			dataCenterSettings.serverTimeZone = 'UTC';
			const demoUser = store.getUser(DEMO_USER.accountId);
			if (demoUser) {
				logins.addLogin(demoUser, DATA_CENTER_DEMO.username, DATA_CENTER_DEMO.password);
				logins.issueToken(demoUser, DATA_CENTER_DEMO.personalAccessToken);
			}
		},
		async close() {
			await Promise.all([closeServer(siteServer), closeServer(mediaServer)]);
		},
	};
	sim.reset(options.seed ?? 'empty');
	return sim;
}

export type { TokenSet as OAuthTokens };
