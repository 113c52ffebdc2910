/* eslint-disable @n8n/community-nodes/no-restricted-globals */
/* Hostile text (quotes, backslashes, /, .., %2F, CQL operators, markup) in every free-text parameter of every operation,
 * read from the node's description: text fields, text fields inside collections, and locators by key or title. Each
 * run is compared with the same run on a harmless word. The text must stay data: no extra path segment or traversal,
 * the same CQL structure, the same storage markup, and the text itself unchanged where it is sent as a value. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { SaxesParser } from 'saxes';

import { operationVariants, type OperationVariant } from '../badInput/catalog';
import { inputItem, prepareFixtures, validParameters } from '../badInput/values';
import { credentialsFor, fastRetries } from '../helpers/fixtures';
import { runNode } from '../helpers/n8n';
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator';

const BENIGN = 'benignword';
/** Everything at once: CQL quoting and operators, path tricks, markup and CDATA, entities. No Markdown syntax, so a
 * Markdown body must come out as one paragraph of text. */
const HOSTILE =
	'x" OR title ~ "y\' \\ ../..%2F..\\"/ AND type = page <script>alert(1)</script>]]><ac:structured-macro ac:name="html"/><iframe src="//evil"></iframe> &amp; end';

/** Values typed in the editor are checked by n8n (a space key's pattern, for one); data arrives through expressions. */
const FROM_ITEM = '={{ $json.text }}';

/** Parameters that are not free text: IDs, field names, raw CQL (which is the user's query by definition). */
function isFreeText(property: INodeProperties): boolean {
	if (property.type !== 'string' || property.typeOptions?.password) return false;
	return (
		!/(Id|Ids|^binaryPropertyName|^cql|^fileName|^mimeType|^createdAt|^date)$/i.test(
			property.name,
		) && !/(^|\.)(cql|mimeType)$/i.test(property.name)
	);
}

interface Target {
	label: string;
	variant: OperationVariant;
	/** Makes the parameter read the text from the input item, as mapped data reaches it at run time. */
	apply: (parameters: IDataObject) => void;
}

function targets(): Target[] {
	const list: Target[] = [];
	for (const variant of operationVariants()) {
		for (const property of variant.visible) {
			if (isFreeText(property)) {
				list.push({
					label: `${variant.label}: ${property.name}`,
					variant,
					apply: (parameters) => (parameters[property.name] = FROM_ITEM),
				});
			} else if (property.type === 'resourceLocator') {
				for (const mode of property.modes ?? []) {
					if (mode.name !== 'title' && mode.name !== 'key') continue;
					list.push({
						label: `${variant.label}: ${property.name} by ${mode.name}`,
						variant,
						apply: (parameters) =>
							(parameters[property.name] = { __rl: true, mode: mode.name, value: FROM_ITEM }),
					});
				}
			} else if (property.type === 'collection') {
				for (const option of (property.options ?? []) as INodeProperties[]) {
					if (!isFreeText(option)) continue;
					list.push({
						label: `${variant.label}: ${property.name}.${option.name}`,
						variant,
						apply: (parameters) =>
							(parameters[property.name] = {
								...((parameters[property.name] as IDataObject) ?? {}),
								[option.name]: FROM_ITEM,
							}),
					});
				}
			}
		}
	}
	return list;
}

function segments(request: RecordedRequest): string[] {
	return request.rawPath.split('/').slice(1);
}

type CqlToken = { kind: 'string'; value: string } | { kind: 'word' | 'symbol'; value: string };

/**
 * CQL split into tokens: quoted strings (backslash escapes decoded), words, operators and parentheses. Field names
 * differ between content and user search, so this stays below any grammar: text that escaped its quotes shows up as
 * extra tokens.
 */
