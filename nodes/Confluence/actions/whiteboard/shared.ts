import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveWhiteboardLocator } from '../common/resolve';

const WHITEBOARD_URL_REGEX = 'https?://[^/]+/.*?/whiteboards?/(\\d+)';

export function whiteboardLocator(description: string): INodeProperties {
	return {
		displayName: 'Whiteboard',
		name: 'whiteboard',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a whiteboard...',
				typeOptions: { searchListMethod: 'searchWhiteboards', searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://your-domain.atlassian.net/wiki/spaces/DOCS/whiteboard/123456',
				extractValue: { type: 'regex', regex: WHITEBOARD_URL_REGEX },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `${WHITEBOARD_URL_REGEX}.*`,
							errorMessage: 'Not a Confluence whiteboard URL',
						},
					},
				],
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456',
				validation: [
					{ type: 'regex', properties: { regex: '\\d+', errorMessage: 'IDs are numeric' } },
				],
			},
		],
	};
}

/** The numeric whiteboard ID behind the locator (an ID or a URL in any mode); checked before any request. */
export function resolveWhiteboardId(ctx: IExecuteFunctions, itemIndex: number): string {
	return resolveWhiteboardLocator(ctx, itemIndex, 'whiteboard', 'Whiteboard');
}

/** Template keys Confluence accepts when creating a whiteboard (from the v2 API's WhiteboardCreateRequest). */
export const WHITEBOARD_TEMPLATE_KEYS = [
	'2x2-prioritization',
	'4ls-retro',
	'action-plan',
	'annual-calendar',
	'annual-calendar-2025-2026',
	'bounded-context',
	'brainwriting',
	'concept-map',
	'crazy-8s',
	'daily-sync',
	'disruptive-brainstorm',
	'dot-voting',
	'elevator-pitch',
	'executive-summary',
	'fishbone-diagram',
	'flow-chart',
	'gap-analysis',
	'health-monitor',
	'hopes-and-fears',
	'ice-breakers',
	'incident-postmortem',
	'journey-mapping-kit',
	'kanban-board',
	'lean-coffee',
	'network-of-teams',
	'okr-planning',
	'org-chart',
	'pi-planning',
	'poker-planning',
	'prioritization',
	'prioritization-experiment',
	'product-roadmap',
	'product-vision-board',
	'rice',
	'risk-assessment',
	'root-cause-analysis',
	'sailboat-retro',
	'service-blueprint',
	'simple-retrospective',
	'sprint-planning',
	'stakeholder-mapping',
	'sticky-note-pack',
	'storyboard',
	'swimlane-vertical',
	'swimlanes',
	'swot-analysis',
	'team-formation-guide',
	'timeline',
	'timeline-workflow',
	'user-story-map',
	'venn-diagram',
	'vision-board',
	'workflow',
];

export const WHITEBOARD_LOCALES = [
	'cs-CZ',
	'da-DK',
	'de-DE',
	'en-GB',
	'en-US',
	'es-ES',
	'fi-FI',
	'fr-FR',
	'hu-HU',
	'it-IT',
	'ja-JP',
	'ko-KR',
	'nb-NO',
	'nl-NL',
	'pl-PL',
	'pt-BR',
	'ru-RU',
	'sv-SE',
	'tr-TR',
	'zh-CN',
	'zh-TW',
];

/** `sticky-note-pack` → `Sticky Note Pack`, `4ls-retro` → `4ls Retro`. */
export function templateName(key: string): string {
	return key
		.split('-')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}
