import { redact, secretValuesOf } from '../../nodes/Confluence/transport/redact';

// issue 13 point 10: whatever the credential type, its values and anything shaped like a credential leave no error.
describe('redact', () => {
	const credentialTypes = {
		'API token': {
			siteUrl: 'https://x.atlassian.net',
			email: 'me@example.com',
			apiToken: 'tok-123456789',
		},
		'OAuth2 3LO': {
			siteUrl: 'https://x.atlassian.net',
			clientId: 'client-abc',
			clientSecret: 'secret-987654',
			oauthTokenData: {
				access_token: 'access-111111',
				refresh_token: 'refresh-222222',
				token_type: 'Bearer',
			},
		},
		'service account (client credentials)': { clientId: 'svc-1', clientSecret: 'svc-secret-333' },
		'Data Center personal access token': {
			baseUrl: 'https://wiki.example.com',
			personalAccessToken: 'pat-444444',
		},
	};

	it.each(Object.entries(credentialTypes))(
		'cuts every secret of a %s credential, in every form',
		(_, credential) => {
			const secrets = secretValuesOf(credential);
			const values =
				JSON.stringify(credential).match(/"(tok|secret|access|refresh|svc-secret|pat)-[^"]+"/g) ??
				[];
			expect(values.length).toBeGreaterThan(0);
			for (const quoted of values) {
				const value = JSON.parse(quoted) as string;
				const forms = [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
				for (const form of forms) expect(redact(`echo: ${form} end`, secrets)).not.toContain(form);
			}
			expect(redact('site https://x.atlassian.net answered', secrets)).toContain(
				'https://x.atlassian.net',
			);
		},
	);

	it('cuts the Basic pair of email and token', () => {
		const credential = { email: 'me@example.com', apiToken: 'tok-123456789' };
		const pair = Buffer.from('me@example.com:tok-123456789').toString('base64');
		expect(redact(`header ${pair}`, secretValuesOf(credential))).toBe('header [redacted]');
	});

	it.each([
		['Authorization: Basic bWVAZXhhbXBsZS5jb206dG9r', 'bWVAZXhhbXBsZS5jb206dG9r'],
		['authorization=Bearer abc.def.ghi123', 'abc.def.ghi123'],
		['proxy-authorization: Negotiate YIIabc123==', 'YIIabc123'],
		['{"refresh_token":"r-unknown-9999","error":"server_error"}', 'r-unknown-9999'],
		['grant_type=refresh_token&refresh_token=r-form-8888&client_secret=cs-7777', 'r-form-8888'],
		['grant_type=refresh_token&refresh_token=r-form-8888&client_secret=cs-7777', 'cs-7777'],
		['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here', 'eyJhbGciOiJIUzI1NiJ9'],
		['bad token ATATT3xFfGF0abcdefghijklmnopqrstu', 'ATATT3xFfGF0abc'],
		['Bearer 0a1b2c3d4e5f6a7b8c9d', '0a1b2c3d4e5f6a7b8c9d'],
	])('cuts secret-shaped text it was not told about: %s', (text, secret) => {
		expect(redact(text)).not.toContain(secret);
	});

	it('leaves prose alone', () => {
		const prose =
			'Basic authentication with passwords is deprecated. The authorization server refused; token expired.';
		expect(redact(prose)).toBe(prose);
	});
});
