import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

const EXECUTION_ITEMS = Symbol('executionItems');

/** Items that already carry binary data; the router passes them through instead of wrapping plain JSON. */
export interface ExecutionItems {
	[EXECUTION_ITEMS]: true;
	items: INodeExecutionData[];
}

export function executionItems(items: INodeExecutionData[]): ExecutionItems {
	return { [EXECUTION_ITEMS]: true, items };
}

export function isExecutionItems(value: unknown): value is ExecutionItems {
	return typeof value === 'object' && value !== null && EXECUTION_ITEMS in value;
}

export type OperationOutput = IDataObject | IDataObject[] | ExecutionItems;

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<OperationOutput>;

/** An operation run once per input item by the router's item loop. */
export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}

/**
 * An operation that takes all input items of the run at once (Page → Publish Markdown Files: the items are one folder)
 * and answers its own items, pairedItem included.
 */
export interface AllItemsOperationModule {
	description: INodeProperties[];
	executeAll: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

export type AnyOperationModule = OperationModule | AllItemsOperationModule;

export interface ResourceModule {
	/** The Operation selector followed by every operation's parameters. */
	description: INodeProperties[];
	operations: Record<string, AnyOperationModule>;
}
