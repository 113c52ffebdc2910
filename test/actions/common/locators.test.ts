/* issue 18 point 1: every resource locator, in every mode, takes what a person or a model would hand it (an ID, a
 * space key, a page/space URL, a tiny link, a title) and resolves it through the one shared resolver, or fails with
 * a message naming the parameter and the forms it accepts. The locators are read from the node's own description,
 * so a new one is covered without editing this file. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { tinyLinkToId } from '../../../nodes/Confluence/actions/common/resolve';
import { operationVariants, type OperationVariant } from '../../badInput/catalog';
import { inputItem, prepareFixtures, validParameters } from '../../badInput/values';
import { credentialsFor, fastRetries } from '../../helpers/fixtures';
import { runNode } from '../../helpers/n8n';
import { startSimulator, type Simulator } from '../../simulator';

type Family = 'space' | 'page' | 'blogpost' | 'whiteboard' | 'property';

/** The family of a locator, from its modes and name. */
function familyOf(property: INodeProperties): Family {
	const modes = (property.modes ?? []).map((mode) => mode.name).join(',');
	if (modes === 'list,key,url,id') return 'space';
	if (modes === 'key,id') return 'property';
	if (modes === 'list,url,id') return 'whiteboard';
	if (modes === 'list,url,id,title') return property.name === 'blogPost' ? 'blogpost' : 'page';
	throw new Error(`a resource locator of an unknown kind: ${property.name} (${modes})`);
}

