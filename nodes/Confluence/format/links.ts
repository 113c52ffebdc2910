/**
 * The URL forms Markdown uses for Confluence things that are not web addresses (see README.md):
 *
 *   confluence-page:SPACE/Page Title#anchor     confluence-page:Page Title     confluence-page:/Title/With/Slashes
 *   confluence-blog:SPACE/2024/01/31/Post Title
 *   confluence-space:SPACE
 *   confluence-content:12345
 *   attachment:file.pdf   attachment:file.pdf?page=Other%20Page&space=SPACE
 *   confluence-user:ACCOUNT-ID   (macro parameters)         status:green   confluence-macro:name?key=value
 *
 * `%`, `?`, `#` inside names are percent-encoded; everything else may be written as is.
 */

import type { MacroParam } from './ast';

export interface PageTarget {
	kind: 'page';
	spaceKey?: string;
	title: string;
	anchor?: string;
}
export interface BlogTarget {
	kind: 'blog';
	spaceKey?: string;
	postingDay?: string;
	title: string;
	anchor?: string;
}
export interface AttachmentTarget {
	kind: 'attachment';
	filename: string;
	page?: { spaceKey?: string; title: string };
	blog?: { spaceKey?: string; title: string; postingDay?: string };
}
export interface SpaceTarget {
	kind: 'space';
	spaceKey: string;
}
export interface ContentTarget {
	kind: 'content';
	contentId: string;
	anchor?: string;
}
export interface UserTarget {
	kind: 'user';
	user: string;
}
export interface AnchorTarget {
	kind: 'anchor';
	anchor: string;
}
export type ConfluenceTarget =
	| PageTarget
	| BlogTarget
	| AttachmentTarget
	| SpaceTarget
	| ContentTarget
	| UserTarget
	| AnchorTarget;

const SCHEME =
	/^(confluence-page|confluence-blog|confluence-space|confluence-content|confluence-user|attachment|status|date|emoji|confluence-macro|confluence-adf):/i;

export function hasConfluenceScheme(href: string): boolean {
	return SCHEME.test(href);
}

