/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error */
/* `npm run demo`: n8n with the package, the credentials and the examples, kept running until Ctrl-C. */
import { startWorker, type N8nWorker } from '../../test/e2e/lib/queue';
import { OWNER, startN8n, type N8nServer } from '../../test/e2e/lib/server';
import { DEFAULT_N8N_PORT, ENV_HELP } from './config';
import { isSubWorkflow, runKind } from './examples';

const CHAT_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.chatTrigger';
import { activateWorkflow, setUpDemo, type DemoSetup, type DemoSetupOptions } from './setup';

export interface RunningDemo {
	setup: DemoSetup;
	server: N8nServer;
	/** `n8n worker` processes (queue mode). */
	workers: N8nWorker[];
	/** Workflows activated: the sub-workflows, and the trigger examples (which then poll every minute). */
	activated: string[];
	stop(): Promise<void>;
}

export async function startDemo(options: DemoSetupOptions = {}): Promise<RunningDemo> {
	const log = options.log ?? (() => undefined);
	const setup = await setUpDemo(options);
	let server: N8nServer;
	try {
		const started = Date.now();
		server = await startN8n({
			install: setup.install,
			folder: setup.folder,
			env: setup.n8nEnv,
			port: options.n8nPort ?? DEFAULT_N8N_PORT,
			name: 'demo',
		});
		log(`  n8n started (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	} catch (error) {
		await setup.close();
		throw error;
	}
	const workers: N8nWorker[] = [];
	if (options.queue) {
		try {
			const started = Date.now();
			workers.push(
				...(await Promise.all(
					[1, 2].map(
						async (n) =>
							await startWorker(setup.folder, setup.n8nEnv, {
								name: `demo-worker-${n}`,
								concurrency: 10,
								install: setup.install,
							}),
					),
				)),
			);
			log(`  2 workers started (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (error) {
			await Promise.all(workers.map(async (worker) => await worker.stop()));
			await server.stop({ keepFolder: true });
			await setup.close();
			throw error;
		}
	}
	const activated: string[] = [];
	// Sub-workflows first: the agent's tools must be published before anything outside the editor calls them.
	const toActivate = [
		...setup.examples.filter(isSubWorkflow),
		...setup.examples.filter((example) => runKind(example) === 'trigger'),
	];
	for (const workflow of toActivate) {
		try {
			await activateWorkflow(server, String(workflow.id));
			activated.push(workflow.name);
		} catch (error) {
			log(`  could not activate "${workflow.name}": ${(error as Error).message}`);
		}
	}
	let stopping: Promise<void> | undefined;
	return {
		setup,
		server,
		workers,
		activated,
		stop: async () => {
			stopping ??= (async () => {
				await Promise.all(workers.map(async (worker) => await worker.stop()));
				await server.stop({ keepFolder: true });
				await setup.close();
			})();
			await stopping;
		},
	};
}

function queueLines(demo: RunningDemo): string[] {
	const services = demo.setup.services;
	if (!services) return [];
	return [
		'',
		'  Queue mode: the main above holds the editor, webhooks and triggers; the workers run every execution.',
		`  PostgreSQL:  127.0.0.1:${services.pgPort} (database ${services.pgDatabase}, user ${services.pgUser} / ${services.pgPassword})`,
		`  Redis:       127.0.0.1:${services.redisPort}`,
		...demo.workers.map(
			(worker) => `  ${worker.name} log: ${worker.logFile} ("Worker started execution N" lines)`,
		),
		'  Executions list: each execution ran on a worker; binary data is stored in PostgreSQL.',
	];
}

export function banner(demo: RunningDemo): string {
	const { setup, server } = demo;
	const site =
		setup.site.kind === 'simulator'
			? `the Confluence simulator at ${setup.site.siteUrl} (space ${setup.settings.spaceKey}; user ${setup.site.email} / ${setup.site.apiToken})`
			: `${setup.site.siteUrl} as ${setup.site.email} (space ${setup.settings.spaceKey})`;
	const lines = [
		'',
		'n8n is ready with the Confluence package and the example workflows.',
		'',
		`  Open:      ${server.baseUrl}`,
		`  Login:     ${OWNER.email}  /  ${OWNER.password}`,
		`  Confluence: ${site}`,
		`  Credentials: "${setup.credentials.map((credential) => credential.name).join('", "')}"`,
		'',
		'  Workflows:',
		...setup.examples.map((workflow) => {
			const note =
				runKind(workflow) === 'trigger'
					? demo.activated.includes(workflow.name)
						? 'active: polls every minute'
						: 'inactive'
					: runKind(workflow) === 'none'
						? `called by the agent${demo.activated.includes(workflow.name) ? ', published' : ''}`
						: workflow.nodes.some((node) => node.type === CHAT_TRIGGER_TYPE)
							? 'add a model credential to chat, or run "Try the tools"'
							: 'open it and click "Execute workflow"';
			return `    ${workflow.name}  (${server.baseUrl}/workflow/${String(workflow.id)}; ${note})`;
		}),
		'',
		`  Export folder:        ${setup.settings.exportFolder}`,
		`  Release notes folder: ${setup.settings.releaseNotesFolder}`,
		`  Docs folder:          ${setup.settings.docsFolder}`,
		`  n8n log:              ${server.logFile}`,
		...queueLines(demo),
		'',
		setup.site.kind === 'simulator'
			? ENV_HELP.split('\n')
					.map((line) => `  ${line}`)
					.join('\n')
			: '',
		'',
		demo.setup.services
			? 'Press Ctrl-C to stop n8n, its workers, PostgreSQL, Redis and the simulator.'
			: 'Press Ctrl-C to stop n8n and the simulator.',
		'',
	];
	return lines.join('\n');
}

/**
 * Runs until SIGINT or SIGTERM, then shuts n8n and the simulator down. A signal during start-up stops the demo as
 * soon as n8n is up (n8n runs in its own process group, so Ctrl-C does not reach it); a second one exits at once.
 */
export async function runInteractive(options: DemoSetupOptions = {}): Promise<void> {
	let signalled = false;
	let wake: (() => void) | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalled) process.exit(130);
		signalled = true;
		process.stdout.write(`\n${signal}: stopping n8n and the simulator...\n`);
		wake?.();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		const demo = await startDemo(options);
		if (!signalled) {
			process.stdout.write(banner(demo));
			await new Promise<void>((resolve) => (wake = resolve));
		}
		await demo.stop();
		process.stdout.write('Stopped.\n');
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}
