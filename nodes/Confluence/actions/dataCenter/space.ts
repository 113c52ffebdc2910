import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiPath, confluenceApi, confluenceRequestAllItems } from '../../transport';
import { createOnce } from '../../transport/landed';
import { isNotFound, settle } from '../content/write';
import { requireSpaceKey } from '../common/resolve';
import { splitList } from '../common/values';
import { readSpaceCreate } from '../space/create.operation';
import { deleteSpaceByKey } from '../space/delete.operation';
import { shapeSpace } from '../space/shared';
import type { BodyReadFormat } from '../common/descriptions';
import { dataCenterOutput } from './content';
import { checkDataCenterReadFormat, contentExpand, resolveDataCenterSpaceKey } from './resolve';

const SPACE_EXPAND = 'description.plain,homepage';
const SPACE_TYPES_ON_DATA_CENTER = ['global', 'personal'];

export async function getSpace(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const key = await resolveDataCenterSpaceKey(this, itemIndex);
	const space = await confluenceApi.call(this, {
		method: 'GET',
		api: 'v1',
		path: apiPath`/space/${key}`,
		qs: { expand: SPACE_EXPAND },
		itemIndex,
	});
	return shapeSpace(space, simplify);
}

export async function getManySpaces(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const refuse = (what: string, description: string) =>
		new NodeOperationError(this.getNode(), `${what} is not available on Confluence Data Center`, {
			itemIndex,
			description,
		});
	if (splitList(filters.ids).length) {
		throw refuse('The filter "IDs"', 'Data Center finds spaces by key: use the "Keys" filter.');
	}
	if (options.sort) {
		throw refuse(
			'Sorting spaces',
			'Remove the Sort option; Data Center lists spaces in its own order.',
		);
	}
	if (filters.type && !SPACE_TYPES_ON_DATA_CENTER.includes(String(filters.type))) {
		throw refuse(
			`The space type "${String(filters.type)}"`,
			'Data Center spaces are global or personal.',
		);
	}
	const qs: IDataObject = { expand: SPACE_EXPAND };
	if (filters.type) qs.type = filters.type;
	if (filters.status) qs.status = filters.status;
	const labels = splitList(filters.labels);
	if (labels.length) qs.label = labels;
	const keys = splitList(filters.keys).map((key) => requireSpaceKey(this, itemIndex, 'Keys', key));
	// `spaceKey` repeats for several keys on Data Center; one request per key keeps the v1 comma form out of it.
	const requests = keys.length ? keys.map((spaceKey) => ({ ...qs, spaceKey })) : [qs];
	const spaces: IDataObject[] = [];
	for (const query of requests) {
		const max = limit === undefined ? undefined : limit - spaces.length;
		if (max !== undefined && max <= 0) break;
		spaces.push(
			...(await confluenceRequestAllItems.call(
				this,
				{ method: 'GET', api: 'v1', path: apiPath`/space`, qs: query, itemIndex },
				{ max, pageSize: 100, offsetFallback: true },
			)),
		);
	}
	return spaces.map((space) => shapeSpace(space, simplify));
}

type SpaceContentType = 'page' | 'blogpost';

/**
 * The pages and blog posts of a space through `GET /rest/api/space/{spaceKey}/content/{type}` (`depth` = all or root,
 * https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/), pages first, with the Cloud operation's output.
 */
export async function getSpaceContents(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject[]> {
	const types = (this.getNodeParameter('contentTypes', itemIndex, ['page', 'blogpost']) ??
		[]) as SpaceContentType[];
	if (!types.length) {
		throw new NodeOperationError(this.getNode(), 'The parameter "Content Types" is empty', {
			itemIndex,
		});
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const refuse = (what: string, description: string) =>
		new NodeOperationError(this.getNode(), `${what} is not available on Confluence Data Center`, {
			itemIndex,
			description,
		});
	if (options.sort) {
		throw refuse('Sorting the contents of a space', 'Remove the Sort option.');
	}
	const statuses = Array.isArray(options.status) ? (options.status as string[]) : [];
	if (statuses.some((status) => status !== 'current')) {
		throw refuse(
			'Listing trashed or deleted content of a space',
			'Data Center lists current content here: remove the Status option.',
		);
	}
	const depth = this.getNodeParameter('depth', itemIndex, 'all') as string;
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const format = this.getNodeParameter('bodyFormat', itemIndex, 'none') as BodyReadFormat;
	checkDataCenterReadFormat(this, itemIndex, format);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const key = await resolveDataCenterSpaceKey(this, itemIndex);
	const output: IDataObject[] = [];
	for (const type of (['page', 'blogpost'] as const).filter((candidate) =>
		types.includes(candidate),
	)) {
		const remaining = limit - output.length;
		if (remaining <= 0) break;
		const qs: IDataObject = { expand: contentExpand(format) };
		if (type === 'page') qs.depth = depth;
		const items = await confluenceRequestAllItems.call(
			this,
			{ method: 'GET', api: 'v1', path: apiPath`/space/${key}/content/${type}`, qs, itemIndex },
			{
				max: Number.isFinite(remaining) ? remaining : undefined,
				pageSize: 100,
				offsetFallback: true,
			},
		);
		output.push(...items.map((raw) => dataCenterOutput(raw, format, simplify)));
	}
	return output;
}

/** Deleting a space on Data Center: the same v1 long task as on Cloud, the space given by key. */
export async function deleteSpace(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	return await deleteSpaceByKey(this, itemIndex, await resolveDataCenterSpaceKey(this, itemIndex));
}

/**
 * Creating a space on Data Center: `POST /rest/api/space`, or `/rest/api/space/_private` for one only its creator sees
 * (https://docs.atlassian.com/atlassian-confluence/REST/5.6.4/; RemoteSpaceServiceImpl.PRIVATE_SPACE_SUBPATH,
 * https://docs.atlassian.com/atlassian-confluence/5.5.3-confdev25019-m1/com/atlassian/confluence/rest/client/RemoteSpaceServiceImpl.html),
 * with the key, name and plain description Cloud's v1 takes; sent once through createOnce.
 */
export async function createSpace(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const { key, name, simplify, fields, body } = readSpaceCreate(this, itemIndex);
	if (body.alias !== undefined) {
		// Aliases are a Cloud experiment (its SpaceCreate); Data Center's space has only its key.
		throw new NodeOperationError(
			this.getNode(),
			'The field "Alias" is not available on Confluence Data Center',
			{ itemIndex, description: 'Remove the Alias field; Data Center addresses spaces by key.' },
		);
	}
	const space = await createOnce(
		this,
		{
			method: 'POST',
			api: 'v1',
			path: fields.private ? apiPath`/space/_private` : apiPath`/space`,
			body,
			itemIndex,
		},
		{
			// Keys are unique on the site and a taken key refuses the create, so the space with our key and name is ours.
			// Data Center's Space names no creator by user key, so the key and the name are all that tell it apart.
			find: async () => {
				const read = await settle(
					confluenceApi.call(this, {
						method: 'GET',
						api: 'v1',
						path: apiPath`/space/${key}`,
						qs: { expand: SPACE_EXPAND },
						itemIndex,
					}),
				);
				if (!read.ok) {
					if (isNotFound(read.error)) return undefined;
					throw read.error;
				}
				const found = read.value;
				return String(found.key).toUpperCase() === key.toUpperCase() && found.name === name
					? found
					: undefined;
			},
		},
	);
	return shapeSpace(space, simplify);
}
