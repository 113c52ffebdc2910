/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
/* Everything `npm run demo` and `npm run demo -- --once` share: a Confluence site (the simulator, or a real one from
 * the environment), a fresh n8n user folder under .cache/demo with the package linked, the credentials and the
 * example workflows imported. */
import { mkdirSync, realpathSync, rmSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';

import {
	importCredentials,
	importWorkflows,
	type CliOptions,
	type CredentialInput,
	type WorkflowInput,
} from '../../test/e2e/lib/cli';
import { locateN8n, type N8nInstall } from '../../test/e2e/lib/install';
import { queueEnv, startQueueServices, type QueueServices } from '../../test/e2e/lib/queue';
import type { N8nServer } from '../../test/e2e/lib/server';
import { linkPackage, type UserFolder } from '../../test/e2e/lib/userFolder';
import { CONFLUENCE_API_CREDENTIAL_TYPE } from '../../test/e2e/lib/workflows';
import {
	API_TOKEN_CREDENTIAL,
	DEFAULT_DEMO_DIR,
	DEFAULT_SIMULATOR_PORT,
	OAUTH2_CREDENTIAL,
	readEnvironment,
	RELEASE_NOTES_DIR,
	DOCS_DIR,
	SIMULATOR_OAUTH_CLIENT,
	SIMULATOR_USER,
	type SiteCredentials,
} from './config';
import {
	configureExample,
	loadExamples,
	type ExampleSettings,
	type ExampleWorkflow,
} from './examples';
import { startSimulatorProcess, type SimulatorProcess } from './simulatorProcess';

export interface DemoSetupOptions {
	/** Where the user folder and the export go (default .cache/demo); its n8n/ and export/ are recreated. */
	demoDir?: string;
	/**
	 * The Confluence site. Default: CONFLUENCE_SITE_URL/EMAIL/API_TOKEN from the environment, else the simulator
	 * started as a child process.
	 */
	site?: SiteCredentials;
	/** Whether `site` is a simulator with the demo seed (then the OAuth2 credential is set up too). */
	siteIsSimulator?: boolean;
	spaceKey?: string;
	/** The page release notes are published under; '' for the top of the space. */
	parentPageTitle?: string;
	simulatorPort?: number;
	/** The editor's port in the interactive demo (default 5678; a free one when it is busy). */
	n8nPort?: number;
	install?: N8nInstall;
	env?: NodeJS.ProcessEnv;
	log?: (line: string) => void;
	/** n8n in queue mode: a private PostgreSQL and Redis (scripts/queue/services.sh); the caller starts the workers. */
	queue?: boolean;
}

export interface DemoSite extends SiteCredentials {
	kind: 'simulator' | 'confluence';
}

export interface DemoSetup {
	demoDir: string;
	folder: UserFolder;
	install: N8nInstall;
	site: DemoSite;
	/** The simulator child process, when the demo started one. */
	simulator?: SimulatorProcess;
	settings: ExampleSettings;
	/** The example workflows as imported (settings applied). */
	examples: ExampleWorkflow[];
	credentials: CredentialInput[];
	/** Environment for every n8n process of the demo (file access to the release notes and the export). */
	n8nEnv: Record<string, string>;
	/** PostgreSQL and Redis of the queue-mode demo. */
	services?: QueueServices;
	cliOptions: CliOptions;
	timings: Array<{ step: string; ms: number }>;
	/** Stops the simulator, if the demo started it. The user folder stays for a look after the run. */
	close(): Promise<void>;
}

async function timed<T>(
	timings: DemoSetup['timings'],
	step: string,
	log: (line: string) => void,
	action: () => Promise<T>,
): Promise<T> {
	const started = Date.now();
	const result = await action();
	const ms = Date.now() - started;
	timings.push({ step, ms });
	log(`  ${step} (${(ms / 1000).toFixed(1)} s)`);
	return result;
}

/** A user folder at a fixed place (the e2e helper makes temporary ones), with the package linked like an npm install. */
export function createDemoUserFolder(root: string): UserFolder {
	rmSync(root, { recursive: true, force: true });
	const n8nDir = join(root, '.n8n');
	mkdirSync(n8nDir, { recursive: true });
	const packageLink = linkPackage(n8nDir);
	return {
		root,
		n8nDir,
		packageLink,
		remove: () => rmSync(root, { recursive: true, force: true }),
	};
}

/** Tokens for the simulator's OAuth2 app through its own consent flow, so the OAuth2 credential works at once. */
export async function simulatorOAuthTokens(baseUrl: string): Promise<IDataObject> {
	const redirectUri = 'http://127.0.0.1/demo-oauth-callback';
	const authorize = new URL(`${baseUrl}/authorize`);
	authorize.searchParams.set('client_id', SIMULATOR_OAUTH_CLIENT.clientId);
	authorize.searchParams.set('redirect_uri', redirectUri);
	authorize.searchParams.set('response_type', 'code');
	authorize.searchParams.set('state', 'demo');
	const consent = await fetch(authorize, { redirect: 'manual' });
	const code = new URL(consent.headers.get('location') ?? redirectUri).searchParams.get('code');
	if (!code)
		throw new Error(`the simulator's /authorize answered ${consent.status} without a code`);
	const response = await fetch(`${baseUrl}/oauth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
			client_id: SIMULATOR_OAUTH_CLIENT.clientId,
			client_secret: SIMULATOR_OAUTH_CLIENT.clientSecret,
		}),
	});
	const tokens = (await response.json()) as IDataObject;
	if (!response.ok || typeof tokens.access_token !== 'string') {
		throw new Error(
			`the simulator's /oauth/token answered ${response.status}: ${JSON.stringify(tokens)}`,
		);
	}
	return { ...tokens, token_type: 'Bearer' };
}