/** Base64 tiny link of an ID, as Confluence writes it (the test's own encoder, the node only decodes). */
function tinyLink(id: string): string {
	const bytes = Buffer.alloc(8);
	bytes.writeBigUInt64LE(BigInt(id));
	let length = 8;
	while (length > 0 && bytes[length - 1] === 0) length--;
	return bytes
		.subarray(0, length)
		.toString('base64')
		.replace(/\+/g, '_')
		.replace(/\//g, '-')
		.replace(/[A=]+$/, '');
}

let sim: Simulator;

beforeAll(async () => {
	fastRetries();
	sim = await startSimulator({ seed: 'demo' });
});

afterAll(async () => {
	await sim?.close();
});

interface Form {
	form: string;
	value: string;
	/** What the requests must then carry: the ID, or for spaces possibly the key. */
	expect: string[];
}

/** The natural ways to name the object a locator's valid value points at. */
function formsFor(family: Family, id: string): Form[] {
	const site = `${sim.baseUrl}/wiki`;
	if (family === 'space') {
		const space = sim.store.getSpace(id)!;
		const both = [id, space.key];
		return [
			{ form: 'ID', value: id, expect: both },
			{ form: 'key', value: space.key, expect: both },
			{ form: 'overview URL', value: `${site}/spaces/${space.key}/overview`, expect: both },
			{
				form: 'page URL in the space',
				value: `${site}/spaces/${space.key}/pages/1/X`,
				expect: both,
			},
		];
	}
	if (family === 'property') {
		return [{ form: 'key', value: id, expect: [id] }];
	}
	const item = sim.store.get(id)!;
	const key = sim.store.getSpace(item.spaceId)!.key;
	const forms: Form[] = [{ form: 'ID', value: id, expect: [id] }];
	if (family === 'whiteboard') {
		forms.push({ form: 'URL', value: `${site}/spaces/${key}/whiteboard/${id}`, expect: [id] });
		return forms;
	}
	if (family === 'blogpost') {
		forms.push({
			form: 'URL',
			value: `${site}/spaces/${key}/blog/2026/01/05/${id}/Some+Title`,
			expect: [id],
		});
	} else {
		forms.push(
			{ form: 'URL', value: `${site}/spaces/${key}/pages/${id}/Some+Title`, expect: [id] },
			{ form: 'pageId URL', value: `${site}/pages/viewpage.action?pageId=${id}`, expect: [id] },
			{ form: 'tiny link', value: `${site}/x/${tinyLink(id)}`, expect: [id] },
		);
	}
	const type = family === 'blogpost' ? 'blogpost' : 'page';
	const sameTitle = sim.store
		.list(type)
		.filter((other) => other.status === 'current' && other.title === item.title);
	if (sameTitle.length === 1) forms.push({ form: 'title', value: item.title, expect: [id] });
	return forms;
}

interface Row {
	label: string;
	variant: OperationVariant;
	property: INodeProperties;
	family: Family;
}

function locatorRows(): Row[] {
	const rows: Row[] = [];
	for (const variant of operationVariants()) {
		for (const property of variant.required) {
			if (property.type !== 'resourceLocator') continue;
			rows.push({
				label: `${variant.label}: "${property.displayName}"`,
				variant,
				property,
				family: familyOf(property),
			});
		}
	}
	return rows;
}

function sentText(from: number): string {
	return sim.requests
		.slice(from)
		.map(
			(request) =>
				`${request.method} ${request.path} ${JSON.stringify(request.query)} ${Buffer.isBuffer(request.body) ? '' : JSON.stringify(request.body ?? '')}`,
		)
		.join('\n');
}

describe('every required resource locator takes every natural form, in every mode', () => {
	const rows = locatorRows();

	it('finds the locators of every kind', () => {
		const families = new Set(rows.map((row) => row.family));
		expect([...families].sort()).toEqual(['blogpost', 'page', 'property', 'space', 'whiteboard']);
		expect(rows.length).toBeGreaterThan(50);
	});

	it.each(rows.map((row) => [row.label, row] as const))('%s', async (_label, row) => {
		const modes = (row.property.modes ?? []).map((mode) => mode.name);
		const fx = (() => {
			sim.reset('demo');
			return prepareFixtures(sim);
		})();
		const valid = validParameters(row.variant, fx)[row.property.name] as IDataObject;
		const forms = formsFor(row.family, String(valid.value));
		// Each form in each mode, as $fromAI or a mapped field hands it (an expression in whatever mode the field is).
		const combos = forms.flatMap((form) => modes.map((mode) => ({ ...form, mode })));
		const failures: string[] = [];
		for (const combo of combos) {
			sim.reset('demo');
			const fixtures = prepareFixtures(sim);
			const parameters = validParameters(row.variant, fixtures);
			parameters[row.property.name] = { __rl: true, mode: combo.mode, value: '={{ $json.v }}' };
			const before = sim.requests.length;
			const result = await runNode({
				parameters,
				inputItems: [inputItem(row.variant, { v: combo.value })],
				credentials: credentialsFor(sim),
			});
			const sent = sentText(before);
			if (result.error) failures.push(`${combo.form} in ${combo.mode}: ${result.error.message}`);
			else if (!combo.expect.some((expected) => sent.includes(expected)))
				failures.push(`${combo.form} in ${combo.mode}: no request carried ${combo.expect}`);
		}
		expect(failures).toEqual([]);
	});
});

describe('values no locator can resolve: the message names the parameter and the accepted forms', () => {
	const run = async (parameters: IDataObject, v: string) => {
		sim.reset('demo');
		const before = sim.requests.length;
		const result = await runNode({
			parameters,
			inputItems: [{ json: { v } }],
			credentials: credentialsFor(sim),
		});
		return { result, sent: sim.requests.length - before };
	};
	const expr = (mode: string) => ({ __rl: true, mode, value: '={{ $json.v }}' });

	it.each(['list', 'id', 'key', 'url'])(
		'a space name with spaces in %s mode: no request, the forms listed',
		async (mode) => {
			const { result, sent } = await run(
				{ resource: 'space', operation: 'get', space: expr(mode) },
				'Demo space',
			);
			expect(result.error?.message).toBe(
				'The parameter "Space" is not a space key: "Demo space". It accepts a space key (e.g. DOCS), a numeric space ID (e.g. 98306) or a space URL (e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/overview)',
			);
			expect(sent).toBe(0);
		},
	);

	it('a space key nobody has: says so and what works instead', async () => {
		const { result } = await run(
			{ resource: 'page', operation: 'getMany', space: expr('list') },
			'NOPE',
		);
		expect(result.error?.message).toBe(
			'The parameter "Space": no space has the key "NOPE", or this account cannot see it. Space keys are case-sensitive (e.g. DOCS); the numeric space ID or the space URL work too',
		);
	});

	it('a URL that is no page URL: names the accepted forms, sends nothing', async () => {
		const { result, sent } = await run(
			{ resource: 'page', operation: 'get', page: expr('list') },
			'https://example.atlassian.net/wiki/spaces/DEMO/overview',
		);
		expect(result.error?.message).toBe(
			'The parameter "Page" got "https://example.atlassian.net/wiki/spaces/DEMO/overview", which is not a numeric page ID (e.g. 123456), a page URL (…/wiki/spaces/DOCS/pages/123456/Title, …?pageId=123456 or a …/wiki/x/AbCd tiny link) or the exact page title',
		);
		expect(sent).toBe(0);
	});

	it('a title nothing has: names the accepted forms and how to find the page', async () => {
		const { result } = await run(
			{ resource: 'page', operation: 'get', page: expr('id') },
			'No such page',
		);
		expect(result.error?.message).toBe(
			'The parameter "Page": no page titled "No such page" exists, or this account cannot see it. It accepts a numeric page ID (e.g. 123456), a page URL (…/wiki/spaces/DOCS/pages/123456/Title, …?pageId=123456 or a …/wiki/x/AbCd tiny link) or the exact page title',
		);
		expect(result.error?.description).toContain('title ~ "No such page"');
	});

	it('a whiteboard given by a title: the forms a whiteboard takes', async () => {
		const { result, sent } = await run(
			{ resource: 'whiteboard', operation: 'get', whiteboard: expr('list') },
			'Fixture board',
		);
		expect(result.error?.message).toBe(
			'The parameter "Whiteboard" got "Fixture board", which is not a numeric whiteboard ID (e.g. 123456) or a whiteboard URL (…/wiki/spaces/DOCS/whiteboard/123456)',
		);
		expect(sent).toBe(0);
	});

	it('an optional parent page by title resolves within the chosen space', async () => {
		const demo = sim.demo!;
		sim.reset('demo');
		const parent = sim.store.get(demo.pages.engineering)!;
		const result = await runNode({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: expr('list'),
				title: 'Child by title',
				body: 'x',
				parentPage: { __rl: true, mode: 'list', value: '={{ $json.parent }}' },
			},
			inputItems: [{ json: { v: 'DEMO', parent: parent.title } }],
			credentials: credentialsFor(sim),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.parentId).toBe(parent.id);
	});
});

describe('tiny links', () => {
	it.each(['1', '98306', '65536', '84803642', '201819180', '4294967296', '5234567890'])(
		'decodes the tiny link of %s',
		(id) => {
			expect(tinyLinkToId(tinyLink(id))).toBe(id);
		},
	);

	it('decodes the published example /x/LIQHD (pageId=201819180)', () => {
		expect(tinyLinkToId('LIQHD')).toBe('201819180');
	});

	it('refuses what is no tiny link', () => {
		expect(tinyLinkToId('not/a/link')).toBeUndefined();
		expect(tinyLinkToId('AAAA')).toBeUndefined();
	});
});
