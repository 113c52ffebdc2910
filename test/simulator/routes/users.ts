/* Users: v1 current / anonymous / by account id / bulk / search (CQL on user fields), v2 users-bulk. */
import type { SimContext } from '../context';
import {
	ApiError,
	bodyObject,
	errors,
	json,
	queryList,
	queryString,
	type SimRequest,
} from '../http';
import { presentV1User, presentV2User } from '../presenters';
import type { Router } from '../router';
import type { UserRecord } from '../store';

const V1 = '/wiki/rest/api';

type UserPredicate = (user: UserRecord) => boolean;

function cqlError(cql: string, reason?: string): ApiError {
	return new ApiError(400, `Could not parse cql : ${cql}`, {
		v1Message: `com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : ${cql}${reason ? ` (${reason})` : ''}`,
	});
}

/**
 * The user-search CQL subset: fields `user`, `user.fullname`, `user.accountid`, `user.userkey`; operators `=`, `!=`,
 * `~`, `!~`, `IN`, `NOT IN`; AND/OR/NOT and parentheses.
 */
export function parseUserCql(cql: string): UserPredicate {
	const tokens: string[] = [];
	const pattern = /\s*("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|!~|!=|[=~(),]|[^\s=~!(),"']+)/gy;
	let match: RegExpExecArray | null;
	let consumed = 0;
	while ((match = pattern.exec(cql))) {
		tokens.push(match[1]);
		consumed = pattern.lastIndex;
	}
	if (cql.slice(consumed).trim() !== '') throw cqlError(cql);
	let pos = 0;
	const peek = () => tokens[pos];
	const next = () => tokens[pos++];
	const literal = (token: string | undefined): string => {
		if (token === undefined) throw cqlError(cql);
		if (/^["']/.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
		if (/^(and|or|not|in|order|by)$/i.test(token) || /^[=~(),]|!=|!~$/.test(token))
			throw cqlError(cql);
		return token;
	};
	const fieldValue = (user: UserRecord, field: string): string => {
		switch (field) {
			case 'user':
			case 'user.accountid':
				return user.accountId;
			case 'user.fullname':
				return user.displayName;
			case 'user.userkey':
				return user.accountId;
			default:
				throw cqlError(cql, `field '${field}' is not supported`);
		}
	};
	const contains = (haystack: string, needle: string) => {
		const n = needle.toLowerCase().replace(/\*/g, '');
		return haystack.toLowerCase().includes(n);
	};
	const clause = (): UserPredicate => {
		if (peek() === '(') {
			next();
			const inner = expression();
			if (next() !== ')') throw cqlError(cql);
			return inner;
		}
		if (peek()?.toLowerCase() === 'not') {
			next();
			const inner = clause();
			return (u) => !inner(u);
		}
		const field = literal(next()).toLowerCase();
		if (!['user', 'user.fullname', 'user.accountid', 'user.userkey'].includes(field))
			throw cqlError(cql, `field '${field}' is not supported`);
		let op = next();
		if (op?.toLowerCase() === 'not' && peek()?.toLowerCase() === 'in') {
			next();
			op = 'not in';
		}
		if (op === undefined) throw cqlError(cql);
		const lower = op.toLowerCase();
		if (lower === 'in' || lower === 'not in') {
			if (next() !== '(') throw cqlError(cql);
			const values: string[] = [];
			for (;;) {
				values.push(literal(next()));
				const separator = next();
				if (separator === ')') break;
				if (separator !== ',') throw cqlError(cql);
			}
			return lower === 'in'
				? (u) => values.includes(fieldValue(u, field))
				: (u) => !values.includes(fieldValue(u, field));
		}
		const value = literal(next());
		switch (op) {
			case '=':
				return (u) => fieldValue(u, field) === value;
			case '!=':
				return (u) => fieldValue(u, field) !== value;
			case '~':
				return (u) => contains(fieldValue(u, field), value);
			case '!~':
				return (u) => !contains(fieldValue(u, field), value);
			default:
				throw cqlError(cql);
		}
	};
	const conjunction = (): UserPredicate => {
		let left = clause();
		while (peek()?.toLowerCase() === 'and') {
			next();
			const right = clause();
			const l = left;
			left = (u) => l(u) && right(u);
		}
		return left;
	};
	const expression = (): UserPredicate => {
		let left = conjunction();
		while (peek()?.toLowerCase() === 'or') {
			next();
			const right = conjunction();
			const l = left;
			left = (u) => l(u) || right(u);
		}
		return left;
	};
	if (tokens.length === 0) throw cqlError(cql);
	const predicate = expression();
	if (pos !== tokens.length) throw cqlError(cql);
	return predicate;
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const withExpand = (req: SimRequest, user: UserRecord): Record<string, unknown> => {
		const out = presentV1User(ctx.baseUrl, user);
		const expand = queryList(req.query, 'expand');
		if (expand.includes('operations')) {
			out.operations = [
				{ operation: 'use', targetType: 'application' },
				{ operation: 'create_space', targetType: 'application' },
				...(user.admin ? [{ operation: 'administer', targetType: 'application' }] : []),
			];
		}
		if (expand.includes('isExternalCollaborator'))
			out.isExternalCollaborator = user.isExternalCollaborator;
		return out;
	};

	router.get(`${V1}/user/current`, (req) => json(withExpand(req, ctx.user(req))));

	router.get(`${V1}/user/anonymous`, (req) => {
		ctx.user(req);
		const out: Record<string, unknown> = {
			type: 'anonymous',
			profilePicture: { path: '/wiki/s/anonymous.svg', width: 48, height: 48, isDefault: true },
			displayName: 'Anonymous',
			_expandable: { operations: '' },
			_links: {
				self: `${ctx.baseUrl}/wiki/rest/api/user/anonymous`,
				base: `${ctx.baseUrl}/wiki`,
				context: '/wiki',
			},
		};
		if (queryList(req.query, 'expand').includes('operations')) out.operations = [];
		return json(out);
	});

	router.get(`${V1}/user`, (req) => {
		ctx.user(req);
		const accountId = queryString(req.query, 'accountId');
		if (!accountId) throw errors.badRequest('accountId is required.');
		const user = store.getUser(accountId);
		if (!user) {
			throw errors.notFound(
				'Not Found',
				`com.atlassian.confluence.api.service.exceptions.NotFoundException: No user found with accountId : ${accountId}`,
			);
		}
		return json(withExpand(req, user));
	});

	router.get(`${V1}/user/bulk`, (req) => {
		ctx.user(req);
		const ids = queryList(req.query, 'accountId');
		if (ids.length === 0) throw errors.badRequest('accountId is required.');
		const users = ids.map((id) => store.getUser(id)).filter((u): u is UserRecord => !!u);
		return ctx.paginateV1(req, users, { defaultLimit: 200, map: (u) => withExpand(req, u) });
	});

	router.get(`${V1}/search/user`, (req) => {
		ctx.user(req);
		const cql = queryString(req.query, 'cql');
		if (!cql) throw errors.badRequest('The cql query parameter is required.');
		const started = performance.now();
		const predicate = parseUserCql(cql);
		const users = [...store.users.values()].filter(
			(u) => u.accountStatus === 'active' && predicate(u),
		);
		const response = ctx.paginateV1(req, users, {
			defaultLimit: 25,
			maxLimit: 1000,
			map: (u) => ({
				user: withExpand(req, u),
				title: u.displayName,
				excerpt: '',
				url: `/people/${u.accountId}`,
				breadcrumbs: [],
				entityType: 'user',
				iconCssClass: 'aui-icon content-type-profile',
				lastModified: store.now().toISOString(),
				friendlyLastModified: '',
				score: 0,
			}),
			extra: {
				totalSize: users.length,
				cqlQuery: cql,
				searchDuration: Math.round(performance.now() - started),
			},
		});
		return response;
	});

	router.post('/wiki/api/v2/users-bulk', (req) => {
		ctx.user(req);
		const body = bodyObject(req);
		if (!Array.isArray(body.accountIds)) throw errors.badRequest('accountIds is required.');
		if (body.accountIds.length > 100)
			throw errors.badRequest('At most 100 accountIds can be looked up at once.');
		const users = body.accountIds
			.map((id) => store.getUser(String(id)))
			.filter((u): u is UserRecord => !!u);
		return ctx.paginateV2(req, users, {
			key: (u) => u.accountId,
			map: presentV2User,
			defaultLimit: 250,
		});
	});
}
