/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/* Where the demo keeps its state, the ids the example workflows refer to, and the site they talk to. */
import { join } from 'path';

import { REPO_ROOT } from '../../test/e2e/lib/install';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const RELEASE_NOTES_DIR = join(EXAMPLES_DIR, 'release-notes');
/** The docs folder the docs-as-code example publishes as a page tree. */
export const DOCS_DIR = join(EXAMPLES_DIR, 'docs');

/** Everything the demo writes (git-ignored): the n8n user folder and the export. Recreated by every run. */
export const DEFAULT_DEMO_DIR = join(REPO_ROOT, '.cache', 'demo');

/** The credentials the example workflows name (by id and name); `n8n import:credentials` keeps both. */
export const API_TOKEN_CREDENTIAL = { id: 'cfxConfluenceApi', name: 'Confluence account' } as const;
export const OAUTH2_CREDENTIAL = {
	id: 'cfxConfluenceOA2',
	name: 'Confluence OAuth2 (simulator)',
} as const;

/** The simulator's fixed port; the next free one is taken when it is busy. */
export const DEFAULT_SIMULATOR_PORT = 4567;

/** n8n's own default port, so the editor URL stays the same between runs; a free one when it is busy. */
export const DEFAULT_N8N_PORT = 5678;

export const SIMULATOR_USER = { email: 'demo@example.com', apiToken: 'demo-token' } as const;
export const SIMULATOR_OAUTH_CLIENT = {
	clientId: 'sim-client-id',
	clientSecret: 'sim-client-secret',
} as const;

export interface SiteCredentials {
	siteUrl: string;
	email: string;
	apiToken: string;
}

/** What the demo reads from the environment to point the examples at a real Confluence site instead of the simulator. */
export interface DemoEnvironment {
	site?: SiteCredentials;
	spaceKey?: string;
	parentPageTitle?: string;
}

export const ENV_HELP = `To use a real Confluence Cloud site instead of the simulator, set all three of
  CONFLUENCE_SITE_URL    e.g. https://your-domain.atlassian.net
  CONFLUENCE_EMAIL       the Atlassian account's email
  CONFLUENCE_API_TOKEN   an API token from https://id.atlassian.com/manage-profile/security/api-tokens
and optionally
  CONFLUENCE_SPACE_KEY   the space the examples use (default DEMO)
  CONFLUENCE_PARENT_PAGE title of the page release notes go under (default: none on a real site)`;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): DemoEnvironment {
	const siteUrl = env.CONFLUENCE_SITE_URL?.trim();
	const email = env.CONFLUENCE_EMAIL?.trim();
	const apiToken = env.CONFLUENCE_API_TOKEN?.trim();
	const given = [siteUrl, email, apiToken].filter(Boolean).length;
	if (given !== 0 && given !== 3) {
		throw new Error(
			`Set all of CONFLUENCE_SITE_URL, CONFLUENCE_EMAIL and CONFLUENCE_API_TOKEN, or none.\n${ENV_HELP}`,
		);
	}
	return {
		site:
			siteUrl && email && apiToken
				? { siteUrl: siteUrl.replace(/\/+$/, '').replace(/\/wiki$/, ''), email, apiToken }
				: undefined,
		spaceKey: env.CONFLUENCE_SPACE_KEY?.trim() || undefined,
		parentPageTitle: env.CONFLUENCE_PARENT_PAGE?.trim() || undefined,
	};
}
