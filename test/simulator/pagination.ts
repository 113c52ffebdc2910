/* v2 cursor pagination and v1 start/limit pagination. */
import {
	errors,
	json,
	queryInteger,
	queryString,
	type Query,
	type SimRequest,
	type SimResponse,
} from './http';

export const INVALID_CURSOR_TITLE =
	"Provided value for 'cursor' is not the correct type. Expected type is Cursor.";
export const INVALID_CURSOR_DETAIL =
	'The provided cursor was not valid. You can get a new valid cursor by making the original pagination request again.';

export type SortValue = string | number;

export interface V2ListOptions<T> {
	/** Sort names the operation allows (without `-`), each mapped to the item's sort value. */
	sorts?: Record<string, (item: T) => SortValue>;
	/** Sort applied when the request has none (may start with `-`). Default: `id` when available, else insertion order. */
	defaultSort?: string;
	/** Stable identity, the tie-breaker and cursor position (default `item.id`). */
	key?: (item: T) => string;
	defaultLimit?: number;
	maxLimit?: number;
	minLimit?: number;
	/** Shapes an item for the response. */
	map: (item: T) => unknown;
	/** Extra top-level body fields (rare). */
	extra?: Record<string, unknown>;
	/** What a limit above maxLimit does (set simulator-wide by startSimulator's `limitOverflow`). */
	limitOverflow?: 'reject' | 'clamp';
}

/** Compares ids that are numeric strings (or prefixed like `att123`) numerically, else as text. */
export function compareIds(a: string, b: string): number {
	const na = /^\D*(\d+)$/.exec(a);
	const nb = /^\D*(\d+)$/.exec(b);
	if (na && nb) {
		const da = na[1].replace(/^0+/, '');
		const db = nb[1].replace(/^0+/, '');
		if (da.length !== db.length) return da.length - db.length;
		if (da !== db) return da < db ? -1 : 1;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareValues(a: SortValue, b: SortValue): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = String(a);
	const sb = String(b);
	const lower = sa.toLowerCase().localeCompare(sb.toLowerCase());
	return lower !== 0 ? lower : sa < sb ? -1 : sa > sb ? 1 : 0;
}

interface CursorPosition {
	/** sort name including direction */
	s: string;
	/** sort value of the last item served */
	v: SortValue;
	/** key of the last item served */
	k: string;
}

const CURSOR_PREFIX = 'sim1.';

export function encodeCursor(position: CursorPosition): string {
	return CURSOR_PREFIX + Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
	const invalid = errors.invalidParameter(INVALID_CURSOR_TITLE, INVALID_CURSOR_DETAIL);
	if (!cursor.startsWith(CURSOR_PREFIX)) throw invalid;
	try {
		const parsed = JSON.parse(
			Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'),
		) as CursorPosition;
		if (
			typeof parsed !== 'object' ||
			parsed === null ||
			typeof parsed.s !== 'string' ||
			typeof parsed.k !== 'string' ||
			(typeof parsed.v !== 'string' && typeof parsed.v !== 'number')
		) {
			throw invalid;
		}
		return parsed;
	} catch {
		throw invalid;
	}
}

/**
 * limit min..max (default per operation); not an integer or below the minimum → 400 INVALID_REQUEST_PARAMETER.
 * Above the maximum → 400 too, or clamped to the maximum with `overflow: 'clamp'` (Atlassian does not document
 * which one the live API does).
 */
export function parseLimit(
	query: Query,
	defaultLimit: number,
	maxLimit = 250,
	minLimit = 1,
	overflow: 'reject' | 'clamp' = 'reject',
): number {
	if (overflow === 'clamp') {
		const value = queryInteger(query, 'limit', { min: minLimit });
		return value === undefined ? defaultLimit : Math.min(value, maxLimit);
	}
	return queryInteger(query, 'limit', { min: minLimit, max: maxLimit }) ?? defaultLimit;
}

/** Query string with `cursor` replaced, keeping every other parameter as the client sent it. */
function nextQueryString(query: Query, cursor: string): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		if (name === 'cursor') continue;
		for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
	}
	params.append('cursor', cursor);
	return params.toString();
}

/**
 * Sorts, applies the cursor and limit and renders `{results, _links:{next?, base}}` plus the `Link` header.
 * The cursor records the last item's sort value and key, so items inserted before that position never shift
 * the next page (no duplicates, no skips for items that existed when the listing started).
 */
