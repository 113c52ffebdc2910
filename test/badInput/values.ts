/* Values for every required parameter of the node: one that works against the demo seed, one that points at nothing,
 * one of the wrong type. Keyed by parameter name; a parameter missing here fails the suites, so new operations get
 * their values added instead of silently skipped. */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { GROUP_USERS, type Simulator } from '../simulator';
import type { OperationVariant } from './catalog';

export interface Fixtures {
	spaceId: string;
	spaceKey: string;
	pageId: string;
	otherPageId: string;
	blogPostId: string;
	whiteboardId: string;
	attachmentId: string;
	footerCommentId: string;
	inlineCommentId: string;
	taskId: string;
	propertyKey: string;
	label: string;
	restrictedAccountId: string;
	groupId: string;
	demoAccountId: string;
	/** A second space, where copies do not collide with the demo titles. */
	otherSpaceId: string;
	otherSpaceHomepageId: string;
}

/** Puts what the operations need beside the demo seed: a whiteboard, properties, a label, a restriction. */
export function prepareFixtures(sim: Simulator): Fixtures {
	const demo = sim.demo!;
	const whiteboard = sim.store.createContent('whiteboard', {
		spaceId: demo.spaceId,
		title: 'Fixture board',
	});
	const propertyKey = 'fixture-key';
	for (const contentId of [demo.pages.gettingStarted, demo.blogPosts[0], whiteboard.id]) {
		sim.store.createProperty('content', contentId, propertyKey, { fixture: true });
	}
	sim.store.createProperty('space', demo.spaceId, propertyKey, { fixture: true });
	sim.store.addLabel(demo.pages.gettingStarted, 'fixture-label');
	// A read restriction that still lets the demo user in, so there is something to remove.
	sim.store.setRestriction(demo.pages.gettingStarted, 'read', {
		users: [sim.users.demo.accountId, demo.secondUser.accountId],
		groups: [GROUP_USERS.id],
	});
	const elsewhere = sim.store.createSpace({ key: 'ELSE', name: 'Elsewhere' });
	// Only authors edit their comments; the demo comments are Alex's.
	const ownComment = sim.store.addComment({
		containerId: demo.pages.gettingStarted,
		location: 'footer',
		body: '<p>Mine</p>',
		authorId: sim.users.demo.accountId,
	});
	return {
		spaceId: demo.spaceId,
		spaceKey: demo.spaceKey,
		pageId: demo.pages.gettingStarted,
		otherPageId: demo.pages.projectPlan,
		blogPostId: demo.blogPosts[0],
		whiteboardId: whiteboard.id,
		attachmentId: demo.attachmentId,
		footerCommentId: ownComment.id,
		inlineCommentId: demo.inlineCommentId,
		taskId: demo.taskId,
		propertyKey,
		label: 'fixture-label',
		restrictedAccountId: demo.secondUser.accountId,
		groupId: GROUP_USERS.id,
		demoAccountId: sim.users.demo.accountId,
		otherSpaceId: elsewhere.id,
		otherSpaceHomepageId: elsewhere.homepageId!,
	};
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byKey = (value: string) => ({ __rl: true, mode: 'key', value });

/** Any of these makes n8n read the value through an expression, as a workflow with mapped input does. */
export const OBJECT_EXPRESSION = '={{ { "not": "text" } }}';

const NOWHERE = '999999999';

interface ParameterValues {
	valid: (fx: Fixtures, variant: OperationVariant) => unknown;
	/** Points at nothing that exists; undefined where nothing can be pointed at (free text, names of new things). */
	nonexistent?: unknown | ((variant: OperationVariant) => unknown);
	wrongType: unknown;
}

/** The value that points at nothing, for this variant, or undefined when the parameter cannot point at anything. */
export function nonexistentValue(name: string, variant: OperationVariant): unknown {
	const entry = PARAMETER_VALUES[name]?.nonexistent;
	return typeof entry === 'function'
		? (entry as (variant: OperationVariant) => unknown)(variant)
		: entry;
}

function contentIdFor(fx: Fixtures, variant: OperationVariant): string {
	const type = variant.choices.contentType;
	if (type === 'blogPost') return fx.blogPostId;
	if (type === 'whiteboard') return fx.whiteboardId;
	return fx.pageId;
}

// Any text may be a key, a URL or a title (the locators resolve all of them), so only a non-text value is of the wrong type.
const ID_LOCATOR_WRONG = { __rl: true, mode: 'id', value: { not: 'text' } };

export const PARAMETER_VALUES: Record<string, ParameterValues> = {
	space: {
		valid: (fx) => byId(fx.spaceId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	destinationSpace: {
		valid: (fx) => byId(fx.otherSpaceId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	page: { valid: (fx) => byId(fx.pageId), nonexistent: byId(NOWHERE), wrongType: ID_LOCATOR_WRONG },
	rootPage: {
		valid: (fx) => byId(fx.pageId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	contentField: {
		valid: () => 'content',
		nonexistent: 'noSuchField',
		wrongType: OBJECT_EXPRESSION,
	},
	destinationPage: {
		valid: (fx) => byId(fx.otherSpaceHomepageId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	targetPage: {
		valid: (fx) => byId(fx.otherPageId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	blogPost: {
		valid: (fx) => byId(fx.blogPostId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	whiteboard: {
		valid: (fx) => byId(fx.whiteboardId),
		nonexistent: byId(NOWHERE),
		wrongType: ID_LOCATOR_WRONG,
	},
	property: {
		valid: (fx) => byKey(fx.propertyKey),
		nonexistent: byKey('no-such-key'),
		wrongType: ID_LOCATOR_WRONG,
	},
	contentId: { valid: contentIdFor, nonexistent: NOWHERE, wrongType: 'not-an-id' },
	attachmentId: {
		valid: (fx) => fx.attachmentId,
		nonexistent: `att${NOWHERE}`,
		wrongType: 'not-an-id',
	},
	commentId: {
		valid: (fx, variant) =>
			variant.choices.commentType === 'inline' ? fx.inlineCommentId : fx.footerCommentId,
		nonexistent: NOWHERE,
		wrongType: 'not-an-id',
	},
	parentCommentId: {
		valid: (fx) => fx.footerCommentId,
		nonexistent: NOWHERE,
		wrongType: 'not-an-id',
	},
	taskId: { valid: (fx) => fx.taskId, nonexistent: NOWHERE, wrongType: 'not-an-id' },
	versionNumber: { valid: () => 1, nonexistent: 999, wrongType: 'first' },
	binaryPropertyName: {
		valid: () => 'data',
		// Downloads name the field they create; only an upload reads one that must exist.
		nonexistent: (variant: OperationVariant) =>
			variant.operation === 'upload' || variant.operation === 'publishFolder'
				? 'noSuchField'
				: undefined,
		wrongType: OBJECT_EXPRESSION,
	},
	labels: {
		valid: (fx, variant) => (variant.operation === 'remove' ? fx.label : 'fresh-label'),
		nonexistent: undefined,
		wrongType: OBJECT_EXPRESSION,
	},
	accountIds: {
		valid: (fx, variant) =>
			variant.resource === 'user' ? fx.demoAccountId : fx.restrictedAccountId,
		nonexistent: '557058:00000000-nobody-0000-0000-000000000000',
		wrongType: OBJECT_EXPRESSION,
	},
	// User → Search by account ID: a search that finds nobody answers with no items, as searches do.
	accountId: { valid: (fx) => fx.demoAccountId, wrongType: OBJECT_EXPRESSION },
	groupIds: {
		valid: (fx) => fx.groupId,
		nonexistent: 'no-such-group',
		wrongType: OBJECT_EXPRESSION,
	},
	key: {
		valid: (_fx, variant) => (variant.resource === 'space' ? 'FRESH' : 'fresh-key'),
		wrongType: OBJECT_EXPRESSION,
	},
	name: {
		valid: (_fx, variant) => (variant.resource === 'user' ? 'Alex' : 'A fresh space'),
		wrongType: OBJECT_EXPRESSION,
	},
	title: { valid: () => 'A fresh title', wrongType: OBJECT_EXPRESSION },
	body: { valid: () => 'Some **text**', wrongType: OBJECT_EXPRESSION },
	textSelection: { valid: () => 'how to use', wrongType: OBJECT_EXPRESSION },
	text: { valid: () => 'Getting', wrongType: OBJECT_EXPRESSION },
	cql: {
		valid: (_fx, variant) =>
			variant.resource === 'user' ? 'user.fullname ~ "Alex"' : 'type = page',
		wrongType: OBJECT_EXPRESSION,
	},
	value: { valid: () => '{"fresh": true}', wrongType: '{not json' },
};

/** Optional parameters some operations cannot do without (an update needs something to change). */
const EXTRA_PARAMETERS: Record<string, (fx: Fixtures) => IDataObject> = {
	'page.update': () => ({ updateFields: { title: 'A fresh title' } }),
	'blogPost.update': () => ({ updateFields: { title: 'A fresh title' } }),
	'comment.update': () => ({ body: 'Reworded' }),
	'contentRestriction.add': (fx) => ({ accountIds: fx.restrictedAccountId }),
	'page.restoreVersion': () => ({ versionNumber: 1 }),
};

/** The parameters of a variant with every required one valid. */
export function validParameters(variant: OperationVariant, fx: Fixtures): IDataObject {
	const parameters: IDataObject = {
		resource: variant.resource,
		operation: variant.operation,
		...variant.choices,
		...EXTRA_PARAMETERS[`${variant.resource}.${variant.operation}`]?.(fx),
	};
	for (const property of variant.required) {
		const values = PARAMETER_VALUES[property.name];
		if (!values)
			throw new Error(
				`no test values for the required parameter "${property.name}" (${variant.label})`,
			);
		parameters[property.name] = values.valid(fx, variant) as IDataObject[string];
	}
	return parameters;
}

/** Input items: binary data for uploads, a Markdown file for a folder to publish, plain JSON otherwise. */
export function inputItem(variant: OperationVariant, json: IDataObject = {}): INodeExecutionData {
	if (variant.resource === 'page' && variant.operation === 'publishFolder') {
		const markdown = '# A fresh page\n';
		return {
			json: { path: 'fresh.md', content: markdown, ...json },
			binary: {
				data: {
					data: Buffer.from(markdown).toString('base64'),
					fileName: 'fresh.md',
					mimeType: 'text/markdown',
				},
			},
		};
	}
	if (variant.resource === 'attachment' && variant.operation === 'upload') {
		return {
			json,
			binary: {
				data: {
					data: Buffer.from('hello').toString('base64'),
					fileName: 'fresh.txt',
					mimeType: 'text/plain',
				},
			},
		};
	}
	return { json };
}

/** What "empty" means for a parameter of this type. */
export function emptyValue(property: INodeProperties): unknown {
	if (property.type === 'resourceLocator') {
		const mode = (property.default as IDataObject | undefined)?.mode ?? 'id';
		return { __rl: true, mode: mode === 'list' ? 'id' : mode, value: '' };
	}
	if (property.type === 'number') return '';
	return '   ';
}

/** Whether leaving the parameter out falls back to a default that is itself empty (so "missing" is a mistake). */
export function defaultIsEmpty(property: INodeProperties): boolean {
	const value = property.default as unknown;
	if (value === undefined || value === null || value === '') return true;
	if (typeof value === 'object' && 'value' in (value as IDataObject))
		return (value as IDataObject).value === '';
	return false;
}
