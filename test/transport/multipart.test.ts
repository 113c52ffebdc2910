import {
	buildMultipart,
	MultipartSizeMismatch,
	StreamedBody,
	type MultipartFile,
} from '../../nodes/Confluence/transport/multipart';

const boundaryOf = (contentType: string) => /boundary=(.+)$/.exec(contentType)![1];

describe('buildMultipart', () => {
	it('frames every part with the boundary and keeps binary bytes exact', async () => {
		const bytes = Buffer.from([0, 1, 2, 253, 254, 255, 13, 10, 45, 45]);
		const { body, contentType } = buildMultipart([
			{
				name: 'file',
				value: bytes,
				fileName: 'Résumé "final".pdf',
				contentType: 'application/pdf',
			},
			{ name: 'minorEdit', value: 'true' },
		]);
		const boundary = boundaryOf(contentType);
		const sent = await body.bytes();
		const text = sent.toString('latin1');
		expect(sent.length).toBe(body.size);
		expect(text.startsWith(`--${boundary}\r\n`)).toBe(true);
		expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
		expect(text).toContain(
			`filename="R${Buffer.from('é').toString('latin1')}sum${Buffer.from('é').toString('latin1')} \\"final\\".pdf"`,
		);
		// REALITY.md multipart-filename-star: no RFC 5987 filename* (RFC 7578 forbids it in form data).
		expect(text).not.toContain('filename*');
		expect(text).toContain('Content-Type: application/pdf');
		const start = sent.indexOf(Buffer.from('\r\n\r\n')) + 4;
		expect(sent.subarray(start, start + bytes.length)).toEqual(bytes);
		expect(text).toContain(
			'name="minorEdit"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ntrue\r\n',
		);
	});

	it('uses a fresh boundary each time', () => {
		expect(buildMultipart([]).contentType).not.toBe(buildMultipart([]).contentType);
	});

	it('is a body that n8n’s HTTP client reads as a Blob: its size, the multipart type, and its bytes', () => {
		const { body, contentType } = buildMultipart([{ name: 'a', value: 'b' }]);
		expect(body).toBeInstanceOf(StreamedBody);
		expect(Object.prototype.toString.call(body)).toBe('[object Blob]');
		expect(body.type).toBe(contentType);
		expect(typeof body.stream).toBe('function');
		// n8n drops a body it finds empty (n8n-workflow's isObjectEmpty counts own keys).
		expect(Object.keys(body).length).toBeGreaterThan(0);
	});

	/** A file read in chunks, as a binary-data stream delivers it, counting how often it is opened. */
	const chunkedFile = (bytes: Buffer, size = bytes.length) => {
		const file: MultipartFile & { opened: number } = {
			size,
			opened: 0,
			async *chunks() {
				file.opened++;
				for (let start = 0; start < bytes.length; start += 3)
					yield bytes.subarray(start, start + 3);
			},
		};
		return file;
	};

	it('reads a file part while it is sent, with the same framing as a Buffer part, and again for each send', async () => {
		const bytes = Buffer.from('0123456789abcdef\r\n--not-a-boundary', 'latin1');
		const parts = (file: Buffer | MultipartFile) => [
			{ name: 'file', value: file, fileName: 'a.bin', contentType: 'application/octet-stream' },
			{ name: 'comment', value: 'ünïcode' },
		];
		const file = chunkedFile(bytes);
		const fromFile = buildMultipart(parts(file));
		const fromBuffer = buildMultipart(parts(bytes));
		expect(file.opened).toBe(0);
		const normalized = async (built: { body: StreamedBody; contentType: string }) =>
			(await built.body.bytes())
				.toString('latin1')
				.split(boundaryOf(built.contentType))
				.join('BOUNDARY');
		expect(await normalized(fromFile)).toBe(await normalized(fromBuffer));
		expect(fromFile.body.size).toBe(fromBuffer.body.size);
		// A token refresh or a retry sends the body again: the file is read again from its start.
		expect(await normalized(fromFile)).toBe(await normalized(fromBuffer));
		expect(file.opened).toBe(2);
	});

	it.each([
		['more', 5],
		['fewer', -5],
	])(
		'fails the send when a file gives %s bytes than announced',
		async (_label: string, delta: number) => {
			const bytes = Buffer.from('twelve bytes');
			const { body } = buildMultipart([
				{ name: 'file', value: chunkedFile(bytes, bytes.length - delta), fileName: 'x' },
			]);
			await expect(body.bytes()).rejects.toBeInstanceOf(MultipartSizeMismatch);
		},
	);
});
