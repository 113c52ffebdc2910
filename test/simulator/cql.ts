/* Confluence Query Language (CQL) for the simulator: the subset an n8n node's search and polling trigger use.
 * Pure: parsing, matching and ordering only, no I/O. Behaviour follows Atlassian's CQL field, function and keyword
 * references (developer.atlassian.com/cloud/confluence/cql-fields, cql-functions, cql-keywords,
 * performing-text-searches-using-cql); dates compare at minute precision, like the real index. */
import { DateTime } from 'luxon';

export class CqlSyntaxError extends Error {
	/** What exactly is wrong; the message keeps Confluence's wording, which never says. */
	readonly reason: string;

	constructor(cql: string, reason: string) {
		super(`Could not parse cql : ${cql}`);
		this.name = 'CqlSyntaxError';
		this.reason = reason;
	}
}

export interface CqlEntity {
	type: string;
	id: string;
	title: string;
	text: string;
	spaceKey: string;
	spaceId: string;
	labels: string[];
	ancestorIds: string[];
	parentId?: string;
	creatorAccountId: string;
	contributorAccountIds: string[];
	mentionAccountIds?: string[];
	created: Date;
	lastModified: Date;
}

export interface CqlContext {
	now: Date;
	currentUserAccountId: string;
	/** IANA zone that date literals and startOf/endOf functions are read in; UTC by default. */
	timeZone?: string;
	/** First day of the week for startOfWeek/endOfWeek; Sunday by default (Confluence follows the user's locale, en-US). */
	weekStart?: 'sunday' | 'monday';
}

export type CqlField =
	| 'text'
	| 'title'
	| 'type'
	| 'space'
	| 'space.key'
	| 'space.id'
	| 'label'
	| 'ancestor'
	| 'parent'
	| 'id'
	| 'content'
	| 'creator'
	| 'contributor'
	| 'mention'
	| 'created'
	| 'lastmodified';

export type CqlOperator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=' | 'in' | 'not in';

export type CqlFunctionName =
	| 'now'
	| 'currentUser'
	| 'startOfDay'
	| 'startOfWeek'
	| 'startOfMonth'
	| 'startOfYear'
	| 'endOfDay'
	| 'endOfWeek'
	| 'endOfMonth'
	| 'endOfYear';

export type CqlValue =
	| { kind: 'literal'; value: string; quoted: boolean }
	| { kind: 'function'; name: CqlFunctionName; args: string[] };

export type CqlNode =
	| { kind: 'and'; operands: CqlNode[] }
	| { kind: 'or'; operands: CqlNode[] }
	| { kind: 'not'; operand: CqlNode }
	| { kind: 'clause'; field: CqlField; operator: CqlOperator; values: CqlValue[] };

export type CqlOrderField = 'id' | 'title' | 'created' | 'lastmodified' | 'type' | 'space';

export interface CqlOrder {
	field: CqlOrderField;
	direction: 'asc' | 'desc';
}

export interface CqlQuery {
	where?: CqlNode;
	orderBy: CqlOrder[];
}

// ---------------------------------------------------------------------------------------------------------------
// Lexing

type Token =
	| { type: 'string'; value: string; pos: number }
	| { type: 'word'; value: string; pos: number }
	| { type: 'op'; value: '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<='; pos: number }
	| { type: '(' | ')' | ','; pos: number }
	| { type: 'end'; pos: number };

