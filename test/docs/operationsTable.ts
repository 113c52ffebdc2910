import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Confluence } from '../../nodes/Confluence/Confluence.node';

function options(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []).filter(
		(option): option is INodePropertyOptions => 'value' in option,
	);
}

/** The README's "Resources and operations" section, generated from the node's own description. */
export function operationsMarkdown(): string {
	const properties = new Confluence().description.properties;
	const resources = options(properties.find((property) => property.name === 'resource'));
	const lines: string[] = [];
	for (const resource of resources) {
		const selector = properties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.resource?.includes(resource.value),
		);
		lines.push(`**${resource.name}** (\`${String(resource.value)}\`)`, '');
		lines.push('| operation | what it does |', '|---|---|');
		for (const operation of options(selector)) {
			lines.push(
				`| \`${String(operation.value)}\` | ${String(operation.description ?? operation.name).replace(/\|/g, '\\|')} |`,
			);
		}
		lines.push('');
	}
	return lines.join('\n').trim();
}
