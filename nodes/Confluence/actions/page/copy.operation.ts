import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { createOnce } from '../../transport/landed';
import { defineOperation } from '../common/builder';
import { contentLocator, simplifyProperty, spaceLocator } from '../common/descriptions';
import { findContentByTitle, resolveContentId, resolveSpaceKey } from '../common/resolve';

const COPY_FLAGS: Array<{ name: string; displayName: string; what: string }> = [
	{ name: 'copyAttachments', displayName: 'Copy Attachments', what: 'attachments' },
	{
		name: 'copyCustomContents',
		displayName: 'Copy Custom Contents',
		what: 'custom content (app data)',
	},
	{ name: 'copyLabels', displayName: 'Copy Labels', what: 'labels' },
	{ name: 'copyPermissions', displayName: 'Copy Permissions', what: 'view and edit restrictions' },
	{ name: 'copyProperties', displayName: 'Copy Properties', what: 'content properties' },
];

/** v1 returns its own content shape; flatten it like the v2 outputs elsewhere. */
function simplifyV1Content(raw: IDataObject): IDataObject {
	const links = (raw._links ?? {}) as IDataObject;
	const space = (raw.space ?? {}) as IDataObject;
	const version = (raw.version ?? {}) as IDataObject;
	const simplified: IDataObject = {
		id: raw.id,
		type: raw.type,
		status: raw.status,
		title: raw.title,
		spaceKey: space.key,
		spaceId: space.id !== undefined ? String(space.id) : undefined,
		version: version.number,
		url:
			typeof links.webui === 'string'
				? `${typeof links.base === 'string' ? links.base : ''}${links.webui}`
				: undefined,
	};
	for (const key of Object.keys(simplified)) {
		if (simplified[key] === undefined) delete simplified[key];
	}
	return simplified;
}

/**
 * The page a copy whose outcome is unknown made (see createOnce), in v1's shape. A copy into a space or under a page is
 * a new page with the copy's title (titles are unique in a space), by the connected account, created after we sent
 * ours; a copy over an existing page is a version of it by the connected account made after we sent ours.
 */
async function landedCopy(
	ctx: IExecuteFunctions,
	itemIndex: number,
	copy: {
		sourceId: string;
		destinationType: string;
		destination: string;
		title?: string;
		since: number;
		accountId: string;
	},
): Promise<IDataObject | undefined> {
	const read = async (pageId: string) =>
		await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/pages/${pageId}`,
			itemIndex,
		});
	const asV1 = (page: IDataObject, spaceKey?: string): IDataObject => ({
		...page,
		type: 'page',
		space: { id: page.spaceId, ...(spaceKey ? { key: spaceKey } : {}) },
	});
	if (copy.destinationType === 'existing_page') {
		const page = await read(copy.destination);
		const version = (page.version as IDataObject | undefined) ?? {};
		const ours =
			String(version.authorId ?? '') === copy.accountId &&
			Date.parse(String(version.createdAt)) >= copy.since;
		return ours ? asV1(page) : undefined;
	}
	const title = copy.title ?? String((await read(copy.sourceId)).title ?? '');
	let spaceId: string;
	let spaceKey: string | undefined;
	if (copy.destinationType === 'space') {
		const spaces = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces`,
			qs: { keys: copy.destination },
			itemIndex,
		});
		const space = ((spaces.results as IDataObject[] | undefined) ?? [])[0];
		if (!space) return undefined;
		spaceId = String(space.id);
		spaceKey = String(space.key);
	} else {
		spaceId = String((await read(copy.destination)).spaceId ?? '');
	}
	const found = (await findContentByTitle(ctx, itemIndex, 'page', title, spaceId)).find(
		(candidate) =>
			candidate.title === title &&
			String(candidate.authorId ?? '') === copy.accountId &&
			(copy.destinationType === 'space' || String(candidate.parentId ?? '') === copy.destination) &&
			Date.parse(String(candidate.createdAt)) >= copy.since,
	);
	return found ? asV1(await read(String(found.id)), spaceKey) : undefined;
}

export const { description, execute } = defineOperation({
	resource: 'page',
	operation: 'copy',
	properties: [
		contentLocator('page', { description: 'The page to copy (the page itself, not its children)' }),
		{
			displayName: 'Destination',
			name: 'destinationType',
			type: 'options',
			default: 'parent_page',
			description: 'Where the copy goes',
			options: [
				{
					name: 'Replace an Existing Page',
					value: 'existing_page',
					description: "Overwrite another page's content with the copy",
				},
				{ name: 'Top of a Space', value: 'space', description: 'A root page of the chosen space' },
				{ name: 'Under a Page', value: 'parent_page', description: 'A child of the chosen page' },
			],
		},
		{
			...spaceLocator({
				name: 'destinationSpace',
				displayName: 'Destination Space',
				description: 'The space to copy the page into',
			}),
			displayOptions: { show: { destinationType: ['space'] } },
		},
		{
			...contentLocator('page', {
				name: 'destinationPage',
				displayName: 'Destination Page',
				description: 'The parent page of the copy, or the page the copy replaces',
			}),
			displayOptions: { show: { destinationType: ['parent_page', 'existing_page'] } },
		},
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				...COPY_FLAGS.map((flag) => ({
					displayName: flag.displayName,
					name: flag.name,
					type: 'boolean' as const,
					default: false,
					description: `Whether to copy the page's ${flag.what} too`,
				})),
				{
					displayName: 'New Title',
					name: 'title',
					type: 'string',
					default: '',
					description:
						'The title of the copy. Titles are unique within a space, so copying into the same space needs a new title.',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const destinationType = this.getNodeParameter(
			'destinationType',
			itemIndex,
			'parent_page',
		) as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		const id = await resolveContentId(this, itemIndex, 'page', 'page', 'Page');
		// v1 addresses spaces by key and pages by ID.
		const value =
			destinationType === 'space'
				? await resolveSpaceKey(this, itemIndex, 'destinationSpace', 'Destination Space')
				: await resolveContentId(this, itemIndex, 'page', 'destinationPage', 'Destination Page');
		const body: IDataObject = { destination: { type: destinationType, value } };
		for (const flag of COPY_FLAGS) {
			if (options[flag.name] === true) body[flag.name] = true;
		}
		if (typeof options.title === 'string' && options.title.trim()) {
			body.pageTitle = options.title.trim();
		}
		const raw = await createOnce(
			this,
			{
				method: 'POST',
				api: 'v1',
				path: apiPath`/content/${id}/copy`,
				body,
				itemIndex,
			},
			{
				find: async (since, accountId) =>
					await landedCopy(this, itemIndex, {
						sourceId: id,
						destinationType,
						destination: value,
						title: body.pageTitle as string | undefined,
						since,
						accountId,
					}),
			},
		);
		return simplify ? simplifyV1Content(raw) : raw;
	},
});
