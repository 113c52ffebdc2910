/**
 * The pure half of Page → Publish Markdown Files: the files of one run and the pages under the root as they are become
 * a plan (create, update, move, upload, leave alone, orphan). No I/O; the executor reads what the plan needs and
 * carries it out.
 */
import { createHash } from 'crypto';

import { markdownHeadings, markdownToStorage } from '../../../format';
import { sameBody } from '../../content/write';
import { contentMatchesExtension, mediaTypeOf } from './fileTypes';
import {
	frontMatterList,
	frontMatterString,
	FrontMatterError,
	parseFrontMatter,
	type FrontMatterValue,
} from './frontMatter';
import {
	basename,
	dirname,
	extension,
	headingSlugs,
	isMarkdownPath,
	normalizePath,
	resolveReference,
} from './links';

export interface FolderFile {
	itemIndex: number;
	/** The path as the item gave it, relative to the folder. */
	path: string;
	data: Buffer;
}

export interface PrepareOptions {
	/** Confluence's attachment size limit (Cloud's default is 100 MB; admins may change it). */
	maxAttachmentBytes: number;
	/** Code block language (lower case) → macro name of a diagram app. */
	codeMacros: Record<string, string>;
	allowedMacros: string[];
	/** Fail a file whose references name files that are not among the items. */
	strict: boolean;
	/** The root page's title, for links to the folder's top index file (the root page keeps its title). */
	rootTitle: string;
	/**
	 * The root page's space. A folder is one page tree, and a page's parent must be in its own space, so a file whose
	 * front matter names another space fails. The key is looked up only when some file names a space by key.
	 */
	rootSpace?: { id: string; key?: string };
}

export interface PlannedAttachment {
	/** The file's path in the folder. */
	path: string;
	/** The attachment's name on the page. */
	name: string;
	mediaType: string;
	size: number;
	sha256: string;
}

/** The key of the folder's own page: `dir:` plus the folder's path; the whole folder is `dir:` (the root page). */
export const ROOT_KEY = 'dir:';

export interface DesiredPage {
	key: string;
	/** The Markdown file the page comes from; absent for a folder without an index file. */
	source?: string;
	itemIndex?: number;
	folder?: string;
	title: string;
	/** The page above it: another planned page, or a page ID from front matter. Absent for the root. */
	parent?: { key: string } | { id: string };
	/** A page ID from front matter: this file updates that page, whatever its title. */
	pageId?: string;
	body: string;
	/** Undefined: the file names no labels, and the page's labels are left alone. */
	labels?: string[];
	/** The space its front matter names (a key or a numeric ID), when it names one. */
	space?: string;
	attachments: PlannedAttachment[];
	/** References to files that are not among the items. */
	missing: string[];
	error?: string;
}

export interface FileReport {
	itemIndex: number;
	path: string;
	markdown: boolean;
	error?: string;
	/** For other files: the pages that use it. */
	usedBy: string[];
}

export interface PreparedFolder {
	/** Parents before children; the root first. */
	pages: DesiredPage[];
	files: FileReport[];
	/** Every Markdown file was read: only then may pages no file produces be archived or deleted. */
	complete: boolean;
	/** Attachment bytes by path, for the executor's uploads. */
	data: Map<string, Buffer>;
}

const INDEX_NAMES = ['index.md', 'index.markdown', 'readme.md', 'readme.markdown'];

export const HASH_MARK = 'sha256:';

function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

function folderKey(folder: string): string {
	return `dir:${folder}`;
}

function fileKey(path: string): string {
	return `file:${path}`;
}

/** A title from a file or folder name: `getting-started.md` → `getting-started`. */
function titleFromName(path: string): string {
	const name = basename(path);
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(0, dot) : name;
}

interface ReadFile {
	file: FolderFile;
	path: string;
	markdown?: { body: string; data: Record<string, FrontMatterValue> };
	error?: string;
}

