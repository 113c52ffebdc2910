/* Attachments on Data Center beyond upload and download (test/dataCenter/operations.test.ts): get, list with the filters
 * child/attachment has (REALITY.md dc-attachment-list-filters), and uploads that go through createOnce, so a dropped
 * connection never stores a file twice. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { byId, ok } from '../actions/page/helpers';
import { dataCenterRequests, runDataCenter, useDataCenterSimulator } from './helpers';

const sim = useDataCenterSimulator('demo');

function file(text: string, fileName = 'notes.txt'): INodeExecutionData {
	return {
		json: {},
		binary: {
			data: { data: Buffer.from(text).toString('base64'), fileName, mimeType: 'text/plain' },
		},
	};
}

async function upload(pageId: string, text: string): Promise<IDataObject> {
	return ok(
		await runDataCenter(
			sim,
			{ resource: 'attachment', operation: 'upload', contentType: 'page', page: byId(pageId) },
			{ inputItems: [file(text)] },
		),
	)[0];
}

describe('attachments on Data Center', () => {
	it('[dc attachment.get] reads an attachment with the Cloud fields, and answers an unknown ID with the 404', async () => {
		const id = sim.demo!.attachmentId;
		const [attachment] = ok(
			await runDataCenter(sim, { resource: 'attachment', operation: 'get', attachmentId: id }),
		);
		expect(attachment).toEqual(
			expect.objectContaining({
				id,
				title: 'hello.txt',
				mediaType: 'text/plain',
				comment: 'A small text file',
				pageId: sim.demo!.pages.gettingStarted,
				version: 1,
			}),
		);
		expect(String(attachment.downloadUrl)).toMatch(
			new RegExp(
				`^${sim.dataCenter!.url}/download/attachments/${sim.demo!.pages.gettingStarted}/hello.txt`,
			),
		);
		const refused = await runDataCenter(sim, {
			resource: 'attachment',
			operation: 'get',
			attachmentId: 'att999999',
		});
		expect(refused.error?.message).toMatch(/404/);
		expect(refused.error?.message).toContain('att999999');
	});

	it('[dc attachment.getMany] lists the attachments of a page, filtered by file name or media type, and downloads them on request', async () => {
		const pageId = sim.demo!.pages.gettingStarted;
		sim.store.addAttachment({
			containerId: pageId,
			fileName: 'diagram.png',
			mediaType: 'image/png',
			data: Buffer.from([1, 2, 3]),
		});
		const list = async (parameters: IDataObject) =>
			await runDataCenter(sim, {
				resource: 'attachment',
				operation: 'getMany',
				contentType: 'page',
				page: byId(pageId),
				returnAll: true,
				...parameters,
			});
		const all = ok(await list({}));
		expect(all.map((attachment) => attachment.title)).toEqual(['hello.txt', 'diagram.png']);
		const images = ok(await list({ filters: { mediaType: 'image/png' } }));
		expect(images.map((attachment) => attachment.title)).toEqual(['diagram.png']);
		const named = ok(await list({ filters: { filename: 'hello.txt' } }));
		expect(named.map((attachment) => attachment.title)).toEqual(['hello.txt']);
		const requests = dataCenterRequests(sim, 'GET', /\/child\/attachment$/);
		expect(requests.map((request) => [request.query.mediaType, request.query.filename])).toEqual([
			[undefined, undefined],
			['image/png', undefined],
			[undefined, 'hello.txt'],
		]);
		const downloaded = await list({
			filters: { filename: 'hello.txt' },
			options: { download: true, binaryPropertyName: 'file' },
		});
		expect(downloaded.error).toBeUndefined();
		expect(Buffer.from(downloaded.items[0].binary!.file.data, 'base64').toString()).toBe(
			'Hello from the Confluence simulator.\n',
		);
	});

	it('[dc attachment.getMany] refuses sorting and archived or trashed attachments, which child/attachment cannot list', async () => {
		const base = {
			resource: 'attachment',
			operation: 'getMany',
			contentType: 'page',
			page: byId(sim.demo!.pages.gettingStarted),
			returnAll: true,
		};
		const sorted = await runDataCenter(sim, { ...base, options: { sort: 'created-date' } });
		expect(sorted.error?.message).toBe(
			'Sorting attachments is not available on Confluence Data Center',
		);
		const trashed = await runDataCenter(sim, { ...base, filters: { status: ['trashed'] } });
		expect(trashed.error?.message).toBe(
			'Listing archived or trashed attachments is not available on Confluence Data Center',
		);
		expect(dataCenterRequests(sim, 'GET', /\/child\/attachment$/)).toHaveLength(0);
	});

	it.each([
		['a new file', /\/child\/attachment$/, 1],
		['a new version', /\/child\/attachment\/att\d+\/data$/, 2],
	] as const)(
		'[dc attachment.upload] stores %s once when the connection drops after Confluence applied it',
		async (_what, path, expectedVersion) => {
			const pageId = sim.demo!.pages.projectPlan;
			if (expectedVersion === 2) await upload(pageId, 'version one');
			sim.requests.length = 0;
			sim.faults.inject({ kind: 'dropAfterApply', method: 'POST', path });
			const uploaded = await upload(pageId, 'the file');
			expect(uploaded).toEqual(
				expect.objectContaining({ title: 'notes.txt', version: expectedVersion, pageId }),
			);
			const [stored] = sim.store
				.contained(pageId, 'attachment')
				.filter((item) => item.title === 'notes.txt');
			expect(stored.versions).toHaveLength(expectedVersion);
			expect(dataCenterRequests(sim, 'POST', path)).toHaveLength(1);
		},
	);

	it('[dc attachment.upload] sends the file again when the connection dropped before Confluence applied it', async () => {
		const pageId = sim.demo!.pages.projectPlan;
		sim.faults.inject({ kind: 'dropBeforeApply', method: 'POST', path: /\/child\/attachment$/ });
		const uploaded = await upload(pageId, 'the file');
		expect(uploaded).toEqual(expect.objectContaining({ title: 'notes.txt', version: 1 }));
		expect(dataCenterRequests(sim, 'POST', /\/child\/attachment$/)).toHaveLength(2);
		expect(
			sim.store.contained(pageId, 'attachment').filter((item) => item.title === 'notes.txt'),
		).toHaveLength(1);
	});
});
