/* OAuth 2.0 (3LO) state: authorization codes, access tokens (1 h on the sim clock) and rotating refresh tokens
 * (an old refresh token keeps working for a 10-minute leeway after rotation; reusing it later is refused and revokes
 * the whole token family, as Atlassian documents for rotating refresh tokens). */
import { randomBytes } from 'node:crypto';

import type { SimClock } from './clock';
import { DEMO_USER } from './store';

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_LEEWAY_MS = 10 * 60 * 1000;
export const CODE_TTL_MS = 10 * 60 * 1000;

export interface TokenSet {
	access_token: string;
	refresh_token: string;
	expires_in: number;
	scope: string;
	token_type: 'Bearer';
}

export interface AccessTokenRecord {
	token: string;
	accountId: string;
	/** undefined = issued without an explicit scope list: every operation allowed */
	scopes?: string[];
	expiresAt: number;
	familyId: string;
	revoked: boolean;
}

interface RefreshTokenRecord {
	token: string;
	accountId: string;
	scopes?: string[];
	familyId: string;
	/** When a newer refresh token replaced this one (sim clock ms). */
	rotatedAt?: number;
	revoked: boolean;
}

interface CodeRecord {
	code: string;
	accountId: string;
	scopes?: string[];
	redirectUri?: string;
	expiresAt: number;
	used: boolean;
}

export interface SiteRecord {
	id: string;
	name: string;
	url: string;
	scopes: string[];
	avatarUrl: string;
	/** API requests under /ex/confluence/{id} are served from the simulator's store. */
	served: boolean;
}

/** An API token with scopes: Basic `email:token`, accepted only through the gateway. */
export interface ScopedApiTokenRecord {
	token: string;
	accountId: string;
	/** undefined = every operation allowed. */
	scopes?: string[];
}

/** A service account's OAuth 2.0 client credential (client_credentials grant, no refresh token). */
export interface ServiceAccountClient {
	clientId: string;
	clientSecret: string;
	accountId: string;
	/** Scopes chosen when the credential was created; undefined = every operation allowed. */
	scopes?: string[];
}

export interface OAuthControl {
	readonly clientId: string;
	readonly clientSecret: string;
	/** A scoped API token of a user (default the demo user), for Basic auth through the gateway only. */
	issueScopedApiToken(options?: { scopes?: string[]; accountId?: string }): string;
	/** A service account with an OAuth 2.0 client credential; its tokens come from `/oauth/token` (client_credentials). */
	addServiceAccount(options: { accountId: string; scopes?: string[] }): {
		clientId: string;
		clientSecret: string;
	};
	/** Tokens as the token endpoint would return them. Without `scopes` the access token may call every operation. */
	issueTokens(options?: { scopes?: string[]; accountId?: string }): TokenSet;
	/** A code for `/oauth/token` grant_type=authorization_code (what /authorize would redirect with). */
	createAuthorizationCode(options?: {
		scopes?: string[];
		accountId?: string;
		redirectUri?: string;
	}): string;
	/** Every refresh token stops working (user revoked consent). */
	revokeRefreshTokens(): void;
	/** Every access token issued so far is expired (sim clock independent). */
	expireAccessTokens(): void;
}

export class OAuthState {
	readonly clientId = 'sim-client-id';
	readonly clientSecret = 'sim-client-secret';
	readonly accessTokens = new Map<string, AccessTokenRecord>();
	private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
	private readonly codes = new Map<string, CodeRecord>();
	readonly scopedApiTokens = new Map<string, ScopedApiTokenRecord>();
	readonly serviceAccounts = new Map<string, ServiceAccountClient>();

	constructor(private readonly clock: SimClock) {}

	clear(): void {
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.codes.clear();
		this.scopedApiTokens.clear();
		this.serviceAccounts.clear();
	}

	/** client_credentials: a fresh access token for the service account, no refresh token. */
	issueForClient(clientId: string, clientSecret: string): TokenSet | undefined {
		const client = this.serviceAccounts.get(clientId);
		if (!client || client.clientSecret !== clientSecret) return undefined;
		return this.issue(client.accountId, client.scopes, undefined, false);
	}

	private random(prefix: string): string {
		return `${prefix}${randomBytes(24).toString('base64url')}`;
	}

