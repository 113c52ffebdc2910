import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, type ApiPath } from '../../transport';
import { outcomeUnknown, settle } from '../../transport/landed';
import { mergeBodies, type BodyWrite } from '../common/body';
import { inWriteOrder } from '../common/writeOrder';
import type { ContentSpec } from './shared';

export type BodyMode = 'replace' | 'append' | 'prepend';

/** What the user asked to change; anything left undefined keeps its current value. */
export interface ContentChanges {
	title?: string;
	body?: BodyWrite;
	bodyMode: BodyMode;
	status?: 'current' | 'draft';
	parentId?: string;
	ownerId?: string;
	versionMessage?: string;
}

export interface WriteOptions {
	overwriteOnConflict: boolean;
	/** Leave the content alone (no new version) when the write would change nothing. */
	skipIfUnchanged?: boolean;
}

export interface WriteResult {
	raw: IDataObject;
	changed: boolean;
	/** How many PUTs were sent (1 unless Confluence answered 409 and the node retried). */
	attempts: number;
}

/** Re-reads after a 409 this many times before giving up (append, prepend, and replace when overwriting). */
export const MAX_CONFLICT_RETRIES = 3;

export function isConflict(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '409';
}

export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

export { settle, type Outcome } from '../../transport/landed';

export function bodyValue(raw: IDataObject, representation: string): string {
	const entry = (raw.body as IDataObject | undefined)?.[representation] as IDataObject | undefined;
	return typeof entry?.value === 'string' ? entry.value : '';
}

export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const record = value as IDataObject;
		return `{${Object.keys(record)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** Whether two bodies of one representation say the same thing; wiki markup is never comparable (Confluence converts it). */
export function sameBody(current: string, next: BodyWrite): boolean {
	if (next.representation === 'wiki') return false;
	if (next.representation === 'atlas_doc_format') {
		try {
			return canonicalJson(JSON.parse(current || 'null')) === canonicalJson(JSON.parse(next.value));
		} catch {
			return false;
		}
	}
	return current.replace(/\r\n/g, '\n').trim() === next.value.replace(/\r\n/g, '\n').trim();
}

/** The representation to read the current body in: the one the new body is written in, so they can be joined or compared. */
function readRepresentation(changes: ContentChanges, options: WriteOptions): string | undefined {
	if (!changes.body) return 'storage';
	const needsCurrent = changes.bodyMode !== 'replace' || options.skipIfUnchanged;
	if (!needsCurrent || changes.body.representation === 'wiki') return undefined;
	return changes.body.representation;
}

function nextBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	current: IDataObject,
	changes: ContentChanges,
	representation: string | undefined,
): BodyWrite {
	if (!changes.body) return { representation: 'storage', value: bodyValue(current, 'storage') };
	if (changes.bodyMode === 'replace' || !representation) return changes.body;
	return mergeBodies(
		ctx,
		itemIndex,
		changes.bodyMode,
		{ representation: changes.body.representation, value: bodyValue(current, representation) },
		changes.body,
	);
}

function isUnchanged(
	current: IDataObject,
	changes: ContentChanges,
	body: BodyWrite,
	representation?: string,
): boolean {
	if (changes.title !== undefined && changes.title !== current.title) return false;
	if (changes.status !== undefined && changes.status !== current.status) return false;
	if (changes.parentId !== undefined && changes.parentId !== String(current.parentId ?? ''))
		return false;
	if (changes.ownerId !== undefined && changes.ownerId !== current.ownerId) return false;
	if (!changes.body) return true;
	if (!representation) return false;
	return sameBody(bodyValue(current, representation), body);
}

function conflictError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	id: string,
	readVersion: number,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`The ${spec.lower} ${id} was changed by someone else while this node was replacing its body, so nothing was written`,
		{
			itemIndex,
			description: `The node read version ${readVersion} and Confluence rejected version ${readVersion + 1} with 409 Conflict: a newer version was saved in between. Run the node again to replace the new version, turn on "Overwrite on Conflict" to replace it automatically, or use the Append/Prepend body mode, which retries on its own.`,
		},
	);
}

/**
 * Marks the version an append or prepend writes, so that the node can tell its own version from anyone else's when the
 * connection drops before Confluence answers. The text cannot tell: another writer may append the very same line.
 */
function writeMark(): string {
	return `n8n ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function versionMessage(changes: ContentChanges, mark: string | undefined): string | undefined {
	if (!mark) return changes.versionMessage;
	return changes.versionMessage ? `${changes.versionMessage} (${mark})` : mark;
}

/**
 * After a PUT whose outcome is unknown: the content as it is now, and whether the version the node wrote is there.
 * With a mark, the version is ours exactly when it carries the mark (read from the history when newer versions
 * followed it). Without one (replace, title, status), it is ours when the current version is the number written with
 * the same title, status and body: another writer who wrote exactly that left the content as the node would have.
 */
