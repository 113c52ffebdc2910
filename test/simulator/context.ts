/* What a route module receives: `register(router, ctx)`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { SimClock } from './clock';
import { errors, type SimRequest, type SimResponse } from './http';
import type { OAuthState, SiteRecord } from './oauth';
import { paginateV1, paginateV2, type V1ListOptions, type V2ListOptions } from './pagination';
import type { SimVariants } from './reality';
import type { Router } from './router';
import type { Store, UserRecord, WriteContext } from './store';

/** The variants the simulator serves where public sources disagree or are silent (reality.ts lists them). */
export type SimSettings = SimVariants;

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
	/** Live: `sim.setVariants()` changes it for the next request. */
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
	/**
	 * The Data Center flavour's server time zone, in which CQL reads date literals whoever asks
	 * (REALITY.md dc-cql-date-server-time-zone); undefined on Cloud, where each user's zone is used.
	 */
	cqlTimeZone?: () => string;
	/** Which Confluence the simulator plays (set once at start). */
	flavor?: 'cloud' | 'datacenter';
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
