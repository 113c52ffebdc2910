import { buildMultipart } from '../../nodes/Confluence/transport/multipart';

describe('buildMultipart', () => {
	it('frames every part with the boundary and keeps binary bytes exact', () => {
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

	it('uses a fresh boundary each time', () => {
		expect(buildMultipart([]).contentType).not.toBe(buildMultipart([]).contentType);
	});
});