// Unquoted words: letters, digits and the few punctuation marks CQL examples use unquoted
// (`label = needs_review`, `created > 2014/09/01`, `now(-4w2d)`, account ids with ':' and '-').
const WORD_CHAR = /[\p{L}\p{N}_\-.:/*+@]/u;

function tokenize(cql: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < cql.length) {
		const ch = cql[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		const pos = i;
		if (ch === '(' || ch === ')' || ch === ',') {
			tokens.push({ type: ch, pos });
			i++;
			continue;
		}
		if (ch === '"' || ch === "'") {
			let value = '';
			i++;
			let closed = false;
			while (i < cql.length) {
				const c = cql[i];
				if (c === '\\') {
					if (i + 1 >= cql.length) break;
					value += cql[i + 1];
					i += 2;
					continue;
				}
				if (c === ch) {
					closed = true;
					i++;
					break;
				}
				value += c;
				i++;
			}
			if (!closed) throw new CqlSyntaxError(cql, `unterminated string starting at ${pos}`);
			tokens.push({ type: 'string', value, pos });
			continue;
		}
		if (ch === '!' || ch === '>' || ch === '<') {
			const next = cql[i + 1];
			if (ch === '!' && next !== '=' && next !== '~') {
				throw new CqlSyntaxError(cql, `unexpected '!' at ${pos}`);
			}
			if (next === '=' || (ch === '!' && next === '~')) {
				tokens.push({ type: 'op', value: (ch + next) as '!=' | '!~' | '>=' | '<=', pos });
				i += 2;
			} else {
				tokens.push({ type: 'op', value: ch as '>' | '<', pos });
				i++;
			}
			continue;
		}
		if (ch === '=' || ch === '~') {
			tokens.push({ type: 'op', value: ch, pos });
			i++;
			continue;
		}
		if (WORD_CHAR.test(ch)) {
			let value = '';
			while (i < cql.length && WORD_CHAR.test(cql[i])) value += cql[i++];
			tokens.push({ type: 'word', value, pos });
			continue;
		}
		throw new CqlSyntaxError(cql, `unexpected character '${ch}' at ${pos}`);
	}
	tokens.push({ type: 'end', pos: cql.length });
	return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

// Atlassian's list of CQL reserved words: unquoted, none of them may stand as a value or a field.
const RESERVED_WORDS = new Set([
	'after',
	'and',
	'as',
	'asc',
	'avg',
	'before',
	'begin',
	'by',
	'commit',
	'contains',
	'count',
	'desc',
	'distinct',
	'else',
	'empty',
	'end',
	'explain',
	'from',
	'having',
	'if',
	'in',
	'inner',
	'insert',
	'into',
	'is',
	'isnull',
	'left',
	'like',
	'limit',
	'max',
	'min',
	'not',
	'null',
	'or',
	'order',
	'outer',
	'right',
	'select',
	'sum',
	'then',
	'was',
	'where',
	'update',
]);

const FIELD_ALIASES: Record<string, CqlField> = {
	text: 'text',
	title: 'title',
	type: 'type',
	space: 'space',
	'space.key': 'space.key',
	'space.id': 'space.id',
	label: 'label',
	ancestor: 'ancestor',
	parent: 'parent',
	id: 'id',
	content: 'content',
	creator: 'creator',
	contributor: 'contributor',
	mention: 'mention',
	created: 'created',
	lastmodified: 'lastmodified',
};

const ORDER_FIELDS: Record<string, CqlOrderField> = {
	id: 'id',
	content: 'id',
	title: 'title',
	created: 'created',
	lastmodified: 'lastmodified',
	type: 'type',
	space: 'space',
	'space.key': 'space',
};

type FieldKind = 'text' | 'string' | 'user' | 'date';

const FIELD_KIND: Record<CqlField, FieldKind> = {
	text: 'text',
	title: 'string',
	type: 'string',
	space: 'string',
	'space.key': 'string',
	'space.id': 'string',
	label: 'string',
	ancestor: 'string',
	parent: 'string',
	id: 'string',
	content: 'string',
	creator: 'user',
	contributor: 'user',
	mention: 'user',
	created: 'date',
	lastmodified: 'date',
};

// Operators per field, from Atlassian's CQL field reference (text only CONTAINS; title also exact; dates ranges).
const FIELD_OPERATORS: Record<FieldKind, ReadonlySet<CqlOperator>> = {
	text: new Set<CqlOperator>(['~', '!~']),
	string: new Set<CqlOperator>(['=', '!=', 'in', 'not in']),
	user: new Set<CqlOperator>(['=', '!=', 'in', 'not in']),
	date: new Set<CqlOperator>(['=', '!=', '>', '>=', '<', '<=']),
};
const TITLE_OPERATORS = new Set<CqlOperator>(['=', '!=', '~', '!~', 'in', 'not in']);

const FUNCTIONS: Record<string, CqlFunctionName> = {
	now: 'now',
	currentuser: 'currentUser',
	startofday: 'startOfDay',
	startofweek: 'startOfWeek',
	startofmonth: 'startOfMonth',
	startofyear: 'startOfYear',
	endofday: 'endOfDay',
	endofweek: 'endOfWeek',
	endofmonth: 'endOfMonth',
	endofyear: 'endOfYear',
};

const DATE_LITERAL = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/;
const INCREMENT = /^([+-])?((?:\d+[yMwdhm])+)$/;
const BARE_INCREMENT = /^([+-])?(\d+)$/;

class Parser {
	private index = 0;

	constructor(
		private readonly cql: string,
		private readonly tokens: Token[],
	) {}

	parse(): CqlQuery {
		if (this.peek().type === 'end') this.fail('empty query');
		let where: CqlNode | undefined;
		if (!this.atKeyword('order')) where = this.parseOr();
		const orderBy = this.atKeyword('order') ? this.parseOrderBy() : [];
		const rest = this.peek();
		if (rest.type !== 'end') this.fail(`unexpected ${describe(rest)} at ${rest.pos}`);
		return { where, orderBy };
	}

	private parseOr(): CqlNode {
		const operands = [this.parseAnd()];
		while (this.atKeyword('or')) {
			this.index++;
			operands.push(this.parseAnd());
		}
		return operands.length === 1 ? operands[0] : { kind: 'or', operands };
	}

	private parseAnd(): CqlNode {
		const operands = [this.parseNot()];
		while (this.atKeyword('and')) {
			this.index++;
			operands.push(this.parseNot());
		}
		return operands.length === 1 ? operands[0] : { kind: 'and', operands };
	}

	private parseNot(): CqlNode {
		if (this.atKeyword('not')) {
			this.index++;
			return { kind: 'not', operand: this.parseNot() };
		}
		return this.parsePrimary();
	}

	private parsePrimary(): CqlNode {
		const token = this.peek();
		if (token.type === '(') {
			this.index++;
			const inner = this.parseOr();
			this.expect(')');
			return inner;
		}
		return this.parseClause();
	}

	private parseClause(): CqlNode {
		const fieldToken = this.next();
		if (fieldToken.type !== 'word') this.fail(`expected a field at ${fieldToken.pos}`);
		const fieldName = fieldToken.value.toLowerCase();
		if (RESERVED_WORDS.has(fieldName))
			this.fail(`reserved word '${fieldToken.value}' used as a field`);
		const field = FIELD_ALIASES[fieldName];
		if (!field) this.fail(`unsupported field '${fieldToken.value}'`);

		const operator = this.parseOperator();
		const allowed = field === 'title' ? TITLE_OPERATORS : FIELD_OPERATORS[FIELD_KIND[field]];
		if (!allowed.has(operator))
			this.fail(`operator '${operator}' is not supported by field '${field}'`);

		let values: CqlValue[];
		if (operator === 'in' || operator === 'not in') {
			this.expect('(');
			values = [this.parseValue()];
			while (this.peek().type === ',') {
				this.index++;
				values.push(this.parseValue());
			}
			this.expect(')');
		} else {
			values = [this.parseValue()];
		}
		for (const value of values) this.checkValue(field, value);
		return { kind: 'clause', field, operator, values };
	}

	private parseOperator(): CqlOperator {
		const token = this.next();
		if (token.type === 'op') return token.value;
		if (token.type === 'word') {
			const word = token.value.toLowerCase();
			if (word === 'in') return 'in';
			if (word === 'not' && this.atKeyword('in')) {
				this.index++;
				return 'not in';
			}
		}
		return this.fail(`expected an operator at ${token.pos}`);
	}

	private parseValue(): CqlValue {
		const token = this.next();
		if (token.type === 'string') return { kind: 'literal', value: token.value, quoted: true };
		if (token.type !== 'word') return this.fail(`expected a value at ${token.pos}`);
		if (this.peek().type === '(') {
			const name = FUNCTIONS[token.value.toLowerCase()];
			if (!name) this.fail(`unsupported function '${token.value}'`);
			this.index++;
			const args: string[] = [];
			if (this.peek().type !== ')') {
				args.push(this.parseFunctionArgument());
				while (this.peek().type === ',') {
					this.index++;
					args.push(this.parseFunctionArgument());
				}
			}
			this.expect(')');
			return { kind: 'function', name, args };
		}
		if (RESERVED_WORDS.has(token.value.toLowerCase())) {
			this.fail(`reserved word '${token.value}' must be quoted`);
		}
		return { kind: 'literal', value: token.value, quoted: false };
	}

	private parseFunctionArgument(): string {
		const token = this.next();
		if (token.type === 'string' || token.type === 'word') return token.value;
		return this.fail(`expected a function argument at ${token.pos}`);
	}

	/** Rejects values the field cannot take, so a malformed date fails at parse time like it does on Confluence. */
	private checkValue(field: CqlField, value: CqlValue): void {
		const kind = FIELD_KIND[field];
		if (value.kind === 'function') {
			if (value.name === 'currentUser') {
				if (kind !== 'user') this.fail(`currentUser() is not supported by field '${field}'`);
				if (value.args.length > 0) this.fail('currentUser() takes no argument');
				return;
			}
			if (kind !== 'date') this.fail(`${value.name}() is not supported by field '${field}'`);
			if (value.args.length > 1) this.fail(`${value.name}() takes at most one argument`);
			if (value.args.length === 1) {
				const argument = value.args[0];
				const valid =
					INCREMENT.test(argument) || (value.name !== 'now' && BARE_INCREMENT.test(argument));
				if (!valid) this.fail(`invalid increment '${argument}' for ${value.name}()`);
			}
			return;
		}
		if (kind === 'date' && !parseDateLiteral(value.value, 'UTC')) {
			this.fail(`invalid date '${value.value}'`);
		}
	}

	private parseOrderBy(): CqlOrder[] {
		this.index++;
		if (!this.atKeyword('by')) this.fail('expected BY after ORDER');
		this.index++;
		const orderBy: CqlOrder[] = [];
		do {
			if (orderBy.length > 0) this.index++;
			const token = this.next();
			if (token.type !== 'word') this.fail(`expected a field to order by at ${token.pos}`);
			const field = ORDER_FIELDS[token.value.toLowerCase()];
			if (!field) this.fail(`cannot order by '${token.value}'`);
			let direction: 'asc' | 'desc' = 'asc';
			if (this.atKeyword('asc') || this.atKeyword('desc')) {
				direction = (this.next() as { value: string }).value.toLowerCase() as 'asc' | 'desc';
			}
			orderBy.push({ field, direction });
		} while (this.peek().type === ',');
		return orderBy;
	}

	private atKeyword(keyword: string): boolean {
		const token = this.peek();
		return token.type === 'word' && token.value.toLowerCase() === keyword;
	}

	private peek(): Token {
		return this.tokens[this.index];
	}

	private next(): Token {
		const token = this.tokens[this.index];
		if (token.type !== 'end') this.index++;
		return token;
	}

	private expect(type: '(' | ')'): void {
		const token = this.next();
		if (token.type !== type) this.fail(`expected '${type}' at ${token.pos}`);
	}

	private fail(reason: string): never {
		throw new CqlSyntaxError(this.cql, reason);
	}
}

