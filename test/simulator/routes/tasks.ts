/* Tasks (v2): GET /tasks with every filter of the spec, GET /tasks/{id}, PUT /tasks/{id} {status}.
 * Tasks live in page and blog post bodies as `<ac:task>` elements (ADF: taskItem). Before answering, every page or
 * blog post whose current body changed since the last look is parsed again, so tasks written through any route (or
 * straight into the store) show up; tasks added with store.addTask and absent from the body are kept as they are.
 * Changing a task's status rewrites its status in the body (in place, no new page version: ticking a box in
 * Confluence does not create one). */
import type { SimContext } from '../context';
import { parseAdf, storageToAdf, storageToText, type AdfNode } from '../convert';
import {
	bodyObject,
	errors,
	json,
	queryBoolean,
	queryEnum,
	queryList,
	type SimRequest,
} from '../http';
import { BULK_BODY_FORMATS, bodyIn, iso } from '../presenters';
import { queryEpochMs } from '../routeHelpers';
import type { Router } from '../router';
import type { BodyRecord, ContentItem, Store, TaskRecord } from '../store';

const V2 = '/wiki/api/v2';

export interface ParsedTask {
	localId: string;
	status: 'complete' | 'incomplete';
	/** Storage XHTML inside `<ac:task-body>`. */
	body: string;
	assignedTo?: string;
	dueAt?: Date;
}

const TASK_PATTERN = /<ac:task>([\s\S]*?)<\/ac:task>/g;

function inner(block: string, element: string): string | undefined {
	const match = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(block);
	return match ? match[1] : undefined;
}

function taskDetails(body: string): Pick<ParsedTask, 'assignedTo' | 'dueAt'> {
	const assignee = /<ri:user\s+[^>]*ri:account-id="([^"]+)"/.exec(body)?.[1];
	const due = /<time\s+[^>]*datetime="([^"]+)"/.exec(body)?.[1];
	const dueMs = due ? Date.parse(due) : NaN;
	return {
		...(assignee ? { assignedTo: assignee } : {}),
		...(Number.isNaN(dueMs) ? {} : { dueAt: new Date(dueMs) }),
	};
}

/** `<ac:task>` elements of a storage body, in document order. */
export function parseStorageTasks(storage: string): ParsedTask[] {
	const tasks: ParsedTask[] = [];
	for (const match of storage.matchAll(TASK_PATTERN)) {
		const block = match[1];
		const localId = (inner(block, 'ac:task-id') ?? '').trim();
		if (localId === '') continue;
		const body = inner(block, 'ac:task-body') ?? '';
		tasks.push({
			localId,
			status:
				(inner(block, 'ac:task-status') ?? '').trim() === 'complete' ? 'complete' : 'incomplete',
			body,
			...taskDetails(body),
		});
	}
	return tasks;
}

function setStorageTaskStatus(
	storage: string,
	localId: string,
	status: TaskRecord['status'],
): string {
	return storage.replace(TASK_PATTERN, (whole, block: string) => {
		if ((inner(block, 'ac:task-id') ?? '').trim() !== localId) return whole;
		const next = /<ac:task-status>[\s\S]*?<\/ac:task-status>/.test(block)
			? block.replace(
					/<ac:task-status>[\s\S]*?<\/ac:task-status>/,
					`<ac:task-status>${status}</ac:task-status>`,
				)
			: block.replace(/(<\/ac:task-id>)/, `$1<ac:task-status>${status}</ac:task-status>`);
		return `<ac:task>${next}</ac:task>`;
	});
}

function walkAdf(node: AdfNode, visit: (node: AdfNode) => void): void {
	visit(node);
	for (const child of (node as { content?: AdfNode[] }).content ?? []) walkAdf(child, visit);
}

const syncedBodies = new WeakMap<ContentItem, BodyRecord | undefined>();
const tasksFromBody = new WeakSet<TaskRecord>();

