import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	confluenceApi,
	confluenceRequest,
	type ConfluenceContext,
	type ConfluenceRequest,
} from './index';

/**
 * Creates (POST) are not idempotent: when the connection drops, or Confluence fails with 500/502/504, after it may have
 * applied one, sending it again can make a second page or comment ("title already exists" for a page). Before failing
 * or sending again, the node looks for what landed and answers with that.
 */
export interface CreateLookup {
	/**
	 * The created object when it is there: `since` is when the attempt that may have landed was sent, on Confluence's
	 * clock (to compare with the `createdAt` it gives); `accountId` is the connected account's. Absent when what landed cannot be told apart (e.g. a wiki markup
	 * body, which Confluence converts): then the create fails as it is, and is never sent again.
	 */
	find?(since: number, accountId: string): Promise<IDataObject | undefined>;
}

/**
 * Margin for "created after we sent it": Confluence's `Date` header has whole seconds, and without one this machine's
 * clock stands in for Confluence's, which may be off by this much.
 */
const CLOCK_SKEW_MS = 60_000;
const DATE_RESOLUTION_MS = 2_000;

const MAX_SENDS = 3;

/**
 * Creates whose outcome stayed unknown (the look-up failed too), per execution, node, item and request: n8n's Retry On
 * Fail runs the node again within the same execution, and that attempt looks for the first one's object before it
 * sends anything. Bounded: only the newest entries are kept.
 */
const unsettled = new Map<string, number>();
const MAX_UNSETTLED = 1000;

function unsettledKey(ctx: ConfluenceContext, request: ConfluenceRequest): string {
	const execution = (ctx as { getExecutionId?: () => string }).getExecutionId?.() ?? '';
	let body = '';
	try {
		body = JSON.stringify(request.body ?? null);
	} catch {
		body = '';
	}
	return [execution, ctx.getNode().id, request.itemIndex ?? 0, request.path, body].join('\u0000');
}

function remember(key: string, since: number): void {
	unsettled.delete(key);
	unsettled.set(key, since);
	while (unsettled.size > MAX_UNSETTLED) unsettled.delete(unsettled.keys().next().value as string);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A request's result or its error as a value, for callers that recover from some answers and pass on the rest. */
export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}

export function outcomeUnknown(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = String(error.httpCode ?? '');
	return status === '' || status === 'null' || ['500', '502', '504'].includes(status);
}

/**
 * The connected account and when, on Confluence's clock, something sent `sentAt` (this machine's clock) reached it:
 * Confluence's clock, from the answer's `Date` header, may differ from this machine's.
 */
async function whoAndSince(
	ctx: ConfluenceContext,
	sentAt: number,
	itemIndex?: number,
): Promise<{ accountId: string; since: number }> {
	const answer = await confluenceRequest.call(ctx, {
		method: 'GET',
		api: 'v1',
		path: '/user/current',
		itemIndex,
	});
	const accountId = String((answer.body as IDataObject | undefined)?.accountId ?? '');
	const serverNow = Date.parse(String(answer.headers.date ?? answer.headers.Date ?? ''));
	const since = Number.isNaN(serverNow)
		? sentAt - CLOCK_SKEW_MS
		: serverNow - (Date.now() - sentAt) - DATE_RESOLUTION_MS;
	return { accountId, since };
}

/** Sends a create once; when its outcome is unknown, answers with what landed, or sends it again when nothing did. */
export async function createOnce(
	ctx: ConfluenceContext,
	request: ConfluenceRequest,
	lookup: CreateLookup,
): Promise<IDataObject> {
	const key = unsettledKey(ctx, request);
	const earlier = unsettled.get(key);
	if (earlier !== undefined && lookup.find) {
		const { accountId, since } = await whoAndSince(ctx, earlier, request.itemIndex);
		const found = await lookup.find(since, accountId);
		if (found) {
			unsettled.delete(key);
			return found;
		}
	}
	for (let send = 1; ; send++) {
		const sentAt = earlier ?? Date.now();
		const outcome = await settle(confluenceApi.call(ctx, { ...request, idempotent: false }));
		if (outcome.ok) {
			unsettled.delete(key);
			return outcome.value;
		}
		if (!outcomeUnknown(outcome.error) || !lookup.find) throw outcome.error;
		remember(key, sentAt);
		const found = await settle(
			(async () => {
				const { accountId, since } = await whoAndSince(ctx, sentAt, request.itemIndex);
				return await lookup.find!(since, accountId);
			})(),
		);
		if (!found.ok) {
			const error = outcome.error as NodeApiError;
			error.description =
				`${error.description ?? ''} Confluence may have applied it before the connection failed, and looking for it failed too. With Retry On Fail, the next try looks for it before sending anything.`.trim();
			throw error;
		}
		if (found.value) {
			unsettled.delete(key);
			return found.value;
		}
		// Nothing landed: sending again cannot make a second one.
		if (send >= MAX_SENDS) throw outcome.error;
	}
}
