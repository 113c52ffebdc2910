import { BLOG_POST, PAGE } from '../content/shared';
import {
	deleteAttachment,
	downloadAttachment,
	getAttachment,
	getManyAttachments,
	uploadAttachment,
} from './attachment';
import type { OperationExecute } from '../types';
import {
	createOperation,
	createOrUpdateOperation,
	deleteOperation,
	getManyOperation,
	getOperation,
	getOperationsOperation,
	updateOperation,
} from './content';
import {
	createComment,
	deleteComment,
	getComment,
	getManyComments,
	updateComment,
} from './comment';
import { getManyLabels } from './label';
import { createSpace, deleteSpace, getManySpaces, getSpace, getSpaceContents } from './space';
import { movePage } from './move';
import { addRestrictions, getRestrictions, removeRestrictions } from './restriction';
import { getAncestorPages, getChildPages, getDescendantPages } from './tree';
import { getUsers } from './user';

/**
 * How one catalog operation runs with the Data Center credential: through Data Center's `/rest/api` (`via` names the
 * endpoints), either by its own `execute` or, when the Cloud operation already speaks only v1, by the Cloud code as is.
 */
export interface DataCenterSupported {
	via: string;
	execute?: OperationExecute;
}

/** Not offered on Data Center: hidden in the editor and refused when run, with `reason`. */
export interface DataCenterUnsupported {
	unsupported: string;
}

export type DataCenterCapability = DataCenterSupported | DataCenterUnsupported;

const CLOUD_ONLY_WHITEBOARDS = 'Whiteboards exist only in Confluence Cloud.';
const NO_TASK_API =
	"Confluence Data Center's REST API has no task endpoints (https://developer.atlassian.com/server/confluence/rest/v1000/).";
const NO_LIKES_API =
	"Confluence Data Center's REST API has no likes endpoints (https://developer.atlassian.com/server/confluence/rest/v1000/).";
const VERSIONS_EXPERIMENTAL =
	'Confluence Data Center lists and restores versions only through its experimental API (/rest/experimental/content/{id}/version), not /rest/api (https://confluence.atlassian.com/confkb/how-to-retrieve-all-previous-versions-of-content-using-the-rest-api-1044789048.html). Get a version by number with Get and the Version option.';
const NO_USER_SEARCH =
	"Confluence Data Center's REST API has no user search: /rest/api/search/user exists only on Cloud (sooperset/mcp-atlassian#756). Get users by user key or username with User → Get.";
const NOT_YET =
	'This operation is not available with the Data Center credential in this version of the node.';

function notYet(): DataCenterUnsupported {
	return { unsupported: NOT_YET };
}

/**
 * Every resource and operation of the catalog, and whether it works on Confluence Data Center. The one place that says
 * so: the editor hides what is unsupported when the Data Center credential is chosen, the router refuses it, and
 * `npm test` counts it (test/dataCenter/dataCenterReporter.js). Resource and operation values are the Cloud ones, so a
 * workflow moves between Cloud and Data Center by changing only the credential.
 */
