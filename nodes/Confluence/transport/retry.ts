import type { HttpFailure } from './errors';

/** Bounds for retries. Mutable so that a deployment (or a test) can tighten them; the node reads them on every call. */
export const RETRY_POLICY = {
	maxAttempts: 6,
	/**
	 * A 429 says when to come back and that nothing was processed. Counting those attempts like failures starves
	 * requests when several items share a rate limit (one keeps losing the race for the freed slots), so they are
	 * bounded by maxTotalWaitMs, with this count only as a backstop.
	 */
	maxRateLimitAttempts: 100,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	/** The longest single wait (tests shorten it); the decision to wait or give up uses what Confluence announced. */
	maxRetryAfterMs: 3_600_000,
	/** Default of the node's "Max Wait on Rate Limit": the total wait for one request. */
	maxTotalWaitMs: 180_000,
	/**
	 * A longer announced wait is noise, not a reset time (Atlassian has been seen sending Retry-After:
	 * 9223372036854775807): it is ignored and the node backs off as if none was given.
	 */
	implausibleWaitMs: 86_400_000,
	random: Math.random,
	now: (): number => Date.now(),
};

// Connection failures where the request never reached the server are always safe to repeat.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const MAYBE_SENT = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'EUNKNOWN',
]);

export function isRetryable(failure: HttpFailure, idempotent: boolean): boolean {
	if (failure.status === undefined) {
		if (failure.code && NEVER_SENT.has(failure.code)) return true;
		return idempotent && !!failure.code && MAYBE_SENT.has(failure.code);
	}
	// 429 and 503 mean the request was turned away, not processed.
	if (failure.status === 429 || failure.status === 503) return true;
	return idempotent && (failure.status === 500 || failure.status === 502 || failure.status === 504);
}

/** Seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
	return undefined;
}

export interface RateLimit {
	/**
	 * `quota`: an hourly (or longer) budget is used up, and its reset can be most of an hour away; `burst`: too many
	 * requests in a few seconds. Told apart by `RateLimit-Reason` (`confluence-quota-*` vs `confluence-burst-*`,
	 * https://developer.atlassian.com/cloud/confluence/rate-limiting/).
	 */
	kind: 'quota' | 'burst';
	/** `RateLimit-Reason` as sent. */
	reason?: string;
	/** The wait Confluence announced, when it did (and plausibly). */
	waitMs?: number;
	/** When the limit resets (ms since the epoch), when known. */
	resetAt?: number;
}

/** `yyyy-MM-ddTHH:mmZ` (X-RateLimit-Reset) or any date Date.parse reads. */
function parseResetStamp(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const time = Date.parse(value.trim());
	return Number.isNaN(time) ? undefined : time;
}

/**
 * Seconds until reset from the IETF `RateLimit` header, in either of its drafts' forms: `"quota";r=0;t=1847` or
 * `limit=100, remaining=0, reset=1847`.
 */
function parseRateLimitHeader(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const match = /(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)/i.exec(value);
	return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * What a 429 says about the limit it hit: kind, reason and the announced wait. Atlassian's header names vary: the
 * documented `Retry-After`, `RateLimit-Reason`, `RateLimit`, `X-RateLimit-Reset`, and the `Beta-RateLimit`,
 * `X-Beta-RateLimit-Reason`, `X-Beta-RateLimit-Reset` seen on quota answers (whose reset stamp can already be past):
 * https://developer.atlassian.com/cloud/confluence/rate-limiting/,
 * https://community.developer.atlassian.com/t/2026-point-based-rate-limits/97828
 */
export function readRateLimit(failure: HttpFailure, nowMs: number): RateLimit | undefined {
	if (failure.status !== 429) return undefined;
	const headers = failure.headers;
	const reason =
		(headers['ratelimit-reason'] ?? headers['x-beta-ratelimit-reason'])?.trim() || undefined;
	const kind = /quota/i.test(reason ?? '') ? 'quota' : 'burst';
	let waitMs =
		parseRetryAfter(headers['retry-after'], nowMs) ??
		parseRateLimitHeader(headers.ratelimit ?? headers['beta-ratelimit']);
	if (waitMs === undefined) {
		const reset = parseResetStamp(
			headers['x-ratelimit-reset'] ?? headers['x-beta-ratelimit-reset'],
		);
		if (reset !== undefined) waitMs = Math.max(0, reset - nowMs);
	}
	// A quota that "resets now" while refusing is a stale stamp, and a wait beyond a day is noise: neither is a reset time.
	if (
		waitMs !== undefined &&
		(waitMs > RETRY_POLICY.implausibleWaitMs || (kind === 'quota' && waitMs === 0))
	) {
		waitMs = undefined;
	}
	return { kind, reason, waitMs, resetAt: waitMs === undefined ? undefined : nowMs + waitMs };
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up: when the attempts are spent, or when the
 * wait would take the request's total past `maxWaitMs` (the node's "Max Wait on Rate Limit"). An announced wait
 * beyond it gives up at once: retrying earlier only earns the same answer.
 */
export function retryDelayMs(
	failure: HttpFailure,
	attempt: number,
	waitedMs: number,
	maxWaitMs: number = RETRY_POLICY.maxTotalWaitMs,
): number | undefined {
	const policy = RETRY_POLICY;
	const rateLimited = failure.status === 429;
	if (attempt >= (rateLimited ? policy.maxRateLimitAttempts : policy.maxAttempts)) return undefined;
	const now = policy.now();
	let announced = rateLimited
		? readRateLimit(failure, now)?.waitMs
		: parseRetryAfter(failure.headers['retry-after'], now);
	if (announced !== undefined && announced > policy.implausibleWaitMs) announced = undefined;
	let delay: number;
	if (announced !== undefined) {
		if (waitedMs + announced > maxWaitMs) return undefined;
		delay = Math.min(announced, policy.maxRetryAfterMs);
		// "Retry-After: 0" over and over must not become a busy loop.
		if (rateLimited && delay === 0) delay = (policy.baseDelayMs / 4) * (1 + policy.random());
	} else {
		const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
		// Full jitter keeps many n8n workers that failed together from retrying together.
		delay = exponential / 2 + policy.random() * (exponential / 2);
	}
	if (waitedMs + delay > maxWaitMs) return undefined;
	return Math.round(delay);
}
