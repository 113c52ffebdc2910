import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type Expandable = 'isExternalCollaborator' | 'operations' | 'personalSpace';

const EXPAND_OPTIONS: Record<Expandable, INodeProperties> = {
	isExternalCollaborator: {
		displayName: 'Include Guest Status',
		name: 'isExternalCollaborator',
		type: 'boolean',
		default: false,
		description: 'Whether to include whether the user is a guest (external collaborator)',
	},
	operations: {
		displayName: 'Include Operations',
		name: 'operations',
		type: 'boolean',
		default: false,
		description: 'Whether to include the site-level operations the user may perform',
	},
	personalSpace: {
		displayName: 'Include Personal Space',
		name: 'personalSpace',
		type: 'boolean',
		default: false,
		description: "Whether to include the user's personal space",
	},
};

export function userExpandOptions(expandable: Expandable[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: expandable.map((name) => EXPAND_OPTIONS[name]),
	};
}

/** The v1 `expand` list from the Include options. */
export function readExpand(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const expand = (Object.keys(EXPAND_OPTIONS) as Expandable[]).filter(
		(name) => options[name] === true,
	);
	return expand.length ? { expand } : {};
}