export const DATA_CENTER_CAPABILITIES: Record<string, Record<string, DataCenterCapability>> = {
	attachment: {
		delete: {
			via: 'DELETE /rest/api/content/{attachmentId} [+ ?status=trashed to purge]',
			execute: deleteAttachment,
		},
		download: {
			via: 'GET /rest/api/content/{attachmentId} + its _links.download',
			execute: downloadAttachment,
		},
		get: { via: 'GET /rest/api/content/{attachmentId}', execute: getAttachment },
		getMany: {
			via: 'GET /rest/api/content/{id}/child/attachment',
			execute: getManyAttachments,
		},
		upload: {
			via: 'GET /rest/api/content/{id}/child/attachment?filename= + POST …/child/attachment[/{attachmentId}/data]',
			execute: uploadAttachment,
		},
	},
	auditLog: { getMany: notYet() },
	blogPost: {
		create: { via: 'POST /rest/api/content', execute: createOperation(BLOG_POST) },
		delete: { via: 'DELETE /rest/api/content/{id}', execute: deleteOperation(BLOG_POST) },
		get: { via: 'GET /rest/api/content/{id}', execute: getOperation(BLOG_POST) },
		getLikeCount: { unsupported: NO_LIKES_API },
		getLikes: { unsupported: NO_LIKES_API },
		getMany: { via: 'GET /rest/api/content?type=blogpost', execute: getManyOperation(BLOG_POST) },
		getOperations: {
			via: 'GET /rest/api/content/{id}?expand=operations',
			execute: getOperationsOperation(BLOG_POST),
		},
		getVersion: { unsupported: VERSIONS_EXPERIMENTAL },
		getVersions: { unsupported: VERSIONS_EXPERIMENTAL },
		update: {
			via: 'GET + PUT /rest/api/content/{id}',
			execute: updateOperation(BLOG_POST),
		},
	},
	comment: {
		create: {
			via: 'POST /rest/api/content (type comment, container, ancestors for a reply)',
			execute: createComment,
		},
		delete: { via: 'DELETE /rest/api/content/{commentId}', execute: deleteComment },
		get: { via: 'GET /rest/api/content/{commentId}', execute: getComment },
		getMany: {
			via: 'GET /rest/api/content/{id}/child/comment?location=',
			execute: getManyComments,
		},
		update: { via: 'GET + PUT /rest/api/content/{commentId}', execute: updateComment },
	},
	// The Cloud property operations run on Data Center with its v1 store (actions/properties/stores.ts).
	contentProperty: {
		create: { via: 'POST /rest/api/content/{id}/property' },
		delete: { via: 'DELETE /rest/api/content/{id}/property/{key}' },
		get: { via: 'GET /rest/api/content/{id}/property/{key}' },
		getMany: { via: 'GET /rest/api/content/{id}/property' },
		update: { via: 'GET + PUT /rest/api/content/{id}/property/{key}' },
	},
	contentRestriction: {
		add: {
			via: 'GET /rest/api/content/{id}/restriction/byOperation + PUT /rest/api/content/{id}/restriction',
			execute: addRestrictions,
		},
		get: {
			via: 'GET /rest/api/content/{id}/restriction/byOperation',
			execute: getRestrictions,
		},
		remove: {
			via: 'GET /rest/api/content/{id}/restriction/byOperation + PUT /rest/api/content/{id}/restriction',
			execute: removeRestrictions,
		},
	},
	label: {
		add: { via: 'POST /rest/api/content/{id}/label' },
		getMany: {
			via: 'GET /rest/api/content/{id}/label or /rest/api/space/{spaceKey}/label',
			execute: getManyLabels,
		},
		remove: { via: 'DELETE /rest/api/content/{id}/label?name=' },
	},
	page: {
		copy: notYet(),
		create: { via: 'POST /rest/api/content', execute: createOperation(PAGE) },
		createOrUpdate: {
			via: 'GET /rest/api/content?title= + POST or PUT /rest/api/content',
			execute: createOrUpdateOperation(PAGE),
		},
		delete: { via: 'DELETE /rest/api/content/{id}', execute: deleteOperation(PAGE) },
		get: { via: 'GET /rest/api/content/{id}', execute: getOperation(PAGE) },
		getAncestors: {
			via: 'GET /rest/api/content/{id}?expand=ancestors',
			execute: getAncestorPages,
		},
		getChildren: { via: 'GET /rest/api/content/{id}/child/page', execute: getChildPages },
		getDescendants: {
			via: 'GET /rest/api/content/{id}/child/page, level by level',
			execute: getDescendantPages,
		},
		getLikeCount: { unsupported: NO_LIKES_API },
		getLikes: { unsupported: NO_LIKES_API },
		getMany: { via: 'GET /rest/api/content?type=page', execute: getManyOperation(PAGE) },
		getOperations: {
			via: 'GET /rest/api/content/{id}?expand=operations',
			execute: getOperationsOperation(PAGE),
		},
		getVersion: { unsupported: VERSIONS_EXPERIMENTAL },
		getVersions: { unsupported: VERSIONS_EXPERIMENTAL },
		move: {
			via: 'GET + PUT /rest/api/content/{id} with ancestors (a new parent in the same space)',
			execute: movePage,
		},
		publishFolder: notYet(),
		restoreVersion: { unsupported: VERSIONS_EXPERIMENTAL },
		update: { via: 'GET + PUT /rest/api/content/{id}', execute: updateOperation(PAGE) },
	},
	search: { query: { via: 'GET /rest/api/search' } },
	space: {
		create: {
			via: 'POST /rest/api/space or /rest/api/space/_private',
			execute: createSpace,
		},
		delete: {
			via: 'DELETE /rest/api/space/{spaceKey} + GET /rest/api/longtask/{id}',
			execute: deleteSpace,
		},
		get: { via: 'GET /rest/api/space/{spaceKey}', execute: getSpace },
		getContents: {
			via: 'GET /rest/api/space/{spaceKey}/content/{type}',
			execute: getSpaceContents,
		},
		getMany: { via: 'GET /rest/api/space', execute: getManySpaces },
		getPermissions: notYet(),
	},
	spaceProperty: {
		create: { via: 'POST /rest/api/space/{spaceKey}/property' },
		delete: { via: 'DELETE /rest/api/space/{spaceKey}/property/{key}' },
		get: { via: 'GET /rest/api/space/{spaceKey}/property/{key}' },
		getMany: { via: 'GET /rest/api/space/{spaceKey}/property' },
		update: { via: 'GET + PUT /rest/api/space/{spaceKey}/property/{key}' },
	},
	task: {
		get: { unsupported: NO_TASK_API },
		getMany: { unsupported: NO_TASK_API },
		update: { unsupported: NO_TASK_API },
	},
	user: {
		get: { via: 'GET /rest/api/user?key= or ?username=', execute: getUsers },
		getAnonymous: { via: 'GET /rest/api/user/anonymous' },
		getCurrent: { via: 'GET /rest/api/user/current' },
		search: { unsupported: NO_USER_SEARCH },
	},
	whiteboard: {
		create: { unsupported: CLOUD_ONLY_WHITEBOARDS },
		delete: { unsupported: CLOUD_ONLY_WHITEBOARDS },
		get: { unsupported: CLOUD_ONLY_WHITEBOARDS },
	},
};

export function dataCenterCapability(
	resource: string,
	operation: string,
): DataCenterCapability | undefined {
	return DATA_CENTER_CAPABILITIES[resource]?.[operation];
}

export function isSupportedOnDataCenter(
	capability: DataCenterCapability | undefined,
): capability is DataCenterSupported {
	return capability !== undefined && 'via' in capability;
}
