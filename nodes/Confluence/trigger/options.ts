import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';

/** A number of seconds from the trigger's options, as milliseconds; anything but a finite number ≥ 0 is refused by name. */
export function secondsOption(
	ctx: IPollFunctions,
	options: IDataObject,
	name: string,
	displayName: string,
	fallback: number,
): number {
	const raw = options[name] ?? fallback;
	const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The option "${displayName}" must be a number of seconds (0 or more), got ${JSON.stringify(raw)?.slice(0, 80)}`,
			{ description: `Set "${displayName}" to a whole number such as ${fallback}.` },
		);
	}
	return seconds * 1000;
}

/** The Start From option as an ISO date, or undefined; text that is no date is refused by name (not a RangeError). */
export function startFromOption(ctx: IPollFunctions, options: IDataObject): string | undefined {
	const raw = options.startFrom;
	if (raw === undefined || raw === null || raw === '') return undefined;
	// Date.parse guesses at almost any text ("not a date 99" is a day in 1999); n8n's date picker and expressions
	// give ISO 8601, so that and the usual HTTP and RFC 2822 forms are what is accepted.
	const text = String(raw).trim();
	const parsed =
		typeof raw === 'number'
			? DateTime.fromMillis(raw)
			: [DateTime.fromISO(text), DateTime.fromRFC2822(text), DateTime.fromHTTP(text)].find(
					(candidate) => candidate.isValid,
				);
	const date = parsed?.isValid ? parsed.toJSDate() : new Date(Number.NaN);
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The option "Start From" is not a date: ${JSON.stringify(raw)?.slice(0, 80)}`,
			{ description: 'Pick a date, or give an ISO 8601 date such as 2026-01-31T09:00:00Z.' },
		);
	}
	return date.toISOString();
}
