import type { CredentialAuth } from './types';

/**
 * `https://wiki.example.com/confluence/` → `https://wiki.example.com/confluence`. Data Center serves its REST API under
 * the site's context path (`{base}/rest/api/...`), with no `/wiki` and no v2
 * (https://developer.atlassian.com/server/confluence/confluence-rest-api-examples/), so only a trailing slash goes.
 */
export function normalizeDataCenterUrl(baseUrl: string): string {
	let url = baseUrl.trim().replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
	return url.replace(/\/rest\/api$/i, '');
}

/**
 * Confluence Data Center or Server: a personal access token (Bearer, Confluence 7.9 and later) or a username and
 * password (Basic); headers are the credential's `authenticate`. Only the v1 REST API exists there.
 */
export const dataCenterAuth: CredentialAuth = {
	credentialType: 'confluenceDataCenterApi',
	advice: {
		401: 'Confluence refused the personal access token (wrong, revoked or expired; tokens need Confluence 7.9 or later) or the username and password. Check the credential; sites with single sign-on may accept personal access tokens only.',
		404: 'Confluence answers "not found" both for IDs and keys that do not exist and for content the account may not see. Check the ID or space key and the account\'s permissions, and that the credential\'s Base URL includes the context path (e.g. /confluence).',
	},
	async target(_ctx, credentials) {
		const root = normalizeDataCenterUrl(String(credentials.baseUrl ?? ''));
		return {
			credentialType: 'confluenceDataCenterApi',
			apiBase: { v1: `${root}/rest/api`, site: root },
			origin: new URL(root).origin,
			skipSslCertificateValidation: credentials.ignoreSSLIssues === true,
		};
	},
};
