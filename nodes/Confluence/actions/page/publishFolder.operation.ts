import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { settle } from '../../transport/landed';
import { checkExpressionParameters } from '../common/validate';
import { allowedMacrosField, contentLocator, spaceLocator } from '../common/descriptions';
import { readLocator, requireValue, resolveContentId, resolveSpaceId } from '../common/resolve';
import { failureError, publishFolder, type OrphanHandling } from './publishFolder/executor';
import type { FolderFile } from './publishFolder/planner';

const MB = 1024 * 1024;

const properties: INodeProperties[] = [
	{
		displayName:
			'All input items of one run are one folder: each item is a file (Markdown, or an image or other file the Markdown uses) with its path in the folder',
		name: 'publishFolderNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Publish Under',
		name: 'publishUnder',
		type: 'options',
		default: 'page',
		options: [
			{ name: 'A Page', value: 'page' },
			{ name: 'The Space Homepage', value: 'spaceHome' },
		],
		description:
			"The folder's top level becomes this page's children; its index.md or README.md becomes this page's body",
	},
	{
		...contentLocator('page', {
			name: 'rootPage',
			displayName: 'Root Page',
			description: 'The page the folder is published under',
		}),
		displayOptions: { show: { publishUnder: ['page'] } },
	},
	{
		...spaceLocator({ description: 'The space whose homepage the folder is published under' }),
		displayOptions: { show: { publishUnder: ['spaceHome'] } },
	},
	{
		displayName: 'File Content From',
		name: 'contentFrom',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description: 'What Read/Write Files from Disk, Git and GitHub give',
			},
			{ name: 'JSON Field', value: 'json', description: 'Text in a field of the item' },
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { contentFrom: ['binary'] } },
		hint: 'The name of the input binary field holding the file',
	},
	{
		displayName: 'Content Field',
		name: 'contentField',
		type: 'string',
		default: 'content',
		required: true,
		displayOptions: { show: { contentFrom: ['json'] } },
		description: 'The JSON field holding the file as text',
	},
	{
		displayName: 'File Path',
		name: 'filePath',
		type: 'string',
		default: '',
		placeholder: 'e.g. guide/setup.md',
		description:
			'The file\'s path in the folder. Empty: the JSON field "path", else the binary data\'s directory and file name (Read/Write Files from Disk); absolute paths need Base Folder.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ ...allowedMacrosField },
			{
				displayName: 'Base Folder',
				name: 'baseFolder',
				type: 'string',
				default: '',
				placeholder: 'e.g. /data/docs',
				description:
					'Removed from the start of each file path, e.g. the folder Read/Write Files from Disk read',
			},
			{
				displayName: 'Max Attachment Size (MB)',
				name: 'maxAttachmentMb',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 1 },
				description:
					"Confluence's attachment size limit (100 MB on Cloud unless an admin changed it); larger files fail with their name",
			},
			{
				displayName: 'Mermaid Macro',
				name: 'mermaidMacro',
				type: 'string',
				default: '',
				placeholder: 'e.g. mermaid-cloud',
				description:
					'The macro of a Confluence app to draw ```mermaid blocks with. Empty: they stay code blocks.',
			},
			{
				displayName: 'Orphaned Pages',
				name: 'orphans',
				type: 'options',
				default: 'report',
				options: [
					{
						name: 'List Them',
						value: 'report',
						description: 'One output item each, nothing changed',
					},
					{
						name: 'Move Them to the Trash',
						value: 'trash',
						description: 'Only when every Markdown file could be read',
					},
				],
				description: 'What to do with pages under the root that no file produces any more',
			},
			{
				displayName: 'PlantUML Macro',
				name: 'plantumlMacro',
				type: 'string',
				default: '',
				placeholder: 'e.g. plantuml',
				description:
					'The macro of a Confluence app to draw ```plantuml blocks with. Empty: they stay code blocks.',
			},
			{
				displayName: 'Strict References',
				name: 'strict',
				type: 'boolean',
				default: false,
				description:
					'Whether a file that links to or shows a file missing from the items fails (otherwise the output lists it)',
			},
			{
				displayName: 'Version Message',
				name: 'versionMessage',
				type: 'string',
				default: '',
				description: 'A note stored with each new page version',
			},
		],
	},
];

