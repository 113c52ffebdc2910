/* v1 endpoints Atlassian removed (they have v2 equivalents): live Cloud answers 410 Gone. Registered only for methods
 * the current v1 spec no longer has, so live operations on the same paths stay with their modules. */
import type { SimContext } from '../context';
import { errors } from '../http';
import type { Router } from '../router';

const V1 = '/wiki/rest/api';

export const REMOVED_V1_ROUTES: Array<[method: string, template: string]> = [
	['GET', `${V1}/content`],
	['POST', `${V1}/content`],
	['GET', `${V1}/content/{id}`],
	['PUT', `${V1}/content/{id}`],
	['DELETE', `${V1}/content/{id}`],
	['GET', `${V1}/content/{id}/child`],
	['GET', `${V1}/content/{id}/child/{type}`],
	['GET', `${V1}/content/{id}/child/attachment`],
	['GET', `${V1}/content/{id}/descendant`],
	['GET', `${V1}/content/{id}/descendant/{type}`],
	['GET', `${V1}/content/{id}/label`],
	['GET', `${V1}/content/{id}/history`],
	['GET', `${V1}/content/{id}/version`],
	['GET', `${V1}/content/{id}/version/{versionNumber}`],
	['GET', `${V1}/content/{id}/property`],
	['POST', `${V1}/content/{id}/property`],
	['GET', `${V1}/content/{id}/property/{key}`],
	['PUT', `${V1}/content/{id}/property/{key}`],
	['POST', `${V1}/content/{id}/property/{key}`],
	['DELETE', `${V1}/content/{id}/property/{key}`],
	['GET', `${V1}/content/{id}/child/comment`],
	['GET', `${V1}/space`],
	['GET', `${V1}/space/{spaceKey}`],
	['GET', `${V1}/space/{spaceKey}/content`],
	['GET', `${V1}/space/{spaceKey}/content/{type}`],
	['GET', `${V1}/space/{spaceKey}/property`],
	['POST', `${V1}/space/{spaceKey}/property`],
	['GET', `${V1}/space/{spaceKey}/property/{key}`],
	['PUT', `${V1}/space/{spaceKey}/property/{key}`],
	['DELETE', `${V1}/space/{spaceKey}/property/{key}`],
];

/** After the live modules registered: every removed route that nobody serves answers 410. */
export function registerLate(router: Router, ctx: SimContext): void {
	for (const [method, template] of REMOVED_V1_ROUTES) {
		if (router.has(method, template)) continue;
		router.add(method, template, (req) => {
			ctx.user(req);
			throw errors.gone();
		});
	}
}