	issue(
		accountId: string,
		scopes: string[] | undefined,
		familyId = this.random('fam_'),
		withRefresh = true,
	): TokenSet {
		const now = this.clock.now().getTime();
		const access: AccessTokenRecord = {
			token: this.random('sim_at_'),
			accountId,
			scopes,
			expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
			familyId,
			revoked: false,
		};
		this.accessTokens.set(access.token, access);
		let refreshToken = '';
		if (withRefresh) {
			const refresh: RefreshTokenRecord = {
				token: this.random('sim_rt_'),
				accountId,
				scopes,
				familyId,
				revoked: false,
			};
			this.refreshTokens.set(refresh.token, refresh);
			refreshToken = refresh.token;
		}
		return {
			access_token: access.token,
			refresh_token: refreshToken,
			expires_in: ACCESS_TOKEN_TTL_SECONDS,
			scope: (scopes ?? []).join(' '),
			token_type: 'Bearer',
		};
	}

	createCode(accountId: string, scopes: string[] | undefined, redirectUri?: string): string {
		const code = this.random('sim_code_');
		this.codes.set(code, {
			code,
			accountId,
			scopes,
			redirectUri,
			expiresAt: this.clock.now().getTime() + CODE_TTL_MS,
			used: false,
		});
		return code;
	}

	/** Exchanges a code; undefined when unknown, used, expired or the redirect URI differs. */
	redeemCode(code: string, redirectUri: string | undefined): TokenSet | undefined {
		const record = this.codes.get(code);
		if (!record || record.used || record.expiresAt < this.clock.now().getTime()) return undefined;
		if (record.redirectUri && redirectUri && record.redirectUri !== redirectUri) return undefined;
		record.used = true;
		// Atlassian only hands out refresh tokens when offline_access was granted; an unscoped code gets one too.
		const withRefresh = record.scopes === undefined || record.scopes.includes('offline_access');
		return this.issue(record.accountId, record.scopes, undefined, withRefresh);
	}

	/** Rotation: a new pair every time; the old refresh token stays valid for the leeway only. */
	refresh(token: string): TokenSet | undefined {
		const record = this.refreshTokens.get(token);
		if (!record || record.revoked) return undefined;
		const now = this.clock.now().getTime();
		if (record.rotatedAt !== undefined && now - record.rotatedAt > REFRESH_LEEWAY_MS) {
			this.revokeFamily(record.familyId);
			return undefined;
		}
		if (record.rotatedAt === undefined) record.rotatedAt = now;
		return this.issue(record.accountId, record.scopes, record.familyId);
	}

	revokeFamily(familyId: string): void {
		for (const r of this.refreshTokens.values()) if (r.familyId === familyId) r.revoked = true;
		for (const a of this.accessTokens.values()) if (a.familyId === familyId) a.revoked = true;
	}

	revokeRefreshTokens(): void {
		for (const r of this.refreshTokens.values()) r.revoked = true;
	}

	expireAccessTokens(): void {
		for (const a of this.accessTokens.values())
			a.expiresAt = Math.min(a.expiresAt, this.clock.now().getTime() - 1);
	}

	/** The live access token record, or undefined when unknown/expired/revoked. */
	accessToken(token: string): AccessTokenRecord | undefined {
		const record = this.accessTokens.get(token);
		if (!record || record.revoked || record.expiresAt <= this.clock.now().getTime())
			return undefined;
		return record;
	}

	control(): OAuthControl {
		return {
			clientId: this.clientId,
			clientSecret: this.clientSecret,
			issueTokens: (options = {}) =>
				this.issue(options.accountId ?? DEMO_USER.accountId, options.scopes),
			createAuthorizationCode: (options = {}) =>
				this.createCode(
					options.accountId ?? DEMO_USER.accountId,
					options.scopes,
					options.redirectUri,
				),
			issueScopedApiToken: (options = {}) => {
				const token = this.random('ATATT3_scoped_');
				this.scopedApiTokens.set(token, {
					token,
					accountId: options.accountId ?? DEMO_USER.accountId,
					scopes: options.scopes,
				});
				return token;
			},
			addServiceAccount: (options) => {
				const client: ServiceAccountClient = {
					clientId: this.random('sa_client_'),
					clientSecret: this.random('sa_secret_'),
					accountId: options.accountId,
					scopes: options.scopes,
				};
				this.serviceAccounts.set(client.clientId, client);
				return { clientId: client.clientId, clientSecret: client.clientSecret };
			},
			revokeRefreshTokens: () => this.revokeRefreshTokens(),
			expireAccessTokens: () => this.expireAccessTokens(),
		};
	}
}
