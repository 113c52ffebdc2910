/** Paths inside a docs folder and the references between its files. Pure functions. */

/** A path inside the folder, `/`-separated, without `.` or `..`; undefined when it climbs out of the folder. */
export function normalizePath(path: string): string | undefined {
	const parts: string[] = [];
	for (const part of path.replace(/\\/g, '/').split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (!parts.length) return undefined;
			parts.pop();
			continue;
		}
		parts.push(part);
	}
	return parts.join('/');
}

export function dirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

export function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

export function extension(path: string): string {
	const name = basename(path);
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isMarkdownPath(path: string): boolean {
	return ['md', 'markdown'].includes(extension(path));
}

export type Reference =
	/** A URL with a scheme, a site-absolute path, or an anchor on the same page: left as it is. */
	| { kind: 'external' }
	/** A relative path that leaves the folder. */
	| { kind: 'outside'; path: string }
	| { kind: 'file'; path: string; fragment?: string };

function decode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/**
 * What a link or image destination in the file at `from` points at. The Markdown reader percent-encodes destinations
 * (`my file.png` → `my%20file.png`) and reads a bare image file name as `attachment:name`.
 */
export function resolveReference(from: string, href: string): Reference {
	let target = href.trim();
	if (/^attachment:/i.test(target)) {
		target = target.slice('attachment:'.length);
		if (target.includes('?')) return { kind: 'external' };
	} else if (
		target === '' ||
		target.startsWith('#') ||
		target.startsWith('/') ||
		target.startsWith('//')
	) {
		return { kind: 'external' };
	} else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target)) {
		return { kind: 'external' };
	}
	const hash = target.indexOf('#');
	const fragment = hash >= 0 ? decode(target.slice(hash + 1)) : undefined;
	let pathPart = hash >= 0 ? target.slice(0, hash) : target;
	const query = pathPart.indexOf('?');
	if (query >= 0) pathPart = pathPart.slice(0, query);
	const joined = `${dirname(from)}/${decode(pathPart)}`;
	const path = normalizePath(joined);
	if (path === undefined) return { kind: 'outside', path: decode(pathPart) };
	return { kind: 'file', path, ...(fragment ? { fragment } : {}) };
}

/**
 * GitHub's heading anchors (what `[x](other.md#some-heading)` is written against): lower case, punctuation dropped,
 * spaces as hyphens; repeated headings get -1, -2.
 */
export function headingSlugs(headings: string[]): Map<string, string> {
	const slugs = new Map<string, string>();
	const seen = new Map<string, number>();
	for (const heading of headings) {
		const base = heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		const slug = count ? `${base}-${count}` : base;
		if (!slugs.has(slug)) slugs.set(slug, heading);
	}
	return slugs;
}
