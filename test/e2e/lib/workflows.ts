/* Workflow and credential JSON for the e2e tests, as n8n's import commands and REST API take them. */
import type { IConnections, IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { Simulator } from '../../simulator';

import type { CredentialInput, WorkflowInput } from './cli';

export const CONFLUENCE_NODE_TYPE = 'n8n-nodes-confluence.confluence';
export const CONFLUENCE_TRIGGER_NODE_TYPE = 'n8n-nodes-confluence.confluenceTrigger';
export const CONFLUENCE_API_CREDENTIAL_TYPE = 'confluenceApi';
export const MANUAL_TRIGGER_NAME = 'When clicking ‘Execute workflow’';

/** n8n's ids are 16 alphanumerics; fixed ones keep the test workflows addressable. */
export function n8nId(seed: string): string {
	const clean = seed.replace(/[^A-Za-z0-9]/g, '');
	return (clean + '0000000000000000').slice(0, 16);
}

export function manualTrigger(name = MANUAL_TRIGGER_NAME): INode {
	return {
		id: 'e2e-manual-trigger',
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** Chains the nodes left to right through their main output. */
export function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

export function workflow(id: string, name: string, nodes: INode[]): WorkflowInput {
	const placed = nodes.map((node, index) => ({
		...node,
		position: [index * 220, 0] as [number, number],
	}));
	return { id, name, nodes: placed, connections: chain(placed) };
}

/** The Basic (email + API token) credential pointing at a Confluence site, e.g. the simulator's baseUrl. */
export function confluenceApiCredential(
	id: string,
	site: { siteUrl: string; email: string; apiToken: string },
	name = 'Confluence (simulator)',
): CredentialInput {
	return { id, name, type: CONFLUENCE_API_CREDENTIAL_TYPE, data: { ...site } };
}

export function confluenceNode(
	name: string,
	parameters: INodeParameters,
	credential: { id: string; name: string },
): INode {
	return {
		id: `e2e-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: CONFLUENCE_NODE_TYPE,
		typeVersion: 1,
		position: [220, 0],
		parameters: { authentication: 'apiToken', ...parameters },
		credentials: { confluenceApi: { id: credential.id, name: credential.name } },
	};
}

/**
 * The OAuth2 credential as n8n stores it after the consent screen: the visible fields plus `oauthTokenData` (tokens,
 * e.g. issued by the simulator). The hidden fields (token URL, scope, …) are left out, so n8n derives them from the
 * credential type's defaults, as it does for a credential a user created.
 */
export function confluenceOAuth2Credential(
	id: string,
	data: {
		siteUrl: string;
		authServerUrl: string;
		apiGatewayUrl: string;
		clientId: string;
		clientSecret: string;
		oauthTokenData: IDataObject;
	},
	name = 'Confluence OAuth2 (simulator)',
): CredentialInput {
	return { id, name, type: 'confluenceOAuth2Api', data: { ...data } };
}

/** The same Confluence node authenticated with an OAuth2 credential instead. */
export function withOAuth2(node: INode, credential: { id: string; name: string }): INode {
	return {
		...node,
		parameters: { ...node.parameters, authentication: 'oAuth2' },
		credentials: { confluenceOAuth2Api: { id: credential.id, name: credential.name } },
	};
}

/** A credential as workflows refer to it. */
export interface CredentialRef {
	id: string;
	name: string;
}

/**
 * The simulator's credentials as n8n imports them: the demo user's API token and, when asked for, the OAuth2 app with
 * tokens the simulator issued (as if the consent screen had run: n8n's REST API drops `oauthTokenData` from a
 * credential it creates, so they are imported through the CLI before n8n starts).
 */
export function simulatorCredentials(
	sim: Simulator,
	refs: { apiToken: CredentialRef; oAuth2?: CredentialRef },
	oauthTokenData: IDataObject = { ...sim.oauth.issueTokens() },
): CredentialInput[] {
	const credentials = [
		confluenceApiCredential(
			refs.apiToken.id,
			{ siteUrl: sim.baseUrl, email: sim.users.demo.email, apiToken: sim.users.demo.apiToken },
			refs.apiToken.name,
		),
	];
	if (refs.oAuth2) {
		credentials.push(
			confluenceOAuth2Credential(
				refs.oAuth2.id,
				{
					siteUrl: sim.baseUrl,
					authServerUrl: sim.baseUrl,
					apiGatewayUrl: sim.baseUrl,
					clientId: sim.oauth.clientId,
					clientSecret: sim.oauth.clientSecret,
					oauthTokenData,
				},
				refs.oAuth2.name,
			),
		);
	}
	return credentials;
}
