/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import * as fs from 'fs';
import * as path from 'path';
import { SaxesParser } from 'saxes';

/** Problems a strict XML parser finds in a storage body (wrapped in a root that declares ac: and ri:). */
export function xmlProblems(storage: string): string[] {
	const problems: string[] = [];
	const parser = new SaxesParser({ xmlns: true });
	parser.on('error', (error) => problems.push(error.message));
	try {
		parser
			.write(
				`<root xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">${storage}</root>`,
			)
			.close();
	} catch (error) {
		problems.push(String(error));
	}
	return problems;
}

/** The shared test corpus, next to the repository (CI clones the repository beside shared/). */
export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusFiles(kind: 'storage' | 'adf'): string[] {
	const directory = path.join(CORPUS_DIR, kind);
	return fs
		.readdirSync(directory)
		.filter((file) => file.endsWith(kind === 'adf' ? '.json' : '.xml'))
		.sort()
		.map((file) => path.join(directory, file));
}

export function printLine(line: string): void {
	process.stdout.write(`${line}\n`);
}
