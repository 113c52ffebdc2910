import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { failed, probe, type Probe } from './credentialProbe';
import { gatewayOf, gatewayRoot, normalizeSiteUrl } from './site';

const PROBE_PATH = '/wiki/api/v2/spaces?limit=1';

function basicAuth(credentials: ICredentialDataDecryptedObject): Record<string, unknown> {
	return { auth: { user: String(credentials.email), pass: String(credentials.apiToken) } };
}

function says(body: unknown, pattern: RegExp): boolean {
	return pattern.test(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
}

async function cloudIdOf(
	ctx: ICredentialTestFunctions,
	credentials: ICredentialDataDecryptedObject,
	site: string,
): Promise<string | undefined> {
	const typed = String(credentials.cloudId ?? '').trim();
	if (typed) return typed;
	const answer = await probe(ctx, `${site}/_edge/tenant_info`);
	const cloudId = (answer.body as IDataObject | undefined)?.cloudId;
	return answer.status === 200 && typeof cloudId === 'string' && cloudId ? cloudId : undefined;
}

function refusal(answer: Probe, where: string): string {
	if (answer.error) return `Could not reach ${where}: ${answer.error}`;
	if (answer.status === 401 && says(answer.body, /scope does not match/i)) {
		return `The scoped API token lacks a scope: listing spaces needs read:space:confluence. Create a token with the scopes listed in the node's documentation.`;
	}
	if (answer.status === 403) {
		return `The account can sign in but cannot use Confluence on ${where} (403): ask a site admin for Confluence access.`;
	}
	if (answer.status === 404)
		return `${where} answered 404: no Confluence site there. Check the Site URL and Cloud ID.`;
	return `${where} answered ${answer.status ?? 'nothing'}.`;
}

/**
 * The API-token credential's test: tells a classic token (site URL) from a scoped one (gateway,
 * https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/), and says what is
 * wrong when neither works.
 */
export async function testApiTokenCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = credential.data ?? {};
	const site = normalizeSiteUrl(String(credentials.siteUrl ?? ''));
	const scopedWanted = credentials.scoping === 'scoped';
	const classic = async () => await probe(this, `${site}${PROBE_PATH}`, basicAuth(credentials));
	const scoped = async (): Promise<{ answer: Probe; cloudId?: string }> => {
		const cloudId = await cloudIdOf(this, credentials, site);
		if (!cloudId) return { answer: { error: `${site}/_edge/tenant_info told no cloud ID` } };
		const root = gatewayRoot(gatewayOf(credentials), cloudId);
		return { answer: await probe(this, `${root}${PROBE_PATH}`, basicAuth(credentials)), cloudId };
	};

	if (!scopedWanted) {
		const onSite = await classic();
		if (onSite.status === 200) {
			return { status: 'OK', message: `Classic API token: it reaches ${site}` };
		}
		if (onSite.status !== 401) return failed(refusal(onSite, site));
		const { answer } = await scoped();
		if (answer.status === 200) {
			return failed(
				'This is a scoped API token: it works only through api.atlassian.com. Set Token Type (in the credential) to "Scoped API Token".',
			);
		}
		return failed(
			'Confluence refused the email and API token: one of them is wrong, or the token was revoked or has expired (API tokens expire within a year of creation).',
		);
	}
	const { answer, cloudId } = await scoped();
	if (answer.status === 200) {
		return {
			status: 'OK',
			message: `Scoped API token: it reaches ${site} through ${gatewayOf(credentials)} (cloud ID ${cloudId})`,
		};
	}
	if (answer.status === 401 && !says(answer.body, /scope does not match/i)) {
		const onSite = await classic();
		if (onSite.status === 200) {
			return failed(
				'This is a classic API token (it works on the site URL, not through api.atlassian.com). Set Token Type (in the credential) to "Classic API Token".',
			);
		}
		return failed(
			'Confluence refused the email and API token: one of them is wrong, or the token was revoked or has expired (API tokens expire within a year of creation).',
		);
	}
	return failed(refusal(answer, cloudId ? `the gateway for cloud ID ${cloudId}` : site));
}
