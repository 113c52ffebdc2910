/* Adapter to the contract validator in test/contract (written separately). Loaded lazily so the simulator still runs
 * while that module does not exist yet; a validator that exists but fails to load is reported, not hidden. */
import type { ContractExchange } from '../contract';

// A type-only import: erased at run time, so the validator itself still loads lazily below.
export type Exchange = ContractExchange;

type Validator = (exchange: Exchange) => string[];

let validator: Validator | null | undefined;
let beyondSpec: ((reason: string) => void) | undefined;
let loadError: string | undefined;

function load(): Validator | null {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require('../contract') as {
			validateExchange?: Validator;
			recordBeyondSpec?: (reason: string) => void;
		};
		beyondSpec = mod.recordBeyondSpec;
		return typeof mod.validateExchange === 'function' ? mod.validateExchange : null;
	} catch (error) {
		const code = (error as { code?: string }).code;
		const message = error instanceof Error ? error.message : String(error);
		if (code === 'MODULE_NOT_FOUND' && /['"]\.\.\/contract['"]/.test(message)) return null;
		loadError = `contract validator failed to load: ${message}`;
		return null;
	}
}

/** Violations for one exchange ([] when no validator is available). */
export function validate(exchange: Exchange): string[] {
	if (validator === undefined) validator = load();
	if (loadError !== undefined) {
		const error = loadError;
		loadError = undefined;
		return [error];
	}
	return validator ? validator(exchange) : [];
}

/** Counts an API exchange the validator does not check (an injected fault) on the contract's beyond-the-spec line. */
export function noteBeyondSpec(reason: string): void {
	if (validator === undefined) validator = load();
	beyondSpec?.(reason);
}

export function contractValidatorAvailable(): boolean {
	if (validator === undefined) validator = load();
	return validator !== null;
}
