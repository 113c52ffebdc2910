/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Entry of `npm run demo` after scripts/demo/demo.sh installed n8n and built the package. */
import { ENV_HELP } from './config';
import { runInteractive } from './interactive';
import { formatRun, runOnce } from './once';

const USAGE = `Usage: npm run demo [-- --once | --queue] [--port N] [--n8n-port N]
  (no flag)       start the simulator and n8n with the example workflows; runs until Ctrl-C
  --queue         the same in n8n's queue mode: PostgreSQL and Redis (Debian's packages, installed when missing),
                  a main and two workers; runs until Ctrl-C
  --once          run the example workflows headless, print what they produced, exit (0 = all succeeded)
  --port N        the simulator's port (default 4567; another free one when it is busy)
  --n8n-port N    the n8n editor's port (default 5678; another free one when it is busy)

${ENV_HELP}
`;

interface CliArgs {
	once: boolean;
	queue: boolean;
	port?: number;
	n8nPort?: number;
}

function portValue(flag: string, value: string | undefined): number {
	const port = Number(value);
	if (value === undefined || value === '' || !Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`${flag} must be a port number 0..65535`);
	return port;
}

function parseArgs(argv: string[]): CliArgs {
	const args: CliArgs = { once: false, queue: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--once') args.once = true;
		else if (arg === '--queue') args.queue = true;
		else if (/^--(n8n-)?port(=|$)/.test(arg)) {
			const flag = arg.split('=')[0];
			const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
			if (flag === '--port') args.port = portValue(flag, value);
			else args.n8nPort = portValue(flag, value);
		} else if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		} else throw new Error(`Unknown argument: ${arg}`);
	}
	if (args.once && args.queue)
		throw new Error('--queue runs the interactive demo; leave out --once');
	return args;
}

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	write('Setting up the demo:');
	if (!args.once) {
		await runInteractive({
			simulatorPort: args.port,
			n8nPort: args.n8nPort,
			log: write,
			queue: args.queue,
		});
		return 0;
	}
	// Ctrl-C reaches the n8n CLI processes too; the run stops before the next workflow and cleans up.
	const abort = new AbortController();
	const onSignal = () => {
		if (abort.signal.aborted) process.exit(130);
		write('\nStopping after the current step (Ctrl-C again to quit at once)...');
		abort.abort();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const result = await runOnce({
		simulatorPort: args.port,
		signal: abort.signal,
		log: write,
		onReport: (report) => write(`\n${formatRun(report)}`),
	});
	const failed = result.runs.filter((run) => run.status !== 'success');
	write('');
	write(
		`Confluence: ${result.setup.site.siteUrl} (${result.setup.site.kind === 'simulator' ? 'the simulator' : 'from CONFLUENCE_SITE_URL'}), space ${result.setup.settings.spaceKey}`,
	);
	write(`Export written to ${result.setup.settings.exportFolder}`);
	write(
		`Timings: ${result.timings.map((timing) => `${timing.step} ${(timing.ms / 1000).toFixed(1)} s`).join('; ')}`,
	);
	write(`Total (after install and build): ${((Date.now() - started) / 1000).toFixed(1)} s`);
	write(
		result.ok
			? `All ${result.runs.length} example workflows succeeded.`
			: `${failed.length} of ${result.runs.length} example workflows failed: ${failed.map((run) => run.name).join(', ')}`,
	);
	return result.ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		const detail = process.env.DEMO_DEBUG === '1' ? (error.stack ?? error.message) : error.message;
		process.stderr.write(`demo failed: ${detail}\n(DEMO_DEBUG=1 prints the stack trace)\n`);
		process.exit(1);
	},
);
