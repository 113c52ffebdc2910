export interface LedgerRow {
	id: string;
	behaviour: string;
	source: string;
	sourced: boolean;
	variants: string[];
	test?: string;
	section: string;
	line: number;
}

export interface LedgerSummary {
	rows: LedgerRow[];
	problems: string[];
	behaviours: number;
	sourced: number;
	tested: number;
}

export function parseLedger(text: string): { rows: LedgerRow[]; problems: string[] };
export function testedBy(row: LedgerRow, rootDir: string): { tested: boolean; problem?: string };
export function summarize(rootDir: string): LedgerSummary;
export function summaryLine(summary: LedgerSummary): string;
export function ledgerPath(rootDir: string): string;
