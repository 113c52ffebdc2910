/* The capability map against the catalog and the editor: every operation is either offered on Data Center or hidden and
 * refused, and the Cloud choices stay as they were. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Confluence } from '../../nodes/Confluence/Confluence.node';
import {
	DATA_CENTER_CAPABILITIES,
	isSupportedOnDataCenter,
} from '../../nodes/Confluence/actions/dataCenter/capabilities';
import { resources } from '../../nodes/Confluence/actions/resources';
import { byId } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const properties = new Confluence().description.properties;

/** The property of this name the editor shows for these parameter values (n8n's show/hide rules, equality only). */
function shown(name: string, values: Record<string, string>): INodeProperties[] {
	return properties.filter((property) => {
		if (property.name !== name) return false;
		const { show = {}, hide = {} } = property.displayOptions ?? {};
		const matches = (rule: Record<string, unknown>, key: string) =>
			(rule[key] as unknown[]).includes(values[key]);
		return (
			Object.keys(show).every((key) => matches(show, key)) &&
			!Object.keys(hide).some((key) => key in values && matches(hide, key))
		);
	});
}

function optionValues(property: INodeProperties): string[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

describe('the Data Center capability map', () => {
	it('names every resource and operation of the catalog, and nothing else', () => {
		const catalog = Object.entries(resources).flatMap(([resource, module]) =>
			Object.keys(module.operations).map((operation) => `${resource}.${operation}`),
		);
		const mapped = Object.entries(DATA_CENTER_CAPABILITIES).flatMap(([resource, operations]) =>
			Object.keys(operations).map((operation) => `${resource}.${operation}`),
		);
		expect(mapped.sort()).toEqual(catalog.sort());
	});

	it('offers with the Data Center credential only the operations that work there', () => {
		for (const [resource, operations] of Object.entries(DATA_CENTER_CAPABILITIES)) {
			const supported = Object.entries(operations)
				.filter(([, capability]) => isSupportedOnDataCenter(capability))
				.map(([operation]) => operation);
			const selectors = shown('operation', { authentication: 'dataCenter', resource });
			if (!supported.length) {
				expect(selectors).toEqual([]);
				continue;
			}
			expect(selectors).toHaveLength(1);
			expect(optionValues(selectors[0]).sort()).toEqual(supported.sort());
			expect(supported).toContain(selectors[0].default);
		}
		const page = optionValues(
			shown('operation', { authentication: 'dataCenter', resource: 'page' })[0],
		);
		expect(page).not.toContain('getLikes');
		// One resource selector, so that n8n's node creator lists each action once.
		expect(shown('resource', { authentication: 'dataCenter' })).toHaveLength(1);
		expect(shown('resource', { authentication: 'apiToken' })).toHaveLength(1);
	});

	it('leaves every operation offered with the Cloud credentials', () => {
		for (const [resource, module] of Object.entries(resources)) {
			for (const authentication of ['apiToken', 'oAuth2', 'serviceAccount']) {
				const selectors = shown('operation', { authentication, resource });
				expect(selectors).toHaveLength(1);
				expect(optionValues(selectors[0]).sort()).toEqual(Object.keys(module.operations).sort());
			}
		}
	});
});

describe('operations Data Center does not have', () => {
	const sim = useDataCenterSimulator('demo');

	it('are refused with the reason before any request (whiteboards are Cloud only)', async () => {
		const result = await runDataCenter(sim, {
			resource: 'whiteboard',
			operation: 'get',
			whiteboardId: '123',
		});
		expect(result.error?.message).toMatch(
			/^The (operation "get" of the )?resource "whiteboard" is not available on Confluence Data Center$/,
		);
		expect(result.error?.description).toContain('Whiteboards exist only in Confluence Cloud.');
		expect(dataCenterRequests(sim)).toEqual([]);
	});

	it('are refused even with Continue On Fail, as the whole node cannot run', async () => {
		const result = await runDataCenter(
			sim,
			{ resource: 'page', operation: 'getLikes', page: byId(sim.demo!.pages.gettingStarted) },
			{ continueOnFail: true },
		);
		const message = result.error?.message ?? String(result.items[0]?.json.error);
		expect(message).toMatch(
			/"getLikes" of the resource "page" is not available on Confluence Data Center/,
		);
		expect(dataCenterRequests(sim)).toEqual([]);
	});

	it('Cloud-only body formats are refused on the item that asks for them', async () => {
		const result = await runDataCenter(sim, {
			resource: 'page',
			operation: 'get',
			page: byId(sim.demo!.pages.gettingStarted),
			bodyFormat: 'atlas_doc_format',
		});
		expect(result.error?.message).toBe(
			'The body format "Atlas Doc Format" does not exist on Confluence Data Center',
		);
	});
});
