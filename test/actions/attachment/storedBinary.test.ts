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

	it('reads the file whole when the store announced another size, and still uploads it intact', async () => {
		const data = randomBytes(10 * 1024);
		const result = await upload(store.put('wrong-size', data, data.length - 100), 'resized.bin');
		expect(result.error).toBeUndefined();
		expect(storedBytes('resized.bin')?.equals(data)).toBe(true);
		expect(store.reads.whole).toBe(1);
	});
});