async function readBackUnknownWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: ApiPath,
	payload: IDataObject,
	body: BodyWrite,
	mark: string | undefined,
): Promise<{ current: IDataObject; landed: boolean } | undefined> {
	if (payload.status !== 'current' || (!mark && body.representation === 'wiki')) return undefined;
	const representation = body.representation === 'wiki' ? 'storage' : body.representation;
	const current = await confluenceApi.call(ctx, {
		method: 'GET',
		path,
		qs: { 'body-format': representation },
		itemIndex,
	});
	const written = Number((payload.version as IDataObject).number);
	const version = (current.version as IDataObject | undefined) ?? {};
	const currentNumber = Number(version.number ?? 0);
	if (currentNumber < written) return { current, landed: false };
	if (mark) {
		const message =
			currentNumber === written
				? version.message
				: (
						await confluenceApi.call(ctx, {
							method: 'GET',
							path: apiPath`${path}/versions/${written}`,
							itemIndex,
						})
					).message;
		return { current, landed: typeof message === 'string' && message.includes(mark) };
	}
	const landed =
		currentNumber === written &&
		current.title === payload.title &&
		current.status === payload.status &&
		sameBody(bodyValue(current, representation), body);
	return { current, landed };
}

/**
 * The content as the write starts from. A never-published draft (Create with Status Draft) may answer 404 to a plain
 * read: whether Confluence serves it without `get-draft` is undocumented (REALITY.md draft-get-without-get-draft), so on
 * a 404 the draft is asked for explicitly. A published page is never read as its edit draft.
 */
async function readForWrite(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: ApiPath,
	representation: string | undefined,
): Promise<IDataObject> {
	const qs: IDataObject = representation ? { 'body-format': representation } : {};
	const plain = await settle(confluenceApi.call(ctx, { method: 'GET', path, qs, itemIndex }));
	if (plain.ok) return plain.value;
	if (!isNotFound(plain.error)) throw plain.error;
	const draft = await settle(
		confluenceApi.call(ctx, { method: 'GET', path, qs: { ...qs, 'get-draft': true }, itemIndex }),
	);
	if (draft.ok && draft.value.status === 'draft') return draft.value;
	throw plain.error;
}

/**
 * Reads the current version and writes version + 1 (a draft write is always version 1, as Confluence requires).
 * On 409 the write is repeated on top of a fresh read when that cannot lose anyone's edit: appending, prepending,
 * or changing fields other than the body; a body replacement is repeated only when the user chose to overwrite.
 * Writes to one page or blog post within a run go one at a time, in input order (see writeOrder.ts).
 */
export async function writeContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spec: ContentSpec,
	id: string,
	changes: ContentChanges,
	options: WriteOptions,
): Promise<WriteResult> {
	return await inWriteOrder(ctx, itemIndex, `${spec.path}/${id}`, async () => {
		const representation = readRepresentation(changes, options);
		const path = apiPath`${spec.path}/${id}`;
		const replacesBody = changes.body !== undefined && changes.bodyMode === 'replace';
		const mark = changes.body && changes.bodyMode !== 'replace' ? writeMark() : undefined;
		let reread: IDataObject | undefined;
		let unknownOutcomes = 0;
		for (let attempt = 1; ; attempt++) {
			const current = reread ?? (await readForWrite(ctx, itemIndex, path, representation));
			reread = undefined;
			const readVersion = Number((current.version as IDataObject | undefined)?.number ?? 0);
			const body = nextBody(ctx, itemIndex, current, changes, representation);
			if (options.skipIfUnchanged && isUnchanged(current, changes, body, representation)) {
				return { raw: current, changed: false, attempts: attempt - 1 };
			}
			const status = changes.status ?? (current.status === 'draft' ? 'draft' : 'current');
			const message = versionMessage(changes, mark);
			const payload: IDataObject = {
				id,
				status,
				title: changes.title ?? current.title,
				body: { representation: body.representation, value: body.value },
				version: {
					number: status === 'draft' ? 1 : readVersion + 1,
					...(message ? { message } : {}),
				},
			};
			if (changes.parentId !== undefined) payload.parentId = changes.parentId;
			if (changes.ownerId !== undefined) payload.ownerId = changes.ownerId;
			// Not resent by the transport: a 409 then always means someone else's version, never our own first attempt.
			const outcome = await settle(
				confluenceApi.call(ctx, {
					method: 'PUT',
					path,
					body: payload,
					itemIndex,
					idempotent: false,
				}),
			);
			if (outcome.ok) return { raw: outcome.value, changed: true, attempts: attempt };
			if (outcomeUnknown(outcome.error)) {
				unknownOutcomes++;
				const after = await settle(readBackUnknownWrite(ctx, itemIndex, path, payload, body, mark));
				if (!after.ok || !after.value || unknownOutcomes > MAX_CONFLICT_RETRIES)
					throw outcome.error;
				if (after.value.landed)
					return { raw: after.value.current, changed: true, attempts: attempt };
				const nowVersion = Number(
					(after.value.current.version as IDataObject | undefined)?.number ?? 0,
				);
				// Nothing of ours landed; someone else's version did: a replacement stops, as on 409.
				if (replacesBody && !options.overwriteOnConflict && nowVersion !== readVersion) {
					throw conflictError(ctx, itemIndex, spec, id, readVersion);
				}
				continue;
			}
			if (!isConflict(outcome.error)) throw outcome.error;
			if (replacesBody && !options.overwriteOnConflict) {
				throw conflictError(ctx, itemIndex, spec, id, readVersion);
			}
			if (attempt > MAX_CONFLICT_RETRIES) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The ${spec.lower} ${id} kept changing while this node was writing it (409 Conflict ${attempt} times)`,
					{
						itemIndex,
						description:
							'Someone or something is saving it continuously. Nothing was written; try again when the edits settle.',
					},
				);
			}
		}
	});
}
