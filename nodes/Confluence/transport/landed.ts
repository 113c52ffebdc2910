import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	apiPath,
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
	 * clock (to compare with the `createdAt` it gives); `accountId` is the connected account's (its user key on Data Center). Absent when what landed cannot be told apart (e.g. a wiki markup
	 * body, which Confluence converts): then the create fails as it is, and is never sent again.
	 */
	find?(since: number, accountId: string): Promise<IDataObject | undefined>;
	/**
	 * The look-up reads something that may not show the newest writes yet (CQL search, whose index lags:
	 * REALITY.md search-index-lag): not finding the object then says nothing, so the create is not sent again.
	 */
	mayMissRecent?: boolean;
	/**
	 * What tells this create apart when its body is no stable JSON (a multipart upload, whose boundary changes with
	 * every send); the body itself otherwise.
	 */
	identity?: string;
	/** Sends the create and reads its answer; a JSON request through the transport by default. */
	send?: (request: ConfluenceRequest) => Promise<IDataObject>;
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

function unsettledKey(
	ctx: ConfluenceContext,
	request: ConfluenceRequest,
	identity: string | undefined,
): string {
	const execution = (ctx as { getExecutionId?: () => string }).getExecutionId?.() ?? '';
	let body = identity ?? '';
	if (identity === undefined) {
		try {
			body = JSON.stringify(request.body ?? null);
		} catch {
			body = '';
		}
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
		path: apiPath`/user/current`,
		itemIndex,
	});
	// Data Center has no account IDs: its users are named by user key (REALITY.md dc-user-username).
	const user = (answer.body as IDataObject | undefined) ?? {};
	const accountId = String(user.accountId ?? user.userKey ?? '');
	const serverNow = Date.parse(String(answer.headers.date ?? answer.headers.Date ?? ''));
	const since = Number.isNaN(serverNow)
		? sentAt - CLOCK_SKEW_MS
		: serverNow - (Date.now() - sentAt) - DATE_RESOLUTION_MS;
	return { accountId, since };
}

function maybeLanded(error: unknown, description: string): never {
	const failure = error as NodeApiError;
	failure.description = `${failure.description ?? ''} ${description}`.trim();
	throw failure;
}

/**
 * Sends a create once; when its outcome is unknown, answers with what landed, or sends it again when nothing did. Every
 * create the node sends goes through here; each declares only how to find its object (`lookup.find`).
 */
export async function createOnce(
	ctx: ConfluenceContext,
	request: ConfluenceRequest,
	lookup: CreateLookup,
): Promise<IDataObject> {
	const send =
		lookup.send ?? (async (create: ConfluenceRequest) => await confluenceApi.call(ctx, create));
	const key = unsettledKey(ctx, request, lookup.identity);
	const earlier = unsettled.get(key);
	if (earlier !== undefined) {
		// n8n's Retry On Fail, after a try whose create may have landed.
		if (!lookup.find) {
			throw new NodeOperationError(
				ctx.getNode(),
				'An earlier try of this create may have reached Confluence, so it is not sent again',
				{
					itemIndex: request.itemIndex,
					description:
						'The connection failed after the create was sent, and what it makes cannot be told apart from similar objects. Check in Confluence whether it is there before running the item again.',
				},
			);
		}
		const { accountId, since } = await whoAndSince(ctx, earlier, request.itemIndex);
		const found = await lookup.find(since, accountId);
		if (found) {
			unsettled.delete(key);
			return found;
		}
		if (lookup.mayMissRecent) {
			throw new NodeOperationError(
				ctx.getNode(),
				'An earlier try of this create may have reached Confluence, and search does not show it yet',
				{
					itemIndex: request.itemIndex,
					description:
						"Confluence's search index can lag behind writes, so the create is not sent again. Check in Confluence whether it is there before running the item again.",
				},
			);
		}
	}
	for (let sends = 1; ; sends++) {
		const sentAt = earlier ?? Date.now();
		const outcome = await settle(send({ ...request, idempotent: false }));
		if (outcome.ok) {
			unsettled.delete(key);
			return outcome.value;
		}
		if (!outcomeUnknown(outcome.error)) throw outcome.error;
		remember(key, sentAt);
		if (!lookup.find) {
			maybeLanded(
				outcome.error,
				'Confluence may have applied it before the connection failed; what it makes cannot be recognised, so it is not sent again.',
			);
		}
		const find = lookup.find;
		const found = await settle(
			(async () => {
				const { accountId, since } = await whoAndSince(ctx, sentAt, request.itemIndex);
				return await find(since, accountId);
			})(),
		);
		if (!found.ok) {
			maybeLanded(
				outcome.error,
				'Confluence may have applied it before the connection failed, and looking for it failed too. With Retry On Fail, the next try looks for it before sending anything.',
			);
		}
		if (found.value) {
			unsettled.delete(key);
			return found.value;
		}
		if (lookup.mayMissRecent) {
			maybeLanded(
				outcome.error,
				'Confluence may have applied it before the connection failed, and its search index may not show it yet, so it is not sent again. With Retry On Fail, the next try looks for it before sending anything.',
			);
		}
		// Nothing landed: sending again cannot make a second one.
		if (sends >= MAX_SENDS) throw outcome.error;
	}
}
