import {
	compareByCqlOrder,
	CqlSyntaxError,
	matchesCql,
	parseCql,
	type CqlContext,
	type CqlEntity,
} from './cql';

const ctx: CqlContext = {
	now: new Date('2026-03-18T14:37:25.500Z'), // a Wednesday
	currentUserAccountId: 'acc-me',
};

function entity(overrides: Partial<CqlEntity> = {}): CqlEntity {
	return {
		type: 'page',
		id: '100',
		title: 'Quarterly planning',
		text: 'The budget for the next quarter is attached.',
		spaceKey: 'DEV',
		spaceId: '5001',
		labels: ['finance', 'draft-review'],
		ancestorIds: ['10', '20'],
		parentId: '20',
		creatorAccountId: 'acc-alice',
		contributorAccountIds: ['acc-alice', 'acc-bob'],
		mentionAccountIds: ['acc-me'],
		created: new Date('2026-03-01T09:15:00Z'),
		lastModified: new Date('2026-03-18T12:00:42Z'),
		...overrides,
	};
}

function matches(cql: string, e: CqlEntity = entity(), context: CqlContext = ctx): boolean {
	return matchesCql(parseCql(cql), e, context);
}

function syntaxError(cql: string): CqlSyntaxError {
	let caught: unknown;
	try {
		parseCql(cql);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(CqlSyntaxError);
	return caught as CqlSyntaxError;
}

describe('parseCql', () => {
	it('gives AND precedence over OR, NOT over AND, and honours parentheses', () => {
		expect(parseCql('type = page OR type = blogpost AND space = DEV').where).toEqual({
			kind: 'or',
			operands: [
				{
					kind: 'clause',
					field: 'type',
					operator: '=',
					values: [{ kind: 'literal', value: 'page', quoted: false }],
				},
				{
					kind: 'and',
					operands: [
						{
							kind: 'clause',
							field: 'type',
							operator: '=',
							values: [{ kind: 'literal', value: 'blogpost', quoted: false }],
						},
						{
							kind: 'clause',
							field: 'space',
							operator: '=',
							values: [{ kind: 'literal', value: 'DEV', quoted: false }],
						},
					],
				},
			],
		});
		const notFirst = parseCql('NOT label = a AND label = b').where;
		expect(notFirst?.kind).toBe('and');
		const grouped = parseCql('(type = page OR type = blogpost) AND space = OPS').where;
		expect(grouped?.kind).toBe('and');

		const blog = entity({ type: 'blogpost', spaceKey: 'OPS' });
		expect(matches('type = page OR type = blogpost AND space = DEV', blog)).toBe(false);
		expect(matches('(type = page OR type = blogpost) AND space = OPS', blog)).toBe(true);
		expect(matches('NOT type = page AND space = OPS', blog)).toBe(true);
		expect(matches('NOT (type = blogpost AND space = OPS)', blog)).toBe(false);
	});

	it('keeps a quoted title with quotes, backslashes and the words AND/OR as one literal', () => {
		const title = 'Plan "A" AND B\\C OR \'D\'';
		const cql = `title = "Plan \\"A\\" AND B\\\\C OR 'D'"`;
		const q = parseCql(cql);
		expect(q.where).toEqual({
			kind: 'clause',
			field: 'title',
			operator: '=',
			values: [{ kind: 'literal', value: title, quoted: true }],
		});
		expect(matches(cql, entity({ title }))).toBe(true);
		expect(matches(cql, entity({ title: 'Plan "A"' }))).toBe(false);

		const singleQuoted = parseCql(`title = 'it\\'s "fine"'`).where;
		expect(singleQuoted).toMatchObject({ values: [{ value: 'it\'s "fine"' }] });
	});

	it('reads keywords and field names case-insensitively, lastModified as an alias', () => {
		expect(matches('TYPE = page and Space = dev Or label = none')).toBe(true);
		expect(parseCql('lastModified > "2026-01-01"').where).toMatchObject({ field: 'lastmodified' });
	});

	it('parses ORDER BY with several keys and optional directions', () => {
		expect(parseCql('space = DEV ORDER BY lastModified DESC, title').orderBy).toEqual([
			{ field: 'lastmodified', direction: 'desc' },
			{ field: 'title', direction: 'asc' },
		]);
		expect(parseCql('order by created asc')).toEqual({
			where: undefined,
			orderBy: [{ field: 'created', direction: 'asc' }],
		});
	});

	it.each([
		['', 'empty query'],
		['title = ', 'expected a value'],
		['title = "unterminated', 'unterminated string'],
		['title = and', "reserved word 'and' must be quoted"],
		['label = order', "reserved word 'order' must be quoted"],
		['label in (a, not)', "reserved word 'not' must be quoted"],
		['type = page AND', 'expected a field'],
		['(type = page', "expected ')'"],
		['type = page)', "unexpected ')'"],
		['type page', 'expected an operator'],
		['foo = bar', "unsupported field 'foo'"],
		['text = budget', "operator '=' is not supported by field 'text'"],
		['created ~ "2024"', "operator '~' is not supported by field 'created'"],
		['label > a', "operator '>' is not supported by field 'label'"],
		['created > "2024-13-01"', "invalid date '2024-13-01'"],
		['created > "2024-01-01T10:00:00Z"', 'invalid date'],
		['created > now("-4x")', 'invalid increment'],
		['created > now("-4")', 'invalid increment'],
		['creator = now()', "now() is not supported by field 'creator'"],
		['created = currentUser()', "currentUser() is not supported by field 'created'"],
		['title = foo("x")', "unsupported function 'foo'"],
		['type = page ORDER created', 'expected BY after ORDER'],
		['type = page ORDER BY text', "cannot order by 'text'"],
		['title ! "x"', "unexpected '!'"],
		['title = "a" # b', "unexpected character '#'"],
	])('rejects %j (%s)', (cql, reason) => {
		const error = syntaxError(cql);
		expect(error.message).toBe(`Could not parse cql : ${cql}`);
		expect(error.reason).toContain(reason);
		expect(error).toBeInstanceOf(Error);
	});

	it('accepts reserved words when quoted', () => {
		expect(matches('label = "draft-review" OR label = "and"', entity({ labels: ['and'] }))).toBe(
			true,
		);
	});
});

describe('matchesCql operators', () => {
	it('= and != compare exactly (titles, types, keys and labels without regard to case)', () => {
		expect(matches('title = "quarterly PLANNING"')).toBe(true);
		expect(matches('title = "Quarterly"')).toBe(false);
		expect(matches('title != "Quarterly"')).toBe(true);
		expect(matches('space = dev')).toBe(true);
		expect(matches('space.key = DEV AND space.id = 5001')).toBe(true);
		expect(matches('id = 100 AND content = 100')).toBe(true);
		expect(matches('id != 100')).toBe(false);
		expect(matches('parent = 20 AND ancestor = 10')).toBe(true);
		expect(matches('parent = 10')).toBe(false);
		expect(matches('parent = 10', entity({ parentId: undefined }))).toBe(false);
	});

	it('!= and NOT IN on a multi-valued field mean "has none of"', () => {
		expect(matches('label = finance')).toBe(true);
		expect(matches('label != finance')).toBe(false);
		expect(matches('label != other')).toBe(true);
		expect(matches('label IN (other, FINANCE)')).toBe(true);
		expect(matches('label NOT IN (other, finance)')).toBe(false);
		expect(matches('label NOT IN (other, another)')).toBe(true);
		expect(matches('ancestor in (1, 2, 20)')).toBe(true);
		expect(matches('type IN (blogpost, comment)')).toBe(false);
	});

	it('resolves currentUser() for creator, contributor and mention', () => {
		expect(matches('mention = currentUser()')).toBe(true);
		expect(matches('creator = currentUser()')).toBe(false);
		expect(matches('creator != currentUser() AND contributor = "acc-bob"')).toBe(true);
		expect(matches('contributor IN (currentUser(), "acc-zed")')).toBe(false);
		expect(matches('mention = currentUser()', entity({ mentionAccountIds: undefined }))).toBe(
			false,
		);
	});

	it('~ matches whole words case-insensitively; every term must be present', () => {
		expect(matches('title ~ planning')).toBe(true);
		expect(matches('title ~ "PLANNING quarterly"')).toBe(true);
		expect(matches('title ~ plan')).toBe(false);
		expect(matches('title ~ "planning budget"')).toBe(false);
		expect(matches('title !~ budget')).toBe(true);
		expect(matches('title !~ planning')).toBe(false);
	});

	it('~ supports * and ? wildcards', () => {
		expect(matches('title ~ "plan*"')).toBe(true);
		expect(matches('title ~ "*terly"')).toBe(true);
		expect(matches('title ~ "qu?rterly"')).toBe(true);
		expect(matches('title ~ "plan?"')).toBe(false);
		expect(matches('title ~ "*"')).toBe(false);
	});

	it('~ with an escaped quoted phrase needs the words consecutively', () => {
		expect(matches('text ~ "\\"next quarter\\""')).toBe(true);
		expect(matches('text ~ "\\"quarter next\\""')).toBe(false);
		expect(matches('text ~ "quarter next"')).toBe(true);
	});

	it('text ~ searches title, body and labels; title ~ only the title', () => {
		expect(matches('text ~ budget')).toBe(true);
		expect(matches('text ~ quarterly')).toBe(true);
		expect(matches('text ~ finance')).toBe(true);
		expect(matches('title ~ budget')).toBe(false);
		expect(matches('text !~ budget')).toBe(false);
	});
});

describe('matchesCql dates', () => {
	const at = (iso: string) => entity({ lastModified: new Date(iso), created: new Date(iso) });

	it('compares at minute precision: seconds inside the same minute are equal', () => {
		const e = at('2026-03-18T12:00:42Z');
		expect(matches('lastmodified = "2026-03-18 12:00"', e)).toBe(true);
		expect(matches('lastmodified > "2026-03-18 12:00"', e)).toBe(false);
		expect(matches('lastmodified >= "2026-03-18 12:00"', e)).toBe(true);
		expect(matches('lastmodified < "2026-03-18 12:01"', e)).toBe(true);
		expect(matches('lastmodified <= "2026-03-18 11:59"', e)).toBe(false);
		expect(matches('lastmodified != "2026-03-18 12:00"', e)).toBe(false);
	});

	it('reads every documented literal format, quoted or not', () => {
		const e = at('2026-03-18T00:00:10Z');
		expect(matches('created = "2026-03-18"', e)).toBe(true);
		expect(matches('created = "2026/03/18"', e)).toBe(true);
		expect(matches('created = "2026/03/18 00:00"', e)).toBe(true);
		expect(matches('created = 2026/03/18', e)).toBe(true);
		expect(matches('created > 2026-03-17', e)).toBe(true);
	});

	it('reads literals in the configured time zone', () => {
		const e = at('2026-03-18T12:00:00Z');
		const berlin = { ...ctx, timeZone: 'Europe/Berlin' }; // UTC+1 in March before DST
		expect(matches('created = "2026-03-18 13:00"', e, berlin)).toBe(true);
		expect(matches('created = "2026-03-18 12:00"', e, berlin)).toBe(false);
		expect(matches('created = "2026-03-18 12:00"', e)).toBe(true);
	});

	it('evaluates now() with compound increments relative to the given now', () => {
		// now = 2026-03-18 14:37:25.5; now("-4w2d") = 2026-02-16 14:37
		expect(matches('created >= now("-4w2d")', at('2026-02-16T14:37:00Z'))).toBe(true);
		expect(matches('created >= now("-4w2d")', at('2026-02-16T14:36:59Z'))).toBe(false);
		expect(matches('created = now()', at('2026-03-18T14:37:59Z'))).toBe(true);
		expect(matches('created > now("-1h")', at('2026-03-18T13:38:00Z'))).toBe(true);
		expect(matches('created > now("-1h")', at('2026-03-18T13:37:30Z'))).toBe(false);
		expect(matches('created < now("1M")', at('2026-04-18T14:36:00Z'))).toBe(true);
		expect(matches('created > now(-15m)', at('2026-03-18T14:30:00Z'))).toBe(true);
	});

	it('evaluates startOf/endOf functions, with increments and bare numbers in their own unit', () => {
		expect(matches('created >= startOfDay()', at('2026-03-18T00:00:00Z'))).toBe(true);
		expect(matches('created >= startOfDay()', at('2026-03-17T23:59:59Z'))).toBe(false);
		expect(matches('created >= startOfDay("-1d")', at('2026-03-17T00:00:00Z'))).toBe(true);
		expect(matches('created >= startOfDay(-1)', at('2026-03-17T00:00:00Z'))).toBe(true);
		expect(matches('created = endOfDay()', at('2026-03-18T23:59:30Z'))).toBe(true);
		expect(matches('created > endOfDay("-1d")', at('2026-03-18T00:00:00Z'))).toBe(true);
		// Week starts on Sunday 2026-03-15 unless configured otherwise.
		expect(matches('created = startOfWeek()', at('2026-03-15T00:00:00Z'))).toBe(true);
		expect(
			matches('created = startOfWeek()', at('2026-03-16T00:00:00Z'), {
				...ctx,
				weekStart: 'monday',
			}),
		).toBe(true);
		expect(matches('created = endOfWeek()', at('2026-03-21T23:59:00Z'))).toBe(true);
		expect(matches('created = startOfMonth()', at('2026-03-01T00:00:00Z'))).toBe(true);
		expect(matches('created = startOfMonth("+15d")', at('2026-03-16T00:00:00Z'))).toBe(true);
		expect(matches('created = startOfMonth(-1)', at('2026-02-01T00:00:00Z'))).toBe(true);
		expect(matches('created = endOfMonth()', at('2026-03-31T23:59:00Z'))).toBe(true);
		expect(matches('created = startOfYear()', at('2026-01-01T00:00:00Z'))).toBe(true);
		expect(matches('created = endOfYear("-1y")', at('2025-12-31T23:59:00Z'))).toBe(true);
	});

	it('anchors startOf functions in the configured time zone', () => {
		const tokyo = { ...ctx, timeZone: 'Asia/Tokyo' }; // now is 2026-03-18 23:37 in Tokyo
		expect(matches('created = startOfDay()', at('2026-03-17T15:00:00Z'), tokyo)).toBe(true);
		const kiritimati = { ...ctx, timeZone: 'Pacific/Kiritimati' }; // UTC+14: already 2026-03-19 04:37
		expect(matches('created = startOfDay()', at('2026-03-18T10:00:00Z'), kiritimati)).toBe(true);
	});
});

describe('compareByCqlOrder', () => {
	const a = entity({
		id: '9',
		title: 'beta',
		created: new Date('2026-01-02T00:00:00Z'),
		lastModified: new Date('2026-01-05T00:00:00Z'),
	});
	const b = entity({
		id: '10',
		title: 'Alpha',
		created: new Date('2026-01-01T00:00:00Z'),
		lastModified: new Date('2026-01-05T00:00:00Z'),
	});
	const c = entity({
		id: '11',
		title: 'gamma',
		created: new Date('2026-01-03T00:00:00Z'),
		lastModified: new Date('2026-01-04T00:00:00Z'),
	});

	const sortIds = (cql: string, items: CqlEntity[]) =>
		[...items].sort(compareByCqlOrder(parseCql(cql))).map((e) => e.id);

	it('orders by the ORDER BY keys and breaks ties by numeric id', () => {
		expect(sortIds('type = page ORDER BY created', [a, b, c])).toEqual(['10', '9', '11']);
		expect(sortIds('type = page ORDER BY created DESC', [a, b, c])).toEqual(['11', '9', '10']);
		expect(sortIds('type = page ORDER BY title', [a, b, c])).toEqual(['10', '9', '11']);
		expect(sortIds('type = page ORDER BY lastmodified DESC', [c, b, a])).toEqual(['9', '10', '11']);
		expect(sortIds('type = page ORDER BY lastmodified DESC, title DESC', [c, b, a])).toEqual([
			'9',
			'10',
			'11',
		]);
		expect(sortIds('type = page ORDER BY id DESC', [a, b, c])).toEqual(['11', '10', '9']);
	});

	it('without ORDER BY ranks title hits first, then most recently modified', () => {
		const titleHit = entity({
			id: '1',
			title: 'Budget review',
			text: 'nothing',
			lastModified: new Date('2025-01-01T00:00:00Z'),
		});
		const bodyHit = entity({
			id: '2',
			title: 'Notes',
			text: 'the budget',
			lastModified: new Date('2026-01-01T00:00:00Z'),
		});
		expect(sortIds('text ~ budget', [bodyHit, titleHit])).toEqual(['1', '2']);
		expect(sortIds('type = page', [c, a, b])).toEqual(['9', '10', '11']);
	});
});
