/* The README's Cloud / Data Center table, generated from the capability map (nodes/Confluence/actions/dataCenter/capabilities.ts). */
import { Confluence } from '../../nodes/Confluence/Confluence.node';
import {
	DATA_CENTER_CAPABILITIES,
	isSupportedOnDataCenter,
} from '../../nodes/Confluence/actions/dataCenter/capabilities';
import { DATA_CENTER_UNSUPPORTED_EVENTS } from '../../nodes/Confluence/trigger/dataCenter';
import { TRIGGER_EVENTS } from '../../nodes/Confluence/trigger/feeds';

export function dataCenterMarkdown(): string {
	const resourceProperty = new Confluence().description.properties.find(
		(property) => property.name === 'resource',
	);
	const names = new Map(
		(resourceProperty?.options ?? []).map((option) => [
			String((option as { value: string }).value),
			(option as { name: string }).name,
		]),
	);
	const lines = [
		'| resource | on Cloud and Data Center | Cloud only in this version (hidden and refused with the Data Center credential) |',
		'|---|---|---|',
	];
	for (const [resource, operations] of Object.entries(DATA_CENTER_CAPABILITIES).sort(([a], [b]) =>
		String(names.get(a)).localeCompare(String(names.get(b))),
	)) {
		const both: string[] = [];
		const cloudOnly: string[] = [];
		for (const [operation, capability] of Object.entries(operations)) {
			(isSupportedOnDataCenter(capability) ? both : cloudOnly).push(`\`${operation}\``);
		}
		lines.push(
			`| ${names.get(resource) ?? resource} (\`${resource}\`) | ${both.join(', ') || '–'} | ${cloudOnly.join(', ') || '–'} |`,
		);
	}
	const events = (supported: boolean) =>
		TRIGGER_EVENTS.filter(
			(event) => (DATA_CENTER_UNSUPPORTED_EVENTS[event] === undefined) === supported,
		)
			.map((event) => `\`${event}\``)
			.join(', ') || '–';
	lines.push(`| Confluence Trigger (events) | ${events(true)} | ${events(false)} |`);
	return lines.join('\n');
}