export function paginateV2<T>(
	req: SimRequest,
	baseUrl: string,
	items: readonly T[],
	options: V2ListOptions<T>,
): SimResponse {
	const limit = parseLimit(
		req.query,
		options.defaultLimit ?? 25,
		options.maxLimit ?? 250,
		options.minLimit ?? 1,
		options.limitOverflow,
	);
	const key = options.key ?? ((item: T) => String((item as { id?: unknown }).id));
	const sorts = options.sorts ?? {};
	let sortName =
		queryString(req.query, 'sort') || options.defaultSort || ('id' in sorts ? 'id' : '');
	const descending = sortName.startsWith('-');
	const bareSort = descending ? sortName.slice(1) : sortName;
	if (bareSort !== '' && !(bareSort in sorts)) {
		throw errors.invalidParameter(
			`Provided value for 'sort' is not valid. Expected one of: ${Object.keys(sorts)
				.flatMap((s) => [s, `-${s}`])
				.join(', ')}.`,
		);
	}
	if (bareSort === '') sortName = '';
	const sortValue: (item: T) => SortValue = bareSort ? sorts[bareSort] : () => 0;
	const direction = descending ? -1 : 1;

	const compareKeyed = (va: SortValue, ka: string, vb: SortValue, kb: string) => {
		const byValue = compareValues(va, vb);
		return direction * (byValue !== 0 ? byValue : compareIds(ka, kb));
	};

	const decorated = items.map((item) => ({ item, v: sortValue(item), k: key(item) }));
	if (bareSort) decorated.sort((a, b) => compareKeyed(a.v, a.k, b.v, b.k));

	let startIndex = 0;
	const cursorParam = queryString(req.query, 'cursor');
	if (cursorParam !== undefined && cursorParam !== '') {
		const position = decodeCursor(cursorParam);
		if (position.s !== sortName) {
			throw errors.invalidParameter(INVALID_CURSOR_TITLE, INVALID_CURSOR_DETAIL);
		}
		if (bareSort) {
			// first item strictly after the recorded position (binary search over the sorted list)
			let lo = 0;
			let hi = decorated.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (compareKeyed(decorated[mid].v, decorated[mid].k, position.v, position.k) <= 0)
					lo = mid + 1;
				else hi = mid;
			}
			startIndex = lo;
		} else {
			const at = decorated.findIndex((d) => d.k === position.k);
			startIndex = at === -1 ? decorated.length : at + 1;
		}
	}

	const page = decorated.slice(startIndex, startIndex + limit);
	const hasMore = startIndex + limit < decorated.length;
	const links: { next?: string; base: string } = { base: `${baseUrl}/wiki` };
	const headers: Record<string, string> = {};
	if (hasMore && page.length > 0) {
		const last = page[page.length - 1];
		const cursor = encodeCursor({ s: sortName, v: last.v, k: last.k });
		links.next = `${req.path}?${nextQueryString(req.query, cursor)}`;
		headers.link = `<${links.next}>; rel="next", <${baseUrl}/wiki>; rel="base"`;
	}
	return json(
		{ results: page.map((d) => options.map(d.item)), ...(options.extra ?? {}), _links: links },
		200,
		headers,
	);
}

export interface V1ListOptions<T> {
	defaultLimit?: number;
	/** Larger limits are silently reduced, as Confluence's "system limits" do. */
	maxLimit?: number;
	map: (item: T) => unknown;
	extra?: Record<string, unknown>;
}

/** v1 `{results,start,limit,size,_links{base,context,self,next?,prev?}}` envelope. */
export function paginateV1<T>(
	req: SimRequest,
	baseUrl: string,
	items: readonly T[],
	options: V1ListOptions<T>,
): SimResponse {
	const start = queryInteger(req.query, 'start', { min: 0 }) ?? 0;
	const requested = queryInteger(req.query, 'limit', { min: 0 }) ?? options.defaultLimit ?? 25;
	const limit = Math.min(requested, options.maxLimit ?? 1000);
	const page = items.slice(start, start + limit);
	// v1 links: `self` absolute, next/prev relative to `base` (which already ends in /wiki)
	const relativePath = req.path.replace(/^\/wiki/, '');
	const withStart = (s: number) => {
		const params = new URLSearchParams();
		for (const [name, value] of Object.entries(req.query)) {
			if (name === 'start' || name === 'limit') continue;
			for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
		}
		params.append('limit', String(limit));
		params.append('start', String(s));
		return `${relativePath}?${params.toString()}`;
	};
	const links: Record<string, string> = {
		base: `${baseUrl}/wiki`,
		context: '/wiki',
		self: `${baseUrl}${req.path}`,
	};
	if (limit > 0 && start + limit < items.length) links.next = withStart(start + limit);
	if (start > 0 && limit > 0) links.prev = withStart(Math.max(0, start - limit));
	return json({
		results: page.map(options.map),
		start,
		limit,
		size: page.length,
		...(options.extra ?? {}),
		_links: links,
	});
}
