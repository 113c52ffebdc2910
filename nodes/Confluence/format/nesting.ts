/**
 * A bound on how deeply content nests. Every reader and writer walks the document recursively, and a page
 * nested a few hundred levels deep (inline marks, tables in tables) would otherwise exhaust the call stack.
 * Content deeper than the bound is flattened to its text, so no word is lost; its structure is.
 */

/** Levels of nesting kept (elements in storage format, nodes in ADF, frames in Markdown). */
export const MAX_NESTING = 100;

/**
 * Containers keep their structure for a few levels past the bound when what sits directly in them cannot be
 * text (a table row, a list); past this margin everything is flattened regardless.
 */
const STRUCTURE_MARGIN = 16;

export interface TreeShape<T> {
	children(node: T): T[] | undefined;
	/** The text a leaf carries. */
	leafText(node: T): string;
	/** Blocks are kept apart by a space when flattened, so the words of neighbouring blocks stay apart. */
	isBlock(node: T): boolean;
	/** Whether flattened text can stand in this node in place of a child. */
	holdsText(node: T): boolean;
	/** The node that replaces a too-deep child of `parent`, holding `text`. */
	flattened(text: string, parent: T): T;
	/** Gives `node` new children (in place, or the caller's copy of it). */
	setChildren(node: T, children: T[]): void;
}

/** The text of a subtree, gathered without recursion. */
export function subtreeText<T>(root: T, shape: TreeShape<T>): string {
	const parts: string[] = [];
	const pending: Array<T | typeof BLOCK_END> = [root];
	while (pending.length > 0) {
		const node = pending.pop() as T | typeof BLOCK_END;
		if (node === BLOCK_END) {
			parts.push(' ');
			continue;
		}
		const children = shape.children(node);
		if (!children || children.length === 0) {
			parts.push(shape.leafText(node));
			continue;
		}
		if (shape.isBlock(node)) {
			parts.push(' ');
			pending.push(BLOCK_END);
		}
		for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
	}
	return parts.join('').replace(/ {2,}/g, ' ').trim();
}

const BLOCK_END = Symbol('block end');

/**
 * Replaces every node nested deeper than `MAX_NESTING` (below a node that can hold text) by a flattened copy
 * of its text, without recursion. Returns whether anything was flattened.
 */
export function boundNesting<T>(root: T, shape: TreeShape<T>): boolean {
	let flattenedAny = false;
	const pending: Array<{ node: T; depth: number }> = [{ node: root, depth: 0 }];
	while (pending.length > 0) {
		const { node, depth } = pending.pop() as { node: T; depth: number };
		const children = shape.children(node);
		if (!children || children.length === 0) continue;
		const childDepth = depth + 1;
		const flatten =
			childDepth >= MAX_NESTING + STRUCTURE_MARGIN ||
			(childDepth >= MAX_NESTING && shape.holdsText(node));
		if (flatten) {
			const kept = children.map((child) =>
				shape.children(child)?.length ? shape.flattened(subtreeText(child, shape), node) : child,
			);
			shape.setChildren(node, kept);
			flattenedAny = true;
			continue;
		}
		for (const child of children) pending.push({ node: child, depth: childDepth });
	}
	return flattenedAny;
}

/** The depth of the deepest node, without recursion. */
export function treeDepth<T>(root: T, children: (node: T) => T[] | undefined): number {
	let deepest = 0;
	const pending: Array<{ node: T; depth: number }> = [{ node: root, depth: 0 }];
	while (pending.length > 0) {
		const { node, depth } = pending.pop() as { node: T; depth: number };
		if (depth > deepest) deepest = depth;
		for (const child of children(node) ?? []) pending.push({ node: child, depth: depth + 1 });
	}
	return deepest;
}