/** Decodes `%XX` sequences that form valid UTF-8 and leaves anything else as written. */
export function percentDecode(value: string): string {
	return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

function encodePart(value: string, extra: RegExp): string {
	return value.replace(/%/g, '%25').replace(extra, (char) => encodeURIComponent(char));
}

/** Encodes a name for use inside our URL forms (`%`, `?`, `#` and control characters). */
export function encodeName(value: string): string {
	return encodePart(value, /[?#\p{Cc}]/gu);
}

function encodeQueryValue(value: string): string {
	return encodePart(value, /[?#&=+\p{Cc}]/gu);
}

function splitFragment(rest: string): { path: string; query: string; fragment?: string } {
	let fragment: string | undefined;
	const hash = rest.indexOf('#');
	if (hash >= 0) {
		fragment = percentDecode(rest.slice(hash + 1));
		rest = rest.slice(0, hash);
	}
	let query = '';
	const question = rest.indexOf('?');
	if (question >= 0) {
		query = rest.slice(question + 1);
		rest = rest.slice(0, question);
	}
	return { path: rest, query, fragment };
}

export function parseQuery(query: string): MacroParam[] {
	if (!query) return [];
	return query.split('&').map((pair) => {
		const equals = pair.indexOf('=');
		if (equals < 0) return { name: percentDecode(pair.replace(/\+/g, ' ')), value: '' };
		return {
			name: percentDecode(pair.slice(0, equals).replace(/\+/g, ' ')),
			value: percentDecode(pair.slice(equals + 1).replace(/\+/g, ' ')),
		};
	});
}

export function formatQuery(params: MacroParam[]): string {
	return params.map((p) => `${encodeQueryValue(p.name)}=${encodeQueryValue(p.value)}`).join('&');
}

function queryValue(params: MacroParam[], name: string): string | undefined {
	return params.find((p) => p.name === name)?.value;
}

/** Space keys are letters, digits and underscores; personal spaces start with `~`. */
const SPACE_KEY = /^(?:~[A-Za-z0-9_:.@-]+|[A-Za-z0-9_]+)$/;

function splitSpace(path: string): { spaceKey?: string; rest: string } {
	if (path.startsWith('/')) return { rest: path.slice(1) };
	const slash = path.indexOf('/');
	if (slash > 0) {
		const candidate = percentDecode(path.slice(0, slash));
		if (SPACE_KEY.test(candidate)) return { spaceKey: candidate, rest: path.slice(slash + 1) };
	}
	return { rest: path };
}

export function parseConfluenceHref(href: string): ConfluenceTarget | undefined {
	if (href.startsWith('#') && href.length > 1) {
		return { kind: 'anchor', anchor: percentDecode(href.slice(1)) };
	}
	const match = SCHEME.exec(href);
	if (!match) return undefined;
	const scheme = match[1].toLowerCase();
	const { path, query, fragment } = splitFragment(href.slice(match[0].length));
	switch (scheme) {
		case 'confluence-page': {
			const { spaceKey, rest } = splitSpace(path);
			return { kind: 'page', spaceKey, title: percentDecode(rest), anchor: fragment };
		}
		case 'confluence-blog': {
			const dated = /^(?:([^/]*)\/)?(\d{4}\/\d{1,2}\/\d{1,2})\/(.*)$/.exec(path);
			if (dated) {
				return {
					kind: 'blog',
					spaceKey: dated[1] ? percentDecode(dated[1]) : undefined,
					postingDay: dated[2],
					title: percentDecode(dated[3]),
					anchor: fragment,
				};
			}
			const { spaceKey, rest } = splitSpace(path);
			return { kind: 'blog', spaceKey, title: percentDecode(rest), anchor: fragment };
		}
		case 'confluence-space':
			return { kind: 'space', spaceKey: percentDecode(path) };
		case 'confluence-content':
			return { kind: 'content', contentId: percentDecode(path), anchor: fragment };
		case 'confluence-user':
			return { kind: 'user', user: percentDecode(path) };
		case 'attachment': {
			const params = parseQuery(query);
			const target: AttachmentTarget = { kind: 'attachment', filename: percentDecode(path) };
			const page = queryValue(params, 'page');
			const blog = queryValue(params, 'blog');
			const space = queryValue(params, 'space') || undefined;
			if (blog !== undefined) {
				target.blog = { spaceKey: space, title: blog, postingDay: queryValue(params, 'date') };
			} else if (page !== undefined) {
				target.page = { spaceKey: space, title: page };
			}
			return target;
		}
		default:
			return undefined;
	}
}

export function formatConfluenceHref(target: ConfluenceTarget): string {
	switch (target.kind) {
		case 'anchor':
			return `#${encodeName(target.anchor)}`;
		case 'page': {
			const prefix = target.spaceKey
				? `${encodeName(target.spaceKey)}/`
				: target.title.includes('/') || target.title === ''
					? '/'
					: '';
			const anchor = target.anchor ? `#${encodeName(target.anchor)}` : '';
			return `confluence-page:${prefix}${encodeName(target.title)}${anchor}`;
		}
		case 'blog': {
			const space = target.spaceKey ? `${encodeName(target.spaceKey)}/` : '';
			const day = target.postingDay ? `${target.postingDay}/` : '';
			const prefix = space || day ? `${space}${day}` : target.title.includes('/') ? '/' : '';
			const anchor = target.anchor ? `#${encodeName(target.anchor)}` : '';
			return `confluence-blog:${prefix}${encodeName(target.title)}${anchor}`;
		}
		case 'space':
			return `confluence-space:${encodeName(target.spaceKey)}`;
		case 'content': {
			const anchor = target.anchor ? `#${encodeName(target.anchor)}` : '';
			return `confluence-content:${encodeName(target.contentId)}${anchor}`;
		}
		case 'user':
			return `confluence-user:${encodeName(target.user)}`;
		case 'attachment': {
			const params: MacroParam[] = [];
			if (target.page) {
				params.push({ name: 'page', value: target.page.title });
				if (target.page.spaceKey) params.push({ name: 'space', value: target.page.spaceKey });
			} else if (target.blog) {
				params.push({ name: 'blog', value: target.blog.title });
				if (target.blog.spaceKey) params.push({ name: 'space', value: target.blog.spaceKey });
				if (target.blog.postingDay) params.push({ name: 'date', value: target.blog.postingDay });
			}
			const query = params.length > 0 ? `?${formatQuery(params)}` : '';
			return `attachment:${encodeName(target.filename)}${query}`;
		}
	}
}

export const STATUS_COLOURS = ['grey', 'red', 'yellow', 'green', 'blue', 'purple'] as const;

export function parseStatusHref(href: string): { colour: string; subtle: boolean } | undefined {
	const match = /^status:([^?#]*)(?:\?([^#]*))?$/i.exec(href);
	if (!match) return undefined;
	const colour = percentDecode(match[1]).toLowerCase();
	const params = parseQuery(match[2] ?? '');
	return {
		colour: colour === 'gray' || colour === 'neutral' || colour === '' ? 'grey' : colour,
		subtle: queryValue(params, 'subtle') === 'true',
	};
}

export function formatStatusHref(colour: string, subtle?: boolean): string {
	return `status:${encodeName(colour.toLowerCase())}${subtle ? '?subtle=true' : ''}`;
}

/** `date:2023-01-18`, a date lozenge. */
export function parseDateHref(href: string): string | undefined {
	return /^date:(\d{4}-\d{2}-\d{2})$/i.exec(href)?.[1];
}

export function formatDateHref(value: string): string {
	return `date:${value}`;
}

/** A calendar day `YYYY-MM-DD` from a storage `datetime` or an ADF timestamp (milliseconds, UTC), if it is one. */
export function calendarDay(value: string): string | undefined {
	if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
	if (/^-?\d+$/.test(value)) {
		const date = new Date(Number(value));
		return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
	}
	return undefined;
}

/** `emoji:slight_smile?id=1f642&emoticon=smile`: an emoji's short name (without its colons), id and emoticon name. */
export function parseEmojiHref(
	href: string,
): { shortName?: string; id?: string; emoticon?: string } | undefined {
	const match = /^emoji:([^?#]*)(?:\?([^#]*))?$/i.exec(href);
	if (!match) return undefined;
	const name = percentDecode(match[1]);
	const params = parseQuery(match[2] ?? '');
	return {
		shortName: name ? `:${name}:` : undefined,
		id: queryValue(params, 'id') || undefined,
		emoticon: queryValue(params, 'emoticon') || undefined,
	};
}

export function formatEmojiHref(emoji: {
	shortName?: string;
	id?: string;
	emoticon?: string;
}): string {
	const params: string[] = [];
	if (emoji.id) params.push(`id=${encodeURIComponent(emoji.id)}`);
	if (emoji.emoticon) params.push(`emoticon=${encodeURIComponent(emoji.emoticon)}`);
	const name = encodeURIComponent((emoji.shortName ?? '').replace(/^:|:$/g, ''));
	return `emoji:${name}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

export function parseMacroHref(
	href: string,
	scheme: 'confluence-macro' | 'confluence-adf' = 'confluence-macro',
): { name: string; params: MacroParam[] } | undefined {
	const match = /^([a-z-]+):([^?#]+)(?:\?([^#]*))?$/i.exec(href);
	if (!match || match[1].toLowerCase() !== scheme) return undefined;
	return { name: percentDecode(match[2]), params: parseQuery(match[3] ?? '') };
}

/** `confluence-macro:NAME?param=value`; ADF nodes Markdown has no word for use the same form under `confluence-adf:`. */
export function formatMacroHref(
	name: string,
	params: MacroParam[],
	scheme: 'confluence-macro' | 'confluence-adf' = 'confluence-macro',
): string {
	const query = params.length > 0 ? `?${formatQuery(params)}` : '';
	return `${scheme}:${encodeName(name)}${query}`;
}

/** Cloud account ids: 24 hex digits, or `NNNNNN:uuid`. Anything else needs the `@[name](id)` form. */
export const ACCOUNT_ID =
	/^(?:[0-9a-f]{24}|[0-9]{1,10}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Destinations of `@[Name](…)` that are read as a user rather than a relative link. */
export const USER_REFERENCE = /^(?:(?:userkey|username):.+|[A-Za-z0-9][A-Za-z0-9:_-]*)$/;
