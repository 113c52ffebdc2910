/**
 * Writes to one target (a page, a blog post) within one run go one at a time and in input order, whatever the
 * concurrency: two items appending to the same page at once would both read version N and one of them would lose the
 * race for N + 1 again and again; and appended lines must land in the order of the items.
 *
 * An item may write to a target once every earlier item has settled for it: finished, written to its own target, or
 * turned out to write to another one. The router tells when an item is finished.
 */
interface RunOrder {
	/** Items finished, or done writing. */
	settled: Set<number>;
	/** The target each item writes to, once it knows. */
	targets: Map<number, string>;
	/** Every item below this index is settled. */
	lowestOpen: number;
	wake: Array<() => void>;
}

const runs = new WeakMap<object, RunOrder>();

function notify(order: RunOrder): void {
	while (order.settled.has(order.lowestOpen)) order.lowestOpen++;
	const waiting = order.wake;
	order.wake = [];
	for (const resume of waiting) resume();
}

function mayWrite(order: RunOrder, itemIndex: number, target: string): boolean {
	for (let earlier = order.lowestOpen; earlier < itemIndex; earlier++) {
		if (order.settled.has(earlier)) continue;
		const other = order.targets.get(earlier);
		if (other === undefined || other === target) return false;
	}
	return true;
}

/** Starts ordering the writes of one run (the router's execution context); `finish` is called for every item. */
export function startWriteOrder(run: object): { finish(itemIndex: number): void } {
	const order: RunOrder = { settled: new Set(), targets: new Map(), lowestOpen: 0, wake: [] };
	runs.set(run, order);
	return {
		finish(itemIndex) {
			order.settled.add(itemIndex);
			notify(order);
		},
	};
}

/** Runs `write` once every earlier item of the run has settled for `target`; without a run order, at once. */
export async function inWriteOrder<T>(
	run: object,
	itemIndex: number,
	target: string,
	write: () => Promise<T>,
): Promise<T> {
	const order = runs.get(run);
	if (!order) return await write();
	order.targets.set(itemIndex, target);
	notify(order);
	while (!mayWrite(order, itemIndex, target)) {
		await new Promise<void>((resume) => order.wake.push(resume));
	}
	try {
		return await write();
	} finally {
		order.settled.add(itemIndex);
		notify(order);
	}
}
