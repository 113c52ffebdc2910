/**
 * Exactly-once bookkeeping for one feed, as plain JSON (n8n persists it in the workflow's static data).
 *
 * The watermark is a Confluence timestamp (never n8n's clock, so clock differences cannot skip events): everything
 * older than `watermark - overlap` is decided. Each poll rescans from there; `seen` remembers the keys already decided
 * inside that window, so items that share the boundary time, or that become visible late, are neither repeated nor lost.
 */
export interface FeedState {
	watermark: string;
	/** [key, ISO time] of every entry decided (emitted or filtered out) at or after `watermark - overlap`. */
	seen: Array<[string, string]>;
}

export interface FeedEntry {
	/** Identifies one event: e.g. `page:123:v4`. */
	key: string;
	/** When it happened, per Confluence (ISO). */
	at: string;
	/** The key an earlier version of the trigger stored for it: a state written then must not repeat it. */
	formerKey?: string;
}

export type Decision = 'emit' | 'skip' | 'defer';

function ms(iso: string): number {
	const value = Date.parse(iso);
	return Number.isNaN(value) ? 0 : value;
}

export function windowStart(state: FeedState, overlapMs: number): string {
	return new Date(ms(state.watermark) - overlapMs).toISOString();
}

/** The entries not decided yet, oldest first. */
export function undecided<T extends FeedEntry>(
	state: FeedState,
	entries: T[],
	overlapMs: number,
): T[] {
	const seen = new Set(state.seen.map(([key]) => key));
	const from = ms(state.watermark) - overlapMs;
	const unique = new Map<string, T>();
	for (const entry of entries) {
		if (ms(entry.at) < from || seen.has(entry.key)) continue;
		if (entry.formerKey !== undefined && seen.has(entry.formerKey)) continue;
		unique.set(entry.key, entry);
	}
	return [...unique.values()].sort((a, b) => ms(a.at) - ms(b.at) || a.key.localeCompare(b.key));
}

/**
 * The state after a poll. Deferred entries (e.g. waiting for the search index) hold the watermark back so they are
 * looked at again; everything decided is remembered while it is inside the rescan window. The watermark never passes
 * `ceiling`, Confluence's own "now": an entry dated in the future (a blog post's chosen date, a clock running fast)
 * would otherwise put every later event behind the window. Such an entry stays remembered until the watermark passes it.
 */
export function advance(
	state: FeedState,
	decided: Array<FeedEntry & { decision: Decision }>,
	overlapMs: number,
	ceiling: number,
): FeedState {
	const deferred = decided.filter((entry) => entry.decision === 'defer');
	const settled = decided.filter((entry) => entry.decision !== 'defer');
	let watermark = ms(state.watermark);
	for (const entry of settled) watermark = Math.max(watermark, Math.min(ms(entry.at), ceiling));
	for (const entry of deferred) watermark = Math.min(watermark, ms(entry.at));
	const keepFrom = watermark - overlapMs;
	const seen = new Map<string, string>();
	for (const [key, at] of state.seen) if (ms(at) >= keepFrom) seen.set(key, at);
	for (const entry of settled) if (ms(entry.at) >= keepFrom) seen.set(entry.key, entry.at);
	return { watermark: new Date(watermark).toISOString(), seen: [...seen.entries()] };
}

export function initialState(at: string): FeedState {
	return { watermark: new Date(ms(at)).toISOString(), seen: [] };
}
