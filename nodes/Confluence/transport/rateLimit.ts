import type { IExecuteFunctions } from 'n8n-workflow';

import type { ConfluenceContext } from './auth';
import { confluenceMessage, type HttpFailure } from './errors';
import { readRateLimit, RETRY_POLICY, type RateLimit } from './retry';

export const MAX_RATE_LIMIT_WAIT_PARAMETER = 'requestOptions.maxRateLimitWait';

/** Read once per execution: one value for every request of the run. */
const maxWaits = new WeakMap<object, number>();

/** The node's "Max Wait on Rate Limit" in ms; the default where the node has no such option (the trigger). */
export function maxRateLimitWaitMs(ctx: ConfluenceContext): number {
	const cached = maxWaits.get(ctx);
	if (cached !== undefined) return cached;
	const fallback = RETRY_POLICY.maxTotalWaitMs / 1000;
	let seconds = fallback;
	if ('getInputData' in ctx && ctx.getNode().parameters.requestOptions !== undefined) {
		seconds = Number(
			(ctx as IExecuteFunctions).getNodeParameter(MAX_RATE_LIMIT_WAIT_PARAMETER, 0, fallback),
		);
	}
	const ms =
		Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : RETRY_POLICY.maxTotalWaitMs;
	maxWaits.set(ctx, ms);
	return ms;
}

function inWords(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds < 90) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 90) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function utc(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The failure of a request Confluence kept rate-limiting, in plain words: which limit, why, when it resets. */
export function describeRateLimit(
	failure: HttpFailure,
	request: { method: string; path: string },
	attempts: number,
	maxWaitMs: number,
): { message: string; description: string; rateLimit: RateLimit } {
	const now = RETRY_POLICY.now();
	const rateLimit = readRateLimit(failure, now) ?? { kind: 'burst' };
	const limit =
		rateLimit.kind === 'quota'
			? "Confluence's request quota is used up"
			: 'Confluence rate limit reached (too many requests in a short time)';
	const reason = rateLimit.reason ? ` (${rateLimit.reason})` : '';
	const reset =
		rateLimit.resetAt !== undefined
			? `; it resets at ${utc(rateLimit.resetAt)}, in ${inWords(rateLimit.resetAt - now)}`
			: '; Confluence did not say when it resets';
	const retried = attempts > 1 ? ` after ${attempts} attempts` : '';
	const waited = `The node waits at most ${inWords(maxWaitMs)} for a rate limit (Request Options → Max Wait on Rate Limit)${retried}.`;
	const advice =
		rateLimit.kind === 'quota'
			? 'Since 2 March 2026 OAuth 2.0 apps also have an hourly quota per site (API-token traffic has burst limits only). Raise Max Wait on Rate Limit to wait for the reset, or spread the work over more time.'
			: "Lower the node's concurrency, add a Wait node between batches, or raise Max Wait on Rate Limit.";
	const { title } = confluenceMessage(failure.body);
	return {
		message: `${limit}${reason}${reset}${title ? `: ${title}` : ''}`,
		description: `${waited} ${advice} Request: ${request.method} ${request.path}.`,
		rateLimit,
	};
}
