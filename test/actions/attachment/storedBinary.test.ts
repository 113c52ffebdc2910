/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import type { Container as ContainerType } from '@n8n/di';
import { randomBytes } from 'crypto';
import { BinaryDataService } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { Readable } from 'stream';

import { AUTH_KINDS, useTestBed } from '../../helpers/fixtures';

/**
 * Binary data that n8n keeps in a store (filesystem or S3 mode, the default in n8n 2.x) carries an id instead of the
 * bytes. A fake store under a mode of its own stands in for it, and counts how the node read each file.
 */
const MODE = 'teststore';

/** n8n-core's own copy of the DI container (it has its own @n8n/di), where its BinaryDataService lives. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require(
	require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] }),
) as { Container: typeof ContainerType };

class CountingStore {
	readonly files = new Map<string, { data: Buffer; announcedSize: number }>();
	readonly reads = { stream: 0, whole: 0 };

	put(fileId: string, data: Buffer, announcedSize = data.length): string {
		this.files.set(fileId, { data, announcedSize });
		return `${MODE}:${fileId}`;
	}

	async getAsStream(fileId: string): Promise<Readable> {
		this.reads.stream++;
		const { data } = this.file(fileId);
		const chunks = [];
		for (let start = 0; start < data.length; start += 64 * 1024) {
			chunks.push(data.subarray(start, start + 64 * 1024));
		}
		return Readable.from(chunks);
	}

	async getAsBuffer(fileId: string): Promise<Buffer> {
		this.reads.whole++;
		return Buffer.from(this.file(fileId).data);
	}

	async getMetadata(fileId: string): Promise<{ fileSize: number; mimeType: string }> {
		return { fileSize: this.file(fileId).announcedSize, mimeType: 'application/octet-stream' };
	}

	private file(fileId: string) {
		const file = this.files.get(fileId);
		if (!file) throw new Error(`no file ${fileId}`);
		return file;
	}
}

describe.each(AUTH_KINDS)('attachment upload of stored binary data with %s', (auth) => {
	const bed = useTestBed('demo', { failOnContractViolations: true });
	let store: CountingStore;

	beforeEach(() => {
		store = new CountingStore();
		Container.get(BinaryDataService).setManager(MODE as never, store as never);
	});

	const upload = async (binaryId: string, fileName: string) =>
		await bed.run({
			auth,
			parameters: {
				resource: 'attachment',
				operation: 'upload',
				contentType: 'page',
				page: { __rl: true, mode: 'id', value: bed.sim.demo!.pages.projectPlan },
				binaryPropertyName: 'data',
			},
			inputItems: [
				{
					json: {},
					binary: {
						data: { id: binaryId, data: MODE, fileName, mimeType: 'application/octet-stream' },
					},
				},
			],
		});

	const storedBytes = (fileName: string): Buffer | undefined => {
		const { sim } = bed;
		const attachment = sim.store
			.contained(sim.demo!.pages.projectPlan, 'attachment')
			.find((item) => item.title === fileName && item.status === 'current');
		return attachment ? sim.store.current(attachment).file?.data : undefined;
	};

	it('streams the file from the store into the request, byte for byte, without reading it whole', async () => {
		const data = randomBytes(300 * 1024 + 7);
		const result = await upload(store.put('big', data), 'stored.bin');
		expect(result.error).toBeUndefined();
		expect((result.items[0].json as IDataObject).fileSize).toBe(data.length);
		expect(storedBytes('stored.bin')?.equals(data)).toBe(true);
		expect(store.reads).toEqual({ stream: 1, whole: 0 });
	});

	const versionsOf = (fileName: string): number => {
		const { sim } = bed;
		return sim.store
			.contained(sim.demo!.pages.projectPlan, 'attachment')
			.filter((item) => item.title === fileName).length;
	};

	it.each([
		['fewer', -100],
		['more', 100],
	])(
		'sends the file again with its real size when the store announced %s bytes, never reading it whole',
		async (_label: string, difference: number) => {
			const data = randomBytes(200 * 1024);
			const name = `resized${difference}.bin`;
			const result = await upload(store.put(name, data, data.length + difference), name);
			expect(result.error).toBeUndefined();
			expect((result.items[0].json as IDataObject).fileSize).toBe(data.length);
			expect(storedBytes(name)?.equals(data)).toBe(true);
			// The first send stopped before its body was complete: one attachment, no second version.
			expect(versionsOf(name)).toBe(1);
			expect(store.reads).toEqual({ stream: 2, whole: 0 });
		},
	);

	if (auth === 'oAuth2') {
		it.each([401, 403, 404] as const)(
			'reads the file again from the store when an expired token (%i) makes n8n send the upload again',
			async (status) => {
				bed.sim.faults.inject({ kind: 'expiredToken', status, path: /\/child\/attachment$/ });
				const data = randomBytes(300 * 1024 + 1);
				const result = await upload(store.put('refreshed', data), 'refreshed.bin');
				expect(result.error).toBeUndefined();
				expect(storedBytes('refreshed.bin')?.equals(data)).toBe(true);
				expect(store.reads.whole).toBe(0);
				expect(store.reads.stream).toBeGreaterThanOrEqual(2);
			},
		);
	}
});
