import { randomBytes } from 'crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';
import type { RunResult } from '../../helpers/n8n';
import type { RecordedRequest, Simulator } from '../../simulator';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

function ok(result: RunResult): INodeExecutionData[] {
	if (result.error)
		throw new Error(`node failed: ${result.error.message} ${result.error.description ?? ''}`);
	return result.items;
}

function apiRequests(sim: Simulator, method?: string, path?: RegExp): RecordedRequest[] {
	return sim.requests.filter(
		(request) =>
			/^\/wiki\/(api\/v2|rest\/api)\//.test(request.path) &&
			(!method || request.method === method) &&
			(!path || path.test(request.path)),
	);
}

function mediaRequests(sim: Simulator): RecordedRequest[] {
	const mediaHost = new URL(sim.mediaUrl).host;
	return sim.requests.filter((request) => request.headers.host === mediaHost);
}

function expectCleanExchange(sim: Simulator): void {
	expect(sim.contractViolations).toEqual([]);
	expect(sim.serverErrors.map((error) => error.message)).toEqual([]);
}

function binaryItem(
	data: Buffer,
	fileName: string,
	mimeType: string,
	json: IDataObject = {},
): INodeExecutionData {
	return { json, binary: { data: { data: data.toString('base64'), fileName, mimeType } } };
}

