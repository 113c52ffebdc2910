/* API tokens that expired or were revoked (REALITY.md expired-api-token). Atlassian's classic API tokens now expire, and
 * a user can revoke one at any time; Confluence does not answer such a token with a plain 401 only: it is seen as a
 * 403 "Current user not permitted to use Confluence" / "caller cannot access Confluence", or as a v2 404. Which one a
 * site gives is not documented, so every answer is a variant (reality.ts `expiredApiToken`). */
import { ApiError, errors, type ApiFamily } from './http';
import type { SimVariants } from './reality';
import type { Store, UserRecord } from './store';

const EXPIRED_KEY = 'reality.expiredApiTokens';

function expiredTokens(store: Store): Set<string> {
	let tokens = store.extensions.get(EXPIRED_KEY) as Set<string> | undefined;
	if (!tokens) {
		tokens = new Set();
		store.extensions.set(EXPIRED_KEY, tokens);
	}
	return tokens;
}

/** From now on the user's API token is refused as expired (a new token, via `users.add`, is not). */
export function expireApiToken(store: Store, user: UserRecord): void {
	if (user.apiToken) expiredTokens(store).add(`${user.accountId}:${user.apiToken}`);
}

export function isExpiredApiToken(store: Store, user: UserRecord, token: string): boolean {
	return expiredTokens(store).has(`${user.accountId}:${token}`);
}

/** How the site answers an expired or revoked API token, in the API family of the request. */
export function expiredApiTokenError(
	variant: SimVariants['expiredApiToken'],
	api: ApiFamily,
): ApiError {
	switch (variant) {
		case '401':
			return new ApiError(401, 'Unauthorized', { code: 'UNAUTHORIZED' });
		case '403-not-permitted':
			return new ApiError(403, 'Current user not permitted to use Confluence', {
				code: 'FORBIDDEN',
				v1Message: 'Current user not permitted to use Confluence',
			});
		case '404-v2':
			return api === 'v2'
				? errors.notFound()
				: new ApiError(403, 'Request rejected because caller cannot access Confluence', {
						code: 'FORBIDDEN',
						v1Message: 'Request rejected because caller cannot access Confluence',
					});
		default:
			return new ApiError(403, 'Request rejected because caller cannot access Confluence', {
				code: 'FORBIDDEN',
				v1Message: 'Request rejected because caller cannot access Confluence',
			});
	}
}
