/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Standalone simulator: `npm run simulator [-- --port 4567 --seed demo|empty --flavor cloud|datacenter --contract --verbose]`. */
import { startSimulator, type SeedName } from './index';

interface CliOptions {
	port: number;
	seed: SeedName;
	contract: boolean;
	verbose: boolean;
	flavor: 'cloud' | 'datacenter';
}

const USAGE = `Usage: npm run simulator -- [--port N] [--seed demo|empty] [--flavor cloud|datacenter] [--contract] [--verbose]
  --port N      listen on 127.0.0.1:N (default 4567; 0 = random)
  --seed NAME   demo (default) or empty
  --flavor F    cloud (default) or datacenter: Confluence Data Center's REST API under /confluence
  --contract    validate every exchange against the OpenAPI files and print violations
  --verbose     print every request
`;

export function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = {
		port: 4567,
		seed: 'demo',
		contract: false,
		verbose: false,
		flavor: 'cloud',
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = (): string => {
			const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
			if (inline !== undefined) return inline;
			const next = argv[++i];
			if (next === undefined) throw new Error(`${arg} needs a value`);
			return next;
		};
		if (arg === '--port' || arg.startsWith('--port=')) {
			const port = Number(value());
			if (!Number.isInteger(port) || port < 0 || port > 65535)
				throw new Error('--port must be 0..65535');
			options.port = port;
		} else if (arg === '--seed' || arg.startsWith('--seed=')) {
			const seed = value();
			if (seed !== 'demo' && seed !== 'empty') throw new Error('--seed must be demo or empty');
			options.seed = seed;
		} else if (arg === '--flavor' || arg.startsWith('--flavor=')) {
			const flavor = value();
			if (flavor !== 'cloud' && flavor !== 'datacenter') {
				throw new Error('--flavor must be cloud or datacenter');
			}
			options.flavor = flavor;
		} else if (arg === '--contract') {
			options.contract = true;
		} else if (arg === '--verbose') {
			options.verbose = true;
		} else if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		} else {
			throw new Error(`Unknown argument: ${arg}`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: CliOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}`);
		process.exit(2);
	}
	const sim = await startSimulator({
		port: options.port,
		seed: options.seed,
		contract: options.contract,
		flavor: options.flavor,
	});
	const dataCenter = sim.dataCenter;
	const tokens = sim.oauth.issueTokens();
	const lines = dataCenter
		? [
				`Confluence Data Center simulator listening on ${dataCenter.url} (seed: ${options.seed}, Confluence ${dataCenter.version})`,
				'',
				'Data Center credential:',
				`  Base URL:                ${dataCenter.url}`,
				`  Personal access token:   ${dataCenter.demo.personalAccessToken}`,
				`  Username and password:   ${dataCenter.demo.username} / ${dataCenter.demo.password}`,
				`  Try:   curl -H 'authorization: Bearer ${dataCenter.demo.personalAccessToken}' ${dataCenter.url}/rest/api/space`,
				'',
				'Press Ctrl+C to stop.',
				'',
			]
		: [
				`Confluence simulator listening on ${sim.baseUrl} (seed: ${options.seed})`,
				'',
				'API token credential (Basic auth):',
				`  Site URL:   ${sim.baseUrl}`,
				`  Email:      ${sim.users.demo.email}`,
				`  API token:  ${sim.users.demo.apiToken}`,
				`  Try:        curl -u ${sim.users.demo.email}:${sim.users.demo.apiToken} ${sim.baseUrl}/wiki/api/v2/spaces`,
				'',
				'OAuth2 credential (3LO):',
				`  Authorization URL:   ${sim.baseUrl}/authorize`,
				`  Access token URL:    ${sim.baseUrl}/oauth/token`,
				`  API gateway URL:     ${sim.baseUrl}   (API at ${sim.baseUrl}/ex/confluence/${sim.cloudId}/wiki/...)`,
				`  Client ID:           ${sim.oauth.clientId}`,
				`  Client secret:       ${sim.oauth.clientSecret}`,
				`  Cloud ID:            ${sim.cloudId}   (GET ${sim.baseUrl}/oauth/token/accessible-resources)`,
				'  Any redirect URI is accepted; /authorize consents as the demo user at once and redirects back with a code.',
				'  Tokens by hand:',
				`    curl -s ${sim.baseUrl}/oauth/token -H 'content-type: application/json' \\`,
				`      -d '{"grant_type":"refresh_token","client_id":"${sim.oauth.clientId}","client_secret":"${sim.oauth.clientSecret}","refresh_token":"${tokens.refresh_token}"}'`,
				`  A ready access token (1 h):  ${tokens.access_token}`,
				`    curl -H 'authorization: Bearer ${tokens.access_token}' ${sim.baseUrl}/ex/confluence/${sim.cloudId}/wiki/api/v2/spaces`,
				'',
				`Media (attachment bytes) origin: ${sim.mediaUrl}`,
				'Press Ctrl+C to stop.',
				'',
			];
	process.stdout.write(lines.join('\n'));

	let reportedRequests = 0;
	let reportedViolations = 0;
	const report = setInterval(() => {
		if (options.verbose) {
			for (const request of sim.requests.slice(reportedRequests)) {
				process.stdout.write(
					`${request.at.toISOString()} ${request.method} ${request.rawPath} -> ${request.status}\n`,
				);
			}
		}
		reportedRequests = sim.requests.length;
		for (const violation of sim.contractViolations.slice(reportedViolations))
			process.stderr.write(`contract: ${violation}\n`);
		reportedViolations = sim.contractViolations.length;
		// The CLI runs for hours: keep memory flat.
		if (sim.requests.length > 10000) {
			sim.requests.splice(0, sim.requests.length);
			reportedRequests = 0;
		}
	}, 250);

	const stop = () => {
		clearInterval(report);
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	void main();
}