function bytesOf(item: INodeExecutionData, property = 'data'): Buffer {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property ${property}`);
	return Buffer.from(binary.data, 'base64');
}

function attachmentsOf(sim: Simulator, containerId: string) {
	return sim.store.contained(containerId, 'attachment').filter((item) => item.status === 'current');
}

const UNUSUAL_NAME = 'Bericht über Q3 – final #2 (v1%).bin';

describe.each(AUTH_KINDS)('attachment operations with %s', (auth) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });
	let sim: Simulator;
	let pageId: string;

	beforeEach(() => {
		sim = bed.sim;
		pageId = sim.demo!.pages.projectPlan;
	});

	const upload = async (data: Buffer, fileName: string, extra: IDataObject = {}, target = pageId) =>
		await bed.run({
			auth,
			parameters: {
				resource: 'attachment',
				operation: 'upload',
				contentType: 'page',
				page: byId(target),
				binaryPropertyName: 'data',
				...extra,
			},
			inputItems: [binaryItem(data, fileName, 'application/octet-stream')],
		});

	const run = async (parameters: IDataObject) =>
		await bed.run({ auth, parameters: { resource: 'attachment', ...parameters } });

	const download = async (attachmentId: string, parameters: IDataObject = {}) =>
		await run({ operation: 'download', attachmentId, ...parameters });

	it('uploads and downloads a file byte for byte, keeping a non-ASCII name with spaces', async () => {
		const data = randomBytes(6 * 1024);
		const [uploaded] = ok(
			await upload(data, UNUSUAL_NAME, { options: { comment: 'Quarterly numbers' } }),
		);

		expect(uploaded.json).toMatchObject({
			title: UNUSUAL_NAME,
			fileSize: data.length,
			pageId,
			version: 1,
			comment: 'Quarterly numbers',
		});
		expect(String(uploaded.json.id)).toMatch(/^att\d+$/);
		const stored = attachmentsOf(sim, pageId).find((item) => item.title === UNUSUAL_NAME);
		expect(stored?.id).toBe(uploaded.json.id);
		expect(sim.store.current(stored!).file?.data.equals(data)).toBe(true);

		const [put] = apiRequests(sim, 'PUT', /\/child\/attachment$/);
		expect(put.path).toBe(`/wiki/rest/api/content/${pageId}/child/attachment`);
		expect(put.headers['x-atlassian-token']).toBe('nocheck');
		expect(String(put.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);

		const [downloaded] = ok(await download(String(uploaded.json.id)));
		expect(bytesOf(downloaded).equals(data)).toBe(true);
		expect(downloaded.binary?.data.fileName).toBe(UNUSUAL_NAME);
		expect(downloaded.json).toMatchObject({ id: uploaded.json.id, title: UNUSUAL_NAME, pageId });
		expectCleanExchange(sim);
	});

	// REALITY.md download-media-redirect: the media host authenticates by the token in its URL.
	it('never sends the Authorization header to the media host the download redirects to', async () => {
		const attachmentId = sim.demo!.attachmentId;
		const [downloaded] = ok(await download(attachmentId, { binaryPropertyName: 'file' }));

		expect(bytesOf(downloaded, 'file').toString('utf8')).toBe(
			'Hello from the Confluence simulator.\n',
		);
		expect(downloaded.binary?.file.mimeType).toBe('text/plain');
		expect(downloaded.binary?.file.fileName).toBe('hello.txt');
		const media = mediaRequests(sim);
		expect(media.length).toBeGreaterThan(0);
		for (const request of media) expect(request.headers.authorization).toBeUndefined();
		expect(media.every((request) => request.status === 200)).toBe(true);
		expectCleanExchange(sim);
	});

	// The media host's answer is streamed into n8n's binary store (issue 12): a failure there still reads its body.
	it('retries a media host that fails once, and downloads a large file intact from its stream', async () => {
		const data = randomBytes(3 * 1024 * 1024 + 5);
		const [uploaded] = ok(await upload(data, 'large.bin'));
		sim.faults.inject({ kind: 'serverError', status: 503, path: /\/binary$/ });
		const [downloaded] = ok(await download(String(uploaded.json.id)));
		expect(bytesOf(downloaded).equals(data)).toBe(true);
		expect(mediaRequests(sim).map((request) => request.status)).toEqual([503, 200]);
	});

	it('names the status and what the media host said when it keeps failing', async () => {
		const attachmentId = sim.demo!.attachmentId;
		for (let index = 0; index < 8; index++) {
			sim.faults.inject({ kind: 'serverError', status: 502, path: /\/binary$/ });
		}
		const result = await download(attachmentId);
		expect(result.error?.message).toMatch(/502/);
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).not.toMatch(
			/\[object|IncomingMessage/,
		);
	});

	// REALITY.md legacy-download-refused: the v2 downloadLink path answers 401 to API calls since CHANGE-3007.
	it('downloads through v1 child/attachment/{id}/download, never the refused downloadLink path', async () => {
		const attachmentId = sim.demo!.attachmentId;
		const [downloaded] = ok(await download(attachmentId));
		expect(bytesOf(downloaded).toString('utf8')).toBe('Hello from the Confluence simulator.\n');
		const downloads = sim.requests.filter((request) => /download/.test(request.path));
		expect(downloads.map((request) => [request.path, request.status])).toEqual([
			[
				`/wiki/rest/api/content/${sim.demo!.pages.gettingStarted}/child/attachment/${attachmentId}/download`,
				302,
			],
		]);
		expect(downloads[0].query).toMatchObject({ version: '1' });
		expectCleanExchange(sim);
	});

	it('turns an upload of a same-named file into a new version of that attachment', async () => {
		const first = randomBytes(2048);
		const second = randomBytes(3072);
		const [v1] = ok(await upload(first, 'plan.bin'));
		const [v2] = ok(await upload(second, 'plan.bin', { options: { minorEdit: true } }));

		expect(v2.json.id).toBe(v1.json.id);
		expect(v2.json.version).toBe(2);
		const named = attachmentsOf(sim, pageId).filter((item) => item.title === 'plan.bin');
		expect(named).toHaveLength(1);
		expect(named[0].versions).toHaveLength(2);
		expect(sim.store.current(named[0]).file?.data.equals(second)).toBe(true);

		const [downloaded] = ok(await download(String(v1.json.id)));
		expect(bytesOf(downloaded).equals(second)).toBe(true);
		expectCleanExchange(sim);
	});

	it('uploads to a blog post, with the file name and MIME type overridden', async () => {
		const blogPostId = sim.demo!.blogPosts[0];
		const data = Buffer.from('a,b\n1,2\n');
		const [uploaded] = ok(
			await bed.run({
				auth,
				parameters: {
					resource: 'attachment',
					operation: 'upload',
					contentType: 'blogPost',
					blogPost: byId(blogPostId),
					binaryPropertyName: 'sheet',
					options: { fileName: 'numbers.csv', mimeType: 'text/csv' },
				},
				inputItems: [
					{
						json: {},
						binary: {
							sheet: { data: data.toString('base64'), mimeType: 'application/octet-stream' },
						},
					},
				],
			}),
		);
		expect(uploaded.json).toMatchObject({
			title: 'numbers.csv',
			mediaType: 'text/csv',
			blogPostId,
		});
		const stored = attachmentsOf(sim, blogPostId).find((item) => item.title === 'numbers.csv');
		expect(sim.store.current(stored!).file?.data.equals(data)).toBe(true);
		expectCleanExchange(sim);
	});

	it('fails with the parameter named and sends nothing when the input binary field is missing', async () => {
		const result = await bed.run({
			auth,
			parameters: {
				resource: 'attachment',
				operation: 'upload',
				contentType: 'page',
				page: byId(pageId),
				binaryPropertyName: 'missing',
			},
			inputItems: [binaryItem(Buffer.from('x'), 'x.txt', 'text/plain')],
		});
		expect(result.error?.message).toMatch(/missing/);
		expect(apiRequests(sim)).toHaveLength(0);
	});

	it('reports a page that does not exist when uploading, and stores nothing', async () => {
		const result = await upload(Buffer.from('orphan'), 'orphan.txt', {}, '99999999');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).toMatch(/\(404\)/);
		expect(sim.store.list('attachment').some((item) => item.title === 'orphan.txt')).toBe(false);
	});

	it('gets one attachment, simplified and raw', async () => {
		const attachmentId = sim.demo!.attachmentId;
		const [simple] = ok(await run({ operation: 'get', attachmentId }));
		expect(simple.json).toMatchObject({
			id: attachmentId,
			title: 'hello.txt',
			mediaType: 'text/plain',
			pageId: sim.demo!.pages.gettingStarted,
			version: 1,
		});
		expect(String(simple.json.downloadUrl)).toMatch(/^https?:\/\/.+\/download\/attachments\//);

		const numericId = attachmentId.replace(/^att/, '');
		const [raw] = ok(await run({ operation: 'get', attachmentId: numericId, simplify: false }));
		expect(raw.json.id).toBe(attachmentId);
		expect(typeof raw.json.downloadLink).toBe('string');
		expect(apiRequests(sim, 'GET', /\/attachments\//).map((request) => request.path)).toEqual([
			`/wiki/api/v2/attachments/${attachmentId}`,
			`/wiki/api/v2/attachments/${attachmentId}`,
		]);
		expectCleanExchange(sim);
	});

	it('answers an unknown attachment with a not-found error, and a malformed ID without a request', async () => {
		const missing = await run({ operation: 'get', attachmentId: 'att99999999' });
		expect(missing.error?.message).toMatch(/found nothing at this ID.*\(404\)/);
		expect(missing.error?.httpCode).toBe('404');

		const before = apiRequests(sim).length;
		const malformed = await run({ operation: 'get', attachmentId: 'report.pdf' });
		expect(malformed.error?.message).toContain('"Attachment ID"');
		expect(apiRequests(sim)).toHaveLength(before);
	});

	it('lists every attachment of a page past 250 with Return All, and up to the limit otherwise', async () => {
		const bulkPage = sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'Many files' });
		for (let n = 0; n < 260; n++) {
			sim.store.addAttachment({
				containerId: bulkPage.id,
				fileName: `file-${n}.txt`,
				data: `file ${n}`,
			});
		}
		const all = ok(
			await run({
				operation: 'getMany',
				contentType: 'page',
				page: byId(bulkPage.id),
				returnAll: true,
			}),
		);
		expect(all).toHaveLength(260);
		expect(new Set(all.map((item) => item.json.title)).size).toBe(260);
		expect(apiRequests(sim, 'GET', /\/attachments$/).length).toBeGreaterThanOrEqual(2);

		const some = ok(
			await run({ operation: 'getMany', contentType: 'page', page: byId(bulkPage.id), limit: 7 }),
		);
		expect(some).toHaveLength(7);
		expectCleanExchange(sim);
	});

	it('filters by media type and file name, and downloads each file when asked', async () => {
		const png = randomBytes(512);
		sim.store.addAttachment({
			containerId: pageId,
			fileName: 'diagram.png',
			mediaType: 'image/png',
			data: png,
		});
		sim.store.addAttachment({
			containerId: pageId,
			fileName: 'notes.txt',
			mediaType: 'text/plain',
			data: 'notes',
		});
		sim.store.addAttachment({
			containerId: pageId,
			fileName: 'todo.txt',
			mediaType: 'text/plain',
			data: 'todo',
		});

		const texts = ok(
			await run({
				operation: 'getMany',
				contentType: 'page',
				page: byId(pageId),
				returnAll: true,
				filters: { mediaType: 'text/plain' },
				options: { download: true, binaryPropertyName: 'file' },
			}),
		);
		expect(texts.map((item) => item.json.title).sort()).toEqual(['notes.txt', 'todo.txt']);
		const contents = Object.fromEntries(
			texts.map((item) => [item.json.title, bytesOf(item, 'file').toString('utf8')]),
		);
		expect(contents).toEqual({ 'notes.txt': 'notes', 'todo.txt': 'todo' });

		const [diagram] = ok(
			await run({
				operation: 'getMany',
				contentType: 'page',
				page: byId(pageId),
				filters: { filename: 'diagram.png' },
				options: { download: true },
			}),
		);
		expect(diagram.json.title).toBe('diagram.png');
		expect(bytesOf(diagram).equals(png)).toBe(true);
		const lists = apiRequests(sim, 'GET', /\/attachments$/);
		expect(lists[0].query).toMatchObject({ mediaType: 'text/plain' });
		expect(lists[1].query).toMatchObject({ filename: 'diagram.png' });
		for (const request of mediaRequests(sim)) expect(request.headers.authorization).toBeUndefined();
		expectCleanExchange(sim);
	});

	it('returns no items for a page without attachments', async () => {
		const emptyPage = sim.store.createPage({ spaceId: sim.demo!.spaceId, title: 'No files here' });
		const result = await run({
			operation: 'getMany',
			contentType: 'page',
			page: byId(emptyPage.id),
			returnAll: true,
		});
		expect(ok(result)).toHaveLength(0);
	});

	it('moves an attachment to the trash, and purges it with two calls', async () => {
		const trashed = sim.store.addAttachment({
			containerId: pageId,
			fileName: 'old.txt',
			data: 'old',
		});
		const [trashResult] = ok(await run({ operation: 'delete', attachmentId: trashed.id }));
		expect(trashResult.json).toEqual({ id: trashed.id, deleted: true, purged: false });
		expect(sim.store.get(trashed.id)?.status).toBe('trashed');

		const purged = sim.store.addAttachment({
			containerId: pageId,
			fileName: 'gone.txt',
			data: 'gone',
		});
		const [purgeResult] = ok(
			await run({ operation: 'delete', attachmentId: purged.id, options: { purge: true } }),
		);
		expect(purgeResult.json).toEqual({ id: purged.id, deleted: true, purged: true });
		expect(sim.store.get(purged.id)).toBeUndefined();
		const numericId = purged.id.replace(/^att/, '');
		const deletes = apiRequests(sim, 'DELETE').filter(
			(request) => request.path === `/wiki/api/v2/attachments/${numericId}`,
		);
		expect(deletes.map((request) => request.query.purge)).toEqual([undefined, 'true']);
		expectCleanExchange(sim);
	});

	it('with continueOnFail, keeps good items and reports bad ones by item', async () => {
		const result = await bed.run({
			auth,
			continueOnFail: true,
			parameters: { resource: 'attachment', operation: 'get', attachmentId: '={{ $json.id }}' },
			items: [{ id: sim.demo!.attachmentId }, { id: 'not-an-id' }, { id: 'att88888888' }],
		});
		const items = ok(result);
		expect(items).toHaveLength(3);
		expect(items[0].json.title).toBe('hello.txt');
		expect(String(items[1].json.error)).toContain('"Attachment ID"');
		expect(items[2].json.httpCode).toBe('404');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('attachment upload XSRF protection', () => {
	const bed = useTestBed('demo', { shared: true });

	it('is enforced by the simulator: a multipart upload without X-Atlassian-Token is refused with 403', async () => {
		const { sim } = bed;
		const boundary = 'xsrfboundary';
		const body = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n` +
				`--${boundary}\r\nContent-Disposition: form-data; name="minorEdit"\r\n\r\nfalse\r\n--${boundary}--\r\n`,
		);
		const pageId = sim.demo!.pages.projectPlan;
		const auth = `Basic ${Buffer.from(`${sim.users.demo.email}:${sim.users.demo.apiToken}`).toString('base64')}`;
		const url = `${sim.baseUrl}/wiki/rest/api/content/${pageId}/child/attachment`;
		const headers = {
			authorization: auth,
			'content-type': `multipart/form-data; boundary=${boundary}`,
		};

		const refused = await fetch(url, { method: 'PUT', headers, body });
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('XSRF check failed');
		expect(attachmentsOf(sim, pageId).some((item) => item.title === 'a.txt')).toBe(false);

		const accepted = await fetch(url, {
			method: 'PUT',
			headers: { ...headers, 'x-atlassian-token': 'nocheck' },
			body,
		});
		expect(accepted.status).toBe(200);
		expect(attachmentsOf(sim, pageId).some((item) => item.title === 'a.txt')).toBe(true);
		expect(sim.contractViolations).toEqual([]);
	});
});

