/**
 * The I/O half of Page → Publish Markdown Files: reads the pages under the root that the plan compares against, hands
 * everything to the planner, then carries the plan out through the transport, one page at a time, parents first.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	apiPath,
	buildMultipart,
	confluenceApi,
	confluenceRequest,
	confluenceRequestAllItems,
} from '../../../transport';
import { settle } from '../../../transport/landed';
import { simplifyContent } from '../../common/simplify';
import { addLabels } from '../../content/properties';
import {
	findOrphans,
	HASH_MARK,
	matchPages,
	planChanges,
	prepareFolder,
	ROOT_KEY,
	type ExistingPage,
	type FolderFile,
	type PagePlan,
	type PlannedAttachment,
	type PrepareOptions,
	type PreparedFolder,
	type TreeEntry,
} from './planner';

/** The descendants endpoint's largest depth; pages found at it are asked for their own descendants. */
const MAX_DESCENDANT_DEPTH = 10;
/** Reads run this many at a time; writes go one at a time, parents first. */
const READ_CONCURRENCY = 5;

export type OrphanHandling = 'report' | 'trash';

export interface PublishSettings extends Omit<PrepareOptions, 'rootTitle' | 'rootSpace'> {
	rootId: string;
	/** The parameter that named the root, for an error when it does not exist. */
	rootParameter: string;
	orphans: OrphanHandling;
	versionMessage?: string;
}

