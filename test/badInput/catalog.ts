/* Every resource/operation of the node and the parameters it requires, read from the node's own description, so a new
 * operation (or a new required parameter) is covered by the bad-input and security suites without editing them. */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Confluence } from '../../nodes/Confluence/Confluence.node';

const nodeType = new Confluence();
export const nodeProperties: INodeProperties[] = nodeType.description.properties;

/** Parameters every operation has; they are not the operation's own input. */
const FRAME = new Set(['authentication', 'resource', 'operation', 'requestOptions']);

export interface OperationVariant {
	resource: string;
	operation: string;
	/** Choices (options parameters) that make this variant show other required parameters; {} for the default one. */
	choices: INodeParameters;
	/** The visible, required parameters under these choices. */
	required: INodeProperties[];
	/** Every visible parameter under these choices, with its default. */
	visible: INodeProperties[];
	label: string;
}

function optionValues(property: INodeProperties): Array<string | number | boolean> {
	return ((property.options ?? []) as INodePropertyOptions[])
		.filter((option) => option && 'value' in option)
		.map((option) => option.value);
}

/** The parameters n8n shows for these values, with their defaults filled in the way the editor would. */
export function visibleParameters(values: INodeParameters): {
	parameters: INodeParameters;
	visible: INodeProperties[];
} {
	const node = { parameters: values, typeVersion: 1 } as unknown as INode;
	const parameters =
		NodeHelpers.getNodeParameters(
			nodeProperties,
			values,
			true,
			false,
			node,
			nodeType.description,
		) ?? {};
	const visible = nodeProperties.filter(
		(property) =>
			!FRAME.has(property.name) &&
			NodeHelpers.displayParameter(parameters, property, node, nodeType.description),
	);
	return { parameters, visible };
}

export function resources(): Array<{ resource: string; operations: string[] }> {
	const resourceProperty = nodeProperties.find((property) => property.name === 'resource');
	return optionValues(resourceProperty!).map((resource) => {
		const operationProperty = nodeProperties.find(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.resource as string[] | undefined)?.includes(
					String(resource),
				),
		);
		return { resource: String(resource), operations: optionValues(operationProperty!).map(String) };
	});
}

/**
 * Each operation once with its defaults, plus once for every choice of a top-level options parameter that changes
 * which parameters are required (e.g. Content Type "Blog Post" requires a blog post instead of a page).
 */
export function operationVariants(): OperationVariant[] {
	const variants: OperationVariant[] = [];
	for (const { resource, operations } of resources()) {
		for (const operation of operations) {
			const base = { resource, operation };
			const signature = (required: INodeProperties[]) =>
				required
					.map((property) => property.name)
					.sort()
					.join(',');
			const make = (choices: INodeParameters): OperationVariant => {
				const { visible } = visibleParameters({ ...base, ...choices });
				const required = visible.filter((property) => property.required);
				const label = `${resource}.${operation}${Object.entries(choices)
					.map(([key, value]) => ` ${key}=${String(value)}`)
					.join('')}`;
				return { resource, operation, choices, required, visible, label };
			};
			const defaults = make({});
			variants.push(defaults);
			const seen = new Set([signature(defaults.required)]);
			for (const property of defaults.visible) {
				if (property.type !== 'options' || property.required) continue;
				for (const value of optionValues(property)) {
					if (value === property.default) continue;
					const variant = make({ [property.name]: value });
					const key = signature(variant.required);
					if (seen.has(key)) continue;
					seen.add(key);
					variants.push(variant);
				}
			}
		}
	}
	return variants;
}