function readFiles(files: FolderFile[], options: PrepareOptions): ReadFile[] {
	const seen = new Map<string, string>();
	return files.map((file) => {
		const path = normalizePath(file.path);
		if (path === undefined) {
			return { file, path: file.path, error: `the path "${file.path}" climbs out of the folder` };
		}
		if (path === '') return { file, path: file.path, error: 'the file has no path' };
		const earlier = seen.get(path.toLowerCase());
		if (earlier !== undefined) {
			return { file, path, error: `two items have the path "${path}"` };
		}
		seen.set(path.toLowerCase(), path);
		if (isMarkdownPath(path)) {
			if (file.data.includes(0)) {
				return {
					file,
					path,
					error: `the content is not a .${extension(path)} file (it holds binary data)`,
				};
			}
			try {
				const parsed = parseFrontMatter(file.data.toString('utf8'));
				return { file, path, markdown: { body: parsed.body, data: parsed.data } };
			} catch (error) {
				const reason =
					error instanceof FrontMatterError
						? error.message
						: `it could not be read: ${(error as Error).message}`;
				return { file, path, error: `malformed front matter, ${reason}` };
			}
		}
		const ext = extension(path);
		if (!contentMatchesExtension(ext, file.data)) {
			return {
				file,
				path,
				error: `the content is not a .${ext} file (its first bytes do not match)`,
			};
		}
		if (file.data.length > options.maxAttachmentBytes) {
			return {
				file,
				path,
				error: `the file is ${file.data.length} bytes, over the attachment size limit of ${options.maxAttachmentBytes} bytes`,
			};
		}
		return { file, path };
	});
}