function describe(token: Token): string {
	if (token.type === 'word' || token.type === 'string') return `'${token.value}'`;
	if (token.type === 'op') return `'${token.value}'`;
	return token.type === 'end' ? 'end of query' : `'${token.type}'`;
}

export function parseCql(cql: string): CqlQuery {
	return new Parser(cql, tokenize(cql)).parse();
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

function parseDateLiteral(literal: string, zone: string): DateTime | undefined {
	const match = DATE_LITERAL.exec(literal.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute] = match;
	const date = DateTime.fromObject(
		{
			year: Number(year),
			month: Number(month),
			day: Number(day),
			hour: hour === undefined ? 0 : Number(hour),
			minute: minute === undefined ? 0 : Number(minute),
		},
		{ zone },
	);
	return date.isValid ? date : undefined;
}

type Unit = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes';
const UNIT_OF: Record<string, Unit> = {
	y: 'years',
	M: 'months',
	w: 'weeks',
	d: 'days',
	h: 'hours',
	m: 'minutes',
};

function applyIncrement(date: DateTime, increment: string, bareUnit: Unit): DateTime {
	const bare = BARE_INCREMENT.exec(increment);
	if (bare) {
		const amount = Number(bare[2]) * (bare[1] === '-' ? -1 : 1);
		return date.plus({ [bareUnit]: amount });
	}
	const match = INCREMENT.exec(increment);
	if (!match) return date;
	const sign = match[1] === '-' ? -1 : 1;
	const duration: Partial<Record<Unit, number>> = {};
	for (const [, amount, unit] of match[2].matchAll(/(\d+)([yMwdhm])/g)) {
		const key = UNIT_OF[unit];
		duration[key] = (duration[key] ?? 0) + sign * Number(amount);
	}
	return date.plus(duration);
}

function startOfWeek(date: DateTime, weekStart: 'sunday' | 'monday'): DateTime {
	const day = date.startOf('day');
	// luxon weekday: Monday 1 ... Sunday 7.
	const back = weekStart === 'monday' ? day.weekday - 1 : day.weekday % 7;
	return day.minus({ days: back });
}

function evaluateDate(value: CqlValue, ctx: CqlContext): number {
	const zone = ctx.timeZone ?? 'UTC';
	if (value.kind === 'literal') {
		const date = parseDateLiteral(value.value, zone);
		if (!date) throw new Error(`invalid date literal '${value.value}'`);
		return toMinute(date.toMillis());
	}
	const now = DateTime.fromJSDate(ctx.now, { zone });
	const weekStart = ctx.weekStart ?? 'sunday';
	const argument = value.args[0];
	let anchor: DateTime;
	let bareUnit: Unit;
	switch (value.name) {
		case 'now':
			anchor = now;
			bareUnit = 'minutes';
			break;
		case 'startOfDay':
			anchor = now.startOf('day');
			bareUnit = 'days';
			break;
		case 'endOfDay':
			anchor = now.endOf('day');
			bareUnit = 'days';
			break;
		case 'startOfWeek':
			anchor = startOfWeek(now, weekStart);
			bareUnit = 'weeks';
			break;
		case 'endOfWeek':
			anchor = startOfWeek(now, weekStart).plus({ days: 6 }).endOf('day');
			bareUnit = 'weeks';
			break;
		case 'startOfMonth':
			anchor = now.startOf('month');
			bareUnit = 'months';
			break;
		case 'endOfMonth':
			anchor = now.endOf('month');
			bareUnit = 'months';
			break;
		case 'startOfYear':
			anchor = now.startOf('year');
			bareUnit = 'years';
			break;
		case 'endOfYear':
			anchor = now.endOf('year');
			bareUnit = 'years';
			break;
		default:
			throw new Error(`${value.name}() is not a date function`);
	}
	// Atlassian: the increment moves the already-anchored point, e.g. startOfMonth("+15d") is the 16th.
	const moved = argument === undefined ? anchor : applyIncrement(anchor, argument, bareUnit);
	return toMinute(moved.toMillis());
}

function toMinute(epochMs: number): number {
	return Math.floor(epochMs / 60000);
}

// ---------------------------------------------------------------------------------------------------------------
// Text search (CONTAINS)

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
	return text.toLowerCase().match(WORD) ?? [];
}

