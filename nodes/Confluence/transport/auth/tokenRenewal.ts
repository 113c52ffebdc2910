import type { IAdditionalCredentialOptions, IDataObject } from 'n8n-workflow';

import type { HttpFailure } from '../errors';
import type { ConfluenceContext, CredentialType } from './types';

/** n8n's own margin before the stored expiry (n8n-core's TOKEN_EXPIRY_BUFFER_MS). */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * When the stored access token expires (ms since the epoch), if known: n8n 2.x stamps `n8n_expires_at` on every token
 * it stores (n8n-io/n8n#37776); older n8n stores only the relative `expires_in`.
 */
export function storedTokenExpiry(credentials: IDataObject): number | undefined {
	const tokens = credentials.oauthTokenData as IDataObject | undefined;
	const expiresAt = Number(tokens?.n8n_expires_at);
	return Number.isFinite(expiresAt) && expiresAt > 0 ? expiresAt : undefined;
}

function isGatewayShaped(body: unknown): boolean {
	// Confluence's own errors come as {errors:[…]} (v2) or {statusCode,…} (v1); the gateway answers {code,message}.
	if (!body || typeof body !== 'object') return true;
	const record = body as IDataObject;
	return !Array.isArray(record.errors) && record.statusCode === undefined;
}

/** Executions (their context objects) that already spent their one refresh on a token of unknown expiry. */
const refreshedWithUnknownExpiry = new WeakMap<object, Set<CredentialType>>();

/**
 * Renewal of an expiring bearer token for one request. Atlassian's gateway answers an expired token with 404 on v2
 * paths and 403 on v1, not only 401, and the body is not reliably its own `{code, message}` (n8n-io/n8n#37776). 401
 * always refreshes (n8n does that by itself); a 403/404 refreshes when it has the gateway's body, or when the token
 * could have expired: its stored expiry has passed, or, expiry unknown, this execution has not refreshed yet. At most one
 * refresh per request, and with an unknown expiry one per execution, so a run of missing pages never loops on it.
 */
export class TokenRenewal {
	private forceRefreshOn: number | undefined;
	private retried = false;
	private probed = false;
	/** The access token stored when the refresh was asked for: a different one later means n8n did refresh. */
	private tokenAtRetry: unknown;

	constructor(
		private readonly ctx: ConfluenceContext,
		private readonly credentialType: CredentialType,
		/** A request that answers an expired token with a plain 401, which makes any n8n version refresh it. */
		private readonly probe: (() => Promise<unknown>) | undefined,
	) {}

	/** What to tell n8n's httpRequestWithAuthentication on the next attempt. */
	options(): IAdditionalCredentialOptions | undefined {
		return this.forceRefreshOn === undefined
			? undefined
			: { oauth2: { tokenExpiredStatusCode: this.forceRefreshOn } };
	}

	/** Whether to send the request again after `failure`, with a refresh arranged. */
	async retryAfter(failure: HttpFailure): Promise<boolean> {
		const status = failure.status;
		if (
			!this.retried &&
			(status === 403 || status === 404) &&
			(await this.couldHaveExpired(failure))
		) {
			// Tell n8n to refresh the token if this status comes again.
			this.retried = true;
			this.forceRefreshOn = status;
			this.tokenAtRetry = await this.storedAccessToken();
			return true;
		}
		if (
			this.forceRefreshOn !== undefined &&
			status === this.forceRefreshOn &&
			!this.probed &&
			this.probe &&
			(await this.storedAccessToken()) === this.tokenAtRetry
		) {
			// The same answer after asking n8n to refresh on it, and the same token stored: n8n 1.x ignores that option and
			// refreshes on 401 only. The probe's plain 401 makes it refresh; then the request goes once more. (When n8n did
			// refresh, the answer is Confluence's own, e.g. a page that does not exist.)
			this.probed = true;
			await this.probe();
			return true;
		}
		if (this.forceRefreshOn !== undefined && status === 401) {
			// The retry met the plain 401 instead: go again with n8n's default, which refreshes on 401.
			this.forceRefreshOn = undefined;
			return true;
		}
		return false;
	}

	private async credentials(): Promise<IDataObject> {
		return await this.ctx.getCredentials(this.credentialType);
	}

	private async storedAccessToken(): Promise<unknown> {
		return ((await this.credentials()).oauthTokenData as IDataObject | undefined)?.access_token;
	}

	private async couldHaveExpired(failure: HttpFailure): Promise<boolean> {
		// Confluence answers a missing page in its own envelope: the gateway's body means the token was refused.
		if (isGatewayShaped(failure.body)) return true;
		const expiresAt = storedTokenExpiry(await this.credentials());
		if (expiresAt !== undefined) return Date.now() + EXPIRY_MARGIN_MS >= expiresAt;
		const spent = refreshedWithUnknownExpiry.get(this.ctx) ?? new Set<CredentialType>();
		if (spent.has(this.credentialType)) return false;
		spent.add(this.credentialType);
		refreshedWithUnknownExpiry.set(this.ctx, spent);
		return true;
	}
}