function joinPath(directory: string, fileName: string): string {
	return directory ? `${directory.replace(/[\\/]+$/, '')}/${fileName}` : fileName;
}

function relativeTo(path: string, base: string): string | undefined {
	const clean = base.replace(/\\/g, '/').replace(/\/+$/, '');
	const normalized = path.replace(/\\/g, '/');
	if (!clean) return normalized;
	if (normalized === clean) return '';
	return normalized.startsWith(`${clean}/`) ? normalized.slice(clean.length + 1) : undefined;
}

interface ReadInput {
	files: FolderFile[];
	/** Items that could not be read, when Continue On Fail lets the others go on. */
	failures: Array<{ itemIndex: number; error: NodeOperationError | NodeApiError }>;
	rootId?: string;
}

/** The root page an item names (the same for every item of a folder: it is read once per distinct value). */
async function rootPageIdFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	cache: Map<string, Promise<string>>,
): Promise<string> {
	const spaceHome = ctx.getNodeParameter('publishUnder', 0, 'page') === 'spaceHome';
	const name = spaceHome ? 'space' : 'rootPage';
	const locator = readLocator(ctx, itemIndex, name);
	requireValue(ctx, itemIndex, spaceHome ? 'Space' : 'Root Page', locator.value);
	const key = `${locator.mode}:${locator.value}`;
	let id = cache.get(key);
	if (!id) {
		id = spaceHome
			? spaceHomepageId(ctx, itemIndex)
			: resolveContentId(ctx, itemIndex, 'page', 'rootPage', 'Root Page');
		cache.set(key, id);
	}
	return await id;
}

async function spaceHomepageId(ctx: IExecuteFunctions, itemIndex: number): Promise<string> {
	const spaceId = await resolveSpaceId(ctx, itemIndex);
	const space = await settle(
		confluenceApi.call(ctx, { method: 'GET', path: apiPath`/spaces/${spaceId}`, itemIndex }),
	);
	if (!space.ok) {
		if (space.error instanceof NodeApiError && String(space.error.httpCode) === '404') {
			throw new NodeOperationError(
				ctx.getNode(),
				`The space in "Space" (ID ${spaceId}) does not exist, or the account cannot see it`,
				{ itemIndex },
			);
		}
		throw space.error;
	}
	if (!space.value.homepageId) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The space in "Space" has no homepage to publish under',
			{
				itemIndex,
				description: 'Choose "A Page" under "Publish Under" and pick the page.',
			},
		);
	}
	return String(space.value.homepageId);
}

async function readItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	roots: Map<string, Promise<string>>,
): Promise<{ file: FolderFile; rootId: string }> {
	checkExpressionParameters(ctx, itemIndex, description);
	const item = ctx.getInputData()[itemIndex];
	const contentFrom = ctx.getNodeParameter('contentFrom', 0, 'binary') as string;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const baseFolder = String(options.baseFolder ?? '').trim();
	const field =
		contentFrom === 'json'
			? requireValue(
					ctx,
					itemIndex,
					'Content Field',
					ctx.getNodeParameter('contentField', itemIndex, ''),
				)
			: requireValue(
					ctx,
					itemIndex,
					'Input Binary Field',
					ctx.getNodeParameter('binaryPropertyName', itemIndex, ''),
				);
	const binary = contentFrom === 'binary' ? item.binary?.[field] : undefined;
	if (contentFrom === 'binary' && !binary) {
		const available = Object.keys(item.binary ?? {});
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "Input Binary Field" names "${field}", which item ${itemIndex} does not have`,
			{
				itemIndex,
				description: available.length
					? `Item ${itemIndex} has the binary fields ${available.map((name) => `"${name}"`).join(', ')}.`
					: `Item ${itemIndex} carries no binary data. Read the files in an earlier node (e.g. Read/Write Files from Disk), or take the content from a JSON field.`,
			},
		);
	}
	if (contentFrom === 'json' && typeof item.json[field] !== 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The parameter "Content Field" names "${field}", which item ${itemIndex} does not hold as text`,
			{ itemIndex, description: 'Put the name of the field that holds the file as text.' },
		);
	}
	let path = String(ctx.getNodeParameter('filePath', itemIndex, '') ?? '').trim();
	if (!path && typeof item.json.path === 'string') path = item.json.path;
	if (!path && binary?.fileName) path = joinPath(binary.directory ?? '', binary.fileName);
	if (!path) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex} has no file path`, {
			itemIndex,
			description:
				'Set "File Path" (e.g. {{ $json.path }}), give the item a "path" field, or read the file with Read/Write Files from Disk.',
		});
	}
	const relative = relativeTo(path, baseFolder);
	if (relative === undefined || /^([A-Za-z]:)?[\\/]/.test(relative)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The file "${path}" is not inside the folder${baseFolder ? ` "${baseFolder}"` : ''}`,
			{
				itemIndex,
				description: baseFolder
					? 'Every file must lie under Base Folder.'
					: 'Absolute paths need the option "Base Folder": the folder the files were read from.',
			},
		);
	}
	const rootId = await rootPageIdFor(ctx, itemIndex, roots);
	const data =
		contentFrom === 'json'
			? Buffer.from(String(item.json[field]), 'utf8')
			: await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	return { file: { itemIndex, path: relative, data }, rootId };
}

