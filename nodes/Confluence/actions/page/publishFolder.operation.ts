import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { confluenceApi } from '../../transport';
import { allowedMacrosField, contentLocator, spaceLocator } from '../common/descriptions';
import { resolveContentId, resolveSpaceId } from '../common/resolve';
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

async function readFiles(ctx: IExecuteFunctions): Promise<FolderFile[]> {
	const items = ctx.getInputData();
	const contentFrom = ctx.getNodeParameter('contentFrom', 0, 'binary') as string;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const baseFolder = String(options.baseFolder ?? '').trim();
	const files: FolderFile[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		const field = String(
			contentFrom === 'json'
				? ctx.getNodeParameter('contentField', itemIndex, 'content')
				: ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'),
		);
		const binary = contentFrom === 'binary' ? item.binary?.[field] : undefined;
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
		let data: Buffer;
		if (contentFrom === 'json') {
			const value = item.json[field];
			if (typeof value !== 'string') {
				throw new NodeOperationError(
					ctx.getNode(),
					`The file "${relative}" has no text in the field "${field}"`,
					{
						itemIndex,
					},
				);
			}
			data = Buffer.from(value, 'utf8');
		} else {
			if (!binary) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The file "${relative}" has no binary field "${field}"`,
					{ itemIndex, description: 'Set "Input Binary Field" to the field that holds the file.' },
				);
			}
			data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
		}
		files.push({ itemIndex, path: relative, data });
	}
	return files;
}

async function rootPageId(ctx: IExecuteFunctions): Promise<string> {
	if (ctx.getNodeParameter('publishUnder', 0, 'page') === 'spaceHome') {
		const spaceId = await resolveSpaceId(ctx, 0);
		const space = await confluenceApi.call(ctx, {
			method: 'GET',
			path: `/spaces/${spaceId}`,
			itemIndex: 0,
		});
		if (!space.homepageId) {
			throw new NodeOperationError(ctx.getNode(), 'The space has no homepage to publish under', {
				itemIndex: 0,
				description: 'Choose "A Page" under "Publish Under" and pick the page.',
			});
		}
		return String(space.homepageId);
	}
	return await resolveContentId(ctx, 0, 'page', 'rootPage', 'Root Page');
}

async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const files = await readFiles(this);
	if (!files.length) return [];
	const codeMacros: Record<string, string> = {};
	const mermaid = String(options.mermaidMacro ?? '').trim();
	const plantuml = String(options.plantumlMacro ?? '').trim();
	if (mermaid) codeMacros.mermaid = mermaid;
	if (plantuml) {
		codeMacros.plantuml = plantuml;
		codeMacros.puml = plantuml;
	}
	const rootId = await rootPageId(this);
	const { items, failed } = await publishFolder(this, files, {
		rootId,
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
	return items;
}

export const description = updateDisplayOptions(
	{ show: { resource: ['page'], operation: ['publishFolder'] } },
	properties,
);

export { executeAll };
