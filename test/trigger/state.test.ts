import {
	advance,
	initialState,
	undecided,
	windowStart,
} from '../../nodes/Confluence/trigger/state';

const OVERLAP = 60_000;
/** Confluence's clock, far enough ahead not to matter in the tests that are not about it. */
const NOW = Date.UTC(2026, 10, 24);
const at = (seconds: number) =>
	new Date(Date.UTC(2026, 10, 23, 12, 0, 0) + seconds * 1000).toISOString();

describe('feed state', () => {
	it('treats everything after the watermark as new, oldest first', () => {
		const state = initialState(at(0));
		const fresh = undecided(
			state,
			[
				{ key: 'b', at: at(20) },
				{ key: 'a', at: at(10) },
			],
			OVERLAP,
		);
		expect(fresh.map((entry) => entry.key)).toEqual(['a', 'b']);
	});

	it('does not repeat entries that share the boundary time', () => {
		let state = initialState(at(0));
		state = advance(state, [{ key: 'x', at: at(30), decision: 'emit' }], OVERLAP, NOW);
		expect(state.watermark).toBe(at(30));
		const fresh = undecided(
			state,
			[
				{ key: 'x', at: at(30) },
				{ key: 'y', at: at(30) },
			],
			OVERLAP,
		);
		expect(fresh.map((entry) => entry.key)).toEqual(['y']);
	});

	it('catches an entry that became visible late, inside the rescan window', () => {
		let state = advance(
			initialState(at(0)),
			[{ key: 'x', at: at(100), decision: 'emit' }],
			OVERLAP,
			NOW,
		);
		const fresh = undecided(
			state,
			[
				{ key: 'late', at: at(70) },
				{ key: 'x', at: at(100) },
			],
			OVERLAP,
		);
		expect(fresh.map((entry) => entry.key)).toEqual(['late']);
		state = advance(
			state,
			fresh.map((entry) => ({ ...entry, decision: 'emit' as const })),
			OVERLAP,
			NOW,
		);
		expect(undecided(state, [{ key: 'late', at: at(70) }], OVERLAP)).toEqual([]);
	});

	it('ignores entries older than the window', () => {
		const state = initialState(at(100));
		expect(windowStart(state, OVERLAP)).toBe(at(40));
		expect(undecided(state, [{ key: 'old', at: at(39) }], OVERLAP)).toEqual([]);
	});

	it('forgets decided keys once they leave the window, so the state stays small', () => {
		let state = initialState(at(0));
		state = advance(state, [{ key: 'a', at: at(10), decision: 'emit' }], OVERLAP, NOW);
		state = advance(state, [{ key: 'b', at: at(200), decision: 'emit' }], OVERLAP, NOW);
		expect(state.seen.map(([key]) => key)).toEqual(['b']);
	});

	it('holds the watermark back for deferred entries so they are looked at again', () => {
		let state = initialState(at(0));
		state = advance(
			state,
			[
				{ key: 'waiting', at: at(50), decision: 'defer' },
				{ key: 'done', at: at(90), decision: 'emit' },
			],
			OVERLAP,
			NOW,
		);
		expect(state.watermark).toBe(at(50));
		const fresh = undecided(
			state,
			[
				{ key: 'waiting', at: at(50) },
				{ key: 'done', at: at(90) },
			],
			OVERLAP,
		);
		expect(fresh.map((entry) => entry.key)).toEqual(['waiting']);
	});

	it("never moves the watermark past Confluence's now, and remembers a future-dated entry until then", () => {
		let state = initialState(at(0));
		state = advance(
			state,
			[{ key: 'future', at: at(7 * 86_400), decision: 'emit' }],
			OVERLAP,
			Date.parse(at(60)),
		);
		expect(state.watermark).toBe(at(60));
		expect(state.seen.map(([key]) => key)).toEqual(['future']);
		const fresh = undecided(
			state,
			[
				{ key: 'future', at: at(7 * 86_400) },
				{ key: 'after', at: at(61) },
			],
			OVERLAP,
		);
		expect(fresh.map((entry) => entry.key)).toEqual(['after']);
	});

	it('is plain JSON', () => {
		const state = advance(
			initialState(at(0)),
			[{ key: 'a', at: at(1), decision: 'emit' }],
			OVERLAP,
			NOW,
		);
		expect(JSON.parse(JSON.stringify(state))).toEqual(state);
		expect(typeof state.watermark).toBe('string');
	});
});