function cqlTokens(cql: string): CqlToken[] {
	const tokens: CqlToken[] = [];
	let index = 0;
	while (index < cql.length) {
		const char = cql[index];
		if (/\s/.test(char)) {
			index++;
		} else if (char === '"' || char === "'") {
			let value = '';
			index++;
			while (index < cql.length && cql[index] !== char) {
				if (cql[index] === '\\' && index + 1 < cql.length) index++;
				value += cql[index++];
			}
			index++;
			tokens.push({ kind: 'string', value });
		} else if (/[(),]/.test(char)) {
			tokens.push({ kind: 'symbol', value: char });
			index++;
		} else if (/[!=~<>]/.test(char)) {
			const operator = /^(!~|!=|>=|<=|=|~|<|>)/.exec(cql.slice(index))?.[0] ?? char;
			tokens.push({ kind: 'symbol', value: operator });
			index += operator.length;
		} else {
			const word = /^[^\s()"',!=~<>]+/.exec(cql.slice(index))?.[0] ?? char;
			tokens.push({ kind: 'word', value: word });
			index += word.length;
		}
	}
	return tokens;
}

function cqlShape(cql: string): string {
	return cqlTokens(cql)
		.map((token) => (token.kind === 'string' ? '"…"' : token.value.toLowerCase()))
		.join(' ');
}

function cqlLiterals(cql: string): string[] {
	return cqlTokens(cql)
		.filter((token) => token.kind === 'string')
		.map((token) => token.value);
}

/** The element names of a storage-format body, in document order. */
function elements(storage: string): string[] {
	const names: string[] = [];
	const parser = new SaxesParser({ xmlns: false, fragment: true });
	parser.on('opentag', (tag) => names.push(tag.name));
	try {
		parser
			.write(`<root>${storage.replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;')}</root>`)
			.close();
	} catch (error) {
		names.push(`malformed: ${(error as Error).message}`);
	}
	return names;
}

function storageBodies(request: RecordedRequest): string[] {
	const body = request.body as IDataObject | undefined;
	if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return [];
	const found: string[] = [];
	const v2 = body.body as IDataObject | undefined;
	if (v2?.representation === 'storage' && typeof v2.value === 'string') found.push(v2.value);
	const v1 = (v2?.storage as IDataObject | undefined)?.value;
	if (typeof v1 === 'string') found.push(v1);
	return found;
}

/** Plain values the request carried: query values and top-level body strings. */
function sentValues(request: RecordedRequest): string[] {
	const values: string[] = [];
	for (const [key, value] of Object.entries(request.query)) {
		// CQL is compared token by token; there the text is quoted and escaped, as it must be.
		if (key === 'cql' || key === 'cqlcontext') continue;
		values.push(...(Array.isArray(value) ? value : [value]));
	}
	const body = request.body as IDataObject | undefined;
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		for (const value of Object.values(body)) if (typeof value === 'string') values.push(value);
	}
	return values.filter((value): value is string => typeof value === 'string');
}

/** Where the hostile run's requests differ from the harmless run's in ways that mean the text became structure. */
function escapes(benign: RecordedRequest[], hostile: RecordedRequest[]): string[] {
	const problems: string[] = [];
	hostile.forEach((request, index) => {
		const where = `${request.method} ${request.rawPath}`;
		const parts = segments(request);
		if (parts.some((part) => part === '..' || part === '.' || part === ''))
			problems.push(`${where}: a path segment is . or .. or empty`);
		const twin = benign[index];
		if (!twin || twin.method !== request.method) return;
		if (segments(twin).length !== parts.length)
			problems.push(
				`${where}: ${parts.length} path segments, the harmless run sent ${segments(twin).length}`,
			);
		for (const key of ['cql', 'cqlcontext']) {
			const hostileCql = request.query[key];
			const benignCql = twin.query[key];
			if (typeof hostileCql !== 'string' || typeof benignCql !== 'string') continue;
			const expectedLiterals = cqlLiterals(benignCql).map((literal) =>
				literal.split(BENIGN).join(HOSTILE),
			);
			if (JSON.stringify(cqlLiterals(hostileCql)) !== JSON.stringify(expectedLiterals)) {
				problems.push(
					`${where}: CQL literals ${JSON.stringify(cqlLiterals(hostileCql))}, expected ${JSON.stringify(expectedLiterals)}`,
				);
			}
			if (cqlShape(hostileCql) !== cqlShape(benignCql)) {
				problems.push(
					`${where}: CQL ${hostileCql} is shaped ${cqlShape(hostileCql)}, the harmless one ${cqlShape(benignCql)}`,
				);
			}
		}
		const hostileBodies = storageBodies(request);
		const benignBodies = storageBodies(twin);
		hostileBodies.forEach((storage, bodyIndex) => {
			const expected = benignBodies[bodyIndex];
			if (expected === undefined) return;
			if (JSON.stringify(elements(storage)) !== JSON.stringify(elements(expected))) {
				problems.push(
					`${where}: storage ${storage} has elements ${elements(storage).join(',')}, the harmless one ${elements(expected).join(',')}`,
				);
			}
		});
		// Where the harmless word was sent as a value, the hostile text must arrive exactly in its place.
		const hostileValues = sentValues(request);
		for (const value of sentValues(twin)) {
			if (!value.includes(BENIGN)) continue;
			const wanted = value.split(BENIGN).join(HOSTILE);
			if (!hostileValues.includes(wanted))
				problems.push(
					`${where}: sent ${JSON.stringify(hostileValues)}, expected ${JSON.stringify(wanted)} among them`,
				);
		}
	});
	return problems;
}

