/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { parseArgs } from './cli';

function waitForOutput(
	child: ChildProcess,
	pattern: RegExp,
	timeoutMs: number,
): Promise<RegExpMatchArray> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(
			() => reject(new Error(`CLI did not print ${String(pattern)} in time:\n${output}`)),
			timeoutMs,
		);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = output.match(pattern);
			if (match) {
				clearTimeout(timer);
				resolve(match);
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`CLI exited with ${String(code)}:\n${output}`));
		});
	});
}

describe('simulator CLI', () => {
	test('parses its arguments', () => {
		expect(parseArgs([])).toEqual({
			port: 4567,
			seed: 'demo',
			contract: false,
			verbose: false,
			flavor: 'cloud',
		});
		expect(parseArgs(['--flavor', 'datacenter']).flavor).toBe('datacenter');
		expect(() => parseArgs(['--flavor', 'server'])).toThrow('--flavor');
		expect(parseArgs(['--port', '0', '--seed=empty', '--contract', '--verbose'])).toEqual({
			port: 0,
			seed: 'empty',
			contract: true,
			verbose: true,
			flavor: 'cloud',
		});
		expect(() => parseArgs(['--port', 'x'])).toThrow('--port');
		expect(() => parseArgs(['--seed', 'big'])).toThrow('--seed');
		expect(() => parseArgs(['--what'])).toThrow('Unknown argument');
	});

	test('starts with ts-node on a random port, prints credentials and serves the demo seed', async () => {
		const child = spawn(
			process.execPath,
			[
				require.resolve('ts-node/dist/bin'),
				'--transpile-only',
				join(__dirname, 'cli.ts'),
				'--port',
				'0',
			],
			{ cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
		);
		try {
			const [, baseUrl] = await waitForOutput(
				child,
				/listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Press Ctrl\+C/,
				45_000,
			);
			const auth = `Basic ${Buffer.from('demo@example.com:demo-token').toString('base64')}`;
			const spaces = (await (
				await fetch(`${baseUrl}/wiki/api/v2/spaces`, { headers: { authorization: auth } })
			).json()) as {
				results: Array<{ key: string }>;
			};
			expect(spaces.results.map((s) => s.key)).toEqual(['DEMO']);
			const resources = await fetch(`${baseUrl}/oauth/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					grant_type: 'refresh_token',
					client_id: 'sim-client-id',
					client_secret: 'sim-client-secret',
					refresh_token: 'unknown',
				}),
			});
			expect(resources.status).toBe(403);
		} finally {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	}, 120_000);
});
