import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

export type ConfluenceContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions;

export type CredentialType =
	| 'confluenceApi'
	| 'confluenceOAuth2Api'
	| 'confluenceServiceAccountOAuth2Api'
	| 'confluenceDataCenterApi';

/** Which URL family a path belongs to: v2 (`/wiki/api/v2`), v1 (`/wiki/rest/api`) or the site's `/wiki` root. */
export type ApiFamily = 'v2' | 'v1' | 'site';

export interface ConfluenceResponse<T = unknown> {
	status: number;
	headers: Record<string, string>;
	body: T;
}

/** A request sent with a credential through the transport's retrying sender (used for discovery calls). */
export type Sender = <T>(
	ctx: ConfluenceContext,
	credentialType: CredentialType,
	options: IHttpRequestOptions,
	request: { method: IHttpRequestMethods; path: string; itemIndex?: number },
) => Promise<ConfluenceResponse<T>>;

/** Where one credential's requests go, resolved once per execution. */
export interface AuthTarget {
	credentialType: CredentialType;
	/**
	 * The absolute base URL of each API family the credential reaches. A family that is missing is not offered there
	 * (a Data Center site behind a context path has `/rest/api` only).
	 */
	apiBase: Partial<Record<ApiFamily, string>>;
	/** Requests carry the credential to this origin only (a download redirected elsewhere goes without it). */
	origin: string;
	/** Accept a self-signed or internal-CA certificate (a self-hosted site's choice, set on its credential). */
	skipSslCertificateValidation?: boolean;
}

/** One credential type's authentication: headers are n8n's job (the credential's `authenticate`/OAuth2); the rest is here. */
export interface CredentialAuth {
	readonly credentialType: CredentialType;
	/** What an error description advises per HTTP status, where it differs from Confluence Cloud's. */
	readonly advice?: Partial<Record<number, string>>;
	target(
		ctx: ConfluenceContext,
		credentials: IDataObject,
		itemIndex: number | undefined,
		send: Sender,
	): Promise<AuthTarget>;
}

export const CLOUD_API_PREFIX: Record<ApiFamily, string> = {
	v2: '/wiki/api/v2',
	v1: '/wiki/rest/api',
	site: '/wiki',
};

/** A Confluence Cloud site (or its gateway mirror) at `root`: every API family below it. */
export function cloudTarget(credentialType: CredentialType, root: string): AuthTarget {
	return {
		credentialType,
		apiBase: {
			v2: `${root}${CLOUD_API_PREFIX.v2}`,
			v1: `${root}${CLOUD_API_PREFIX.v1}`,
			site: `${root}${CLOUD_API_PREFIX.site}`,
		},
		origin: new URL(root).origin,
	};
}