function termMatcher(term: string): (word: string) => boolean {
	if (!/[*?]/.test(term)) return (word) => word === term;
	const pattern = term
		.split('')
		.map((c) => (c === '*' ? '[\\p{L}\\p{N}]*' : c === '?' ? '[\\p{L}\\p{N}]' : escapeRegExp(c)))
		.join('');
	const regex = new RegExp(`^${pattern}$`, 'u');
	return (word) => regex.test(word);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface TextQuery {
	/** Every term must match some word (Lucene's AND of single terms, as Confluence documents for `text ~ "a b"`). */
	terms: Array<(word: string) => boolean>;
	/** Phrases (the value wrapped in escaped quotes) must appear as consecutive words. */
	phrases: string[][];
}

const textQueries = new Map<string, TextQuery>();

function textQueryOf(value: string): TextQuery {
	const cached = textQueries.get(value);
	if (cached) return cached;
	const terms: TextQuery['terms'] = [];
	const phrases: string[][] = [];
	const rest = value.replace(/"([^"]*)"/g, (_match, phrase: string) => {
		const words = wordsOf(phrase);
		if (words.length > 0) phrases.push(words);
		return ' ';
	});
	for (const raw of rest.toLowerCase().split(/[^\p{L}\p{N}*?]+/u)) {
		if (raw.replace(/[*?]/g, '') === '') continue;
		terms.push(termMatcher(raw));
	}
	const query = { terms, phrases };
	if (textQueries.size > 1000) textQueries.clear();
	textQueries.set(value, query);
	return query;
}

