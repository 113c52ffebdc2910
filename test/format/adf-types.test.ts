import AjvDraft04 from 'ajv-draft-04';

import {
	adfToMarkdown,
	adfToText,
	markdownToAdf,
	markdownToStorage,
	storageToMarkdown,
} from '../../nodes/Confluence/format';
import { ADF_TYPE_EXAMPLES } from './adfTypes';

// Atlassian's published ADF JSON schema (draft-04), the package's devDependency.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('@atlaskit/adf-schema/json-schema/v1/full.json') as {
	definitions: Record<string, { properties?: { type?: { enum?: string[] } } }>;
};
const validate = new AjvDraft04({ allErrors: false, strict: false }).compile(schema);

/** Every node type the schema defines (its `…_node` definitions name their type in an enum). */
const SCHEMA_NODE_TYPES = [
	...new Set(
		Object.entries(schema.definitions)
			.filter(([name]) => name.endsWith('_node'))
			.flatMap(([, definition]) => definition.properties?.type?.enum ?? []),
	),
].sort();

interface Node {
	type?: string;
	content?: Node[];
}

function typesIn(node: Node, found = new Set<string>()): Set<string> {
	if (node.type) found.add(node.type);
	for (const child of node.content ?? []) typesIn(child, found);
	return found;
}

function doc(content: object[]): object {
	return { type: 'doc', version: 1, content };
}

describe('ADF node types survive ADF → Markdown → ADF (issue 14 point 4)', () => {
	it('has an example for every node type of the schema', () => {
		expect(SCHEMA_NODE_TYPES.length).toBeGreaterThan(30);
		expect(SCHEMA_NODE_TYPES.filter((type) => !(type in ADF_TYPE_EXAMPLES))).toEqual([]);
	});

	it.each(SCHEMA_NODE_TYPES)('keeps %s', (type) => {
		const example = doc(ADF_TYPE_EXAMPLES[type]);
		expect(validate(example)).toBe(true);
		const back = markdownToAdf(adfToMarkdown(example));
		expect(validate(back) ? [] : validate.errors).toEqual([]);
		expect([...typesIn(back as Node)]).toContain(type);
	});
});

describe('ADF types Markdown has no word for are spelled like macros (issue 14 point 4)', () => {
	it('writes a media group as a container of file links, one a line, and keeps them apart in plain text', () => {
		const group = doc(ADF_TYPE_EXAMPLES.mediaGroup);
		expect(adfToMarkdown(group)).toBe(
			'::: confluence-adf mediaGroup\n\n[abc](confluence-media:abc?collection=contentId-123)\n\n[def](confluence-media:def?collection=contentId-123)\n\n:::\n',
		);
		expect(adfToText(group)).toBe('abc\n\ndef');
	});

	it('writes decisions, placeholders, cards and layouts with their attributes', () => {
		expect(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.decisionList))).toBe(
			'::: confluence-adf decisionList\n\n- we go\n\n:::\n',
		);
		expect(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.placeholder))).toBe(
			'[Type your name](confluence-adf:placeholder)\n',
		);
		expect(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.blockCard))).toBe(
			'```confluence-adf blockCard url=https://example.com/b\n```\n',
		);
		expect(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.layoutSection))).toContain(
			'::: confluence-adf layoutColumn width=50\n\nleft\n\n:::',
		);
		expect(adfToText(doc(ADF_TYPE_EXAMPLES.layoutSection))).toBe('left\n\nright');
	});

	it('writes them to storage format as what they show, and a placeholder as ac:placeholder both ways', () => {
		expect(markdownToStorage(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.blockCard)))).toBe(
			'<p><a href="https://example.com/b">https://example.com/b</a></p>',
		);
		expect(markdownToStorage(adfToMarkdown(doc(ADF_TYPE_EXAMPLES.decisionList)))).toBe(
			'<ul><li>we go</li></ul>',
		);
		const storage = '<p>Hi <ac:placeholder>Name</ac:placeholder></p>';
		expect(storageToMarkdown(storage)).toBe('Hi [Name](confluence-adf:placeholder)\n');
		expect(markdownToStorage(storageToMarkdown(storage))).toBe(storage);
	});

	it('falls back to the content where ADF does not allow the node or its content does not fit', () => {
		// A layout needs two or three columns; a decision list inside a list item is not allowed.
		const markdown =
			'::: confluence-adf layoutSection\n\n::: confluence-adf layoutColumn width=100\n\nonly\n\n:::\n\n:::\n\n- item\n\n  ::: confluence-adf decisionList\n\n  - inner\n\n  :::\n';
		const adf = markdownToAdf(markdown);
		expect(validate(adf) ? [] : validate.errors).toEqual([]);
		expect([...typesIn(adf as Node)]).not.toContain('layoutSection');
		expect(JSON.stringify(adf)).toContain('"only"');
		expect(JSON.stringify(adf)).toContain('"inner"');
	});
});