async function mapLimit<T, R>(
	items: T[],
	limit: number,
	run: (item: T) => Promise<R>,
): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await run(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

function errorText(error: unknown): string {
	const message = (error as Error)?.message ?? String(error);
	const description = (error as NodeApiError)?.description;
	return description && !message.includes(description) ? `${message}: ${description}` : message;
}

async function readTree(ctx: IExecuteFunctions, rootId: string): Promise<TreeEntry[]> {
	const entries: TreeEntry[] = [];
	const pending = [rootId];
	while (pending.length) {
		const from = pending.shift()!;
		const found = await confluenceRequestAllItems.call(ctx, {
			method: 'GET',
			path: apiPath`/pages/${from}/descendants`,
			qs: { depth: MAX_DESCENDANT_DEPTH },
		});
		for (const entry of found) {
			// Folders, whiteboards, databases and embeds are never published to, so never orphaned either.
			if (entry.type !== undefined && entry.type !== 'page') continue;
			if (entry.status !== undefined && entry.status !== 'current') continue;
			const id = String(entry.id);
			entries.push({
				id,
				title: String(entry.title ?? ''),
				parentId: entry.parentId ? String(entry.parentId) : undefined,
			});
			if (Number(entry.depth) >= MAX_DESCENDANT_DEPTH) pending.push(id);
		}
	}
	return entries;
}

function labelNames(raw: IDataObject): string[] {
	const block = raw.labels as IDataObject | undefined;
	const results = (block?.results as IDataObject[] | undefined) ?? [];
	return results.map((label) => String(label.name));
}

async function readPage(
	ctx: IExecuteFunctions,
	id: string,
	withAttachments: boolean,
): Promise<ExistingPage> {
	const raw = await confluenceApi.call(ctx, {
		method: 'GET',
		path: apiPath`/pages/${id}`,
		qs: { 'body-format': 'storage', 'include-labels': true },
	});
	let labels = labelNames(raw);
	if (
		(raw.labels as IDataObject | undefined)?.meta &&
		((raw.labels as IDataObject).meta as IDataObject).hasMore
	) {
		const all = await confluenceRequestAllItems.call(ctx, {
			method: 'GET',
			path: apiPath`/pages/${id}/labels`,
		});
		labels = all.map((label) => String(label.name));
	}
	const page: ExistingPage = {
		id,
		title: String(raw.title ?? ''),
		parentId: raw.parentId ? String(raw.parentId) : undefined,
		version: Number((raw.version as IDataObject | undefined)?.number ?? 0),
		body: String(
			((raw.body as IDataObject | undefined)?.storage as IDataObject | undefined)?.value ?? '',
		),
		labels,
		raw,
	};
	if (withAttachments) await readAttachments(ctx, page);
	return page;
}

async function readAttachments(ctx: IExecuteFunctions, page: ExistingPage): Promise<void> {
	const attachments = await confluenceRequestAllItems.call(ctx, {
		method: 'GET',
		path: apiPath`/pages/${page.id}/attachments`,
	});
	page.attachments = attachments.map((attachment) => ({
		id: String(attachment.id),
		title: String(attachment.title ?? ''),
		comment: typeof attachment.comment === 'string' ? attachment.comment : undefined,
	}));
}

function formField(
	name: string,
	value: string | Buffer,
	file?: { fileName: string; contentType: string },
): { name: string; value: string | Buffer; fileName?: string; contentType?: string } {
	return { name, value, ...file };
}

async function upload(
	ctx: IExecuteFunctions,
	pageId: string,
	attachment: PlannedAttachment,
	data: Buffer,
): Promise<void> {
	// The comment carries the content's hash, so the next run can tell an unchanged file without downloading it.
	const multipart = buildMultipart([
		formField('file', data, { fileName: attachment.name, contentType: attachment.mediaType }),
		// A minor edit: watchers get no notification for a re-uploaded image.
		formField('minorEdit', 'true'),
		formField('comment', `${HASH_MARK}${attachment.sha256}`),
	]);
	await confluenceRequest.call(ctx, {
		method: 'PUT',
		api: 'v1',
		path: apiPath`/content/${pageId}/child/attachment`,
		body: multipart.body,
		headers: { 'Content-Type': multipart.contentType, 'X-Atlassian-Token': 'nocheck' },
		idempotent: false,
	});
}

async function removeLabel(ctx: IExecuteFunctions, pageId: string, label: string): Promise<void> {
	await confluenceRequest.call(ctx, {
		method: 'DELETE',
		api: 'v1',
		path: apiPath`/content/${pageId}/label`,
		qs: { name: label },
	});
}

interface PageOutcome {
	id?: string;
	url?: string;
	action: 'created' | 'updated' | 'unchanged' | 'moved' | 'failed';
	parentId?: string;
	error?: string;
	uploaded: string[];
}

function urlOf(raw: IDataObject | undefined): string | undefined {
	return raw ? (simplifyContent(raw).url as string | undefined) : undefined;
}

/** Publishes the folder: reads, plans, writes. Answers one item per file, per generated folder page and per orphan. */
export async function publishFolder(
	ctx: IExecuteFunctions,
	files: FolderFile[],
	settings: PublishSettings,
): Promise<{
	items: INodeExecutionData[];
	failed: Array<{ itemIndex: number; path: string; error: string }>;
}> {
	const rootRead = await settle(readPage(ctx, settings.rootId, false));
	if (!rootRead.ok) {
		if (rootRead.error instanceof NodeApiError && String(rootRead.error.httpCode) === '404') {
			throw new NodeOperationError(
				ctx.getNode(),
				`The page in "${settings.rootParameter}" (ID ${settings.rootId}) does not exist, or the account cannot see it`,
				{ itemIndex: files[0]?.itemIndex ?? 0 },
			);
		}
		throw rootRead.error;
	}
	const root = rootRead.value;
	const spaceId = String((root.raw as IDataObject).spaceId ?? '');
	let prepared = prepareFolder(files, {
		...settings,
		rootTitle: root.title,
		rootSpace: { id: spaceId },
	});
	if (prepared.pages.some((page) => page.space !== undefined && !/^\d+$/.test(page.space))) {
		const space = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces/${spaceId}`,
		});
		prepared = prepareFolder(files, {
			...settings,
			rootTitle: root.title,
			rootSpace: { id: spaceId, key: String(space.key ?? '') },
		});
	}
	const tree = await readTree(ctx, settings.rootId);
	const matches = matchPages(prepared, settings.rootId, tree);

	const existing = new Map<string, ExistingPage>([[root.id, root]]);
	if (prepared.pages.some((page) => page.key === ROOT_KEY && page.attachments.length)) {
		await readAttachments(ctx, root);
	}
	const toRead = prepared.pages
		.filter((page) => !page.error && page.key !== ROOT_KEY && matches.has(page.key))
		.map((page) => ({ id: matches.get(page.key)!, withAttachments: page.attachments.length > 0 }));
	await mapLimit(toRead, READ_CONCURRENCY, async ({ id, withAttachments }) => {
		const read = await settle(readPage(ctx, id, withAttachments));
		if (read.ok) existing.set(id, read.value);
		// A page ID from front matter that does not exist: the planner reports it on its file.
		else if (!(read.error instanceof NodeApiError) || String(read.error.httpCode) !== '404') {
			throw read.error;
		}
	});
	const plans = planChanges(prepared, matches, existing);
	const outcomes = await applyPlan(ctx, prepared, plans, matches, existing, spaceId, settings);

	const orphans = findOrphans(tree, matches);
	const orphanItems: INodeExecutionData[] = [];
	for (const orphan of orphans) {
		const json: IDataObject = {
			pageId: orphan.id,
			title: orphan.title,
			parentId: orphan.parentId,
			action: 'orphaned',
		};
		if (settings.orphans === 'trash') {
			if (!prepared.complete) {
				json.note =
					'Not moved to the trash: some Markdown files could not be read, so this page may still be one of theirs.';
			} else {
				try {
					await confluenceRequest.call(ctx, {
						method: 'DELETE',
						path: apiPath`/pages/${orphan.id}`,
					});
					json.action = 'deleted';
				} catch (error) {
					json.action = 'failed';
					json.error = errorText(error);
				}
			}
		}
		orphanItems.push({ json, pairedItem: { item: files[0]?.itemIndex ?? 0 } });
	}
	const built = buildItems(prepared, plans, outcomes, files);
	return { items: [...built.items, ...orphanItems], failed: built.failed };
}

async function applyPlan(
	ctx: IExecuteFunctions,
	prepared: PreparedFolder,
	plans: PagePlan[],
	matches: Map<string, string>,
	existing: Map<string, ExistingPage>,
	spaceId: string,
	settings: PublishSettings,
): Promise<Map<string, PageOutcome>> {
	const ids = new Map(matches);
	const outcomes = new Map<string, PageOutcome>();
	const byKey = new Map(plans.map((plan) => [plan.page.key, plan]));
	let pending = plans.filter(
		(plan) => !(plan.page.key === ROOT_KEY && plan.action === 'unchanged' && !plan.id),
	);
	for (let progress = true; pending.length && progress; ) {
		progress = false;
		const waiting: PagePlan[] = [];
		for (const plan of pending) {
			const parentKey = plan.parent && 'key' in plan.parent ? plan.parent.key : undefined;
			if (parentKey !== undefined && !ids.has(parentKey) && !outcomes.has(parentKey)) {
				waiting.push(plan);
				continue;
			}
			progress = true;
			outcomes.set(
				plan.page.key,
				await applyPage(ctx, prepared, plan, byKey, ids, existing, spaceId, settings),
			);
		}
		pending = waiting;
	}
	for (const plan of pending) {
		outcomes.set(plan.page.key, {
			action: 'failed',
			error: 'its parent page (front matter "parent") is never published: the parents form a loop',
			uploaded: [],
		});
	}
	return outcomes;
}

async function applyPage(
	ctx: IExecuteFunctions,
	prepared: PreparedFolder,
	plan: PagePlan,
	byKey: Map<string, PagePlan>,
	ids: Map<string, string>,
	existing: Map<string, ExistingPage>,
	spaceId: string,
	settings: PublishSettings,
): Promise<PageOutcome> {
	const current = plan.id ? existing.get(plan.id) : undefined;
	const outcome: PageOutcome = {
		id: plan.id,
		url: urlOf(current?.raw as IDataObject | undefined),
		parentId: current?.parentId,
		action: 'unchanged',
		uploaded: [],
	};
	if (plan.action === 'failed') return { ...outcome, action: 'failed', error: plan.error };
	if (plan.action === 'unchanged') return outcome;
	const parentId = plan.parent
		? 'id' in plan.parent
			? plan.parent.id
			: ids.get(plan.parent.key)
		: undefined;
	if (plan.parent && !parentId) {
		const parentTitle = 'key' in plan.parent ? byKey.get(plan.parent.key)?.page.title : undefined;
		return {
			...outcome,
			action: 'failed',
			error: `its parent page "${parentTitle ?? ''}" was not published`,
		};
	}
	const dataOf = (attachment: PlannedAttachment) => prepared.data.get(attachment.path)!;

	if (plan.action === 'create') {
		let created: IDataObject;
		try {
			created = await confluenceApi.call(ctx, {
				method: 'POST',
				path: apiPath`/pages`,
				body: {
					spaceId,
					status: 'current',
					title: plan.page.title,
					...(parentId ? { parentId } : {}),
					body: { representation: 'storage', value: plan.page.body },
				},
			});
		} catch (error) {
			return { ...outcome, action: 'failed', error: errorText(error) };
		}
		const id = String(created.id);
		try {
			if (plan.labelsToAdd.length)
				await addLabels(ctx, plan.page.itemIndex ?? 0, id, plan.labelsToAdd);
			for (const attachment of plan.uploads) {
				await upload(ctx, id, attachment, dataOf(attachment));
				outcome.uploaded.push(attachment.path);
			}
		} catch (error) {
			// A page whose images or files could not be attached is taken back, never left half-published.
			const rollback = await confluenceRequest
				.call(ctx, { method: 'DELETE', path: apiPath`/pages/${id}` })
				.then(() => 'the new page was moved to the trash')
				.catch(
					(rollbackError: unknown) =>
						`the new page ${id} could not be removed: ${errorText(rollbackError)}`,
				);
			return { action: 'failed', error: `${errorText(error)} (${rollback})`, uploaded: [] };
		}
		ids.set(plan.page.key, id);
		return { ...outcome, id, url: urlOf(created), parentId, action: 'created' };
	}

	const id = plan.id!;
	try {
		// Files first: the new body may show them, and until it is written the old body shows their earlier versions.
		for (const attachment of plan.uploads) {
			await upload(ctx, id, attachment, dataOf(attachment));
			outcome.uploaded.push(attachment.path);
		}
		if (plan.labelsToAdd.length)
			await addLabels(ctx, plan.page.itemIndex ?? 0, id, plan.labelsToAdd);
		for (const label of plan.labelsToRemove) await removeLabel(ctx, id, label);
		if (plan.writeBody) {
			const written = await confluenceApi.call(ctx, {
				method: 'PUT',
				path: apiPath`/pages/${id}`,
				body: {
					id,
					status: 'current',
					title: plan.page.title,
					...(plan.move && parentId ? { parentId } : {}),
					body: { representation: 'storage', value: plan.page.body },
					version: {
						number: (plan.version ?? 0) + 1,
						...(settings.versionMessage ? { message: settings.versionMessage } : {}),
					},
				},
				idempotent: false,
			});
			outcome.url = urlOf(written) ?? outcome.url;
		} else if (plan.move && parentId) {
			// Moving alone saves no new version, so watchers get no page-updated notification.
			await confluenceRequest.call(ctx, {
				method: 'PUT',
				api: 'v1',
				path: apiPath`/content/${id}/move/append/${parentId}`,
			});
		}
	} catch (error) {
		const conflict = error instanceof NodeApiError && String(error.httpCode) === '409';
		return {
			...outcome,
			action: 'failed',
			error: conflict
				? `the page ${id} was changed in Confluence while publishing; nothing was overwritten, run again to publish over it`
				: errorText(error),
		};
	}
	if (plan.move && parentId) outcome.parentId = parentId;
	return { ...outcome, action: plan.writeBody ? 'updated' : plan.move ? 'moved' : 'updated' };
}

function buildItems(
	prepared: PreparedFolder,
	plans: PagePlan[],
	outcomes: Map<string, PageOutcome>,
	files: FolderFile[],
): {
	items: INodeExecutionData[];
	failed: Array<{ itemIndex: number; path: string; error: string }>;
} {
	const items: INodeExecutionData[] = [];
	const failed: Array<{ itemIndex: number; path: string; error: string }> = [];
	const planBySource = new Map(
		plans.filter((plan) => plan.page.source).map((plan) => [plan.page.source!, plan]),
	);
	const pageIdBySource = new Map<string, string | undefined>();
	for (const plan of plans)
		if (plan.page.source) pageIdBySource.set(plan.page.source, outcomes.get(plan.page.key)?.id);
	for (const report of prepared.files) {
		const json: IDataObject = { file: report.path };
		if (report.markdown) {
			const plan = planBySource.get(report.path);
			const outcome = plan ? outcomes.get(plan.page.key) : undefined;
			json.title = plan?.page.title;
			json.pageId = outcome?.id;
			json.url = outcome?.url;
			json.parentId = outcome?.parentId;
			json.action = outcome?.action ?? 'failed';
			if (plan?.move && outcome && outcome.action !== 'failed' && outcome.action !== 'created')
				json.moved = true;
			if (plan?.page.attachments.length) {
				json.attachments = plan.page.attachments.map((attachment) => ({
					file: attachment.path,
					name: attachment.name,
					action: outcome?.uploaded.includes(attachment.path)
						? 'uploaded'
						: outcome?.action === 'failed'
							? 'failed'
							: 'unchanged',
				}));
			}
			if (plan?.page.missing.length) json.missingFiles = plan.page.missing;
			const error = report.error ?? outcome?.error;
			if (json.action === 'failed') json.error = error ?? 'not published';
		} else {
			const users = report.usedBy.map((source) => ({
				source,
				plan: planBySource.get(source),
			}));
			json.pages = users
				.map((user) => pageIdBySource.get(user.source))
				.filter((id) => id !== undefined);
			if (report.error) {
				json.action = 'failed';
				json.error = report.error;
			} else if (!users.length) {
				json.action = 'unused';
			} else {
				const uploaded = users.some(
					(user) => user.plan && outcomes.get(user.plan.page.key)?.uploaded.includes(report.path),
				);
				json.action = uploaded ? 'uploaded' : 'unchanged';
			}
		}
		if (json.action === 'failed')
			failed.push({ itemIndex: report.itemIndex, path: report.path, error: String(json.error) });
		items.push({ json: dropUndefined(json), pairedItem: { item: report.itemIndex } });
	}
	for (const plan of plans) {
		if (plan.page.source || plan.page.key === ROOT_KEY) continue;
		const outcome = outcomes.get(plan.page.key);
		const folder = plan.page.folder ?? '';
		const first = files.find((file) =>
			file.path.replace(/\\/g, '/').replace(/^\.\//, '').startsWith(`${folder}/`),
		);
		const json: IDataObject = {
			folder,
			title: plan.page.title,
			pageId: outcome?.id,
			url: outcome?.url,
			parentId: outcome?.parentId,
			action: outcome?.action ?? 'failed',
			...(outcome?.error ? { error: outcome.error } : {}),
		};
		if (json.action === 'failed')
			failed.push({
				itemIndex: first?.itemIndex ?? 0,
				path: `${folder}/`,
				error: String(json.error),
			});
		items.push({ json: dropUndefined(json), pairedItem: { item: first?.itemIndex ?? 0 } });
	}
	return { items, failed };
}

function dropUndefined(json: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined));
}

export function failureError(
	ctx: IExecuteFunctions,
	failed: Array<{ itemIndex: number; path: string; error: string }>,
): NodeOperationError {
	const list = failed.map((entry) => `${entry.path}: ${entry.error}`);
	return new NodeOperationError(
		ctx.getNode(),
		failed.length === 1
			? `The file ${list[0]}`
			: `${failed.length} files were not published (${failed.map((entry) => entry.path).join(', ')})`,
		{
			itemIndex: failed[0].itemIndex,
			description: `${list.join('\n')}\nThe other files were published. Turn on "Continue On Fail" (node settings) to get one item per file instead.`,
		},
	);
}