/** Brings store.tasks in line with the current bodies of all pages and blog posts that changed since last time. */
export function syncTasks(store: Store): void {
	for (const container of store.list(['page', 'blogpost'])) {
		if (container.status !== 'current' && container.status !== 'archived') continue;
		const version = store.current(container);
		if (syncedBodies.has(container) && syncedBodies.get(container) === version.body) continue;
		syncedBodies.set(container, version.body);
		if (!version.body) continue;
		const parsed = parseStorageTasks(bodyIn(store, version.body, 'storage'));
		const existing = new Map<string, TaskRecord>();
		for (const task of store.tasks.values()) {
			if (task.pageId === container.id || task.blogPostId === container.id) {
				existing.set(task.localId, task);
			}
		}
		const seen = new Set<string>();
		for (const found of parsed) {
			if (seen.has(found.localId)) continue;
			seen.add(found.localId);
			const task = existing.get(found.localId);
			if (!task) {
				const created = store.addTask({
					containerId: container.id,
					body: found.body,
					status: found.status,
					createdBy: version.authorId,
					assignedTo: found.assignedTo,
					dueAt: found.dueAt,
				});
				created.localId = found.localId;
				created.createdAt = version.createdAt;
				created.updatedAt = version.createdAt;
				if (created.status === 'complete') {
					created.completedAt = version.createdAt;
					created.completedBy = version.authorId;
				}
				tasksFromBody.add(created);
				continue;
			}
			tasksFromBody.add(task);
			const changed =
				task.body !== found.body ||
				task.status !== found.status ||
				task.assignedTo !== found.assignedTo ||
				task.dueAt?.getTime() !== found.dueAt?.getTime();
			if (!changed) continue;
			if (task.status !== found.status) {
				task.completedAt = found.status === 'complete' ? version.createdAt : undefined;
				task.completedBy = found.status === 'complete' ? version.authorId : undefined;
			}
			task.body = found.body;
			task.status = found.status;
			task.assignedTo = found.assignedTo;
			task.dueAt = found.dueAt;
			task.updatedAt = version.createdAt;
		}
		for (const [localId, task] of existing) {
			if (!seen.has(localId) && tasksFromBody.has(task)) store.tasks.delete(task.id);
		}
	}
}

