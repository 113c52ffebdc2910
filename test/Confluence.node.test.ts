/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'fs';
import { join } from 'path';

import type { INodeProperties } from 'n8n-workflow';

import { ConfluenceApi } from '../credentials/ConfluenceApi.credentials';
import { ConfluenceOAuth2Api } from '../credentials/ConfluenceOAuth2Api.credentials';
import { Confluence } from '../nodes/Confluence/Confluence.node';
import { ConfluenceTrigger } from '../nodes/Confluence/ConfluenceTrigger.node';
import { resources } from '../nodes/Confluence/actions/resources';
import { repoRoot, sharedPath } from './helpers/paths';

/** The catalog's (resource, operation) rows, read from the reference document itself. */
function catalogRows(): Array<[string, string]> {
	const text = readFileSync(join(sharedPath('reference'), 'operations.md'), 'utf8');
	const rows: Array<[string, string]> = [];
	let resource: string | undefined;
	for (const line of text.split('\n')) {
		const heading = /^## (\w+)\s*$/.exec(line);
		if (heading) resource = heading[1];
		if (/^## The trigger/.test(line)) resource = undefined;
		const row = /^\| (\w+) \|/.exec(line);
		if (resource && row && row[1] !== 'operation') rows.push([resource, row[1]]);
	}
	return rows;
}

describe('Confluence node description', () => {
	const node = new Confluence();
	const properties = node.description.properties;

	it('offers every operation of the catalog with its exact resource and operation values', () => {
		const rows = catalogRows();
		expect(rows.length).toBeGreaterThan(70);
		const resourceProperty = properties.find((property) => property.name === 'resource')!;
		const offeredResources = (resourceProperty.options ?? []).map((option) =>
			'value' in option ? option.value : undefined,
		);
		const missing: string[] = [];
		for (const [resource, operation] of rows) {
			const selector = properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes(resource),
			);
			const values = (selector?.options ?? []).map((option) =>
				'value' in option ? option.value : undefined,
			);
			if (
				!offeredResources.includes(resource) ||
				!values.includes(operation) ||
				!resources[resource]?.operations[operation]
			) {
				missing.push(`${resource}.${operation}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it("is usable as an AI tool and names its credentials, the old workflows' default (API token) first", () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials?.map((credential) => credential.name)).toEqual([
			'confluenceApi',
			'confluenceOAuth2Api',
			'confluenceServiceAccountOAuth2Api',
			'confluenceDataCenterApi',
		]);
		const authentication = node.description.properties.find(
			(property) => property.name === 'authentication',
		);
		expect(authentication?.default).toBe('apiToken');
		expect(authentication?.options?.map((option) => (option as { value: string }).value)).toEqual([
			'apiToken',
			'dataCenter',
			'oAuth2',
			'serviceAccount',
		]);
	});

	it('package.json lists every credential the nodes name', () => {
		const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
			n8n: { credentials: string[] };
		};
		for (const { name } of node.description.credentials ?? []) {
			const file = `${name.charAt(0).toUpperCase()}${name.slice(1)}.credentials.js`;
			expect(manifest.n8n.credentials).toContain(`dist/credentials/${file}`);
		}
	});

	it('gives every operation option an action and a description', () => {
		const selectors = properties.filter(
			(property: INodeProperties) => property.name === 'operation',
		);
		for (const selector of selectors) {
			for (const option of selector.options ?? []) {
				expect(option).toEqual(
					expect.objectContaining({ action: expect.any(String), description: expect.any(String) }),
				);
			}
		}
	});
});

describe('Confluence Trigger description', () => {
	it('offers exactly the catalog events', () => {
		const trigger = new ConfluenceTrigger();
		const events = trigger.description.properties.find((property) => property.name === 'events')!;
		expect(
			(events.options ?? []).map((option) => ('value' in option ? option.value : '')).sort(),
		).toEqual([
			'attachmentCreated',
			'auditRecord',
			'blogPostCreated',
			'blogPostUpdated',
			'commentCreated',
			'pageCreated',
			'pageUpdated',
		]);
		expect(trigger.description.polling).toBe(true);
		expect(trigger.description.inputs).toEqual([]);
	});
});

describe('credentials', () => {
	it('OAuth2 asks Atlassian for consent, the API audience and the full default scope list', () => {
		const credential = new ConfluenceOAuth2Api();
		const property = (name: string) => credential.properties.find((entry) => entry.name === name)!;
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(property('authQueryParameters').default).toBe(
			'audience=api.atlassian.com&prompt=consent',
		);
		expect(property('authentication').default).toBe('header');
		const scopes = String(property('enabledScopes').default).split(' ');
		// The smallest set covering every operation: test/credentials/scopes.test.ts.
		expect(scopes.length).toBeLessThan(50);
		expect(scopes).toContain('offline_access');
		expect(scopes).toContain('read:audit-log:confluence');
		expect(scopes).toContain('read:confluence-user');
		expect(String(property('scope').default)).toContain(String(property('enabledScopes').default));
		expect(property('authUrl').default).toMatch(/authServerUrl.*\/authorize$/);
		expect(property('accessTokenUrl').default).toMatch(/authServerUrl.*\/oauth\/token$/);
		expect(credential.name).not.toMatch(/^(confluenceCloudOAuth2Api|atlassianOAuth2Api)$/);
	});

	it('API token credential authenticates with Basic email:token; the nodes test it (classic or scoped)', () => {
		const credential = new ConfluenceApi();
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				auth: { username: '={{$credentials.email}}', password: '={{$credentials.apiToken}}' },
			},
		});
		expect('test' in credential).toBe(false);
		expect(
			new Confluence().description.credentials?.find((entry) => entry.name === 'confluenceApi')
				?.testedBy,
		).toBe('confluenceApiTokenTest');
		expect(
			credential.properties.find((entry) => entry.name === 'apiToken')?.typeOptions?.password,
		).toBe(true);
	});
});
