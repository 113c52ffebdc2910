/* The Data Center credential: its test says what it reached, which version and as whom, and says what is wrong
 * otherwise; "Ignore SSL Issues" accepts a self-signed certificate. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { Confluence } from '../../nodes/Confluence/Confluence.node';
import { additionalData } from '../helpers/n8n';
import { dataCenterCredential, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

async function credentialTest(fields: Partial<ICredentialDataDecryptedObject> = {}) {
	const data = dataCenterCredential(sim, fields);
	const test = new Confluence().methods.credentialTest.confluenceDataCenterTest;
	const context = new CredentialTestContext(additionalData({ confluenceDataCenterApi: data }));
	return await test.call(context, {
		id: 'c1',
		name: 'test',
		type: 'confluenceDataCenterApi',
		data,
	});
}

describe('the Data Center credential test', () => {
	it('says which version it reached, where, and as whom', async () => {
		const result = await credentialTest();
		expect(result).toEqual({
			status: 'OK',
			message: `Reached Confluence ${sim.dataCenter!.version} at ${sim.dataCenter!.url} as Demo User (demo), with a personal access token`,
		});
	});

	it('works with a username and password', async () => {
		const result = await credentialTest({
			authType: 'password',
			username: 'demo',
			password: 'demo-password',
		});
		expect(result.status).toBe('OK');
		expect(result.message).toContain('with a username and password');
	});

	it('says the token was refused, without showing it', async () => {
		const result = await credentialTest({ personalAccessToken: 'not-a-token' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('refused the personal access token (401)');
		expect(result.message).not.toContain('not-a-token');
	});

	it('says a wrong password was refused', async () => {
		const result = await credentialTest({
			authType: 'password',
			username: 'demo',
			password: 'wrong',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('refused the username and password (401)');
	});

	// Ledger row: dc-invalid-token-anonymous (test/simulator/REALITY.md).
	it('does not take an anonymous answer for a login, where anonymous access is on', async () => {
		sim.dataCenter!.settings.anonymousAccess = true;
		const result = await credentialTest({ personalAccessToken: 'not-a-token' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('answered as the anonymous user');
	});

	it('names the site without the user:password a Base URL may carry, in every message', async () => {
		const withUserinfo = (url: string) => url.replace('://', '://admin:s3cret%40pass@');
		const site = new URL(sim.baseUrl);
		const answers = [
			await credentialTest({ baseUrl: withUserinfo(sim.baseUrl) }),
			await credentialTest({
				baseUrl: withUserinfo(`http://127.0.0.1:1${sim.dataCenter!.contextPath}`),
			}),
			await credentialTest({ baseUrl: 'http://admin:s3cret%40pass@ bad host/' }),
		];
		expect(answers.map((answer) => answer.status)).toEqual(['Error', 'Error', 'Error']);
		expect(answers[0].message).toContain(`${site.origin}/rest/api answered 404`);
		expect(answers[1].message).toContain(
			`Could not reach http://127.0.0.1:1${sim.dataCenter!.contextPath}:`,
		);
		expect(answers[2].message).toContain('is not a URL');
		for (const answer of answers) {
			expect(answer.message).not.toMatch(/s3cret|admin:|%40pass/);
		}
	});

	it('says to add the context path when the Base URL misses it', async () => {
		const result = await credentialTest({ baseUrl: sim.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('must include the context path');
	});
});

describe('a site with a self-signed certificate', () => {
	let proxy: Server;
	let httpsUrl: string;

	beforeAll(async () => {
		const tls = join(__dirname, 'tls');
		proxy = createServer(
			{ key: readFileSync(join(tls, 'key.pem')), cert: readFileSync(join(tls, 'cert.pem')) },
			(req, res) => {
				const target = new URL(req.url ?? '/', sim.baseUrl);
				const forward = httpRequest(
					target,
					{ method: req.method, headers: { ...req.headers, host: target.host } },
					(answer) => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					},
				);
				req.pipe(forward);
			},
		);
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		httpsUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}${sim.dataCenter!.contextPath}`;
	});

	afterAll(async () => {
		proxy.closeAllConnections();
		await new Promise((resolve) => proxy.close(resolve));
	});

	it('is refused unless "Ignore SSL Issues" is on, and then works', async () => {
		const refused = await runDataCenter(
			sim,
			{ resource: 'user', operation: 'getCurrent' },
			{},
			{ baseUrl: httpsUrl },
		);
		expect(refused.error).toBeDefined();
		const accepted = await runDataCenter(
			sim,
			{ resource: 'user', operation: 'getCurrent' },
			{},
			{ baseUrl: httpsUrl, ignoreSSLIssues: true },
		);
		expect(accepted.error).toBeUndefined();
		expect(accepted.items[0].json.username).toBe('demo');
	});

	it('the credential test says to turn on "Ignore SSL Issues"', async () => {
		const refused = await credentialTest({ baseUrl: httpsUrl });
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain('turn on "Ignore SSL Issues"');
		const accepted = await credentialTest({ baseUrl: httpsUrl, ignoreSSLIssues: true });
		expect(accepted.status).toBe('OK');
	});
});
