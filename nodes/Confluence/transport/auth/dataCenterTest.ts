import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { redact, secretValuesOf } from '../redact';
import { failed as failedWith, probe, userinfoSecrets, withoutUserinfo } from './credentialProbe';
import { normalizeDataCenterUrl } from './dataCenter';

function authorization(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.authType === 'password') {
		const pair = `${String(credentials.username ?? '')}:${String(credentials.password ?? '')}`;
		return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
	}
	return `Bearer ${String(credentials.personalAccessToken ?? '')}`;
}

function probeRequest(credentials: ICredentialDataDecryptedObject): Record<string, unknown> {
	return {
		headers: { Accept: 'application/json', Authorization: authorization(credentials) },
		rejectUnauthorized: credentials.ignoreSSLIssues !== true,
	};
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
	const typed = String(credentials.baseUrl ?? '');
	// A Base URL may carry `user:password@`: messages name the site without it, and never show a credential value.
	const secrets = [...userinfoSecrets(typed.trim()), ...secretValuesOf(credentials)];
	const failed = (message: string) => failedWith(message, secrets);
	let url: string;
	try {
		url = normalizeDataCenterUrl(typed);
		new URL(url);
	} catch {
		return failed(`The Base URL "${withoutUserinfo(typed.trim())}" is not a URL`);
	}
	const root = withoutUserinfo(url);
	const how =
		credentials.authType === 'password' ? 'a username and password' : 'a personal access token';
	const me = await probe(this, `${url}/rest/api/user/current`, probeRequest(credentials));
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
	const info = await probe(this, `${url}/rest/api/server-information`, probeRequest(credentials));
	const version =
		info.status === 200 && typeof (info.body as IDataObject | undefined)?.version === 'string'
			? `Confluence ${String((info.body as IDataObject).version)}`
			: 'Confluence (its version unknown: /rest/api/server-information did not answer)';
	const name = typeof user.displayName === 'string' ? user.displayName : 'an unnamed user';
	const login = typeof user.username === 'string' ? ` (${user.username})` : '';
	return {
		status: 'OK',
		message: redact(`Reached ${version} at ${root} as ${name}${login}, with ${how}`, secrets),
	};
}
