/** What a file's extension promises and whether its first bytes keep the promise. Pure functions. */

interface FileType {
	mediaType: string;
	/** Whether the bytes are what the type says; absent: any bytes. */
	matches?: (data: Buffer) => boolean;
}

function startsWith(data: Buffer, ...bytes: number[]): boolean {
	return bytes.every((byte, index) => data[index] === byte);
}

const ZIP = (data: Buffer) =>
	startsWith(data, 0x50, 0x4b, 0x03, 0x04) || startsWith(data, 0x50, 0x4b, 0x05, 0x06);
/** Office 97-2003 documents are OLE compound files. */
const OLE = (data: Buffer) => startsWith(data, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

function isSvg(data: Buffer): boolean {
	const head = data
		.subarray(0, 4096)
		.toString('utf8')
		.replace(/^\uFEFF/, '');
	// An XML declaration, comments and a doctype may come before the root element.
	const start = head.replace(
		/^\s*(?:<\?xml[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i,
		'',
	);
	return /^<svg[\s>]/i.test(start);
}

const TYPES: Record<string, FileType> = {
	png: {
		mediaType: 'image/png',
		matches: (d) => startsWith(d, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
	},
	jpg: { mediaType: 'image/jpeg', matches: (d) => startsWith(d, 0xff, 0xd8, 0xff) },
	jpeg: { mediaType: 'image/jpeg', matches: (d) => startsWith(d, 0xff, 0xd8, 0xff) },
	gif: {
		mediaType: 'image/gif',
		matches: (d) =>
			d
				.subarray(0, 6)
				.toString('latin1')
				.match(/^GIF8[79]a$/) !== null,
	},
	webp: {
		mediaType: 'image/webp',
		matches: (d) =>
			d.subarray(0, 4).toString('latin1') === 'RIFF' &&
			d.subarray(8, 12).toString('latin1') === 'WEBP',
	},
	bmp: { mediaType: 'image/bmp', matches: (d) => startsWith(d, 0x42, 0x4d) },
	svg: { mediaType: 'image/svg+xml', matches: isSvg },
	pdf: {
		mediaType: 'application/pdf',
		matches: (d) => d.subarray(0, 5).toString('latin1') === '%PDF-',
	},
	zip: { mediaType: 'application/zip', matches: ZIP },
	docx: {
		mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		matches: ZIP,
	},
	xlsx: {
		mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		matches: ZIP,
	},
	pptx: {
		mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		matches: ZIP,
	},
	odt: { mediaType: 'application/vnd.oasis.opendocument.text', matches: ZIP },
	ods: { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', matches: ZIP },
	doc: { mediaType: 'application/msword', matches: OLE },
	xls: { mediaType: 'application/vnd.ms-excel', matches: OLE },
	ppt: { mediaType: 'application/vnd.ms-powerpoint', matches: OLE },
	gz: { mediaType: 'application/gzip', matches: (d) => startsWith(d, 0x1f, 0x8b) },
	txt: { mediaType: 'text/plain' },
	csv: { mediaType: 'text/csv' },
	json: { mediaType: 'application/json' },
	yaml: { mediaType: 'application/yaml' },
	yml: { mediaType: 'application/yaml' },
	md: { mediaType: 'text/markdown' },
	markdown: { mediaType: 'text/markdown' },
};

export function mediaTypeOf(extension: string): string {
	return TYPES[extension]?.mediaType ?? 'application/octet-stream';
}

/** Whether the bytes are what the extension says; extensions without a known signature always pass. */
export function contentMatchesExtension(extension: string, data: Buffer): boolean {
	const matches = TYPES[extension]?.matches;
	return matches ? matches(data) : true;
}
