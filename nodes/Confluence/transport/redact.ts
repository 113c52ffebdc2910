import type { IDataObject } from 'n8n-workflow';

/**
 * Credential fields that identify rather than authenticate. Every other text field of any credential type counts as a
 * secret (API tokens, client secrets, access and refresh tokens, personal access tokens, service-account secrets), so
 * that a credential type added later is covered without being listed here.
 */
const PUBLIC_FIELDS = new Set(
	[
		'siteUrl',
		'email',
		'username',
		'clientId',
		'grantType',
		'authServerUrl',
		'apiGatewayUrl',
		'authUrl',
		'accessTokenUrl',
		'customScopes',
		'scopesNotice',
		'enabledScopes',
		'scope',
		'authQueryParameters',
		'authentication',
		'token_type',
		'expires_in',
		'ignoreSSLIssues',
		'serverUrl',
		'baseUrl',
		// The Data Center credential's choice ("pat" or "password"): a word, not a secret.
		'authType',
	].map((name) => name.toLowerCase()),
);

const IDENTITY_FIELDS = new Set(['email', 'username', 'clientid']);

/** Shorter values are too likely to occur in ordinary text to be cut out of it. */
const MIN_SECRET_LENGTH = 6;

function base64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The values of a decrypted credential that must never be shown, in every form they travel in: as they are,
 * percent-encoded, base64-encoded, and as the `identity:secret` pair of a Basic header.
 */
export function secretValuesOf(credentials: object | undefined): string[] {
	const secrets = new Set<string>();
	const identities: string[] = [];
	const walk = (value: unknown, key: string, depth: number) => {
		if (typeof value === 'string') {
			const lower = key.toLowerCase();
			if (IDENTITY_FIELDS.has(lower) && value) identities.push(value);
			if (PUBLIC_FIELDS.has(lower) || value.length < MIN_SECRET_LENGTH) return;
			if (/^https?:\/\//i.test(value)) return;
			secrets.add(value);
			return;
		}
		if (!value || typeof value !== 'object' || depth > 3) return;
		for (const [childKey, child] of Object.entries(value as IDataObject)) {
			walk(child, childKey, depth + 1);
		}
	};
	walk(credentials, '', 0);
	for (const secret of [...secrets]) {
		secrets.add(encodeURIComponent(secret));
		secrets.add(base64(secret));
		for (const identity of identities) secrets.add(base64(`${identity}:${secret}`));
	}
	// Longest first, so that a value containing another is cut out whole.
	return [...secrets].sort((a, b) => b.length - a.length);
}

export const REDACTED = '[redacted]';

/** Shapes of secrets whatever their value: echoed authorization headers, OAuth token fields, JWTs, Atlassian API tokens. */
const SECRET_SHAPES: Array<[RegExp, string]> = [
	[
		/\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:basic|bearer|token|digest|negotiate)\s+)?[^\s"',;}&]+/gi,
		`$1${REDACTED}`,
	],
	// A word after Basic/Bearer is a credential when it has a digit or a base64 sign ("Basic authentication" is prose).
	[
		/\b(basic|bearer)(\s+)(?=[A-Za-z0-9\-._~+/]*[0-9+/=])[A-Za-z0-9\-._~+/]{8,}=*/gi,
		`$1$2${REDACTED}`,
	],
	[
		/(["']?\b(?:access_token|refresh_token|id_token|client_secret|api_?token|accessToken|refreshToken|clientSecret|password|client_assertion|personal_?access_?token)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
		`$1${REDACTED}`,
	],
	[/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g, REDACTED],
	[/\bAT[A-Z]{2}T[A-Za-z0-9_\-=]{16,}/g, REDACTED],
];

/** Text with every given secret value and every secret-shaped fragment replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) {
		if (secret && result.includes(secret)) result = result.split(secret).join(REDACTED);
	}
	for (const [shape, replacement] of SECRET_SHAPES) result = result.replace(shape, replacement);
	return result;
}
