import { createHash, randomBytes } from 'node:crypto';

import { useSimulator } from '../helpers/fixtures';
import { mediaRequests } from './routes/attachments';
import { simSettings } from './routeHelpers';
import { call, multipart, type FormPart } from './testHttp';

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('simulator attachments', () => {
	const sim = useSimulator('demo', { failOnErrors: true });
	let pageId: string;

	beforeEach(() => {
		pageId = sim.demo!.pages.projectPlan;
	});

	const upload = (
		method: 'POST' | 'PUT',
		parts: FormPart[],
		options: { id?: string; token?: string | null; query?: string } = {},
	) => {
		const form = multipart(parts);
		const headers: Record<string, string> = { 'content-type': form.contentType };
		if (options.token !== null) headers['x-atlassian-token'] = options.token ?? 'nocheck';
		return call(
			sim,
			method,
			`/wiki/rest/api/content/${options.id ?? pageId}/child/attachment${options.query ?? ''}`,
			{ raw: form.body, headers },
		);
	};

	const file = (filename: string, value: string | Buffer, contentType?: string): FormPart => ({
		name: 'file',
		filename,
		value,
		contentType: contentType ?? 'application/octet-stream',
	});
	const minorEdit = (value = 'true'): FormPart => ({ name: 'minorEdit', value });

	/** The download that works on Cloud (the v2 `downloadLink` path is refused): v1 REST, 302 to the media host. */
	const restDownload = (
		attachment: { id: string; pageId?: string; blogPostId?: string; version: { number: number } },
		options: { auth?: string; prefix?: string } = {},
	) =>
		call(
			sim,
			'GET',
			`${options.prefix ?? ''}/wiki/rest/api/content/${attachment.pageId ?? attachment.blogPostId}/child/attachment/${attachment.id}/download?version=${attachment.version.number}`,
			options.auth ? { auth: options.auth } : {},
		);

	it('uploads with PUT, lists the attachment in v2 and serves the exact bytes through the media redirect', async () => {
		const bytes = Buffer.concat([
			Buffer.from('\r\n--not-a-boundary\r\n'),
			randomBytes(64 * 1024),
			Buffer.from([0, 13, 10, 255]),
		]);
		const put = await upload('PUT', [
			file('report.bin', bytes),
			minorEdit(),
			{ name: 'comment', value: 'First upload', contentType: 'text/plain; charset=utf-8' },
		]);
		expect(put.status).toBe(200);
		expect(put.body.size).toBe(1);
		const created = put.body.results[0];
		expect(created).toMatchObject({
			type: 'attachment',
			status: 'current',
			title: 'report.bin',
			version: { number: 1, minorEdit: true },
			container: { id: pageId, type: 'page' },
			extensions: { fileSize: bytes.length, comment: 'First upload' },
		});
		expect(created.id).toMatch(/^att\d+$/);

		const list = await call(sim, 'GET', `/wiki/api/v2/pages/${pageId}/attachments`);
		expect(list.status).toBe(200);
		const listed = list.body.results.find((a: { id: string }) => a.id === created.id);
		expect(listed).toMatchObject({
			title: 'report.bin',
			pageId,
			fileSize: bytes.length,
			comment: 'First upload',
			version: { number: 1 },
		});
		expect(listed.downloadLink).toMatch(
			new RegExp(
				`^/download/attachments/${pageId}/report\\.bin\\?version=1&modificationDate=\\d+&cacheVersion=1&api=v2$`,
			),
		);

		const download = await restDownload(listed);
		expect(download.status).toBe(302);
		const location = download.headers.get('location')!;
		expect(location.startsWith(`${sim.mediaUrl}/file/`)).toBe(true);

		const media = await fetch(location);
		expect(media.status).toBe(200);
		expect(media.headers.get('content-type')).toBe('application/octet-stream');
		const served = Buffer.from(await media.arrayBuffer());
		expect(served.equals(bytes)).toBe(true);
		expect(mediaRequests(sim.store)).toEqual([
			expect.objectContaining({ status: 200, authorization: undefined }),
		]);
	});

	// REALITY.md legacy-download-refused: since CHANGE-3007 the v2 downloadLink path answers 401 to API calls.
	it('refuses the v2 downloadLink path (/wiki/download/attachments) with 401 for Basic and Bearer alike', async () => {
		const attachment = await call(sim, 'GET', `/wiki/api/v2/attachments/${sim.demo!.attachmentId}`);
		const refused = await call(sim, 'GET', `/wiki${attachment.body.downloadLink}`);
		expect(refused.status).toBe(401);
		expect(refused.headers.get('www-authenticate')).toBe(`OAuth realm="${sim.baseUrl}/wiki"`);
		const { access_token: accessToken } = sim.oauth.issueTokens();
		const gateway = await call(
			sim,
			'GET',
			`/ex/confluence/${sim.cloudId}/wiki${attachment.body.downloadLink}`,
			{ auth: `Bearer ${accessToken}` },
		);
		expect(gateway.status).toBe(401);
		expect((await restDownload(attachment.body)).status).toBe(302);
	});

	it('records an Authorization header that reaches the media host', async () => {
		const attachmentId = sim.demo!.attachmentId;
		const attachment = await call(sim, 'GET', `/wiki/api/v2/attachments/${attachmentId}`);
		const redirect = await restDownload(attachment.body);
		const media = await fetch(redirect.headers.get('location')!, {
			headers: { authorization: 'Basic bGVha2VkOnNlY3JldA==' },
		});
		expect(await media.text()).toBe('Hello from the Confluence simulator.\n');
		expect(mediaRequests(sim.store).map((r) => r.authorization)).toEqual([
			'Basic bGVha2VkOnNlY3JldA==',
		]);
	});

	// REALITY.md media-token-expiry.
	it('refuses media URLs with a forged or expired token', async () => {
		const attachment = await call(sim, 'GET', `/wiki/api/v2/attachments/${sim.demo!.attachmentId}`);
		const location = (await restDownload(attachment.body)).headers.get('location')!;
		const forged = location.replace(/token=[^&]+/, 'token=1.abc');
		expect((await fetch(forged)).status).toBe(401);
		sim.clock.advance(60 * 60 * 1000);
		expect((await fetch(location)).status).toBe(401);
	});

	it('POST is create-only (400 for an existing name); PUT adds a new version of the same attachment', async () => {
		const first = await upload('POST', [file('notes.txt', 'v1', 'text/plain'), minorEdit('false')]);
		expect(first.status).toBe(200);
		const id = first.body.results[0].id;

		const again = await upload('POST', [file('notes.txt', 'v2', 'text/plain'), minorEdit()]);
		expect(again.status).toBe(400);
		expect(again.body).toMatchObject({ statusCode: 400 });
		expect(again.body.message).toContain(
			'Cannot add a new attachment with same file name as an existing attachment: notes.txt',
		);

		const second = await upload('PUT', [
			file('notes.txt', 'version two', 'text/plain'),
			minorEdit(),
		]);
		expect(second.status).toBe(200);
		expect(second.body.results[0]).toMatchObject({ id, version: { number: 2 } });

		const v2 = await call(sim, 'GET', `/wiki/api/v2/attachments/${id}`);
		expect(v2.body).toMatchObject({
			fileSize: 11,
			version: { number: 2 },
			mediaType: 'text/plain',
		});
		const versions = await call(sim, 'GET', `/wiki/api/v2/attachments/${id}/versions`);
		expect(versions.body.results.map((v: { number: number }) => v.number)).toEqual([2, 1]);

		const old = await call(sim, 'GET', `/wiki/api/v2/attachments/${id}?version=1`);
		const oldBytes = await fetch((await restDownload(old.body)).headers.get('location')!);
		expect(await oldBytes.text()).toBe('v1');
	});

	it('takes several files with comments in one request and rejects mismatched comment counts', async () => {
		const ok = await upload('PUT', [
			file('a.png', Buffer.from([0x89, 0x50])),
			file('b.pdf', Buffer.from('%PDF')),
			minorEdit(),
			{ name: 'comment', value: 'first' },
			{ name: 'comment', value: 'second' },
		]);
		expect(ok.status).toBe(200);
		expect(
			ok.body.results.map(
				(r: { title: string; extensions: { mediaType: string; comment: string } }) => [
					r.title,
					r.extensions.mediaType,
					r.extensions.comment,
				],
			),
		).toEqual([
			['a.png', 'image/png', 'first'],
			['b.pdf', 'application/pdf', 'second'],
		]);

		sim.setContractValidation(false);
		const bad = await upload('PUT', [
			file('c.txt', 'c'),
			file('d.txt', 'd'),
			minorEdit(),
			{ name: 'comment', value: 'only one' },
		]);
		expect(bad.status).toBe(400);
		const noMinorEdit = await upload('PUT', [file('e.txt', 'e')]);
		expect(noMinorEdit.status).toBe(400);
		sim.contractViolations.length = 0;
	});

	it('keeps non-ASCII file names from filename*', async () => {
		const name = 'Übersicht – 日本.txt';
		const res = await upload('PUT', [file(name, 'x', 'text/plain'), minorEdit()]);
		expect(res.status).toBe(200);
		expect(res.body.results[0].title).toBe(name);
		const list = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/attachments?filename=${encodeURIComponent(name)}`,
		);
		expect(list.body.results).toHaveLength(1);
		const link: string = list.body.results[0].downloadLink;
		// REALITY.md download-link-raw-name.
		expect(link).toContain(`/${name}?`);
		const redirect = await restDownload(list.body.results[0]);
		expect(redirect.status).toBe(302);
	});

	// REALITY.md upload-xsrf-403.
	it('answers 403 "XSRF check failed" without X-Atlassian-Token and accepts the no-check spelling', async () => {
		const blocked = await upload('PUT', [file('x.txt', 'x'), minorEdit()], { token: null });
		expect(blocked.status).toBe(403);
		expect(blocked.text).toBe('XSRF check failed');
		const accepted = await upload('PUT', [file('x.txt', 'x'), minorEdit()], { token: 'no-check' });
		expect(accepted.status).toBe(200);
	});

	// REALITY.md upload-oversize-status: 404 as the v1 spec documents, or 413 from a proxy (variant oversizeStatus).
	it('answers 404 for missing content and for a file above the configured maximum size', async () => {
		const missing = await upload('PUT', [file('x.txt', 'x'), minorEdit()], { id: '999999999' });
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ statusCode: 404, data: { successful: false } });

		simSettings(sim.store).maxAttachmentBytes = 10;
		const big = await upload('PUT', [file('big.bin', Buffer.alloc(11)), minorEdit()]);
		expect(big.status).toBe(404);
		expect(big.body.message).toBe('The field file exceeds its maximum permitted size of 10 bytes.');
		expect(sim.store.contained(pageId, 'attachment')).toHaveLength(0);

		sim.setVariants({ oversizeStatus: 413 });
		sim.setContractValidation(false);
		const proxied = await upload('PUT', [file('big.bin', Buffer.alloc(11)), minorEdit()]);
		expect(proxied.status).toBe(413);
	});

	it('v1 download redirects to the media host and rejects versions that do not exist', async () => {
		const id = sim.demo!.attachmentId;
		const containerId = sim.demo!.pages.gettingStarted;
		const res = await call(
			sim,
			'GET',
			`/wiki/rest/api/content/${containerId}/child/attachment/${id}/download`,
		);
		expect(res.status).toBe(302);
		const media = await fetch(res.headers.get('location')!);
		expect(media.headers.get('content-type')).toBe('text/plain');
		expect(await media.text()).toBe('Hello from the Confluence simulator.\n');

		const badVersion = await call(
			sim,
			'GET',
			`/wiki/rest/api/content/${containerId}/child/attachment/${id}/download?version=7`,
		);
		expect(badVersion.status).toBe(400);
		const elsewhere = await call(
			sim,
			'GET',
			`/wiki/rest/api/content/${pageId}/child/attachment/${id}/download`,
		);
		expect(elsewhere.status).toBe(404);
	});

	it('works through the OAuth gateway, where the v1 download is also served', async () => {
		const { access_token } = sim.oauth.issueTokens();
		const prefix = `/ex/confluence/${sim.cloudId}`;
		const bearer = `Bearer ${access_token}`;
		const form = multipart([file('gw.txt', 'through the gateway', 'text/plain'), minorEdit()]);
		const put = await call(
			sim,
			'PUT',
			`${prefix}/wiki/rest/api/content/${pageId}/child/attachment`,
			{
				raw: form.body,
				auth: bearer,
				headers: { 'content-type': form.contentType, 'x-atlassian-token': 'nocheck' },
			},
		);
		expect(put.status).toBe(200);
		const got = await call(
			sim,
			'GET',
			`${prefix}/wiki/api/v2/attachments/${put.body.results[0].id}`,
			{
				auth: bearer,
			},
		);
		const redirect = await restDownload(got.body, { auth: bearer, prefix });
		expect(redirect.status).toBe(302);
		expect(await (await fetch(redirect.headers.get('location')!)).text()).toBe(
			'through the gateway',
		);
	});

	it('DELETE trashes, a second DELETE 404s, purge works only on a trashed attachment', async () => {
		const id = (await upload('PUT', [file('gone.txt', 'x'), minorEdit()])).body.results[0].id;
		sim.setContractValidation(false);
		expect((await call(sim, 'DELETE', `/wiki/api/v2/attachments/${id}?purge=true`)).status).toBe(
			404,
		);
		expect((await call(sim, 'DELETE', `/wiki/api/v2/attachments/${id}`)).status).toBe(204);
		expect((await call(sim, 'GET', `/wiki/api/v2/attachments/${id}`)).body.status).toBe('trashed');
		expect((await call(sim, 'DELETE', `/wiki/api/v2/attachments/${id}`)).status).toBe(404);

		const current = await call(sim, 'GET', `/wiki/api/v2/pages/${pageId}/attachments`);
		expect(current.body.results).toHaveLength(0);
		const trashed = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/attachments?status=trashed`,
		);
		expect(trashed.body.results.map((a: { id: string }) => a.id)).toEqual([id]);

		expect((await call(sim, 'DELETE', `/wiki/api/v2/attachments/${id}?purge=true`)).status).toBe(
			204,
		);
		expect((await call(sim, 'GET', `/wiki/api/v2/attachments/${id}`)).status).toBe(404);
		expect(sim.store.audit.map((a) => a.summary)).toEqual(
			expect.arrayContaining([
				'Attachment created',
				'Attachment moved to trash',
				'Attachment purged from trash',
			]),
		);
		sim.contractViolations.length = 0;
	});

	it('pages attachment lists 50 at a time by default and filters by media type', async () => {
		for (let i = 0; i < 60; i++) {
			sim.store.addAttachment({
				containerId: pageId,
				fileName: `f${i}.${i % 2 ? 'txt' : 'png'}`,
				mediaType: i % 2 ? 'text/plain' : 'image/png',
				data: `${i}`,
			});
		}
		const first = await call(sim, 'GET', `/wiki/api/v2/pages/${pageId}/attachments`);
		expect(first.body.results).toHaveLength(50);
		expect(first.body._links.next).toMatch(/^\/wiki\/api\/v2\/pages\/\d+\/attachments\?cursor=/);
		const second = await call(sim, 'GET', first.body._links.next);
		expect(second.body.results).toHaveLength(10);
		expect(second.body._links.next).toBeUndefined();
		const pngs = await call(
			sim,
			'GET',
			`/wiki/api/v2/pages/${pageId}/attachments?mediaType=image/png&limit=250`,
		);
		expect(pngs.body.results).toHaveLength(30);
	});

	it('updates data by attachment id and properties with version checks (v1)', async () => {
		const id = sim.demo!.attachmentId;
		const containerId = sim.demo!.pages.gettingStarted;
		const form = multipart([file('hello.txt', 'new bytes', 'text/plain'), minorEdit('false')]);
		const data = await call(
			sim,
			'POST',
			`/wiki/rest/api/content/${containerId}/child/attachment/${id}/data`,
			{
				raw: form.body,
				headers: { 'content-type': form.contentType, 'x-atlassian-token': 'nocheck' },
			},
		);
		expect(data.status).toBe(200);
		expect(data.body).toMatchObject({ id, version: { number: 2 }, extensions: { fileSize: 9 } });

		const stale = await call(
			sim,
			'PUT',
			`/wiki/rest/api/content/${containerId}/child/attachment/${id}`,
			{
				body: {
					id,
					type: 'attachment',
					version: { number: 2, minorEdit: false, when: null },
					title: 'renamed.txt',
				},
			},
		);
		expect(stale.status).toBe(409);
		const renamed = await call(
			sim,
			'PUT',
			`/wiki/rest/api/content/${containerId}/child/attachment/${id}`,
			{
				body: {
					id,
					type: 'attachment',
					version: { number: 3, minorEdit: false, when: null },
					title: 'renamed.txt',
					metadata: { mediaType: 'text/markdown' },
				},
			},
		);
		expect(renamed.status).toBe(200);
		const v2 = await call(sim, 'GET', `/wiki/api/v2/attachments/${id}`);
		expect(v2.body).toMatchObject({
			title: 'renamed.txt',
			mediaType: 'text/markdown',
			version: { number: 3 },
		});
		const bytes = await fetch((await restDownload(v2.body)).headers.get('location')!);
		expect(await bytes.text()).toBe('new bytes');
	});

	it('lists attachments by label (25 per page) and their labels', async () => {
		const label = sim.store.addLabel(sim.demo!.attachmentId, 'handout');
		const byLabel = await call(sim, 'GET', `/wiki/api/v2/labels/${label.id}/attachments`);
		expect(byLabel.body.results.map((a: { id: string }) => a.id)).toEqual([sim.demo!.attachmentId]);
		const labels = await call(
			sim,
			'GET',
			`/wiki/api/v2/attachments/${sim.demo!.attachmentId}/labels`,
		);
		expect(labels.body.results).toEqual([
			expect.objectContaining({ name: 'handout', prefix: 'global' }),
		]);
		const one = await call(
			sim,
			'GET',
			`/wiki/api/v2/attachments/${sim.demo!.attachmentId}?include-labels=true`,
		);
		expect(one.body.labels.results).toEqual([expect.objectContaining({ name: 'handout' })]);
	});

	it('stores a 100 MB upload without copying it and serves it back intact', async () => {
		const big = randomBytes(100 * 1024 * 1024);
		const form = multipart([file('huge.bin', big), minorEdit()]);
		const res = await call(sim, 'PUT', `/wiki/rest/api/content/${pageId}/child/attachment`, {
			raw: form.body,
			headers: { 'content-type': form.contentType, 'x-atlassian-token': 'nocheck' },
		});
		expect(res.status).toBe(200);
		const stored = sim.store.current(sim.store.get(res.body.results[0].id)!).file!;
		expect(stored.fileSize).toBe(big.length);
		// The stored bytes are a view into the request buffer: one copy of the upload, not two.
		const recorded = sim.requests.find((r) => r.method === 'PUT')!.body as Buffer;
		expect(stored.data.buffer).toBe(recorded.buffer);

		const got = await call(sim, 'GET', `/wiki/api/v2/attachments/${res.body.results[0].id}`);
		const location = (await restDownload(got.body)).headers.get('location')!;
		const served = Buffer.from(await (await fetch(location)).arrayBuffer());
		expect(sha(served)).toBe(sha(big));
	}, 60_000);
});
