/* The simulator's notion of "now". Every createdAt, version date, audit date and token expiry reads it, so tests can
 * freeze or move time without touching the machine clock. */
export interface SimClock {
	now(): Date;
	/** Freezes the clock at the given instant (advance() moves it). */
	set(date: Date | string): void;
	/** Moves the clock forward (frozen or not). */
	advance(ms: number): void;
	/** Back to the machine clock, no offset. */
	useRealTime(): void;
	/** True while frozen by set(). */
	readonly frozen: boolean;
}

export function createClock(): SimClock {
	let frozenAt: number | undefined;
	let offsetMs = 0;
	return {
		now: () => new Date(frozenAt ?? Date.now() + offsetMs),
		set(date) {
			const ms = typeof date === 'string' ? Date.parse(date) : date.getTime();
			if (Number.isNaN(ms)) throw new Error(`Invalid date for clock.set: ${String(date)}`);
			frozenAt = ms;
		},
		advance(ms) {
			if (frozenAt !== undefined) frozenAt += ms;
			else offsetMs += ms;
		},
		useRealTime() {
			frozenAt = undefined;
			offsetMs = 0;
		},
		get frozen() {
			return frozenAt !== undefined;
		},
	};
}