/** Every item as a file of the folder; an item that cannot be read fails alone under Continue On Fail. */
async function readFiles(ctx: IExecuteFunctions): Promise<ReadInput> {
	const continueOnFail = ctx.continueOnFail();
	const roots = new Map<string, Promise<string>>();
	const result: ReadInput = { files: [], failures: [] };
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { file, rootId } = await readItem(ctx, itemIndex, roots);
			if (result.rootId !== undefined && rootId !== result.rootId) {
				const parameter =
					ctx.getNodeParameter('publishUnder', 0, 'page') === 'spaceHome' ? 'Space' : 'Root Page';
				throw new NodeOperationError(
					ctx.getNode(),
					`The parameter "${parameter}" names another page for item ${itemIndex} than for the items before it`,
					{
						itemIndex,
						description: 'All items of one run are one folder, published under one page.',
					},
				);
			}
			result.rootId = rootId;
			result.files.push(file);
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(ctx.getNode(), caught as Error, { itemIndex });
			if (!continueOnFail) throw error;
			result.failures.push({ itemIndex, error });
		}
	}
	return result;
}

async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const { files, failures, rootId } = await readFiles(this);
	const failedItems: INodeExecutionData[] = failures.map(({ itemIndex, error }) => ({
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
		},
		pairedItem: { item: itemIndex },
	}));
	if (!files.length || rootId === undefined) return failedItems;
	const codeMacros: Record<string, string> = {};
	const mermaid = String(options.mermaidMacro ?? '').trim();
	const plantuml = String(options.plantumlMacro ?? '').trim();
	if (mermaid) codeMacros.mermaid = mermaid;
	if (plantuml) {
		codeMacros.plantuml = plantuml;
		codeMacros.puml = plantuml;
	}
	const spaceHome = this.getNodeParameter('publishUnder', 0, 'page') === 'spaceHome';
	const { items, failed } = await publishFolder(this, files, {
		rootId,
		rootParameter: spaceHome ? 'Space' : 'Root Page',
		orphans: (options.orphans as OrphanHandling | undefined) ?? 'report',
		strict: options.strict === true,
		maxAttachmentBytes: Math.max(1, Number(options.maxAttachmentMb ?? 100)) * MB,
		codeMacros,
		allowedMacros: String(options.allowedMacros ?? '')
			.split(/[\s,]+/)
			.filter((name) => name !== ''),
		versionMessage: options.versionMessage ? String(options.versionMessage) : undefined,
	});
	if (failed.length && !this.continueOnFail()) throw failureError(this, failed);
	return [...items, ...failedItems];
}

export const description = updateDisplayOptions(
	{ show: { resource: ['page'], operation: ['publishFolder'] } },
	properties,
);

export { executeAll };