export function demoCredentials(site: DemoSite, oauthTokens?: IDataObject): CredentialInput[] {
	const credentials: CredentialInput[] = [
		{
			...API_TOKEN_CREDENTIAL,
			type: CONFLUENCE_API_CREDENTIAL_TYPE,
			data: { siteUrl: site.siteUrl, email: site.email, apiToken: site.apiToken },
		},
	];
	if (site.kind === 'simulator' && oauthTokens) {
		credentials.push({
			...OAUTH2_CREDENTIAL,
			type: 'confluenceOAuth2Api',
			data: {
				siteUrl: site.siteUrl,
				apiGatewayUrl: site.siteUrl,
				authServerUrl: site.siteUrl,
				clientId: SIMULATOR_OAUTH_CLIENT.clientId,
				clientSecret: SIMULATOR_OAUTH_CLIENT.clientSecret,
				grantType: 'authorizationCode',
				authentication: 'header',
				oauthTokenData: oauthTokens,
			},
		});
	}
	return credentials;
}

function withoutFile(workflow: ExampleWorkflow): WorkflowInput {
	const copy: Partial<ExampleWorkflow> = { ...workflow };
	delete copy.file;
	return copy as WorkflowInput;
}

/** Activation in n8n 2.x publishes the workflow's current version (the editor's "Publish"). */
export async function activateWorkflow(server: N8nServer, workflowId: string): Promise<void> {
	const workflow = await server.rest<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
	await server.rest('POST', `/rest/workflows/${workflowId}/activate`, {
		versionId: workflow.versionId,
	});
}

export async function setUpDemo(options: DemoSetupOptions = {}): Promise<DemoSetup> {
	const log = options.log ?? (() => undefined);
	const timings: DemoSetup['timings'] = [];
	const environment = options.site ? {} : readEnvironment(options.env);
	const install = options.install ?? locateN8n('n8n');
	const demoDir = options.demoDir ?? DEFAULT_DEMO_DIR;
	mkdirSync(demoDir, { recursive: true });
	const exportDir = join(demoDir, 'export');
	rmSync(exportDir, { recursive: true, force: true });
	mkdirSync(exportDir, { recursive: true });
	// Queue mode keeps its own folder: its encryption key is the one every process of the queue shares.
	const folder = createDemoUserFolder(join(demoDir, options.queue ? 'n8n-queue' : 'n8n'));
	const services = options.queue
		? await timed(timings, 'PostgreSQL and Redis started', log, async () => startQueueServices())
		: undefined;

	let simulator: SimulatorProcess | undefined;
	let site: DemoSite;
	if (options.site) {
		site = { ...options.site, kind: options.siteIsSimulator ? 'simulator' : 'confluence' };
	} else if ('site' in environment && environment.site) {
		site = { ...environment.site, kind: 'confluence' };
	} else {
		simulator = await timed(timings, 'simulator started', log, async () =>
			startSimulatorProcess(options.simulatorPort ?? DEFAULT_SIMULATOR_PORT),
		);
		site = { siteUrl: simulator.baseUrl, ...SIMULATOR_USER, kind: 'simulator' };
	}
	const fromEnv = environment as ReturnType<typeof readEnvironment>;

	try {
		const settings: ExampleSettings = {
			spaceKey: options.spaceKey ?? fromEnv.spaceKey ?? 'DEMO',
			releaseNotesFolder: realpathSync(RELEASE_NOTES_DIR),
			exportFolder: realpathSync(exportDir),
			docsFolder: realpathSync(DOCS_DIR),
			parentPageTitle:
				options.parentPageTitle ??
				fromEnv.parentPageTitle ??
				(site.kind === 'simulator' ? 'Release notes' : ''),
		};
		// n8n reads and writes files only under N8N_RESTRICT_FILE_ACCESS_TO (default ~/.n8n-files), compared after
		// resolving symlinks.
		const n8nEnv = {
			N8N_RESTRICT_FILE_ACCESS_TO: [
				settings.releaseNotesFolder,
				settings.exportFolder,
				settings.docsFolder,
			].join(';'),
			...(services ? queueEnv(services) : {}),
		};
		const cliOptions: CliOptions = { install, env: n8nEnv, timeoutMs: 180000 };
		const examples = loadExamples().map((workflow) => configureExample(workflow, settings));
		const oauthTokens =
			site.kind === 'simulator' ? await simulatorOAuthTokens(site.siteUrl) : undefined;
		const credentials = demoCredentials(site, oauthTokens);
		await timed(timings, 'credentials imported', log, async () =>
			importCredentials(folder, credentials, cliOptions),
		);
		await timed(timings, `${examples.length} workflows imported`, log, async () =>
			importWorkflows(folder, examples.map(withoutFile), cliOptions),
		);
		return {
			demoDir,
			folder,
			install,
			site,
			simulator,
			settings,
			examples,
			credentials,
			n8nEnv,
			services,
			cliOptions,
			timings,
			close: async () => {
				await simulator?.stop();
				await services?.stop();
			},
		};
	} catch (error) {
		await simulator?.stop();
		await services?.stop();
		throw error;
	}
}
