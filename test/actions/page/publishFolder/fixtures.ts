/* The sample docs folder under fixtures/docs, as the items Read/Write Files from Disk would give. */
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { readdirSync, readFileSync } from 'fs';
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { join, relative } from 'path';

import type { INodeExecutionData } from 'n8n-workflow';

import type { FolderFile } from '../../../../nodes/Confluence/actions/page/publishFolder/planner';

// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals
export const DOCS = join(__dirname, 'fixtures', 'docs');

function walk(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

/** path → content of every file of the sample folder. */
export function docsFolder(): Map<string, Buffer> {
	return new Map(
		walk(DOCS)
			.sort()
			.map((file) => [relative(DOCS, file).split('\\').join('/'), readFileSync(file)]),
	);
}

export function asFiles(folder: Map<string, Buffer>): FolderFile[] {
	return [...folder].map(([path, data], itemIndex) => ({ itemIndex, path, data }));
}

const MIME: Record<string, string> = {
	md: 'text/markdown',
	png: 'image/png',
	jpg: 'image/jpeg',
	svg: 'image/svg+xml',
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Items as Read/Write Files from Disk gives them: binary data with the directory and file name. */
export function asItems(folder: Map<string, Buffer>, base = '/data/docs'): INodeExecutionData[] {
	return [...folder].map(([path, data]) => {
		const slash = path.lastIndexOf('/');
		const fileName = path.slice(slash + 1);
		const directory = slash < 0 ? base : `${base}/${path.slice(0, slash)}`;
		const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
		return {
			json: {},
			binary: {
				data: {
					data: data.toString('base64'),
					fileName,
					directory,
					fileExtension: extension,
					mimeType: MIME[extension] ?? 'application/octet-stream',
				},
			},
		};
	});
}
