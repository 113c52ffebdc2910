import { randomBytes } from 'node:crypto';

import { boundaryOf, isMultipart, MultipartError, parseMultipart } from './multipart';

interface TestPart {
	disposition: string;
	contentType?: string;
	data: Buffer | string;
}

function build(
	boundary: string,
	parts: TestPart[],
	options: { preamble?: string; epilogue?: string } = {},
) {
	const chunks: Buffer[] = [];
	if (options.preamble !== undefined) chunks.push(Buffer.from(`${options.preamble}\r\n`));
	for (const part of parts) {
		let head = `--${boundary}\r\nContent-Disposition: ${part.disposition}\r\n`;
		if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`, 'utf8'));
		chunks.push(typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data);
		chunks.push(Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--`));
	if (options.epilogue !== undefined) chunks.push(Buffer.from(`\r\n${options.epilogue}`));
	return Buffer.concat(chunks);
}

describe('multipart/form-data parser', () => {
	const boundary = '----simBoundary7MA4YWxkTrZu0gW';
	const contentType = `multipart/form-data; boundary=${boundary}`;

	it('reads fields and a file, keeping binary content byte-exact', () => {
		// Bytes that look like framing (CRLF, dashes, a boundary prefix) must survive untouched.
		const binary = Buffer.concat([
			Buffer.from([0, 255, 13, 10, 45, 45, 13, 10]),
			Buffer.from(`\r\n--${boundary.slice(0, -1)}`),
			randomBytes(4096),
			Buffer.from('\r\n'),
		]);
		const body = build(boundary, [
			{
				disposition: 'form-data; name="file"; filename="data.bin"',
				contentType: 'application/octet-stream',
				data: binary,
			},
			{ disposition: 'form-data; name="minorEdit"', data: 'true' },
			{
				disposition: 'form-data; name="comment"',
				contentType: 'text/plain; charset=utf-8',
				data: 'Ünïcödé comment',
			},
		]);
		const form = parseMultipart(body, contentType);
		expect(form.parts.map((p) => p.name)).toEqual(['file', 'minorEdit', 'comment']);
		const file = form.get('file');
		expect(file?.filename).toBe('data.bin');
		expect(file?.contentType).toBe('application/octet-stream');
		expect(file?.data.equals(binary)).toBe(true);
		expect(form.text('minorEdit')).toBe('true');
		expect(form.text('comment')).toBe('Ünïcödé comment');
		expect(form.get('minorEdit')?.filename).toBeUndefined();
	});

	it('prefers filename* (RFC 8187) over filename and decodes UTF-8 percent-escapes', () => {
		const name = 'Résumé 2026 – 日本.pdf';
		const body = build(boundary, [
			{
				disposition: `form-data; name="file"; filename="fallback.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
				data: 'pdf',
			},
		]);
		expect(parseMultipart(body, contentType).get('file')?.filename).toBe(name);
	});

	it('decodes ISO-8859-1 filename* values', () => {
		const body = build(boundary, [
			{ disposition: `form-data; name="file"; filename*=ISO-8859-1'en'caf%E9.txt`, data: 'x' },
		]);
		expect(parseMultipart(body, contentType).get('file')?.filename).toBe('café.txt');
	});

	it('reads raw UTF-8 and escaped quotes and semicolons inside a quoted filename', () => {
		const body = build(boundary, [
			{ disposition: 'form-data; name="file"; filename="a \\"quoted\\"; ü.txt"', data: 'x' },
		]);
		expect(parseMultipart(body, contentType).get('file')?.filename).toBe('a "quoted"; ü.txt');
	});

	it('returns repeated file fields in order', () => {
		const body = build(boundary, [
			{ disposition: 'form-data; name="file"; filename="one.txt"', data: 'first' },
			{ disposition: 'form-data; name="file"; filename="two.txt"', data: 'second' },
			{ disposition: 'form-data; name="comment"', data: 'c1' },
			{ disposition: 'form-data; name="comment"', data: 'c2' },
		]);
		const form = parseMultipart(body, contentType);
		expect(form.all('file').map((p) => [p.filename, p.data.toString()])).toEqual([
			['one.txt', 'first'],
			['two.txt', 'second'],
		]);
		expect(form.all('comment').map((p) => form.decode(p))).toEqual(['c1', 'c2']);
	});

	it('ignores preamble and epilogue, accepts a quoted boundary and empty content', () => {
		const quotedBoundary = 'a:b=c';
		const body = build(
			quotedBoundary,
			[
				{ disposition: 'form-data; name="empty"; filename="empty.txt"', data: '' },
				{ disposition: 'form-data; name="x"', data: 'y' },
			],
			{ preamble: 'This is the preamble.', epilogue: 'epilogue text' },
		);
		const form = parseMultipart(body, `multipart/form-data; boundary="${quotedBoundary}"`);
		expect(form.get('empty')?.data.length).toBe(0);
		expect(form.text('x')).toBe('y');
	});

	it('uses the _charset_ field as default charset for text fields (RFC 7578 §4.6)', () => {
		const body = build(boundary, [
			{ disposition: 'form-data; name="_charset_"', data: 'iso-8859-1' },
			{ disposition: 'form-data; name="comment"', data: Buffer.from([0x63, 0x61, 0x66, 0xe9]) },
		]);
		expect(parseMultipart(body, contentType).text('comment')).toBe('café');
	});

	it('handles transport padding after a boundary and a missing final CRLF', () => {
		const body = Buffer.from(
			`--${boundary}  \t\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--${boundary}--`,
		);
		expect(parseMultipart(body, contentType).text('a')).toBe('value');
	});

	it('parses large bodies without copying the file content', () => {
		const big = randomBytes(20 * 1024 * 1024);
		const body = build(boundary, [
			{ disposition: 'form-data; name="file"; filename="big.bin"', data: big },
		]);
		const file = parseMultipart(body, contentType).get('file');
		expect(file?.data.length).toBe(big.length);
		expect(file?.data.equals(big)).toBe(true);
		// A view into the request buffer, not a copy.
		expect(file?.data.buffer).toBe(body.buffer);
	});

	it.each([
		['no boundary parameter', 'multipart/form-data', Buffer.from('x')],
		['wrong media type', 'application/json', Buffer.from('{}')],
		['boundary never appears', contentType, Buffer.from('nothing here')],
		[
			'missing closing boundary',
			contentType,
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue`),
		],
		[
			'no Content-Disposition',
			contentType,
			Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${boundary}--`),
		],
		[
			'disposition without name',
			contentType,
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${boundary}--`),
		],
		[
			'unterminated headers',
			contentType,
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"`),
		],
	])('rejects %s', (_label, type, body) => {
		expect(() => parseMultipart(body, type)).toThrow(MultipartError);
	});

	it('recognises multipart content types', () => {
		expect(isMultipart('Multipart/Form-Data; boundary=x')).toBe(true);
		expect(isMultipart('application/json')).toBe(false);
		expect(isMultipart(undefined)).toBe(false);
		expect(boundaryOf('multipart/form-data; charset=utf-8; boundary=abc')).toBe('abc');
	});
});
