import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	confluenceApi,
	confluenceRequestAllItems,
	type ConfluenceRequest,
	type PageOptions,
} from '../../transport';
import type { OperationExecute, OperationModule, OperationOutput } from '../types';
import { limitProperty, returnAllProperty } from './descriptions';

interface OperationSpec {
	resource: string;
	operation: string;
	properties: INodeProperties[];
}

function showFor(spec: OperationSpec, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions(
		{ show: { resource: [spec.resource], operation: [spec.operation] } },
		properties,
	);
}

/** An operation with its own logic; the builder only scopes its parameters to its resource and operation. */
export function defineOperation(
	spec: OperationSpec & { execute: OperationExecute },
): OperationModule {
	return { description: showFor(spec, spec.properties), execute: spec.execute };
}

type RequestFactory = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<ConfluenceRequest> | ConfluenceRequest;

/** One request, its answer (optionally reshaped) as the output. */
export function singleRequestOperation(
	spec: OperationSpec & {
		request: RequestFactory;
		output?: (
			this: IExecuteFunctions,
			body: IDataObject,
			itemIndex: number,
		) => OperationOutput | Promise<OperationOutput>;
	},
): OperationModule {
	return defineOperation({
		...spec,
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const request = await spec.request.call(this, itemIndex);
			const body = await confluenceApi.call(this, { ...request, itemIndex });
			if (spec.output) return await spec.output.call(this, body ?? {}, itemIndex);
			return body ?? { success: true };
		},
	});
}

/** A paginated list with Return All and Limit; one output item per result. */
export function listOperation(
	spec: OperationSpec & {
		request: RequestFactory;
		/** Parameters shown after Return All / Limit (filters, options). */
		after?: INodeProperties[];
		paging?: PageOptions;
		output?: (
			this: IExecuteFunctions,
			items: IDataObject[],
			itemIndex: number,
		) => OperationOutput | Promise<OperationOutput>;
	},
): OperationModule {
	return defineOperation({
		...spec,
		properties: [...spec.properties, returnAllProperty, limitProperty, ...(spec.after ?? [])],
		async execute(this: IExecuteFunctions, itemIndex: number) {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll
				? undefined
				: (this.getNodeParameter('limit', itemIndex, 50) as number);
			const request = await spec.request.call(this, itemIndex);
			const items = await confluenceRequestAllItems.call(
				this,
				{ ...request, itemIndex },
				{ ...spec.paging, max: limit },
			);
			return spec.output ? await spec.output.call(this, items, itemIndex) : items;
		},
	});
}
