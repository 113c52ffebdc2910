import {
	buildMultipart,
	MultipartSizeMismatch,
	type MultipartFile,
} from '../../nodes/Confluence/transport/multipart';

describe('buildMultipart', () => {
	it('frames every part with the boundary and keeps binary bytes exact', async () => {
		const bytes = Buffer.from([0, 1, 2, 253, 254, 255, 13, 10, 45, 45]);
		const { body, contentType } = await buildMultipart([
			{
				name: 'file',
				value: bytes,
				fileName: 'Résumé "final".pdf',
				contentType: 'application/pdf',
			},
			{ name: 'minorEdit', value: 'true' },
		]);
		const boundary = /boundary=(.+)$/.exec(contentType)![1];
		const text = body.toString('latin1');
		expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
		expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
		expect(text).toContain(
			`filename="R${Buffer.from('é').toString('latin1')}sum${Buffer.from('é').toString('latin1')} \\"final\\".pdf"`,
		);
		// REALITY.md multipart-filename-star: no RFC 5987 filename* (RFC 7578 forbids it in form data).
		expect(text).not.toContain('filename*');
		expect(text).toContain('Content-Type: application/pdf');
		const start = body.indexOf(Buffer.from('\r\n\r\n')) + 4;
		expect(body.subarray(start, start + bytes.length)).toEqual(bytes);
		expect(text).toContain(
			'name="minorEdit"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ntrue\r\n',
		);
	});

	it('uses a fresh boundary each time', async () => {
		expect((await buildMultipart([])).contentType).not.toBe((await buildMultipart([])).contentType);
	});

	/** A file written in chunks, as a binary-data stream delivers it. */
	const chunkedFile = (bytes: Buffer, size = bytes.length): MultipartFile => ({
		size,
		async writeInto(target, offset) {
			let written = 0;
			for (let start = 0; start < bytes.length; start += 3) {
				written += bytes.subarray(start, start + 3).copy(target, offset + written);
			}
			return written;
		},
	});

	it('writes a file part straight into the body, with the same framing as a Buffer part', async () => {
		const bytes = Buffer.from('0123456789abcdef\r\n--not-a-boundary', 'latin1');
		const parts = (file: Buffer | MultipartFile) => [
			{ name: 'file', value: file, fileName: 'a.bin', contentType: 'application/octet-stream' },
			{ name: 'comment', value: 'ünïcode' },
		];
		const fromFile = await buildMultipart(parts(chunkedFile(bytes)));
		const fromBuffer = await buildMultipart(parts(bytes));
		const boundaryOf = (contentType: string) => /boundary=(.+)$/.exec(contentType)![1];
		const normalized = (built: { body: Buffer; contentType: string }) =>
			built.body.toString('latin1').split(boundaryOf(built.contentType)).join('BOUNDARY');
		expect(normalized(fromFile)).toBe(normalized(fromBuffer));
		const start = fromFile.body.indexOf(Buffer.from('\r\n\r\n')) + 4;
		expect(fromFile.body.subarray(start, start + bytes.length)).toEqual(bytes);
	});

	it('refuses a file whose bytes do not match its announced size', async () => {
		const bytes = Buffer.from('twelve bytes');
		await expect(
			buildMultipart([
				{ name: 'file', value: chunkedFile(bytes, bytes.length + 5), fileName: 'x' },
			]),
		).rejects.toBeInstanceOf(MultipartSizeMismatch);
	});
});
