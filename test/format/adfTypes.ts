/** A minimal valid ADF document for every node type of Atlassian's schema (issue 14 point 4). */

type Node = Record<string, unknown>;

const text = (value: string): Node => ({ type: 'text', text: value });
const paragraph = (...content: Node[]): Node => ({ type: 'paragraph', content });
const CORE = 'com.atlassian.confluence.macro.core';
const file = (id: string): Node => ({
	type: 'media',
	attrs: { type: 'file', id, collection: 'contentId-123' },
});

const TABLE: Node[] = [
	{
		type: 'table',
		content: [
			{
				type: 'tableRow',
				content: [{ type: 'tableHeader', content: [paragraph(text('head'))] }],
			},
			{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph(text('cell'))] }] },
		],
	},
];

/** Each example's top-level content (a doc holds it); the type named must be somewhere in it. */
export const ADF_TYPE_EXAMPLES: Record<string, Node[]> = {
	doc: [paragraph(text('body'))],
	paragraph: [paragraph(text('body'))],
	text: [paragraph(text('body'))],
	heading: [{ type: 'heading', attrs: { level: 2 }, content: [text('Title')] }],
	blockquote: [{ type: 'blockquote', content: [paragraph(text('quoted'))] }],
	bulletList: [
		{ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('item'))] }] },
	],
	orderedList: [
		{
			type: 'orderedList',
			attrs: { order: 3 },
			content: [{ type: 'listItem', content: [paragraph(text('item'))] }],
		},
	],
	listItem: [
		{ type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('item'))] }] },
	],
	codeBlock: [{ type: 'codeBlock', attrs: { language: 'python' }, content: [text('print(1)')] }],
	rule: [paragraph(text('above')), { type: 'rule' }, paragraph(text('below'))],
	hardBreak: [paragraph(text('one'), { type: 'hardBreak' }, text('two'))],
	panel: [{ type: 'panel', attrs: { panelType: 'info' }, content: [paragraph(text('note'))] }],
	expand: [{ type: 'expand', attrs: { title: 'More' }, content: [paragraph(text('inside'))] }],
	nestedExpand: [
		{
			type: 'table',
			content: [
				{
					type: 'tableRow',
					content: [
						{
							type: 'tableCell',
							content: [
								{
									type: 'nestedExpand',
									attrs: { title: 'Inner' },
									content: [paragraph(text('inside'))],
								},
							],
						},
					],
				},
			],
		},
	],
	table: TABLE,
	tableRow: TABLE,
	tableHeader: TABLE,
	tableCell: TABLE,
	mention: [
		paragraph({ type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Jane' } }),
	],
	emoji: [paragraph({ type: 'emoji', attrs: { shortName: ':smile:', id: '1f604', text: '😄' } })],
	status: [paragraph({ type: 'status', attrs: { text: 'DONE', color: 'green' } })],
	date: [paragraph({ type: 'date', attrs: { timestamp: '1674000000000' } })],
	inlineCard: [
		paragraph(text('see '), { type: 'inlineCard', attrs: { url: 'https://example.com/a' } }),
	],
	blockCard: [{ type: 'blockCard', attrs: { url: 'https://example.com/b' } }],
	embedCard: [{ type: 'embedCard', attrs: { url: 'https://example.com/c', layout: 'center' } }],
	placeholder: [paragraph({ type: 'placeholder', attrs: { text: 'Type your name' } })],
	taskList: [
		{
			type: 'taskList',
			attrs: { localId: 'list' },
			content: [
				{ type: 'taskItem', attrs: { localId: 'a', state: 'DONE' }, content: [text('done')] },
			],
		},
	],
	taskItem: [
		{
			type: 'taskList',
			attrs: { localId: 'list' },
			content: [
				{ type: 'taskItem', attrs: { localId: 'a', state: 'TODO' }, content: [text('todo')] },
			],
		},
	],
	blockTaskItem: [
		{
			type: 'taskList',
			attrs: { localId: 'list' },
			content: [
				{
					type: 'blockTaskItem',
					attrs: { localId: 'a', state: 'TODO' },
					content: [paragraph(text('first')), paragraph(text('second'))],
				},
			],
		},
	],
	decisionList: [
		{
			type: 'decisionList',
			attrs: { localId: 'list' },
			content: [
				{
					type: 'decisionItem',
					attrs: { localId: 'a', state: 'DECIDED' },
					content: [text('we go')],
				},
			],
		},
	],
	decisionItem: [
		{
			type: 'decisionList',
			attrs: { localId: 'list' },
			content: [
				{
					type: 'decisionItem',
					attrs: { localId: 'a', state: 'DECIDED' },
					content: [text('we go')],
				},
			],
		},
	],
	layoutSection: [
		{
			type: 'layoutSection',
			content: [
				{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('left'))] },
				{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('right'))] },
			],
		},
	],
	layoutColumn: [
		{
			type: 'layoutSection',
			content: [
				{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('left'))] },
				{ type: 'layoutColumn', attrs: { width: 50 }, content: [paragraph(text('right'))] },
			],
		},
	],
	media: [
		{
			type: 'mediaSingle',
			attrs: { layout: 'center' },
			content: [{ type: 'media', attrs: { type: 'external', url: 'https://example.com/i.png' } }],
		},
	],
	mediaSingle: [
		{
			type: 'mediaSingle',
			attrs: { layout: 'center' },
			content: [{ type: 'media', attrs: { type: 'external', url: 'https://example.com/i.png' } }],
		},
	],
	caption: [
		{
			type: 'mediaSingle',
			attrs: { layout: 'center' },
			content: [
				{ type: 'media', attrs: { type: 'external', url: 'https://example.com/i.png' } },
				{ type: 'caption', content: [text('The caption')] },
			],
		},
	],
	mediaGroup: [{ type: 'mediaGroup', content: [file('abc'), file('def')] }],
	mediaInline: [
		paragraph(text('see '), {
			type: 'mediaInline',
			attrs: { type: 'file', id: 'abc', collection: 'contentId-123' },
		}),
	],
	extension: [
		{ type: 'extension', attrs: { extensionType: CORE, extensionKey: 'toc', parameters: {} } },
	],
	bodiedExtension: [
		{
			type: 'bodiedExtension',
			attrs: { extensionType: CORE, extensionKey: 'excerpt', parameters: {} },
			content: [paragraph(text('body'))],
		},
	],
	inlineExtension: [
		paragraph({
			type: 'inlineExtension',
			attrs: { extensionType: CORE, extensionKey: 'jira', parameters: {} },
		}),
	],
	syncBlock: [{ type: 'syncBlock', attrs: { resourceId: 'resource-1', localId: 'sync-1' } }],
	bodiedSyncBlock: [
		{
			type: 'bodiedSyncBlock',
			attrs: { resourceId: 'resource-2', localId: 'sync-2' },
			content: [paragraph(text('synced'))],
		},
	],
};
