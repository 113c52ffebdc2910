/* Labels: v1 add/remove on content, v1 label lookup by name, v2 site-wide list and attachment labels. Page/blog post
 * label reads live in content.ts, space label reads in spaces.ts. */
import type { SimContext } from '../context';
import {
	ApiError,
	errors,
	noContent,
	queryEnumList,
	queryList,
	queryString,
	type SimRequest,
} from '../http';
import { presentLabel, presentV1Label } from '../presenters';
import { v1ViewableContent } from '../routeHelpers';
import type { Router } from '../router';
import { validateLabelName, type ContentItem, type LabelRecord } from '../store';
import { listLabels } from './content';

const V1 = '/wiki/rest/api';
const V2 = '/wiki/api/v2';
const MAX_LABELS_PER_REQUEST = 100;
const PREFIXES = ['global', 'my', 'team'] as const;

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	/** v1 semantics: 404 when missing or not viewable, 403 when viewable but not editable. */
	const editable = (req: SimRequest): ContentItem => {
		const item = v1ViewableContent(ctx, req);
		if (!store.canEdit(ctx.user(req).accountId, item)) {
			throw new ApiError(403, 'Forbidden', {
				v1Message: `com.atlassian.confluence.api.service.exceptions.PermissionException: Not permitted to edit labels on content ${item.id}`,
			});
		}
		return item;
	};

	router.post(`${V1}/content/{id}/label`, (req) => {
		const item = editable(req);
		const entries = Array.isArray(req.body) ? req.body : req.body === undefined ? [] : [req.body];
		if (entries.length === 0) throw errors.badRequest('No labels to add.');
		if (entries.length > MAX_LABELS_PER_REQUEST)
			throw errors.badRequest(`Too many labels: at most ${MAX_LABELS_PER_REQUEST} per request.`);
		const parsed = entries.map((entry) => {
			const label = entry as { prefix?: unknown; name?: unknown } | null;
			if (!label || typeof label !== 'object' || typeof label.name !== 'string')
				throw errors.badRequest('Each label needs a name.');
			const prefix =
				label.prefix === undefined || label.prefix === null ? 'global' : String(label.prefix);
			if (!(PREFIXES as readonly string[]).includes(prefix))
				throw errors.badRequest(`Invalid label prefix '${prefix}'.`);
			validateLabelName(label.name);
			return { name: label.name, prefix: prefix as LabelRecord['prefix'] };
		});
		for (const label of parsed) store.addLabel(item.id, label.name, label.prefix, ctx.write(req));
		return ctx.paginateV1(req, store.labelsOf(item), { defaultLimit: 200, map: presentV1Label });
	});

	router.delete(`${V1}/content/{id}/label`, (req) => {
		const item = editable(req);
		const name = queryString(req.query, 'name');
		if (!name) throw errors.badRequest('The name query parameter is required.');
		store.removeLabel(item.id, name, ctx.write(req));
		return noContent();
	});

	router.delete(`${V1}/content/{id}/label/{label}`, (req) => {
		const item = editable(req);
		const name = req.params.label;
		if (name.includes('/')) {
			throw errors.badRequest(
				"Label names containing '/' must be removed with DELETE /content/{id}/label?name=",
			);
		}
		store.removeLabel(item.id, name, ctx.write(req));
		return noContent();
	});

	router.get(`${V1}/label`, (req) => {
		const user = ctx.user(req);
		const name = queryString(req.query, 'name');
		if (!name) throw errors.badRequest('The name query parameter is required.');
		const label = store.findLabel(name);
		if (!label)
			throw errors.notFound(
				'Not Found',
				`com.atlassian.confluence.api.service.exceptions.NotFoundException: Label not found: ${name}`,
			);
		const types = queryList(req.query, 'type');
		const contents = [...store.content.values()].filter(
			(item) =>
				item.labelIds.includes(label.id) &&
				item.status === 'current' &&
				(types.length === 0 || types.includes(item.type)) &&
				store.canView(user.accountId, item),
		);
		const start = Number(queryString(req.query, 'start') ?? 0) || 0;
		const limit = Number(queryString(req.query, 'limit') ?? 200) || 200;
		const page = contents.slice(start, start + limit);
		return {
			status: 200,
			body: {
				label: presentV1Label(label),
				associatedContents: {
					results: page.map((item) => ({
						contentType: item.type,
						contentId: Number(item.id.replace(/\D/g, '')),
						title: item.title,
					})),
					start,
					limit,
					size: page.length,
				},
			},
		};
	});

	router.get(`${V2}/labels`, (req) => {
		ctx.user(req);
		const ids = queryList(req.query, 'label-id');
		const prefixes = queryEnumList(req.query, 'prefix', [
			'my',
			'team',
			'global',
			'system',
		] as const);
		const labels = [...store.labels.values()].filter(
			(l) =>
				(ids.length === 0 || ids.includes(l.id)) &&
				(prefixes.length === 0 || prefixes.includes(l.prefix)),
		);
		return ctx.paginateV2(req, labels, {
			sorts: {
				'created-date': (l) => l.createdAt.getTime(),
				id: (l) => Number(l.id),
				name: (l) => l.name,
			},
			map: presentLabel,
		});
	});
}

/** After all modules: attachment labels, unless the attachments module serves them itself. */
export function registerLate(router: Router, ctx: SimContext): void {
	const template = `${V2}/attachments/{id}/labels`;
	if (router.has('GET', template)) return;
	router.get(template, (req) => {
		const user = ctx.user(req);
		const item = ctx.store.get(req.params.id) ?? ctx.store.get(`att${req.params.id}`);
		if (!item || item.type !== 'attachment' || !ctx.store.canView(user.accountId, item))
			throw errors.notFound();
		return listLabels(ctx, req, ctx.store.labelsOf(item), ['my', 'team', 'global', 'system']);
	});
}