/** Turns the files of one run into the pages they should make, with their bodies converted. */
export function prepareFolder(files: FolderFile[], options: PrepareOptions): PreparedFolder {
	const read = readFiles(files, options);
	const byPath = new Map<string, ReadFile>();
	for (const entry of read) if (!entry.error || entry.markdown) byPath.set(entry.path, entry);
	for (const entry of read) if (!byPath.has(entry.path)) byPath.set(entry.path, entry);

	// The folder's page for each folder that holds Markdown (directly or below); index.md before README.md.
	const folderIndex = new Map<string, string>();
	const folders = new Set<string>(['']);
	const markdownFiles = read.filter(
		(entry) => isMarkdownPath(entry.path) && normalizePath(entry.path) !== undefined,
	);
	for (const entry of markdownFiles) {
		let folder = dirname(entry.path);
		for (;;) {
			folders.add(folder);
			if (folder === '') break;
			folder = dirname(folder);
		}
	}
	for (const name of INDEX_NAMES) {
		for (const entry of markdownFiles) {
			if (basename(entry.path).toLowerCase() !== name) continue;
			const folder = dirname(entry.path);
			if (!folderIndex.has(folder)) folderIndex.set(folder, entry.path);
		}
	}
	const keyOfFile = (path: string) => {
		const folder = dirname(path);
		return folderIndex.get(folder) === path ? folderKey(folder) : fileKey(path);
	};

	// Titles first: links between files are written with the target page's title.
	const titles = new Map<string, string>();
	const headingsOf = new Map<string, string[]>();
	for (const entry of markdownFiles) {
		if (!entry.markdown) continue;
		const headings = markdownHeadings(entry.markdown.body);
		headingsOf.set(
			entry.path,
			headings.map((heading) => heading.text),
		);
		const title =
			frontMatterString(entry.markdown.data.title)?.trim() ||
			headings.find((heading) => heading.text !== '')?.text ||
			titleFromName(entry.path);
		titles.set(keyOfFile(entry.path), title);
	}
	for (const folder of folders) {
		const key = folderKey(folder);
		if (!titles.has(key) && !folderIndex.has(folder)) titles.set(key, basename(folder));
	}
	const indexTitle = titles.get(ROOT_KEY);
	titles.set(ROOT_KEY, options.rootTitle);

	const pages: DesiredPage[] = [];
	const usedBy = new Map<string, string[]>();
	const sortedFolders = [...folders].sort((a, b) => depthOf(a) - depthOf(b) || a.localeCompare(b));
	for (const folder of sortedFolders) {
		const parent = folder === '' ? undefined : { key: folderKey(dirname(folder)) };
		const indexPath = folderIndex.get(folder);
		if (indexPath) {
			const page = pageFromFile(byPath.get(indexPath)!, folderKey(folder), parent);
			// The root page keeps its own title; the index file gives only its body and labels.
			if (folder === '') page.title = options.rootTitle || indexTitle || '';
			pages.push(page);
		} else {
			pages.push({
				key: folderKey(folder),
				folder,
				title: titles.get(folderKey(folder)) ?? '',
				...(parent ? { parent } : {}),
				// A folder without an index file lists its pages, as the folder would.
				body:
					folder === '' ? '' : '<ac:structured-macro ac:name="children" ac:schema-version="2" />',
				attachments: [],
				missing: [],
			});
		}
		const inFolder = markdownFiles
			.filter((entry) => dirname(entry.path) === folder && entry.path !== indexPath)
			.sort((a, b) => a.path.localeCompare(b.path));
		for (const entry of inFolder) {
			pages.push(pageFromFile(entry, fileKey(entry.path), { key: folderKey(folder) }));
		}
	}

	function pageFromFile(entry: ReadFile, key: string, parent: DesiredPage['parent']): DesiredPage {
		const page: DesiredPage = {
			key,
			source: entry.path,
			itemIndex: entry.file.itemIndex,
			title: titles.get(key) ?? titleFromName(entry.path),
			...(parent ? { parent } : {}),
			body: '',
			attachments: [],
			missing: [],
		};
		if (key.startsWith('dir:')) page.folder = key.slice('dir:'.length);
		if (entry.error || !entry.markdown) {
			page.error = entry.error ?? 'the file could not be read';
			return page;
		}
		const data = entry.markdown.data;
		const pageId = frontMatterString(data.pageId ?? data.id);
		if (pageId !== undefined) {
			if (!/^\d+$/.test(pageId)) {
				page.error = `front matter: the page ID "${pageId}" is not a number`;
				return page;
			}
			page.pageId = pageId;
		}
		const space = frontMatterString(data.space ?? data.spaceKey);
		if (space !== undefined) {
			page.space = space;
			const root = options.rootSpace;
			const known = root && (/^\d+$/.test(space) || root.key !== undefined);
			if (known && space !== root.id && space.toUpperCase() !== root.key?.toUpperCase()) {
				page.error = `front matter: the space "${space}" is not the root page's space (${root.key ?? root.id}); a folder is published as one page tree in one space, so publish this file with a root page in ${space}`;
				return page;
			}
		}
		const labels = frontMatterList(data.labels ?? data.tags);
		if (labels) {
			const invalid = labels.find((label) => /\s/.test(label) || label.length > 255);
			if (invalid !== undefined) {
				page.error = `front matter: the label "${invalid.slice(0, 80)}" contains spaces or is too long`;
				return page;
			}
			page.labels = [...new Set(labels.map((label) => label.toLowerCase()))].sort();
		}
		const parentValue = frontMatterString(data.parent);
		if (parentValue !== undefined && key !== ROOT_KEY) {
			if (/^\d+$/.test(parentValue)) page.parent = { id: parentValue };
			else {
				const parentKey = [...titles].find(
					([, title]) => title.toLowerCase() === parentValue.toLowerCase(),
				)?.[0];
				if (!parentKey || parentKey === key) {
					page.error = `front matter: the parent "${parentValue}" is no page of this folder (give a page title from the folder or a page ID)`;
					return page;
				}
				page.parent = { key: parentKey };
			}
		}
		const attachments = new Map<string, PlannedAttachment>();
		const names = new Set<string>();
		const failures: string[] = [];
		const attach = (path: string): string | undefined => {
			const target = byPath.get(path);
			if (!target || isMarkdownPath(path)) return undefined;
			const known = attachments.get(path);
			if (known) return known.name;
			if (target.error) {
				failures.push(`it uses ${path}, which cannot be uploaded: ${target.error}`);
				return basename(path);
			}
			let name = basename(path);
			// Two files of one name in different folders, both on this page: the later one is named by its path.
			if (names.has(name.toLowerCase())) name = path.replace(/\//g, '_');
			names.add(name.toLowerCase());
			attachments.set(path, {
				path,
				name,
				mediaType: mediaTypeOf(extension(path)),
				size: target.file.data.length,
				sha256: sha256(target.file.data),
			});
			const users = usedBy.get(path) ?? [];
			users.push(entry.path);
			usedBy.set(path, users);
			return name;
		};
		const rewrite = (href: string, kind: 'link' | 'image'): string => {
			const reference = resolveReference(entry.path, href);
			if (reference.kind === 'external') return href;
			if (reference.kind === 'outside') {
				if (kind === 'image')
					failures.push(`the image "${reference.path}" climbs out of the folder`);
				// A link that leaves the folder stays as it is.
				return href;
			}
			const { path, fragment } = reference;
			if (isMarkdownPath(path) || (kind === 'link' && folders.has(path) && path !== '')) {
				const targetKey = isMarkdownPath(path)
					? byPath.has(path)
						? keyOfFile(path)
						: undefined
					: folderKey(path);
				const title = targetKey ? titles.get(targetKey) : undefined;
				if (!title) {
					if (!byPath.has(path)) page.missing.push(path);
					return href;
				}
				const anchor = fragment
					? (headingSlugs(headingsOf.get(path) ?? []).get(fragment) ?? fragment)
					: undefined;
				return formatPageLink(title, anchor);
			}
			if (!byPath.has(path)) {
				page.missing.push(path);
				return href;
			}
			const name = attach(path);
			return name === undefined ? href : `attachment:${encodeURIComponent(name)}`;
		};
		page.body = markdownToStorage(entry.markdown.body, {
			allowedMacros: options.allowedMacros,
			codeMacros: options.codeMacros,
			rewriteHref: rewrite,
		});
		page.attachments = [...attachments.values()];
		if (failures.length) page.error = failures.join('; ');
		else if (options.strict && page.missing.length) {
			page.error = `it refers to files that are not among the items: ${page.missing.join(', ')}`;
		}
		return page;
	}

	// Confluence titles are unique within a space, so two pages of one title can never both exist.
	const byTitle = new Map<string, DesiredPage[]>();
	for (const page of pages) {
		if (page.key === ROOT_KEY) continue;
		const list = byTitle.get(page.title.toLowerCase()) ?? [];
		list.push(page);
		byTitle.set(page.title.toLowerCase(), list);
	}
	for (const [, list] of byTitle) {
		if (list.length < 2) continue;
		const sameParent = list.every(
			(page) => JSON.stringify(page.parent) === JSON.stringify(list[0].parent),
		);
		const names = list.map((page) => page.source ?? `${page.folder}/`).join(', ');
		for (const page of list) {
			page.error ??= `${list.length} files would get the title "${page.title}" ${sameParent ? 'under one parent' : 'in one space (Confluence titles are unique per space)'}: ${names}; give them different titles (front matter "title:")`;
		}
	}

	const reports: FileReport[] = read.map((entry) => {
		const markdown = isMarkdownPath(entry.path);
		const page = markdown ? pages.find((candidate) => candidate.source === entry.path) : undefined;
		return {
			itemIndex: entry.file.itemIndex,
			path: entry.path,
			markdown,
			...(entry.error ? { error: entry.error } : page?.error ? { error: page.error } : {}),
			usedBy: usedBy.get(entry.path) ?? [],
		};
	});
	const data = new Map<string, Buffer>();
	for (const entry of read)
		if (!entry.error && !isMarkdownPath(entry.path)) data.set(entry.path, entry.file.data);
	const complete = read.every(
		(entry) =>
			!isMarkdownPath(entry.path) ||
			(entry.markdown && normalizePath(entry.file.path) !== undefined),
	);
	return { pages, files: reports, complete, data };
}

function depthOf(folder: string): number {
	return folder === '' ? 0 : folder.split('/').length;
}

/** A link to a page of the root's space by title (`ri:page` without a space key is the current space). */
function formatPageLink(title: string, anchor?: string): string {
	const encode = (value: string) =>
		value.replace(/%/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23');
	const prefix = title.includes('/') ? '/' : '';
	return `confluence-page:${prefix}${encode(title)}${anchor ? `#${encode(anchor)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Against the pages as they are

/** A page under the root as the descendants listing gives it. */
export interface TreeEntry {
	id: string;
	title: string;
	parentId?: string;
}

export interface ExistingAttachment {
	id: string;
	title: string;
	comment?: string;
}

export interface ExistingPage {
	id: string;
	title: string;
	parentId?: string;
	version: number;
	body: string;
	labels: string[];
	/** Undefined when not read (the page is to have no attachments). */
	attachments?: ExistingAttachment[];
	raw?: unknown;
}

/** Which existing page each planned page is: the root, a front matter page ID, else the same title under the root. */
export function matchPages(
	prepared: PreparedFolder,
	rootId: string,
	tree: TreeEntry[],
): Map<string, string> {
	const matches = new Map<string, string>();
	const byTitle = new Map(tree.map((entry) => [entry.title.toLowerCase(), entry.id]));
	const taken = new Set<string>([rootId]);
	matches.set(ROOT_KEY, rootId);
	for (const page of prepared.pages) {
		if (page.key === ROOT_KEY || !page.pageId) continue;
		matches.set(page.key, page.pageId);
		taken.add(page.pageId);
	}
	for (const page of prepared.pages) {
		if (matches.has(page.key)) continue;
		const id = byTitle.get(page.title.toLowerCase());
		if (id && !taken.has(id)) {
			matches.set(page.key, id);
			taken.add(id);
		}
	}
	return matches;
}

/** Pages under the root that no file produces any more, deepest first. */
export function findOrphans(tree: TreeEntry[], matches: Map<string, string>): TreeEntry[] {
	const used = new Set(matches.values());
	const depth = new Map<string, number>();
	const parents = new Map(tree.map((entry) => [entry.id, entry.parentId]));
	const depthOfEntry = (id: string): number => {
		const known = depth.get(id);
		if (known !== undefined) return known;
		const parent = parents.get(id);
		const value = parent && parents.has(parent) ? depthOfEntry(parent) + 1 : 0;
		depth.set(id, value);
		return value;
	};
	return tree
		.filter((entry) => !used.has(entry.id))
		.sort((a, b) => depthOfEntry(b.id) - depthOfEntry(a.id) || a.title.localeCompare(b.title));
}

export type PageAction = 'create' | 'update' | 'move' | 'unchanged' | 'failed';

export interface PagePlan {
	page: DesiredPage;
	action: PageAction;
	id?: string;
	/** The parent to put it under: a planned page or a page ID. */
	parent?: { key: string } | { id: string };
	writeBody: boolean;
	move: boolean;
	/** The version the body write starts from. */
	version?: number;
	labelsToAdd: string[];
	labelsToRemove: string[];
	uploads: PlannedAttachment[];
	/** Attachments already there with the same content. */
	unchangedAttachments: PlannedAttachment[];
	error?: string;
}

/** The list of changes: for each planned page, what to write (nothing when it already is as the files say). */
export function planChanges(
	prepared: PreparedFolder,
	matches: Map<string, string>,
	existing: Map<string, ExistingPage>,
): PagePlan[] {
	return prepared.pages.map((page) => {
		const id = matches.get(page.key);
		const plan: PagePlan = {
			page,
			action: 'unchanged',
			...(id ? { id } : {}),
			...(page.parent ? { parent: page.parent } : {}),
			writeBody: false,
			move: false,
			labelsToAdd: [],
			labelsToRemove: [],
			uploads: [],
			unchangedAttachments: [],
		};
		if (page.error) return { ...plan, action: 'failed', error: page.error };
		const current = id ? existing.get(id) : undefined;
		if (page.pageId && !current) {
			return {
				...plan,
				action: 'failed',
				error: `front matter names the page ID ${page.pageId}, which does not exist or the account cannot see`,
			};
		}
		if (!id || !current) {
			if (page.key === ROOT_KEY) return plan;
			return {
				...plan,
				action: 'create',
				writeBody: true,
				labelsToAdd: page.labels ?? [],
				uploads: page.attachments,
			};
		}
		const isRoot = page.key === ROOT_KEY;
		// The root page keeps its title and place; a folder without an index leaves the root's body alone.
		if (!isRoot) {
			const parentId = page.parent
				? 'id' in page.parent
					? page.parent.id
					: matches.get(page.parent.key)
				: undefined;
			plan.move = parentId === undefined || parentId !== current.parentId;
		}
		const titleChanged = !isRoot && current.title !== page.title;
		const bodyChanged =
			(!isRoot || page.source !== undefined) &&
			!sameBody(current.body, { representation: 'storage', value: page.body });
		plan.writeBody = titleChanged || bodyChanged;
		plan.version = current.version;
		if (page.labels) {
			const have = new Set(current.labels.map((label) => label.toLowerCase()));
			const want = new Set(page.labels);
			plan.labelsToAdd = page.labels.filter((label) => !have.has(label));
			plan.labelsToRemove = current.labels.filter((label) => !want.has(label.toLowerCase()));
		}
		for (const attachment of page.attachments) {
			const there = current.attachments?.find((candidate) => candidate.title === attachment.name);
			if (there?.comment?.includes(`${HASH_MARK}${attachment.sha256}`))
				plan.unchangedAttachments.push(attachment);
			else plan.uploads.push(attachment);
		}
		const writes =
			plan.writeBody ||
			plan.move ||
			plan.labelsToAdd.length ||
			plan.labelsToRemove.length ||
			plan.uploads.length;
		plan.action = !writes ? 'unchanged' : plan.move && !plan.writeBody ? 'move' : 'update';
		return plan;
	});
}

/** Whether a plan writes anything. */
export function isEmptyPlan(plans: PagePlan[]): boolean {
	return plans.every((plan) => plan.action === 'unchanged' || plan.action === 'failed');
}
