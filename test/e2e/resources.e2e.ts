/* Every resource of the Confluence node in real n8n (`n8n execute`, each installed version) against the simulator:
 * a content lifecycle with Markdown publishing and attachments in and out as binary data, the remaining resources
 * through the OAuth2 credential (expired token → refresh → rotated token saved by n8n), search with Return All over
 * several result pages, expression-driven parameters with and without continueOnFail, and the AI tool variant
 * (`confluenceTool`) run without a model through n8n's Tool Executor node. */
import type { IDataObject, INode, INodeParameters, IRunData } from 'n8n-workflow';

import { ConfluenceOAuth2Api } from '../../credentials/ConfluenceOAuth2Api.credentials';
import { mediaRequests, startSimulator, type RecordedRequest, type Simulator } from '../simulator';
import {
	CONFLUENCE_NODE_TYPE,
	confluenceNode,
	createUserFolder,
	execute,
	importCredentials,
	importWorkflows,
	installedVariants,
	locateN8n,
	manualTrigger,
	n8nId,
	nodeError,
	nodeItems,
	simulatorCredentials,
	withOAuth2,
	workflow,
	type ExecutionOutcome,
	type N8nInstall,
	type UserFolder,
	type WorkflowInput,
} from './lib';

const BASIC = { id: n8nId('e2eResBasic'), name: 'Confluence API token (simulator)' };
const OAUTH = { id: n8nId('e2eResOAuth2'), name: 'Confluence OAuth2 (simulator)' };

const LIFECYCLE_ID = n8nId('e2eResLifecycle');
const OTHERS_ID = n8nId('e2eResOthers');
const EXPRESSIONS_ID = n8nId('e2eResExpressions');
const TOOLS_ID = n8nId('e2eResTools');
const WHOAMI_ID = n8nId('e2eResWhoami');
const ERRORS_ID = n8nId('e2eResErrors');

/** The scopes the credential asks for by default: the simulator enforces them on every gateway call. */
const DEFAULT_SCOPES = String(
	new ConfluenceOAuth2Api().properties.find((property) => property.name === 'enabledScopes')
		?.default,
).split(' ');

const PAGE_TITLE = 'Launch checklist (e2e)';
const PAGE_MARKDOWN = [
	'## Launch steps',
	'',
	'Ship **only** when every check is *green*.',
	'',
	'- Update the [runbook](https://example.com/runbook)',
	'- Tag the release',
	'',
	'| Check | Owner |',
	'| --- | --- |',
	'| Tests | QA |',
	'',
	'```bash',
	'npm run release',
	'```',
].join('\n');

/** Every byte value, so that a text-mode or charset conversion anywhere on the way would show. */
const FILE_BYTES = Buffer.from(Array.from({ length: 3000 }, (_, index) => (index * 37 + 11) % 256));
const FILE_NAME = 'launch data.bin';

const SPACE_KEY = 'RESX';
const SPACE_NAME = 'Resources e2e';
const SEARCH_PREFIX = 'Inventory item';
const SEARCH_SEEDED = 260;
const MISSING_PAGE_ID = '99999999';
const NOT_FOUND_MESSAGE =
	'Confluence found nothing at this ID, or the account cannot see it (404): Not Found';
/** The demo page's ID is filled in where the seed is known. */
const duplicateTitleMessage = (id: string) =>
	`A page titled "Getting started" already exists in space DEMO (id ${id}): use Page → Update on it (id ${id}), or Page → Create or Update to write to whichever has the title, or choose another title`;
const RATE_LIMITED_COMMENT = 'Written after the rate limit (e2e)';
/** Seconds the rate-limited comment is told to wait: well above the backoff (at most 2 s before the third attempt). */
const RETRY_AFTER_SECONDS = 3;

