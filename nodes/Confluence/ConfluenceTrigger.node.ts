import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bodyListFormatProperty, type BodyReadFormat } from './actions/common/descriptions';
import {
	auditForbidden,
	pollEvents,
	type TriggerSettings,
	type TriggerState,
} from './trigger/poll';
import type { TriggerEvent } from './trigger/feeds';
import { endRateLimitedPoll, pausedPoll } from './trigger/rateLimited';
import { credentialTest } from './methods';
import { secondsOption, startFromOption } from './trigger/options';

function list(value: unknown): string[] {
	return String(value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}

/**
 * Polls running in this n8n process, by workflow and node, each with a promise that settles when it ends. n8n starts the
 * next poll on schedule even while the previous one runs (a long catch-up, or waiting out a rate limit); both would read
 * the same saved state and emit the same events twice, so a poll that finds its predecessor still running skips its
 * turn: the next one picks up from the saved state. Nothing of this is written to the static data: n8n saves it only
 * after a poll returns, and a poll of a process that is gone (a restart, another main instance taking over) can never
 * return, so a marker left in the saved state would only block the trigger where it runs next.
 *
 * The skipping poll returns only once its predecessor has ended. n8n 2.x runs every poll of a workflow in one expression
 * isolate that it acquires when a poll starts and releases when that poll returns, and the release is not counted: the
 * overlapping poll's acquire finds the isolate held, yet its end releases it (n8n-core 2.41 PollTriggerExecutor ignores
 * the "already held" answer of acquireIsolate, @n8n/expression-runtime ExpressionEvaluator.release). A skipping poll that
 * returned at once took the isolate from under the running one, whose next request then failed while n8n resolved the
 * credential's expressions ("No bridge acquired for this context"), which the transport reported as "Could not reach
 * Confluence (EUNKNOWN)".
 */
const pollsInFlight = new Map<string, Promise<void>>();

export class ConfluenceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confluence Community Trigger',
		name: 'confluenceTrigger',
		icon: {
			light: 'file:../../icons/confluence.svg',
			dark: 'file:../../icons/confluence.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when pages, blog posts, comments or attachments appear or change in Confluence, or audit records are written',
		defaults: { name: 'Confluence Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'confluenceApi',
				required: true,
				displayOptions: { show: { authentication: ['apiToken'] } },
				testedBy: 'confluenceApiTokenTest',
			},
			{
				name: 'confluenceOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'confluenceServiceAccountOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['serviceAccount'] } },
			},
			{
				name: 'confluenceDataCenterApi',
				required: true,
				displayOptions: { show: { authentication: ['dataCenter'] } },
				testedBy: 'confluenceDataCenterTest',
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Token', value: 'apiToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
					{ name: 'Service Account', value: 'serviceAccount' },
					{ name: 'Data Center (Personal Access Token or Password)', value: 'dataCenter' },
				],
				default: 'apiToken',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['pageCreated'],
				options: [
					{
						name: 'Attachment Created',
						value: 'attachmentCreated',
						description: 'A file was attached to a page or blog post',
					},
					{
						name: 'Audit Record',
						value: 'auditRecord',
						description:
							'A record was written to the audit log (needs a site admin; Confluence Cloud only)',
					},
					{ name: 'Blog Post Created', value: 'blogPostCreated' },
					{
						name: 'Blog Post Updated',
						value: 'blogPostUpdated',
						description: 'A new version of a blog post was published',
					},
					{
						name: 'Comment Created',
						value: 'commentCreated',
						description: 'A footer or inline comment was added',
					},
					{ name: 'Page Created', value: 'pageCreated' },
					{
						name: 'Page Updated',
						value: 'pageUpdated',
						description: 'A new version of a page was published',
					},
				],
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add filter',
				default: {},
				options: [
					{
						displayName: 'Ancestor Page ID',
						name: 'ancestorId',
						type: 'string',
						default: '',
						description: 'Only events in this page or anywhere below it',
					},
					{
						displayName: 'Audit Search Text',
						name: 'auditSearch',
						type: 'string',
						default: '',
						displayOptions: { hide: { '/authentication': ['dataCenter'] } },
						description: 'Only audit records containing this text (Confluence filters them)',
					},
					{
						displayName: 'Author Account IDs',
						name: 'authorIds',
						type: 'string',
						default: '',
						description:
							'Only events caused by these accounts (comma-separated account IDs; on Data Center, user keys)',
					},
					{
						displayName: 'CQL',
						name: 'cql',
						type: 'string',
						default: '',
						placeholder: 'e.g. text ~ "release"',
						description:
							"Only content that also matches this CQL query. It uses Confluence's search index, which can lag; events wait for it for up to the index lag set in the options.",
					},
					{
						displayName: 'Labels',
						name: 'labels',
						type: 'string',
						default: '',
						description: 'Only content with at least one of these labels (comma-separated)',
					},
					{
						displayName: 'Spaces',
						name: 'spaces',
						type: 'string',
						default: '',
						placeholder: 'e.g. DOCS, ENG',
						description:
							'Only content in these spaces (comma-separated space keys or IDs; on Data Center, space keys)',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						...bodyListFormatProperty,
						description: 'Whether and how to include the body of the content or comment',
					},
					{
						displayName: 'Index Lag (Seconds)',
						name: 'indexLagSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description:
							"With a CQL filter: how long an event may wait for Confluence's search index before it is ruled out. On Data Center, where every event is read through search, each poll also looks back at least this far.",
					},
					{
						displayName: 'Rescan Window (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 120,
						description:
							'How far back each poll looks again, to catch events that share a timestamp or become visible late. Events are never emitted twice.',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description:
							'Emit events from this date on at the first poll, instead of starting from now',
					},
					{
						displayName: 'Updates',
						name: 'updates',
						type: 'options',
						default: 'everyVersion',
						options: [
							{
								name: 'Every Version',
								value: 'everyVersion',
								description:
									'One event per new version, also when a page was edited several times between polls',
							},
							{
								name: 'Latest Version Only',
								value: 'latestOnly',
								description: 'One event per changed page or blog post, for its newest version',
							},
						],
					},
				],
			},
		],
	};

	methods = { credentialTest };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const events = this.getNodeParameter('events', []) as TriggerEvent[];
		const settings: TriggerSettings = {
			events,
			spaceKeys: list(filters.spaces),
			labels: list(filters.labels),
			ancestorId: String(filters.ancestorId ?? '').trim() || undefined,
			authorIds: list(filters.authorIds),
			cql: String(filters.cql ?? '').trim() || undefined,
			auditSearch: String(filters.auditSearch ?? '').trim(),
			everyVersion: (options.updates ?? 'everyVersion') === 'everyVersion',
			bodyFormat: (options.bodyFormat ?? 'none') as BodyReadFormat,
			overlapMs: secondsOption(this, options, 'overlapSeconds', 'Rescan Window (Seconds)', 120),
			indexLagMs: secondsOption(this, options, 'indexLagSeconds', 'Index Lag (Seconds)', 300),
			startFrom: startFromOption(this, options),
			now: () => Date.now(),
		};
		const staticData = this.getWorkflowStaticData('node');
		const manual = this.getMode() === 'manual';
		const pollKey = `${this.getWorkflow().id ?? ''}/${this.getNode().id}`;
		if (!manual) {
			const paused = pausedPoll(pollKey, Date.now());
			if (paused !== undefined) {
				this.logger.debug(
					`Confluence Trigger: rate-limited until ${new Date(paused).toISOString()}, skipping this poll`,
				);
				return null;
			}
			const running = pollsInFlight.get(pollKey);
			if (running) {
				this.logger.debug(
					'Confluence Trigger: the previous poll is still running, skipping this one once it ends',
				);
				await running;
				return null;
			}
		}
		let ended = (): void => {};
		if (!manual) pollsInFlight.set(pollKey, new Promise<void>((resolve) => (ended = resolve)));
		let result;
		try {
			result = await pollEvents(
				this,
				settings,
				(staticData.confluence ?? { feeds: {} }) as TriggerState,
				manual,
			);
		} catch (error) {
			const rateLimited = manual ? undefined : endRateLimitedPoll(pollKey, error, Date.now());
			if (rateLimited) {
				this.logger.warn(rateLimited);
				return null;
			}
			throw auditForbidden(this, error) ?? error;
		} finally {
			if (!manual) {
				pollsInFlight.delete(pollKey);
				ended();
			}
		}
		if (!manual) staticData.confluence = result.state as unknown as IDataObject;
		return result.items.length ? [result.items] : null;
	}
}
