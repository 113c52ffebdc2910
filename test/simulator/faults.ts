/* Fault injection: rate limits, server errors, latency, dropped connections and expired tokens, matched per request. */
import type { SimClock } from './clock';
import type { SimSettings } from './context';

export interface FaultMatch {
	/** HTTP method, case-insensitive; any when omitted. */
	method?: string;
	/** Tested against the site-relative path (gateway prefix removed, no query). A string is compiled as a RegExp. */
	path?: RegExp | string;
}

export type FaultKind =
	| {
			kind: 'rateLimit';
			/**
			 * Seconds (default 1), or a Date rendered as an HTTP-date, or 'none' to omit Retry-After, or any other text sent
			 * as it is (REALITY.md: retry-after-absurd). Values that are no time (NaN, huge, negative, invalid dates) are sent
			 * too; X-RateLimit-Reset then falls back to one second ahead.
			 */
			retryAfter?: number | Date | 'none' | string;
			/** X-RateLimit-Limit (default 100). */
			limit?: number;
			/**
			 * RateLimit-Reason (default 'confluence-burst-based'). A `confluence-quota-*` reason makes it a quota answer, with
			 * the headers `sim.settings.quotaHeaders` picks.
			 */
			reason?: string;
			/** Response body text (default empty). */
			body?: string;
	  }
	| {
			kind: 'serverError';
			/** Default 503. */
			status?: 500 | 502 | 503 | 504;
			/** Seconds or a Date (HTTP-date); omitted by default. */
			retryAfter?: number | Date;
			/**
			 * A proxy's or server's error page that repeats the request it failed on, Authorization header and body
			 * included, as text (REALITY.md: error-echoes-request).
			 */
			echoRequest?: boolean;
	  }
	| { kind: 'latency'; ms: number }
	/**
	 * Runs `run` when a matching request arrives, before it is applied: a deterministic "someone edits meanwhile". A
	 * promise holds the request until it settles (a poll that hangs for as long as the test wants).
	 */
	| { kind: 'beforeApply'; run: () => unknown }
	/** Socket destroyed before the request is applied: nothing changes, nothing is written. */
	| { kind: 'dropBeforeApply' }
	/** The request is applied (state changes), then the socket is destroyed instead of answering. */
	| { kind: 'dropAfterApply' }
	| {
			kind: 'expiredToken';
			/**
			 * 401 answers like an expired token; 403/404 are the gateway's answers for expired tokens (n8n-io/n8n#37776).
			 * Omitted: what `sim.settings.expiredTokenStatus` says for the path. The body follows
			 * `sim.settings.expiredTokenBody`. Bearer requests also get the presented access token really expired, so only a
			 * refresh helps.
			 */
			status?: 401 | 403 | 404;
	  };

export type FaultSpec = FaultKind &
	FaultMatch & {
		/** How many matching requests get the fault (default 1; Infinity allowed). */ times?: number;
	};

export interface FaultHandle {
	readonly spec: FaultSpec;
	/** Matching requests that got this fault so far. */
	readonly hits: number;
	readonly remaining: number;
	cancel(): void;
}

export interface InjectedFault {
	kind: FaultKind['kind'] | 'rateLimiter';
	method: string;
	path: string;
	at: Date;
}

export interface FaultControl {
	inject(spec: FaultSpec): FaultHandle;
	/**
	 * Continuous limiter on the simulator's clock: beyond `requestsPerSecond` in any 1-second window, answer 429. null
	 * turns it off. With the clock frozen (`clock.set`) a test decides when a second has passed, so what it asserts
	 * does not depend on how fast the machine sends.
	 */
	setRateLimit(options: { requestsPerSecond: number; retryAfterSeconds?: number } | null): void;
	/** Latency added to every request (ms). */
	setLatency(ms: number): void;
	/** Removes injected faults, the limiter and global latency; keeps the counters. */
	clear(): void;
	/** Number of requests that received an injected fault or a limiter 429. */
	readonly injectedCount: number;
	readonly log: readonly InjectedFault[];
	readonly latencyMs: number;
}

export type FaultDecision =
	| {
			action: 'respond';
			status: number;
			headers: Record<string, string>;
			body: string;
			contentType: string;
	  }
	| { action: 'dropBefore' }
	| { action: 'expiredToken'; status?: 401 | 403 | 404 };

