import type { Block, Inline } from './ast';
import { adfBlockFallback, inlineText, itemLabel, normalizeInlines } from './ast';

/** Plain text: paragraphs separated by blank lines, list items and table rows on their own lines. */
class TextWriter {
	constructor(private readonly userNames: Record<string, string>) {}

	document(blocks: Block[]): string {
		return this.blocks(blocks)
			.join('\n')
			.replace(/\n{3,}/g, '\n\n')
			.trim();
	}

	private inline(nodes: Inline[]): string {
		const named = (list: Inline[]): Inline[] =>
			list.map((node): Inline => {
				if (node.type === 'mention')
					return { ...node, name: this.userNames[node.user] ?? node.name };
				if (node.type === 'image') {
					const caption = node.title && node.title !== node.alt ? node.title : '';
					return { type: 'text', value: [node.alt, caption].filter(Boolean).join(' ') };
				}
				if ('children' in node) return { ...node, children: named(node.children) };
				return node;
			});
		return inlineText(normalizeInlines(named(nodes)))
			.replace(/[ \t]+/g, ' ')
			.trim();
	}

	private blocks(blocks: Block[]): string[] {
		const lines: string[] = [];
		for (const block of blocks) {
			const rendered = this.block(block);
			if (rendered.length === 0) continue;
			if (lines.length > 0) lines.push('');
			lines.push(...rendered);
		}
		return lines;
	}

	private block(block: Block): string[] {
		switch (block.type) {
			case 'paragraph':
			case 'heading': {
				const text = this.inline(block.children);
				return text ? text.split('\n') : [];
			}
			case 'code':
				return block.value ? block.value.split('\n') : [];
			case 'rule':
				return [];
			case 'list': {
				const lines: string[] = [];
				block.items.forEach((item, index) => {
					const marker = block.ordered
						? `${itemLabel(block.start + index, block.numbering)}. `
						: item.checked === undefined
							? '- '
							: item.checked
								? '[x] '
								: '[ ] ';
					const body = this.blocks(item.children).filter((line) => line !== '');
					if (body.length === 0) return;
					lines.push(`${marker}${body[0]}`, ...body.slice(1).map((line) => `  ${line}`));
				});
				return lines;
			}
			case 'table':
				return block.rows.map((row) =>
					row.cells.map((cell) => this.blocks(cell.children).filter(Boolean).join(' ')).join('\t'),
				);
			case 'panel':
			case 'expand': {
				const title = block.title ? [block.title] : [];
				return [...title, ...this.blocks(block.children)];
			}
			case 'macro': {
				// A titled macro (panel, a third-party expand) shows its title above its body.
				const title = block.params.find((param) => param.name.toLowerCase() === 'title')?.value;
				if (block.children) return [...(title ? [title] : []), ...this.blocks(block.children)];
				return block.text ? block.text.split('\n') : [];
			}
			case 'blockquote':
				return this.blocks(block.children);
			case 'adfBlock':
				return this.blocks(adfBlockFallback(block));
			case 'footnoteDefinition': {
				const body = this.blocks(block.children);
				return body.length > 0 ? [`[${block.label}] ${body[0]}`, ...body.slice(1)] : [];
			}
		}
	}
}

export function writeText(blocks: Block[], userNames: Record<string, string> = {}): string {
	return new TextWriter(userNames).document(blocks);
}