/** Writes a task's status into its container's current body (storage or ADF) without a new version. */
function writeStatusToBody(store: Store, container: ContentItem, task: TaskRecord): void {
	const version = store.current(container);
	const body = version.body;
	if (!body) return;
	if (body.representation === 'atlas_doc_format') {
		let doc: AdfNode;
		try {
			doc = parseAdf(body.value);
		} catch {
			return;
		}
		walkAdf(doc, (node) => {
			const attrs = (node as { attrs?: Record<string, unknown> }).attrs;
			if (node.type === 'taskItem' && attrs && String(attrs.localId) === task.localId) {
				attrs.state = task.status === 'complete' ? 'DONE' : 'TODO';
			}
		});
		version.body = { representation: 'atlas_doc_format', value: JSON.stringify(doc) };
	} else {
		version.body = {
			representation: body.representation,
			value: setStorageTaskStatus(body.value, task.localId, task.status),
		};
	}
	syncedBodies.set(container, version.body);
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const containerOf = (task: TaskRecord) => store.get(task.pageId ?? task.blogPostId ?? '');

	const visible = (accountId: string, task: TaskRecord) => {
		const container = containerOf(task);
		return (
			!!container &&
			(container.status === 'current' || container.status === 'archived') &&
			store.canView(accountId, container)
		);
	};

	const presentTask = (task: TaskRecord, format: 'storage' | 'atlas_doc_format' | undefined) => ({
		id: task.id,
		localId: task.localId,
		spaceId: task.spaceId,
		...(task.pageId ? { pageId: task.pageId } : {}),
		...(task.blogPostId ? { blogPostId: task.blogPostId } : {}),
		status: task.status,
		...(format
			? {
					body: {
						[format]: {
							representation: format,
							value: format === 'storage' ? task.body : JSON.stringify(storageToAdf(task.body)),
						},
					},
				}
			: {}),
		createdBy: task.createdBy,
		...(task.assignedTo ? { assignedTo: task.assignedTo } : {}),
		...(task.completedBy ? { completedBy: task.completedBy } : {}),
		createdAt: iso(task.createdAt),
		updatedAt: iso(task.updatedAt),
		...(task.dueAt ? { dueAt: iso(task.dueAt) } : {}),
		...(task.completedAt ? { completedAt: iso(task.completedAt) } : {}),
	});

	const bodyFormat = (req: SimRequest) =>
		queryEnum(req.query, 'body-format', BULK_BODY_FORMATS) as
			| 'storage'
			| 'atlas_doc_format'
			| undefined;

	const idList = (req: SimRequest, name: string): string[] => {
		const values = queryList(req.query, name);
		for (const value of values) {
			if (!/^\d+$/.test(value)) {
				throw errors.invalidParameter(
					`Provided value for '${name}' is not the correct type. Expected type is long.`,
				);
			}
		}
		return values;
	};

	const inRange = (value: Date | undefined, from?: number, to?: number) => {
		if (from === undefined && to === undefined) return true;
		if (!value) return false;
		const ms = value.getTime();
		return (from === undefined || ms >= from) && (to === undefined || ms <= to);
	};

	router.get(`${V2}/tasks`, (req) => {
		const user = ctx.user(req);
		syncTasks(store);
		const format = bodyFormat(req);
		const includeBlank = queryBoolean(req.query, 'include-blank-tasks', true);
		const status = queryEnum(req.query, 'status', ['complete', 'incomplete'] as const);
		const taskIds = new Set(idList(req, 'task-id'));
		const spaceIds = new Set(idList(req, 'space-id'));
		const pageIds = new Set(idList(req, 'page-id'));
		const blogPostIds = new Set(idList(req, 'blogpost-id'));
		const createdBy = new Set(queryList(req.query, 'created-by'));
		const assignedTo = new Set(queryList(req.query, 'assigned-to'));
		const completedBy = new Set(queryList(req.query, 'completed-by'));
		const range = (name: string) => [
			queryEpochMs(req.query, `${name}-from`),
			queryEpochMs(req.query, `${name}-to`),
		];
		const [createdFrom, createdTo] = range('created-at');
		const [dueFrom, dueTo] = range('due-at');
		const [completedFrom, completedTo] = range('completed-at');

		const tasks = [...store.tasks.values()].filter(
			(task) =>
				visible(user.accountId, task) &&
				(includeBlank || storageToText(task.body) !== '') &&
				(!status || task.status === status) &&
				(taskIds.size === 0 || taskIds.has(task.id)) &&
				(spaceIds.size === 0 || spaceIds.has(task.spaceId)) &&
				// page-id and blogpost-id combine: a task of either listed container matches.
				((pageIds.size === 0 && blogPostIds.size === 0) ||
					(!!task.pageId && pageIds.has(task.pageId)) ||
					(!!task.blogPostId && blogPostIds.has(task.blogPostId))) &&
				(createdBy.size === 0 || createdBy.has(task.createdBy)) &&
				(assignedTo.size === 0 || (!!task.assignedTo && assignedTo.has(task.assignedTo))) &&
				(completedBy.size === 0 || (!!task.completedBy && completedBy.has(task.completedBy))) &&
				inRange(task.createdAt, createdFrom, createdTo) &&
				inRange(task.dueAt, dueFrom, dueTo) &&
				inRange(task.completedAt, completedFrom, completedTo),
		);
		return ctx.paginateV2(req, tasks, {
			sorts: { id: (task) => Number(task.id) },
			defaultSort: 'id',
			map: (task) => presentTask(task, format),
		});
	});

	const visibleTask = (req: SimRequest): TaskRecord => {
		const raw = req.params.id;
		if (!/^\d+$/.test(raw)) {
			throw errors.invalidParameter(
				"Provided value for 'id' is not the correct type. Expected type is long.",
			);
		}
		syncTasks(store);
		const task = store.tasks.get(raw);
		if (!task || !visible(ctx.user(req).accountId, task)) throw errors.notFound();
		return task;
	};

	router.get(`${V2}/tasks/{id}`, (req) => json(presentTask(visibleTask(req), bodyFormat(req))));

	router.put(`${V2}/tasks/{id}`, (req) => {
		const user = ctx.user(req);
		const task = visibleTask(req);
		const format = bodyFormat(req);
		const container = containerOf(task) as ContentItem;
		if (!store.canEdit(user.accountId, container)) throw errors.notFound();
		const body = bodyObject(req);
		if (body.status !== 'complete' && body.status !== 'incomplete') {
			throw errors.badRequest("status is required and must be 'complete' or 'incomplete'.");
		}
		if (task.status !== body.status) {
			const before = task.status;
			const now = store.now();
			task.status = body.status;
			task.updatedAt = now;
			task.completedAt = task.status === 'complete' ? now : undefined;
			task.completedBy = task.status === 'complete' ? user.accountId : undefined;
			writeStatusToBody(store, container, task);
			store.recordAudit(
				{
					summary: task.status === 'complete' ? 'Task completed' : 'Task reopened',
					category: 'Content',
					affectedObject: {
						name: container.title,
						objectType: container.type === 'page' ? 'Page' : 'Blog post',
					},
					changedValues: [{ name: 'Task status', oldValue: before, newValue: task.status }],
				},
				ctx.write(req),
			);
		}
		return json(presentTask(task, format));
	});
}