export interface FaultPlan {
	/** Extra latency before the request is handled (global + matched latency faults). */
	delayMs: number;
	/** Fault answered instead of the request (checked after the delay). */
	decision?: FaultDecision;
	/** Drop the connection after applying the request. */
	dropAfter: boolean;
	/** Callbacks to run just before the request is applied. */
	beforeApply: Array<() => unknown>;
}

interface ActiveFault {
	spec: FaultSpec;
	pathPattern?: RegExp;
	hits: number;
	remaining: number;
	cancelled: boolean;
}

function httpDate(date: Date): string {
	return date.toUTCString();
}

/** `yyyy-MM-ddTHH:mmZ`, the form Atlassian documents for X-RateLimit-Reset. */
function resetStamp(date: Date): string {
	return `${date.toISOString().slice(0, 16)}Z`;
}

/** What an echoing fault repeats of the request. */
export interface FaultRequest {
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

function echoPage(method: string, path: string, status: number, request: FaultRequest): string {
	const headers = Object.entries(request.headers)
		.map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : (value ?? '')}`)
		.join('\n');
	return `${status} upstream error while handling ${method} ${path}\n${headers}\n\n${request.body}`;
}

export interface FaultEngine {
	control: FaultControl;
	plan(method: string, path: string, request?: FaultRequest): FaultPlan;
	reset(): void;
}

export function createFaults(
	clock: SimClock,
	initialLatencyMs = 0,
	settings?: Pick<SimSettings, 'quotaHeaders'>,
): FaultEngine {
	let faults: ActiveFault[] = [];
	let limiter: { requestsPerSecond: number; retryAfterSeconds?: number } | null = null;
	let window: number[] = [];
	let latencyMs = initialLatencyMs;
	let injectedCount = 0;
	const log: InjectedFault[] = [];

	const note = (kind: InjectedFault['kind'], method: string, path: string) => {
		injectedCount++;
		log.push({ kind, method, path, at: clock.now() });
	};

	const rateLimitResponse = (
		retryAfter: number | Date | string | undefined,
		limit: number,
		reason: string,
		body: string,
	): FaultDecision => {
		const now = clock.now();
		const headers: Record<string, string> = {
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': '0',
			'x-ratelimit-nearlimit': 'true',
			'ratelimit-reason': reason,
		};
		const fallback = new Date(now.getTime() + 1000);
		let resetAt = fallback;
		if (retryAfter instanceof Date) {
			headers['retry-after'] = Number.isNaN(retryAfter.getTime())
				? 'Invalid Date'
				: httpDate(retryAfter);
			resetAt = retryAfter;
		} else if (typeof retryAfter === 'string' && retryAfter !== 'none') {
			headers['retry-after'] = retryAfter;
			resetAt = new Date(now.getTime() + Number(retryAfter) * 1000);
		} else if (retryAfter !== 'none') {
			const seconds = retryAfter ?? 1;
			headers['retry-after'] = String(seconds);
			resetAt = new Date(now.getTime() + seconds * 1000);
		}
		// A Retry-After that is no time leaves no reset time to compute: new Date(NaN) has no ISO form.
		const validResetAt = Number.isNaN(resetAt.getTime()) ? fallback : resetAt;
		headers['x-ratelimit-reset'] = resetStamp(validResetAt);
		if (/quota/i.test(reason)) Object.assign(headers, quotaHeaders(headers, validResetAt, limit, now));
		return { action: 'respond', status: 429, headers, body, contentType: 'text/plain' };
	};

	/**
	 * A quota answer's headers (REALITY.md `quota-rate-limit-headers`): the documented `RateLimit`/`RateLimit-Policy`
	 * next to Retry-After, or the `Beta-` names seen in 2026 without Retry-After.
	 */
	const quotaHeaders = (
		headers: Record<string, string>,
		resetAt: Date,
		limit: number,
		now: Date,
	): Record<string, string> => {
		const seconds = Math.max(0, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
		const policy = `"tenant-app-quota";q=${limit};w=3600`;
		const remaining = `"tenant-app-quota";r=0;t=${seconds}`;
		if ((settings?.quotaHeaders ?? 'documented') === 'documented') {
			return { ratelimit: remaining, 'ratelimit-policy': policy };
		}
		const reason = headers['ratelimit-reason'];
		const reset = headers['x-ratelimit-reset'];
		delete headers['retry-after'];
		delete headers['ratelimit-reason'];
		delete headers['x-ratelimit-reset'];
		return {
			'beta-ratelimit': remaining,
			'beta-ratelimit-policy': policy,
			'x-beta-ratelimit-reason': reason,
			'x-beta-ratelimit-reset': reset,
		};
	};

	const control: FaultControl = {
		inject(spec) {
			const active: ActiveFault = {
				spec,
				pathPattern:
					spec.path === undefined
						? undefined
						: spec.path instanceof RegExp
							? spec.path
							: new RegExp(spec.path),
				hits: 0,
				remaining: spec.times ?? 1,
				cancelled: false,
			};
			faults.push(active);
			return {
				spec,
				get hits() {
					return active.hits;
				},
				get remaining() {
					return active.cancelled ? 0 : active.remaining;
				},
				cancel() {
					active.cancelled = true;
				},
			};
		},
		setRateLimit(options) {
			limiter = options;
			window = [];
		},
		setLatency(ms) {
			latencyMs = ms;
		},
		clear() {
			faults = [];
			limiter = null;
			window = [];
			latencyMs = 0;
		},
		get injectedCount() {
			return injectedCount;
		},
		get log() {
			return log;
		},
		get latencyMs() {
			return latencyMs;
		},
	};

	return {
		control,
		reset() {
			control.clear();
			injectedCount = 0;
			log.length = 0;
		},
		plan(method, path, request = { headers: {}, body: '' }) {
			const plan: FaultPlan = { delayMs: latencyMs, dropAfter: false, beforeApply: [] };
			for (const fault of faults) {
				if (fault.cancelled || fault.remaining <= 0) continue;
				if (fault.spec.method && fault.spec.method.toUpperCase() !== method.toUpperCase()) continue;
				if (fault.pathPattern && !fault.pathPattern.test(path)) continue;
				const spec = fault.spec;
				if (spec.kind === 'latency') {
					plan.delayMs += spec.ms;
				} else if (spec.kind === 'beforeApply') {
					plan.beforeApply.push(spec.run);
				} else if (spec.kind === 'dropAfterApply') {
					if (plan.decision || plan.dropAfter) continue;
					plan.dropAfter = true;
				} else {
					if (plan.decision || plan.dropAfter) continue;
					if (spec.kind === 'rateLimit') {
						plan.decision = rateLimitResponse(
							spec.retryAfter,
							spec.limit ?? 100,
							spec.reason ?? 'confluence-burst-based',
							spec.body ?? '',
						);
					} else if (spec.kind === 'serverError') {
						const status = spec.status ?? 503;
						const headers: Record<string, string> = {};
						if (spec.retryAfter instanceof Date) headers['retry-after'] = httpDate(spec.retryAfter);
						else if (spec.retryAfter !== undefined)
							headers['retry-after'] = String(spec.retryAfter);
						plan.decision = spec.echoRequest
							? {
									action: 'respond',
									status,
									headers,
									body: echoPage(method, path, status, request),
									contentType: 'text/plain',
								}
							: {
									action: 'respond',
									status,
									headers,
									body: JSON.stringify({
										errors: [
											{
												status,
												code:
													status === 503
														? 'SERVICE_UNAVAILABLE'
														: status === 502
															? 'BAD_GATEWAY'
															: 'INTERNAL_SERVER_ERROR',
												title:
													status === 503
														? 'Service Unavailable'
														: status === 502
															? 'Bad Gateway'
															: 'Internal Server Error',
												detail: null,
											},
										],
									}),
									contentType: 'application/json',
								};
					} else if (spec.kind === 'dropBeforeApply') {
						plan.decision = { action: 'dropBefore' };
					} else {
						plan.decision = { action: 'expiredToken', status: spec.status };
					}
				}
				fault.hits++;
				fault.remaining--;
				note(spec.kind, method, path);
			}
			if (!plan.decision && !plan.dropAfter && limiter) {
				const nowMs = clock.now().getTime();
				window = window.filter((t) => nowMs - t < 1000);
				if (window.length >= limiter.requestsPerSecond) {
					const waitSeconds =
						limiter.retryAfterSeconds ??
						Math.max(1, Math.ceil((1000 - (nowMs - window[0])) / 1000));
					plan.decision = rateLimitResponse(
						waitSeconds,
						limiter.requestsPerSecond,
						'confluence-burst-based',
						'',
					);
					note('rateLimiter', method, path);
				} else {
					window.push(nowMs);
				}
			}
			return plan;
		},
	};
}
