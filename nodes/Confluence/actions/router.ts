import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	checkExpressionParameters,
	nameMissingTarget,
	reuseResolvedParameters,
} from './common/validate';
import { isToolVariant } from './common/compact';
import { startWriteOrder } from './common/writeOrder';
import { isDataCenter } from '../transport';
import { dataCenterCapability, isSupportedOnDataCenter } from './dataCenter/capabilities';
import { resources } from './resources';
import { isExecutionItems, type OperationOutput } from './types';

const MAX_CONCURRENCY = 20;

function toItems(output: OperationOutput, itemIndex: number): INodeExecutionData[] {
	if (isExecutionItems(output)) {
		return output.items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
	}
	const list = Array.isArray(output) ? output : [output];
	return list.map((json: IDataObject) => ({ json, pairedItem: { item: itemIndex } }));
}

function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	const description = (error as NodeApiError).description;
	if (description) json.description = description;
	const httpCode = (error as NodeApiError).httpCode;
	if (httpCode) json.httpCode = httpCode;
	return json;
}

/** An operation over all items at once; with continueOnFail its failure becomes one error item. */
async function routeAllItems(
	ctx: IExecuteFunctions,
	executeAll: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[][]> {
	try {
		return [await executeAll.call(ctx)];
	} catch (caught) {
		const error =
			caught instanceof NodeApiError || caught instanceof NodeOperationError
				? caught
				: new NodeOperationError(ctx.getNode(), caught as Error);
		if (!ctx.continueOnFail()) throw error;
		return [[{ json: errorJson(error), pairedItem: { item: 0 } }]];
	}
}

function notOnDataCenter(
	ctx: IExecuteFunctions,
	resource: string,
	operation: string | undefined,
): NodeOperationError {
	const asked = operation ? [operation] : Object.keys(resources[resource]?.operations ?? {});
	const reasons = new Set(
		asked.map((name) => {
			const capability = dataCenterCapability(resource, name);
			return capability && 'unsupported' in capability ? capability.unsupported : '';
		}),
	);
	const because = reasons.size === 1 && [...reasons][0] ? `${[...reasons][0]} ` : '';
	return new NodeOperationError(
		ctx.getNode(),
		operation
			? `The operation "${operation}" of the resource "${resource}" is not available on Confluence Data Center`
			: `The resource "${resource}" is not available on Confluence Data Center`,
		{
			description: `${because}Choose another operation, or use a Confluence Cloud credential.`,
		},
	);
}

/**
 * With the Data Center credential the editor shows no Operation selector for a resource Data Center lacks, so n8n would
 * not hand out the saved operation: the refusal reads the saved values first, to say what is missing.
 */
function refuseWhatDataCenterLacks(ctx: IExecuteFunctions): void {
	const saved = ctx.getNode().parameters;
	const resource = String(saved.resource ?? 'page');
	const operations = resources[resource]?.operations;
	if (!operations) return;
	const anySupported = Object.keys(operations).some((operation) =>
		isSupportedOnDataCenter(dataCenterCapability(resource, operation)),
	);
	if (anySupported) return;
	throw notOnDataCenter(
		ctx,
		resource,
		typeof saved.operation === 'string' ? saved.operation : undefined,
	);
}

/**
 * An AI agent's model receives a failed tool call as the error's message alone (n8n's workflow-execute puts
 * `{ error: message }` in the tool's output), so in the tool variant what the description says (which parameter
 * pointed at nothing, what Confluence objected to) joins the message.
 */
function foldDescriptionIntoMessage(error: NodeApiError | NodeOperationError): void {
	const description = typeof error.description === 'string' ? error.description.trim() : '';
	if (!description || error.message.includes(description)) return;
	const joined = `${error.message.replace(/[.\s]+$/, '')}. ${description}`;
	error.message = joined.length > 1200 ? `${joined.slice(0, 1199)}…` : joined;
}

/**
 * The item loop: one operation call per input item, optionally several at once, results in input order.
 * With continueOnFail a failed item becomes an error item and the others go on.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const inputs = this.getInputData();
	if (isDataCenter(this)) refuseWhatDataCenterLacks(this);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.operations[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for the resource "${resource}"`,
		);
	}
	if (isDataCenter(this)) {
		const capability = dataCenterCapability(resource, operation);
		if (!isSupportedOnDataCenter(capability)) throw notOnDataCenter(this, resource, operation);
	}
	if ('executeAll' in module) return await routeAllItems(this, module.executeAll);
	let execute = module.execute;
	if (isDataCenter(this)) {
		const capability = dataCenterCapability(resource, operation);
		if (isSupportedOnDataCenter(capability)) execute = capability.execute ?? module.execute;
	}
	const requested = Number(this.getNodeParameter('requestOptions.concurrency', 0, 1));
	const concurrency = Math.max(
		1,
		Math.min(MAX_CONCURRENCY, Number.isFinite(requested) ? Math.floor(requested) : 1),
	);
	const continueOnFail = this.continueOnFail();

	const outputs: INodeExecutionData[][] = new Array(inputs.length);
	let failure: { itemIndex: number; error: Error } | undefined;
	let nextIndex = 0;

	const resolved = reuseResolvedParameters(this);
	const writeOrder = startWriteOrder(this);
	const runItem = async (itemIndex: number) => {
		try {
			checkExpressionParameters(this, itemIndex, module.description, (name, value) =>
				resolved.remember(itemIndex, name, value),
			);
			outputs[itemIndex] = toItems(await execute.call(this, itemIndex), itemIndex);
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(this.getNode(), caught as Error, { itemIndex });
			if (error instanceof NodeApiError)
				nameMissingTarget(this, itemIndex, module.description, error);
			if (isToolVariant(this)) foldDescriptionIntoMessage(error);
			if (continueOnFail) {
				outputs[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
				return;
			}
			if (!failure || itemIndex < failure.itemIndex) failure = { itemIndex, error };
		} finally {
			resolved.forget(itemIndex);
			writeOrder.finish(itemIndex);
		}
	};

	const worker = async () => {
		while (nextIndex < inputs.length && !failure) {
			const itemIndex = nextIndex++;
			await runItem(itemIndex);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
	if (failure) throw failure.error;

	const returnData: INodeExecutionData[] = [];
	for (const items of outputs) {
		if (items) for (const item of items) returnData.push(item);
	}
	return [returnData];
}