function containsPhrase(words: string[], phrase: string[]): boolean {
	outer: for (let start = 0; start + phrase.length <= words.length; start++) {
		for (let offset = 0; offset < phrase.length; offset++) {
			if (words[start + offset] !== phrase[offset]) continue outer;
		}
		return true;
	}
	return false;
}

/** Number of terms and phrases of `value` found in `words`; -1 when the value has nothing searchable. */
function textHits(value: string, words: string[]): number {
	const query = textQueryOf(value);
	if (query.terms.length === 0 && query.phrases.length === 0) return -1;
	let hits = 0;
	for (const term of query.terms) if (words.some(term)) hits++;
	for (const phrase of query.phrases) if (containsPhrase(words, phrase)) hits++;
	return hits;
}

function textMatches(value: string, words: string[]): boolean {
	const query = textQueryOf(value);
	const hits = textHits(value, words);
	return hits > 0 && hits === query.terms.length + query.phrases.length;
}

function searchableText(e: CqlEntity): string {
	return `${e.title}\n${e.text}\n${e.labels.join(' ')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

function literalValues(values: CqlValue[], ctx: CqlContext): string[] {
	return values.map((value) => {
		if (value.kind === 'literal') return value.value;
		if (value.name === 'currentUser') return ctx.currentUserAccountId;
		throw new Error(`${value.name}() cannot be used here`);
	});
}

function fieldValues(field: CqlField, e: CqlEntity): string[] {
	switch (field) {
		case 'title':
			return [e.title];
		case 'type':
			return [e.type];
		case 'space':
		case 'space.key':
			return [e.spaceKey];
		case 'space.id':
			return [e.spaceId];
		case 'label':
			return e.labels;
		case 'ancestor':
			return e.ancestorIds;
		case 'parent':
			return e.parentId === undefined ? [] : [e.parentId];
		case 'id':
		case 'content':
			return [e.id];
		case 'creator':
			return [e.creatorAccountId];
		case 'contributor':
			return e.contributorAccountIds;
		case 'mention':
			return e.mentionAccountIds ?? [];
		default:
			return [];
	}
}

// Titles, types, space keys and labels are matched case-insensitively (Confluence lower-cases them in its index);
// ids and account ids exactly.
const CASE_INSENSITIVE = new Set<CqlField>(['title', 'type', 'space', 'space.key', 'label']);

function matchesClause(
	clause: Extract<CqlNode, { kind: 'clause' }>,
	e: CqlEntity,
	ctx: CqlContext,
): boolean {
	const { field, operator, values } = clause;
	const kind = FIELD_KIND[field];

	if (operator === '~' || operator === '!~') {
		const source = field === 'text' ? searchableText(e) : e.title;
		const words = wordsOf(source);
		const value = literalValues(values, ctx)[0];
		const contains = textMatches(value, words);
		return operator === '~' ? contains : !contains;
	}

	if (kind === 'date') {
		const actual = toMinute((field === 'created' ? e.created : e.lastModified).getTime());
		const expected = evaluateDate(values[0], ctx);
		switch (operator) {
			case '=':
				return actual === expected;
			case '!=':
				return actual !== expected;
			case '>':
				return actual > expected;
			case '>=':
				return actual >= expected;
			case '<':
				return actual < expected;
			case '<=':
				return actual <= expected;
			default:
				return false;
		}
	}

	const normalize = CASE_INSENSITIVE.has(field) ? (s: string) => s.toLowerCase() : (s: string) => s;
	const actual = fieldValues(field, e).map(normalize);
	const wanted = literalValues(values, ctx).map(normalize);
	const any = wanted.some((value) => actual.includes(value));
	switch (operator) {
		case '=':
		case 'in':
			return any;
		case '!=':
		case 'not in':
			return !any;
		default:
			return false;
	}
}

function evaluate(node: CqlNode, e: CqlEntity, ctx: CqlContext): boolean {
	switch (node.kind) {
		case 'and':
			return node.operands.every((operand) => evaluate(operand, e, ctx));
		case 'or':
			return node.operands.some((operand) => evaluate(operand, e, ctx));
		case 'not':
			return !evaluate(node.operand, e, ctx);
		case 'clause':
			return matchesClause(node, e, ctx);
	}
}

export function matchesCql(q: CqlQuery, e: CqlEntity, ctx: CqlContext): boolean {
	return q.where === undefined ? true : evaluate(q.where, e, ctx);
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering

/** The CONTAINS values a result is ranked by: those not under an odd number of NOTs, and not `!~`. */
function rankingClauses(
	node: CqlNode | undefined,
	negated = false,
	out: Array<[CqlField, string]> = [],
) {
	if (!node) return out;
	switch (node.kind) {
		case 'and':
		case 'or':
			for (const operand of node.operands) rankingClauses(operand, negated, out);
			break;
		case 'not':
			rankingClauses(node.operand, !negated, out);
			break;
		case 'clause':
			if (!negated && node.operator === '~') {
				for (const value of node.values) {
					if (value.kind === 'literal') out.push([node.field, value.value]);
				}
			}
			break;
	}
	return out;
}

function compareIds(a: string, b: string): number {
	if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
		return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
	const x = a.toLowerCase();
	const y = b.toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}

function compareByField(field: CqlOrderField, a: CqlEntity, b: CqlEntity): number {
	switch (field) {
		case 'id':
			return compareIds(a.id, b.id);
		case 'title':
			return compareStrings(a.title, b.title);
		case 'created':
			return a.created.getTime() - b.created.getTime();
		case 'lastmodified':
			return a.lastModified.getTime() - b.lastModified.getTime();
		case 'type':
			return compareStrings(a.type, b.type);
		case 'space':
			return compareStrings(a.spaceKey, b.spaceKey);
	}
}

/**
 * Orders results by ORDER BY, then by id so pages of a cursor never shuffle. Without ORDER BY: by a relevance score
 * (CONTAINS terms found in the title count double), then most recently modified first.
 */
export function compareByCqlOrder(q: CqlQuery): (a: CqlEntity, b: CqlEntity) => number {
	if (q.orderBy.length > 0) {
		return (a, b) => {
			for (const { field, direction } of q.orderBy) {
				const order = compareByField(field, a, b);
				if (order !== 0) return direction === 'asc' ? order : -order;
			}
			return compareIds(a.id, b.id);
		};
	}
	const ranking = rankingClauses(q.where);
	const ranksBody = ranking.some(([field]) => field === 'text');
	const scores = new WeakMap<CqlEntity, number>();
	const scoreOf = (e: CqlEntity): number => {
		let score = scores.get(e);
		if (score !== undefined) return score;
		score = 0;
		if (ranking.length > 0) {
			const titleWords = wordsOf(e.title);
			const allWords = ranksBody ? wordsOf(searchableText(e)) : [];
			for (const [field, value] of ranking) {
				score += 2 * Math.max(0, textHits(value, titleWords));
				if (field === 'text') score += Math.max(0, textHits(value, allWords));
			}
		}
		scores.set(e, score);
		return score;
	};
	return (a, b) =>
		scoreOf(b) - scoreOf(a) ||
		b.lastModified.getTime() - a.lastModified.getTime() ||
		compareIds(a.id, b.id);
}
