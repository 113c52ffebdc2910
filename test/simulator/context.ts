/* What a route module receives: `register(router, ctx)`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { SimClock } from './clock';
import { errors, type SimRequest, type SimResponse } from './http';
import type { OAuthState, SiteRecord } from './oauth';
import { paginateV1, paginateV2, type V1ListOptions, type V2ListOptions } from './pagination';
import type { Router } from './router';
import type { Store, UserRecord, WriteContext } from './store';

export interface SimSettings {
	/** v2 `limit` above the operation's maximum: 400 (default) or clamp. */
	limitOverflow: 'reject' | 'clamp';
	/**
	 * How the gateway answers a bearer token past its expiry (REALITY.md `expired-token-status`): 401, or 404 on v2
	 * paths and 403 on v1 paths.
	 */
	expiredTokenStatus: 'unauthorized' | 'byFamily';
	/**
	 * The body of such a 403/404 (REALITY.md `expired-token-body`): the gateway's `{code, message}`, or Confluence's own
	 * envelope (v2 `errors[]`, v1 `{statusCode, message}`).
	 */
	expiredTokenBody: 'gateway' | 'confluence';
	/**
	 * The headers of a quota 429 (REALITY.md `quota-rate-limit-headers`): the documented Retry-After, RateLimit-Reason,
	 * RateLimit and RateLimit-Policy, or the `Beta-RateLimit`/`X-Beta-RateLimit-*` names without Retry-After.
	 */
	quotaHeaders: 'documented' | 'beta';
	/**
	 * A classic (unscoped) API token sent through the gateway (REALITY.md `classic-token-on-gateway`): refused with 401,
	 * or accepted.
	 */
	classicTokenOnGateway: 'unauthorized' | 'accepted';
}

export const DEFAULT_SIM_SETTINGS: Readonly<Omit<SimSettings, 'limitOverflow'>> = {
	expiredTokenStatus: 'unauthorized',
	expiredTokenBody: 'gateway',
	quotaHeaders: 'documented',
	classicTokenOnGateway: 'unauthorized',
};

export interface SimContext {
	readonly store: Store;
	readonly clock: SimClock;
	readonly oauth: OAuthState;
	/** `http://127.0.0.1:PORT` (site root; `_links.base` is `${baseUrl}/wiki`). */
	readonly baseUrl: string;
	/** Origin of the second listener that serves attachment bytes. */
	readonly mediaUrl: string;
	readonly cloudId: string;
	readonly sites: SiteRecord[];
	readonly settings: SimSettings;
	/** Routes of the media listener (all public; protect them with signMedia/verifyMedia). */
	readonly media: Router;
	/** The authenticated user of a request (routes are authenticated unless registered `public`). */
	user(req: SimRequest): UserRecord;
	/** Actor + remote address for store writes (audit records). */
	write(req: SimRequest): WriteContext;
	paginateV2<T>(req: SimRequest, items: readonly T[], options: V2ListOptions<T>): SimResponse;
	paginateV1<T>(req: SimRequest, items: readonly T[], options: V1ListOptions<T>): SimResponse;
	/** HMAC of a value with this simulator's secret, for signed media URLs. */
	signMedia(value: string): string;
	verifyMedia(value: string, signature: string): boolean;
}

export function createContext(deps: {
	store: Store;
	clock: SimClock;
	oauth: OAuthState;
	media: Router;
	sites: SiteRecord[];
	cloudId: string;
	secret: Buffer;
	urls: () => { baseUrl: string; mediaUrl: string };
	settings: SimSettings;
}): SimContext {
	const sign = (value: string) =>
		createHmac('sha256', deps.secret).update(value).digest('base64url');
	return {
		store: deps.store,
		clock: deps.clock,
		oauth: deps.oauth,
		media: deps.media,
		sites: deps.sites,
		settings: deps.settings,
		cloudId: deps.cloudId,
		get baseUrl() {
			return deps.urls().baseUrl;
		},
		get mediaUrl() {
			return deps.urls().mediaUrl;
		},
		user(req) {
			if (!req.auth.user) throw errors.unauthorized();
			return req.auth.user;
		},
		write(req) {
			return { actorId: req.auth.user?.accountId, remoteAddress: req.remoteAddress };
		},
		paginateV2(req, items, options) {
			return paginateV2(req, deps.urls().baseUrl, items, {
				limitOverflow: deps.settings.limitOverflow,
				...options,
			});
		},
		paginateV1(req, items, options) {
			return paginateV1(req, deps.urls().baseUrl, items, options);
		},
		signMedia: sign,
		verifyMedia(value, signature) {
			const expected = Buffer.from(sign(value));
			const given = Buffer.from(signature);
			return expected.length === given.length && timingSafeEqual(expected, given);
		},
	};
}
