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
	/** Retry-After values above this are treated as this (Atlassian has been seen sending 9223372036854775807). */
	maxRetryAfterMs: 60_000,
	maxTotalWaitMs: 180_000,
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

/** How long to wait before attempt `attempt + 1`, or undefined to give up. */
export function retryDelayMs(
	failure: HttpFailure,
	attempt: number,
	waitedMs: number,
): number | undefined {
	const policy = RETRY_POLICY;
	const rateLimited = failure.status === 429;
	if (attempt >= (rateLimited ? policy.maxRateLimitAttempts : policy.maxAttempts)) return undefined;
	const retryAfter = parseRetryAfter(failure.headers['retry-after'], policy.now());
	let delay: number;
	if (retryAfter !== undefined) {
		delay = Math.min(retryAfter, policy.maxRetryAfterMs);
		// "Retry-After: 0" over and over must not become a busy loop.
		if (rateLimited && delay === 0) delay = (policy.baseDelayMs / 4) * (1 + policy.random());
	} else {
		const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
		// Full jitter keeps many n8n workers that failed together from retrying together.
		delay = exponential / 2 + policy.random() * (exponential / 2);
	}
	if (waitedMs + delay > policy.maxTotalWaitMs) return undefined;
	return Math.round(delay);
}