// REALITY.md multipart-filename-star: however the server reads `filename*`, names in any script arrive intact.
describe.each(['decoded', 'ignored', 'verbatim'] as const)(
	'attachment names in several scripts when the server reads filename* as %s',
	(reading) => {
		const bed = useTestBed('demo', { failOnContractViolations: true });
		const NAMES = [
			'Отчёт за квартал.pdf',
			'会议记录 2026.docx',
			'تقرير.txt',
			'Ελληνικά σημειώσεις.md',
			'😀 emoji ünd Umlaute.png',
			'e\u0301te\u0301 (NFD).txt',
		];

		it.each(NAMES)('uploads %s and finds it under the same name', async (name) => {
			bed.sim.setVariants({ multipartFilenameStar: reading });
			const pageId = bed.sim.demo!.pages.projectPlan;
			const [uploaded] = ok(
				await bed.run({
					parameters: {
						resource: 'attachment',
						operation: 'upload',
						contentType: 'page',
						page: byId(pageId),
						binaryPropertyName: 'data',
					},
					inputItems: [binaryItem(Buffer.from('bytes'), name, 'application/octet-stream')],
				}),
			);
			expect(uploaded.json.title).toBe(name);
			expect(attachmentsOf(bed.sim, pageId).map((item) => item.title)).toContain(name);
		});
	},
);
