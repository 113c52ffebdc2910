import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { normalizeDataCenterUrl } from './dataCenter';

interface Probe {
	status?: number;
	body?: unknown;
	error?: string;
}

function authorization(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.authType === 'password') {
		const pair = `${String(credentials.username ?? '')}:${String(credentials.password ?? '')}`;
		return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
	}
	return `Bearer ${String(credentials.personalAccessToken ?? '')}`;
}

async function probe(
	ctx: ICredentialTestFunctions,
	url: string,
	credentials: ICredentialDataDecryptedObject,
): Promise<Probe> {
	try {
		const response = (await ctx.helpers.request({
			method: 'GET',
			uri: url,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			headers: { Accept: 'application/json', Authorization: authorization(credentials) },
			rejectUnauthorized: credentials.ignoreSSLIssues !== true,
		})) as { statusCode: number; body: unknown };
		return { status: response.statusCode, body: response.body };
	} catch (error) {
		const failure = error as {
			statusCode?: number;
			response?: { body?: unknown };
			message?: string;
		};
		if (typeof failure.statusCode === 'number') {
			return { status: failure.statusCode, body: failure.response?.body };
		}
		return { error: String(failure.message ?? error) };
	}
}

function failed(message: string): INodeCredentialTestResult {
	return { status: 'Error', message };
}

function isCertificateError(message: string): boolean {
	return /certificate|self[- ]signed|UNABLE_TO_VERIFY|CERT_|SSL/i.test(message);
}

/**
 * The Data Center credential's test: who the credential logs in as (`/rest/api/user/current`) and which version answers
 * (`/rest/api/server-information`, https://developer.atlassian.com/server/confluence/rest/v1000/api-group-server-information/).
 */
export async function testDataCenterCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = credential.data ?? {};
	let root: string;
	try {
		root = normalizeDataCenterUrl(String(credentials.baseUrl ?? ''));
		new URL(root);
	} catch {
		return failed(`The Base URL "${String(credentials.baseUrl ?? '')}" is not a URL`);
	}
	const how =
		credentials.authType === 'password' ? 'a username and password' : 'a personal access token';
	const me = await probe(this, `${root}/rest/api/user/current`, credentials);
	if (me.error) {
		return failed(
			isCertificateError(me.error)
				? `Could not reach ${root}: ${me.error}. If the site uses a self-signed or internal certificate, turn on "Ignore SSL Issues" in the credential.`
				: `Could not reach ${root}: ${me.error}`,
		);
	}
	if (me.status === 401 || me.status === 403) {
		return failed(
			credentials.authType === 'password'
				? `Confluence at ${root} refused the username and password (${me.status}). Sites with single sign-on or two-step login may accept only personal access tokens.`
				: `Confluence at ${root} refused the personal access token (${me.status}): it is wrong, revoked or expired. Personal access tokens need Confluence 7.9 or later.`,
		);
	}
	if (me.status === 404) {
		return failed(
			`${root}/rest/api answered 404: no Confluence REST API there. The Base URL must include the context path when Confluence has one, e.g. https://wiki.example.com/confluence.`,
		);
	}
	const user = me.body as IDataObject | undefined;
	if (me.status !== 200 || !user || typeof user !== 'object') {
		return failed(
			`${root}/rest/api/user/current answered ${me.status ?? 'nothing'} without a user: check the Base URL (it should open Confluence in a browser).`,
		);
	}
	// An invalid token is treated as anonymous where anonymous access is on (CONFSERVER-98199).
	if (user.type === 'anonymous') {
		return failed(
			`Confluence at ${root} answered as the anonymous user: it did not accept ${how}. Check the token or password.`,
		);
	}
	const info = await probe(this, `${root}/rest/api/server-information`, credentials);
	const version =
		info.status === 200 && typeof (info.body as IDataObject | undefined)?.version === 'string'
			? `Confluence ${String((info.body as IDataObject).version)}`
			: 'Confluence (its version unknown: /rest/api/server-information did not answer)';
	const name = typeof user.displayName === 'string' ? user.displayName : 'an unnamed user';
	const login = typeof user.username === 'string' ? ` (${user.username})` : '';
	return { status: 'OK', message: `Reached ${version} at ${root} as ${name}${login}, with ${how}` };
}