let sim: Simulator;
const totals = { parameters: 0, requests: 0, refused: 0 };

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
});

afterAll(async () => {
	await sim?.close();
	process.stdout.write(
		`\nhostile text: ${totals.parameters} free-text parameters, ${totals.requests} requests compared, ${totals.refused} refused before sending\n`,
	);
});

async function runWith(
	target: Target,
	text: string,
): Promise<{ requests: RecordedRequest[]; error?: string }> {
	sim.reset('demo');
	const fx = prepareFixtures(sim);
	const parameters = validParameters(target.variant, fx);
	target.apply(parameters);
	const before = sim.requests.length;
	const result = await runNode({
		parameters,
		inputItems: [inputItem(target.variant, { text })],
		credentials: credentialsFor(sim),
	});
	return { requests: sim.requests.slice(before), error: result.error?.message };
}

describe('hostile text stays data', () => {
	const list = targets();

	it('finds the free-text parameters of the node', () => {
		const names = new Set(list.map((target) => target.label.split(': ')[1]));
		for (const expected of [
			'title',
			'body',
			'text',
			'labels',
			'space by key',
			'page by title',
			'key',
		]) {
			expect(names).toContain(expected);
		}
	});

	it.each(list.map((target) => [target.label, target] as const))('%s', async (_label, target) => {
		const benign = await runWith(target, BENIGN);
		const hostile = await runWith(target, HOSTILE);
		totals.parameters++;
		totals.requests += hostile.requests.length;
		if (!hostile.requests.length) totals.refused++;
		expect(escapes(benign.requests, hostile.requests)).toEqual([]);
		expect(sim.serverErrors.map((error) => error.message)).toEqual([]);
	});
});

describe('hostile text in the stored result', () => {
	it('a page created with hostile title and Markdown body keeps both as text', async () => {
		sim.reset('demo');
		const result = await runNode({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: { __rl: true, mode: 'id', value: sim.demo!.spaceId },
				title: FROM_ITEM,
				body: FROM_ITEM,
			},
			items: [{ text: HOSTILE }],
			credentials: credentialsFor(sim),
		});
		expect(result.error).toBeUndefined();
		const page = sim.store.get(String(result.items[0].json.id))!;
		expect(page.title).toBe(HOSTILE);
		const storage = sim.store.current(page).body?.value ?? '';
		expect(elements(storage)).toEqual(['root', 'p']);
		expect(storage).not.toMatch(/<script|<iframe|<ac:structured-macro/);
	});

	it('a search for hostile text sends one quoted CQL literal holding all of it', async () => {
		sim.reset('demo');
		await runNode({
			parameters: { resource: 'search', operation: 'query', text: FROM_ITEM },
			items: [{ text: HOSTILE }],
			credentials: credentialsFor(sim),
		});
		const search = sim.requests.find((request) => typeof request.query.cql === 'string')!;
		expect(cqlLiterals(String(search.query.cql))).toContain(HOSTILE);
		expect(cqlShape(String(search.query.cql))).toBe('text ~ "…"');
	});
});
