import type { IDataObject } from 'n8n-workflow';

import type { RateLimit } from '../transport';

/**
 * Polls that met a rate limit Confluence would not lift within the node's wait (a used-up hourly quota), by workflow
 * and node: until then a poll ends at once, without a request.
 */
const pausedUntil = new Map<string, number>();

export function pausedPoll(pollKey: string, now: number): number | undefined {
	const until = pausedUntil.get(pollKey);
	if (until === undefined) return undefined;
	if (now >= until) {
		pausedUntil.delete(pollKey);
		return undefined;
	}
	return until;
}

/**
 * A poll that failed on a rate limit ends cleanly: no events, nothing stored (the next poll starts from the same saved
 * position, so nothing is lost), and a sentence for the log saying why and when polling resumes.
 */
export function endRateLimitedPoll(
	pollKey: string,
	error: unknown,
	now: number,
): string | undefined {
	const context = (error as { context?: IDataObject } | undefined)?.context;
	const rateLimit = context?.rateLimit as RateLimit | undefined;
	if (!rateLimit) return undefined;
	const message = (error as Error).message;
	if (rateLimit.resetAt !== undefined && rateLimit.resetAt > now) {
		pausedUntil.set(pollKey, rateLimit.resetAt);
		return `Confluence Trigger: ${message}. This poll emitted nothing and saved nothing; polling resumes with the first poll after ${new Date(rateLimit.resetAt).toISOString()}, from where it stopped.`;
	}
	return `Confluence Trigger: ${message}. This poll emitted nothing and saved nothing; the next poll tries again from where it stopped.`;
}