/** A node of n8n's own, placed by workflow(). */
function baseNode(
	name: string,
	type: string,
	typeVersion: number,
	parameters: INodeParameters,
): INode {
	return {
		id: `e2e-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters,
	};
}

function byId(value: string): INodeParameters {
	return { __rl: true, mode: 'id', value };
}

function byKey(value: string): INodeParameters {
	return { __rl: true, mode: 'key', value };
}

function basicNode(
	name: string,
	parameters: INodeParameters,
	settings: Partial<INode> = {},
): INode {
	return { ...confluenceNode(name, parameters, BASIC), ...settings };
}

function oauthNode(
	name: string,
	parameters: INodeParameters,
	settings: Partial<INode> = {},
): INode {
	return { ...withOAuth2(confluenceNode(name, parameters, BASIC), OAUTH), ...settings };
}

const PAGE_ID = "={{ $('Create page').item.json.id }}";

/** Markdown page → label → content property → footer comment → attachment upload from binary → download → bytes. */
function lifecycleWorkflow(): WorkflowInput {
	return workflow(LIFECYCLE_ID, 'e2e resources: content lifecycle', [
		manualTrigger(),
		basicNode('Create page', {
			resource: 'page',
			operation: 'create',
			space: byKey('DEMO'),
			title: PAGE_TITLE,
			bodyFormat: 'markdown',
			body: PAGE_MARKDOWN,
		}),
		basicNode('Add labels', {
			resource: 'label',
			operation: 'add',
			contentId: '={{ $json.id }}',
			labels: 'e2e, Checklist',
		}),
		basicNode('Set property', {
			resource: 'contentProperty',
			operation: 'create',
			contentType: 'page',
			contentId: PAGE_ID,
			key: 'review-state',
			value: '{"approved": false, "reviewers": ["ada", "grace"]}',
		}),
		basicNode('Add comment', {
			resource: 'comment',
			operation: 'create',
			commentType: 'footer',
			commentOn: 'page',
			page: byId(PAGE_ID),
			body: 'Looks **good**, ship it.',
		}),
		baseNode('File content', 'n8n-nodes-base.set', 3.4, {
			assignments: {
				assignments: [
					{ id: 'b64', name: 'b64', value: FILE_BYTES.toString('base64'), type: 'string' },
				],
			},
			options: {},
		}),
		baseNode('Make file', 'n8n-nodes-base.convertToFile', 1.1, {
			operation: 'toBinary',
			sourceProperty: 'b64',
			binaryPropertyName: 'data',
			options: { fileName: FILE_NAME, mimeType: 'application/octet-stream' },
		}),
		basicNode('Upload attachment', {
			resource: 'attachment',
			operation: 'upload',
			contentType: 'page',
			page: byId(PAGE_ID),
			binaryPropertyName: 'data',
			options: { comment: 'Launch data' },
		}),
		basicNode('Download attachment', {
			resource: 'attachment',
			operation: 'download',
			attachmentId: '={{ $json.id }}',
			binaryPropertyName: 'file',
		}),
		baseNode('Read bytes', 'n8n-nodes-base.extractFromFile', 1.1, {
			operation: 'binaryToPropery',
			binaryPropertyName: 'file',
			destinationKey: 'base64',
			options: {},
		}),
		basicNode('Get restrictions', {
			resource: 'contentRestriction',
			operation: 'get',
			contentId: PAGE_ID,
		}),
	]);
}

/** Every other resource, through the OAuth2 credential. */
function othersWorkflow(): WorkflowInput {
	return workflow(OTHERS_ID, 'e2e resources: spaces, blog posts, tasks and the rest (OAuth2)', [
		manualTrigger(),
		oauthNode('Create space', {
			resource: 'space',
			operation: 'create',
			key: SPACE_KEY,
			name: SPACE_NAME,
			additionalFields: { description: 'Made by the resources e2e test' },
		}),
		oauthNode('Set space property', {
			resource: 'spaceProperty',
			operation: 'create',
			space: byKey(SPACE_KEY),
			key: 'owners',
			value: '{"team": "docs"}',
		}),
		oauthNode('Create blog post', {
			resource: 'blogPost',
			operation: 'create',
			space: byKey(SPACE_KEY),
			title: 'Sprint 12 review',
			bodyFormat: 'markdown',
			body: '## Sprint 12\n\n- [ ] Write the release notes\n- [x] Ship the beta\n',
		}),
		oauthNode('Open tasks', {
			resource: 'task',
			operation: 'getMany',
			returnAll: true,
			filters: { blogPostIds: '={{ $json.id }}', status: 'incomplete' },
		}),
		oauthNode('Complete task', {
			resource: 'task',
			operation: 'update',
			taskId: '={{ $json.id }}',
			status: 'complete',
		}),
		oauthNode(
			'Create whiteboard',
			{
				resource: 'whiteboard',
				operation: 'create',
				space: byKey(SPACE_KEY),
				title: 'Retro board',
			},
			{ executeOnce: true },
		),
		oauthNode('Current user', { resource: 'user', operation: 'getCurrent' }, { executeOnce: true }),
		oauthNode(
			'Audit records',
			{
				resource: 'auditLog',
				operation: 'getMany',
				returnAll: true,
				filters: { searchString: SPACE_NAME },
			},
			{ executeOnce: true },
		),
		oauthNode(
			'Search inventory',
			{
				resource: 'search',
				operation: 'query',
				mode: 'text',
				text: 'inventory',
				searchIn: 'title',
				returnAll: true,
			},
			{ executeOnce: true },
		),
	]);
}

/** Three items, one naming a page that does not exist, read twice side by side: with continueOnFail and without. */
function expressionsWorkflow(pageIds: string[]): WorkflowInput {
	const items = pageIds.map((pageId) => ({ json: { pageId } }));
	const read = (name: string, settings: Partial<INode>) =>
		basicNode(
			name,
			{
				resource: 'page',
				operation: 'get',
				page: byId('={{ $json.pageId }}'),
				bodyFormat: 'markdown',
			},
			settings,
		);
	const nodes = [
		manualTrigger(),
		baseNode('Pages to read', 'n8n-nodes-base.code', 2, {
			jsCode: `return ${JSON.stringify(items)};`,
		}),
		read('Read each page', { onError: 'continueRegularOutput' }),
		read('Read strictly', {}),
	];
	const flow = workflow(EXPRESSIONS_ID, 'e2e resources: expressions and continueOnFail', nodes);
	// Both readers hang off the Code node (the first connection runs first), so each sees the three items.
	flow.connections['Pages to read'] = {
		main: [
			[
				{ node: 'Read each page', type: 'main', index: 0 },
				{ node: 'Read strictly', type: 'main', index: 0 },
			],
		],
	};
	delete flow.connections['Read each page'];
	return flow;
}

/** The tool variant of the node, as an agent would call it, driven by the Tool Executor node instead of a model. */
function toolsWorkflow(variant: string): WorkflowInput {
	const trigger = { ...manualTrigger(), position: [0, 0] as [number, number] };
	const searchArguments = { query: 'Getting started' };
	const writeArguments = {
		title: 'Notes from the agent',
		markdown: '## Findings\n\n- The **demo** space has a getting started page',
	};
	const executor: INode = {
		...baseNode('Tool Executor', '@n8n/n8n-nodes-langchain.toolExecutor', 1, {
			// 2.x hands each connected tool the arguments under its own name; 1.x hands every tool the whole query
			// (each tool's schema keeps the fields it knows).
			query: JSON.stringify(
				variant === 'n8n-1'
					? { ...searchArguments, ...writeArguments }
					: { Search_Confluence: searchArguments, Write_page: writeArguments },
			),
			toolName: '',
		}),
		position: [220, 0],
	};
	const tool = (name: string, parameters: INodeParameters, x: number): INode => ({
		...oauthNode(name, { descriptionType: 'auto', ...parameters }),
		type: `${CONFLUENCE_NODE_TYPE}Tool`,
		position: [x, 200],
	});
	const search = tool(
		'Search Confluence',
		{
			resource: 'search',
			operation: 'query',
			mode: 'text',
			text: "={{ $fromAI('query', 'Words to look for', 'string') }}",
			limit: 5,
		},
		160,
	);
	const write = tool(
		'Write page',
		{
			resource: 'page',
			operation: 'create',
			space: byKey('DEMO'),
			title: "={{ $fromAI('title', 'Title of the new page', 'string') }}",
			bodyFormat: 'markdown',
			body: "={{ $fromAI('markdown', 'Content of the page in Markdown', 'string') }}",
		},
		320,
	);
	return {
		id: TOOLS_ID,
		name: 'e2e resources: the Confluence tool without a model',
		nodes: [trigger, executor, search, write],
		connections: {
			[trigger.name]: { main: [[{ node: executor.name, type: 'main', index: 0 }]] },
			[search.name]: { ai_tool: [[{ node: executor.name, type: 'ai_tool', index: 0 }]] },
			[write.name]: { ai_tool: [[{ node: executor.name, type: 'ai_tool', index: 0 }]] },
		},
	};
}

/** Confluence refusing a write (a duplicate title, as an error item) and rate-limiting the next one. */
function errorsWorkflow(pageId: string): WorkflowInput {
	return workflow(ERRORS_ID, 'e2e resources: Confluence errors and Retry-After', [
		manualTrigger(),
		basicNode(
			'Create duplicate',
			{
				resource: 'page',
				operation: 'create',
				space: byKey('DEMO'),
				title: 'Getting started',
				bodyFormat: 'markdown',
				body: 'Same title as the demo page',
			},
			{ onError: 'continueRegularOutput' },
		),
		basicNode('Comment after rate limit', {
			resource: 'comment',
			operation: 'create',
			commentType: 'footer',
			commentOn: 'page',
			page: byId(pageId),
			body: RATE_LIMITED_COMMENT,
		}),
	]);
}

function whoamiWorkflow(): WorkflowInput {
	return workflow(WHOAMI_ID, 'e2e resources: current user (OAuth2)', [
		manualTrigger(),
		oauthNode('Who am I', { resource: 'user', operation: 'getCurrent' }),
	]);
}

function binaryOf(runData: IRunData, nodeName: string, property: string): IDataObject | undefined {
	const item = runData[nodeName]?.[0]?.data?.main?.[0]?.[0];
	return item?.binary?.[property] as IDataObject | undefined;
}

function describeRun(outcome: ExecutionOutcome): string {
	const failed = Object.entries(outcome.runData)
		.filter(([, runs]) => runs.some((run) => run.error))
		.map(([name, runs]) => `${name}: ${runs.find((run) => run.error)?.error?.message}`);
	return `${outcome.status} ${outcome.error?.message ?? ''} ${failed.join('; ')}`.trim();
}

describe.each(installedVariants())('every resource in workflows on %s (n8n execute)', (variant) => {
	let sim: Simulator;
	let folder: UserFolder;
	let install: N8nInstall;
	let initialTokens: { access_token: string; refresh_token: string };

	/** Requests since `from`, OAuth plumbing and the media host left out unless asked for. */
	const apiCalls = (from: number, method?: string, path?: RegExp): RecordedRequest[] =>
		sim.requests
			.slice(from)
			.filter(
				(request) =>
					/^\/wiki\/(api\/v2|rest\/api)\//.test(request.path) &&
					(!method || request.method === method) &&
					(!path || path.test(request.path)),
			);
	const tokenGrants = (from: number): IDataObject[] =>
		sim.requests
			.slice(from)
			.filter((request) => request.method === 'POST' && request.path === '/oauth/token')
			.map((request) => ({ ...(request.body as IDataObject), status: request.status }));

	beforeAll(async () => {
		install = locateN8n(variant);
		sim = await startSimulator({ seed: 'demo' });
		folder = createUserFolder();
		initialTokens = sim.oauth.issueTokens({ scopes: DEFAULT_SCOPES });
		const demo = sim.demo!;
		await importCredentials(
			folder,
			simulatorCredentials(sim, { apiToken: BASIC, oAuth2: OAUTH }, { ...initialTokens }),
			{ install },
		);
		await importWorkflows(
			folder,
			[
				lifecycleWorkflow(),
				othersWorkflow(),
				expressionsWorkflow([demo.pages.gettingStarted, MISSING_PAGE_ID, demo.pages.projectPlan]),
				toolsWorkflow(variant),
				whoamiWorkflow(),
				errorsWorkflow(demo.pages.projectPlan),
			],
			{ install },
		);
	}, 300000);

	afterAll(async () => {
		folder?.remove();
		await sim?.close();
	});

	it('content lifecycle (API token): Markdown page, label, property, comment, attachment up and down as binary, restrictions', async () => {
		const from = sim.requests.length;
		const mediaFrom = mediaRequests(sim.store).length;

		const outcome = await execute(folder, LIFECYCLE_ID, { install });

		expect(describeRun(outcome)).toBe('success');
		const { runData } = outcome;
		const [page] = nodeItems(runData, 'Create page');
		expect(page).toMatchObject({ title: PAGE_TITLE, status: 'current', version: 1 });
		const pageId = String(page.id);
		const stored = sim.store.get(pageId)!;
		const body = sim.store.current(stored).body!;
		expect(body.representation).toBe('storage');
		for (const fragment of [
			'<h2>Launch steps</h2>',
			'<strong>only</strong>',
			'<em>green</em>',
			'<a href="https://example.com/runbook">runbook</a>',
			'<table>',
			'ac:name="code"',
			'npm run release',
		]) {
			expect(body.value).toContain(fragment);
		}
		expect(body.value).not.toMatch(/\*\*|```|^## /m);
		// What each node sent, in order: one write per node, each with the fields that matter.
		const writes = apiCalls(from).filter((request) => request.method !== 'GET');
		expect(writes.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
			'POST /wiki/api/v2/pages 200',
			`POST /wiki/rest/api/content/${pageId}/label 200`,
			`POST /wiki/api/v2/pages/${pageId}/properties 200`,
			'POST /wiki/api/v2/footer-comments 201',
			`PUT /wiki/rest/api/content/${pageId}/child/attachment 200`,
		]);
		expect(writes[0].body).toEqual({
			spaceId: sim.demo!.spaceId,
			status: 'current',
			title: PAGE_TITLE,
			body: { representation: 'storage', value: body.value },
		});
		expect(writes[1].body).toEqual([
			{ prefix: 'global', name: 'e2e' },
			{ prefix: 'global', name: 'checklist' },
		]);
		expect(writes[2].body).toEqual({
			key: 'review-state',
			value: { approved: false, reviewers: ['ada', 'grace'] },
		});
		expect(writes[3].body).toEqual({
			pageId,
			body: { representation: 'storage', value: '<p>Looks <strong>good</strong>, ship it.</p>' },
		});

		const [labels] = nodeItems(runData, 'Add labels');
		expect(labels).toMatchObject({ contentId: pageId, added: ['e2e', 'checklist'] });
		expect(
			sim.store
				.labelsOf(stored)
				.map((label) => label.name)
				.sort(),
		).toEqual(['checklist', 'e2e']);

		const [property] = nodeItems(runData, 'Set property');
		expect(property).toMatchObject({
			key: 'review-state',
			value: { approved: false, reviewers: ['ada', 'grace'] },
		});
		expect(sim.store.propertiesOf('content', pageId).map((entry) => entry.value)).toEqual([
			{ approved: false, reviewers: ['ada', 'grace'] },
		]);

		const [comment] = nodeItems(runData, 'Add comment');
		expect(comment).toMatchObject({ commentType: 'footer', pageId });
		const comments = sim.store.contained(pageId, 'comment');
		expect(comments).toHaveLength(1);
		expect(sim.store.current(comments[0]).body?.value).toContain('<strong>good</strong>');

		const [uploaded] = nodeItems(runData, 'Upload attachment');
		expect(uploaded).toMatchObject({
			title: FILE_NAME,
			fileSize: FILE_BYTES.length,
			pageId,
			version: 1,
			comment: 'Launch data',
		});
		const attachment = sim.store.contained(pageId, 'attachment')[0];
		expect(sim.store.current(attachment).file!.data.equals(FILE_BYTES)).toBe(true);
		const [upload] = apiCalls(from, 'PUT', /\/child\/attachment$/);
		expect(upload.path).toBe(`/wiki/rest/api/content/${pageId}/child/attachment`);
		expect(upload.headers['x-atlassian-token']).toBe('nocheck');

		const [downloaded] = nodeItems(runData, 'Download attachment');
		expect(downloaded).toMatchObject({ id: uploaded.id, title: FILE_NAME, pageId });
		expect(binaryOf(runData, 'Download attachment', 'file')).toMatchObject({
			fileName: FILE_NAME,
			mimeType: 'application/octet-stream',
		});
		const [bytes] = nodeItems(runData, 'Read bytes');
		expect(Buffer.from(String(bytes.base64), 'base64').equals(FILE_BYTES)).toBe(true);
		// The download goes through v1's child/attachment/{id}/download (the v2 downloadLink path answers 401 to API
		// calls since CHANGE-3007, REALITY.md legacy-download-refused): the site answered with a redirect to the media
		// host, which got the bytes' request without the credential.
		const downloadPath = `/wiki/rest/api/content/${pageId}/child/attachment/${String(uploaded.id)}/download`;
		const downloads = sim.requests.slice(from).filter((request) => request.path === downloadPath);
		expect(downloads.map((request) => request.status)).toContain(302);
		const media = mediaRequests(sim.store).slice(mediaFrom);
		expect(media.map((request) => request.status)).toEqual([200]);
		expect(media[0].authorization).toBeUndefined();

		expect(apiCalls(from, 'GET').map((request) => request.path.replace(pageId, '{page}'))).toEqual([
			'/wiki/api/v2/spaces',
			`/wiki/api/v2/attachments/${String(uploaded.id)}`,
			// n8n 1.x drops a redirect's Location from the error it throws, so the transport asks that read once more
			// with ignoreHttpStatusErrors to see the redirect (send()'s re-ask); 2.x hands the 302 over at once.
			...(variant === 'n8n-1' ? [downloadPath, downloadPath] : [downloadPath]).map((path) =>
				path.replace(pageId, '{page}'),
			),
			'/wiki/rest/api/content/{page}/restriction',
		]);
		const restrictions = nodeItems(runData, 'Get restrictions');
		expect(restrictions.map((entry) => [entry.operation, entry.contentId]).sort()).toEqual([
			['read', pageId],
			['update', pageId],
		]);

		expect(sim.contractViolations).toEqual([]);
		expect(sim.serverErrors).toEqual([]);
	});

	it('expression-driven page IDs: continueOnFail turns the missing page into an error item, without it the run fails', async () => {
		const demo = sim.demo!;
		const from = sim.requests.length;

		const outcome = await execute(folder, EXPRESSIONS_ID, { install });

		const read = nodeItems(outcome.runData, 'Read each page');
		expect(read).toHaveLength(3);
		expect(read[0]).toMatchObject({ id: demo.pages.gettingStarted, title: 'Getting started' });
		expect(read[2]).toMatchObject({ id: demo.pages.projectPlan, title: 'Project plan' });
		expect(String(read[0].body)).toContain('**how to use**');
		// The same words on 1.x, whose NodeApiError keeps the body only in context.data (the node reads it there).
		expect(read[1]).toMatchObject({ httpCode: '404', error: NOT_FOUND_MESSAGE });
		expect(String(read[1].description)).toContain(
			`Item 1: "Page" (${MISSING_PAGE_ID}) points at nothing this account can see`,
		);

		expect(outcome.status).toBe('error');
		expect(outcome.error?.node).toBe('Read strictly');
		expect(outcome.error?.message).toBe(NOT_FOUND_MESSAGE);
		expect(outcome.error?.description).toContain(`Item 1: "Page" (${MISSING_PAGE_ID})`);
		expect(nodeError(outcome.runData, 'Read strictly')?.message).toBe(outcome.error?.message);
		// Item by item: the first page was read before the second item failed; the third was never asked for.
		expect(
			apiCalls(from, 'GET', /^\/wiki\/api\/v2\/pages\/\d+$/).map((request) => [
				request.path.split('/').pop(),
				request.status,
			]),
		).toEqual([
			[demo.pages.gettingStarted, 200],
			[MISSING_PAGE_ID, 404],
			[demo.pages.projectPlan, 200],
			[demo.pages.gettingStarted, 200],
			[MISSING_PAGE_ID, 404],
		]);
		expect(sim.contractViolations).toEqual([]);
	});

	it("Confluence's own words and its Retry-After, the same on every n8n version: a duplicate title as an error item, a rate-limited comment written once after the wait it was told", async () => {
		const demo = sim.demo!;
		const from = sim.requests.length;
		sim.faults.inject({
			kind: 'rateLimit',
			method: 'POST',
			path: /\/footer-comments$/,
			times: 2,
			retryAfter: RETRY_AFTER_SECONDS,
		});

		const outcome = await execute(folder, ERRORS_ID, { install });

		expect(describeRun(outcome)).toBe('success');
		expect(nodeItems(outcome.runData, 'Create duplicate')).toEqual([
			expect.objectContaining({
				httpCode: '400',
				error: duplicateTitleMessage(demo.pages.gettingStarted),
			}),
		]);
		expect(apiCalls(from, 'POST', /\/pages$/).map((request) => request.status)).toEqual([400]);

		// 2.x: 429, wait, 429, wait, 201. 1.x: 429, the same request asked for again to read Retry-After (n8n 1.x's
		// error drops the headers), 429, wait, 201. Either way the last wait is what Confluence asked for, not backoff.
		const comments = apiCalls(from, 'POST', /\/footer-comments$/);
		expect(comments.map((request) => request.status)).toEqual([429, 429, 201]);
		expect(comments[2].at.getTime() - comments[1].at.getTime()).toBeGreaterThanOrEqual(
			RETRY_AFTER_SECONDS * 1000 - 50,
		);
		expect(nodeItems(outcome.runData, 'Comment after rate limit')).toEqual([
			expect.objectContaining({ pageId: demo.pages.projectPlan }),
		]);
		expect(sim.contractViolations).toEqual([]);
	});

	it('OAuth2 (expired access token, refreshed by n8n): space, space property, blog post, tasks, whiteboard, user, audit log, search with Return All', async () => {
		const demo = sim.demo!;
		sim.store.seedPages(SEARCH_SEEDED, { spaceId: demo.spaceId, titlePrefix: SEARCH_PREFIX });
		sim.oauth.expireAccessTokens();
		const from = sim.requests.length;

		const outcome = await execute(folder, OTHERS_ID, { install });

		expect(describeRun(outcome)).toBe('success');
		// n8n met the 401 of the expired token, refreshed once with the imported refresh token, and went on.
		expect(
			sim.requests
				.slice(from, from + 3)
				.map((request) => `${request.method} ${request.path} ${request.status}`),
		).toEqual([
			'GET /oauth/token/accessible-resources 401',
			'POST /oauth/token 200',
			'GET /oauth/token/accessible-resources 200',
		]);
		expect(tokenGrants(from)).toEqual([
			expect.objectContaining({
				grant_type: 'refresh_token',
				refresh_token: initialTokens.refresh_token,
				status: 200,
			}),
		]);
		const calls = apiCalls(from);
		expect(calls.length).toBeGreaterThan(10);
		expect(calls.every((request) => request.gateway && request.cloudId === sim.cloudId)).toBe(true);

		const { runData } = outcome;
		const [space] = nodeItems(runData, 'Create space');
		expect(space).toMatchObject({ key: SPACE_KEY, name: SPACE_NAME });
		const storedSpace = sim.store.spaceByKey(SPACE_KEY)!;
		expect(storedSpace.name).toBe(SPACE_NAME);

		const [spaceProperty] = nodeItems(runData, 'Set space property');
		expect(spaceProperty).toMatchObject({ key: 'owners', value: { team: 'docs' } });
		expect(sim.store.propertiesOf('space', storedSpace.id).map((entry) => entry.value)).toEqual([
			{ team: 'docs' },
		]);

		const [post] = nodeItems(runData, 'Create blog post');
		expect(post).toMatchObject({ title: 'Sprint 12 review', spaceId: storedSpace.id });
		expect(sim.store.current(sim.store.get(String(post.id))!).body?.value).toContain(
			'<ac:task-list>',
		);

		const open = nodeItems(runData, 'Open tasks');
		expect(open).toHaveLength(1);
		expect(open[0]).toMatchObject({ status: 'incomplete', blogPostId: post.id });
		expect(String(open[0].body)).toContain('Write the release notes');
		const [done] = nodeItems(runData, 'Complete task');
		expect(done).toMatchObject({ id: open[0].id, status: 'complete' });
		expect(sim.store.tasks.get(String(open[0].id))?.status).toBe('complete');

		expect(
			calls
				.filter((request) => request.method !== 'GET')
				.map((request) => [request.method, request.path, request.body]),
		).toEqual([
			[
				'POST',
				'/wiki/rest/api/space',
				{
					key: SPACE_KEY,
					name: SPACE_NAME,
					description: {
						plain: { value: 'Made by the resources e2e test', representation: 'plain' },
					},
				},
			],
			[
				'POST',
				`/wiki/api/v2/spaces/${storedSpace.id}/properties`,
				{ key: 'owners', value: { team: 'docs' } },
			],
			[
				'POST',
				'/wiki/api/v2/blogposts',
				expect.objectContaining({
					spaceId: storedSpace.id,
					title: 'Sprint 12 review',
					body: { representation: 'storage', value: expect.stringContaining('<ac:task-list>') },
				}),
			],
			['PUT', `/wiki/api/v2/tasks/${String(open[0].id)}`, { id: open[0].id, status: 'complete' }],
			['POST', '/wiki/api/v2/whiteboards', { title: 'Retro board', spaceId: storedSpace.id }],
		]);

		const [whiteboard] = nodeItems(runData, 'Create whiteboard');
		expect(whiteboard).toMatchObject({ title: 'Retro board', spaceId: storedSpace.id });
		expect(sim.store.get(String(whiteboard.id))?.type).toBe('whiteboard');

		expect(nodeItems(runData, 'Current user')).toEqual([
			expect.objectContaining({ accountId: sim.users.demo.accountId, displayName: 'Demo User' }),
		]);

		const audit = nodeItems(runData, 'Audit records');
		expect(audit.map((record) => record.summary)).toContain('Space created');

		const found = nodeItems(runData, 'Search inventory');
		expect(found).toHaveLength(SEARCH_SEEDED);
		expect(new Set(found.map((hit) => hit.id)).size).toBe(SEARCH_SEEDED);
		expect(found.every((hit) => String(hit.title).startsWith(SEARCH_PREFIX))).toBe(true);
		const searches = apiCalls(from, 'GET', /^\/wiki\/rest\/api\/search$/);
		expect(searches.length).toBeGreaterThan(1);
		expect(searches.slice(1).every((request) => typeof request.query.cursor === 'string')).toBe(
			true,
		);

		expect(sim.contractViolations).toEqual([]);
		expect(sim.serverErrors).toEqual([]);
	});

	it('an expired token the gateway keeps answering with 403 (not 401) is refreshed on every n8n version', async () => {
		const from = sim.requests.length;
		// Atlassian's gateway sometimes answers an expired token with 403 in its own shape; here it does so twice in a row.
		// n8n 2.x refreshes when told that 403 means "expired"; n8n 1.x refreshes on 401 only, which the node gets it to
		// meet at accessible-resources.
		sim.faults.inject({ kind: 'expiredToken', status: 403, path: /^\/wiki\//, times: 2 });

		const outcome = await execute(folder, WHOAMI_ID, { install });

		expect(describeRun(outcome)).toBe('success');
		expect(nodeItems(outcome.runData, 'Who am I')).toEqual([
			expect.objectContaining({ accountId: sim.users.demo.accountId }),
		]);
		expect(tokenGrants(from).map((grant) => [grant.grant_type, grant.status])).toEqual([
			['refresh_token', 200],
		]);
		expect(apiCalls(from).map((request) => request.status)).toEqual([403, 403, 200]);
		expect(sim.contractViolations).toEqual([]);
	});

	it('the tool variant (confluenceTool) runs without a model through the Tool Executor, with the refresh token n8n saved', async () => {
		// Past the leeway in which the simulator still honours a rotated refresh token: only the newest one works now.
		sim.clock.advance(11 * 60 * 1000);
		sim.oauth.expireAccessTokens();
		const from = sim.requests.length;

		const outcome = await execute(folder, TOOLS_ID, { install });

		expect(describeRun(outcome)).toBe('success');
		const grants = tokenGrants(from);
		expect(grants).toEqual([expect.objectContaining({ grant_type: 'refresh_token', status: 200 })]);
		expect(grants[0].refresh_token).not.toBe(initialTokens.refresh_token);

		// Each tool answers the agent with the node's output items as a JSON string.
		const answers = nodeItems(outcome.runData, 'Tool Executor').map(
			(answer) => JSON.parse(answer as unknown as string) as IDataObject[],
		);
		expect(answers).toHaveLength(2);
		const written = answers.find((answer) => answer[0]?.title === 'Notes from the agent');
		const hits = answers.find((answer) => answer !== written);
		const page = sim.store.findByTitle(sim.demo!.spaceId, 'page', 'Notes from the agent')!;
		expect(written).toEqual([expect.objectContaining({ id: page.id, status: 'current' })]);
		expect(sim.store.current(page).body).toEqual({
			representation: 'storage',
			value:
				'<h2>Findings</h2><ul><li>The <strong>demo</strong> space has a getting started page</li></ul>',
		});
		expect(hits).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ id: sim.demo!.pages.gettingStarted, type: 'page' }),
			]),
		);
		expect(hits!.length).toBeLessThanOrEqual(5);
		const [search] = apiCalls(from, 'GET', /^\/wiki\/rest\/api\/search$/);
		expect(search.query).toMatchObject({ cql: 'text ~ "Getting started"', limit: '5' });
		const [create] = apiCalls(from, 'POST', /^\/wiki\/api\/v2\/pages$/);
		expect(create.body).toMatchObject({
			title: 'Notes from the agent',
			spaceId: sim.demo!.spaceId,
		});
		expect([search, create].every((request) => request.gateway)).toBe(true);

		// The refresh token the first run started with is past its leeway: had n8n not saved the rotated one, this
		// run would have failed like this (and the simulator would have revoked the whole token family).
		const stale = await fetch(`${sim.baseUrl}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: initialTokens.refresh_token,
				client_id: sim.oauth.clientId,
				client_secret: sim.oauth.clientSecret,
			}),
		});
		expect(stale.status).toBe(403);
		expect(sim.contractViolations).toEqual([]);
	});

	it('a revoked refresh token fails the run with advice to reconnect, and no token in the message', async () => {
		sim.oauth.revokeRefreshTokens();
		sim.oauth.expireAccessTokens();
		const from = sim.requests.length;

		const outcome = await execute(folder, WHOAMI_ID, { install });

		expect(outcome.status).toBe('error');
		expect(outcome.error?.node).toBe('Who am I');
		const text = `${outcome.error?.message} ${outcome.error?.description ?? ''}`;
		expect(text).toMatch(/reconnect/i);
		expect(text).not.toMatch(/sim_(at|rt)_/);
		expect(text).not.toContain(sim.oauth.clientSecret);
		// Nor anywhere in what n8n recorded of the run (the error's stack, context and node included).
		expect(JSON.stringify(outcome.run.data.resultData)).not.toMatch(/sim_(at|rt)_/);
		expect(tokenGrants(from).map((grant) => [grant.grant_type, grant.status])).toEqual([
			['refresh_token', 403],
		]);
		expect(apiCalls(from).filter((request) => request.status === 200)).toEqual([]);
	});
});
