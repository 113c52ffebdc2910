import type { IDataObject } from 'n8n-workflow';

import { useTestBed } from '../../../helpers/fixtures';
import type { Simulator } from '../../../simulator';
import { DEMO_USER } from '../../../simulator/store';
import {
	apiRequests,
	byId,
	currentBody,
	expectCleanExchange,
	item,
	versionNumber,
} from '../helpers';
import { asItems, docsFolder } from './fixtures';

/** A space of its own, so no title of the demo space gets in the way, and a root page in it. */
function docsRoot(sim: Simulator): { spaceId: string; rootId: string } {
	const space = sim.store.createSpace({ key: 'DOCS', name: 'Docs', authorId: DEMO_USER.accountId });
	const root = sim.store.createPage({
		spaceId: space.id,
		title: 'Product docs',
		body: '<p>old root</p>',
		authorId: DEMO_USER.accountId,
	});
	return { spaceId: space.id, rootId: root.id };
}

function writes(sim: Simulator) {
	return apiRequests(sim).filter((request) => request.method !== 'GET');
}

function byFile(items: IDataObject[]): Record<string, IDataObject> {
	return Object.fromEntries(
		items.filter((entry) => entry.file).map((entry) => [String(entry.file), entry]),
	);
}

function childrenOf(sim: Simulator, id: string): string[] {
	return sim.store
		.treeChildren(id, ['page'])
		.filter((child) => child.status === 'current')
		.map((child) => child.title)
		.sort();
}

function attachmentsOf(
	sim: Simulator,
	pageId: string,
): Record<string, { size: number; versions: number; comment?: string }> {
	return Object.fromEntries(
		sim.store
			.contained(pageId, 'attachment')
			.filter((attachment) => attachment.status === 'current')
			.map((attachment) => {
				const file = sim.store.current(attachment).file!;
				return [
					attachment.title,
					{ size: file.fileSize, versions: attachment.versions.length, comment: file.comment },
				];
			}),
	);
}

describe('page: publishFolder (Publish Markdown Files) against the simulator', () => {
	const bed = useTestBed('demo');

	const publish = async (
		folder: Map<string, Buffer>,
		rootId: string,
		options: IDataObject = {},
		extra: { continueOnFail?: boolean } = {},
	) =>
		await bed.run({
			parameters: {
				resource: 'page',
				operation: 'publishFolder',
				publishUnder: 'page',
				rootPage: byId(rootId),
				options: { baseFolder: '/data/docs', ...options },
			},
			inputItems: asItems(folder),
			...extra,
		});

	const ok = (result: Awaited<ReturnType<typeof publish>>) => {
		if (result.error) throw new Error(`${result.error.message}\n${result.error.description ?? ''}`);
		return result.items.map((entry) => entry.json);
	};

	it('publishes the folder as a page tree with attachments and page links; a rerun writes nothing', async () => {
		const { rootId } = docsRoot(bed.sim);
		const folder = docsFolder();
		const first = ok(await publish(folder, rootId));
		const files = byFile(first);

		// One item per file, paired with it; the generated folder page has its own item.
		expect(Object.keys(files).sort()).toEqual([...folder.keys()].sort());
		expect(first.find((entry) => entry.folder === 'guide/advanced')).toEqual(
			expect.objectContaining({ title: 'advanced', action: 'created' }),
		);
		expect(files['index.md']).toEqual(
			expect.objectContaining({ pageId: rootId, action: 'updated', title: 'Product docs' }),
		);
		for (const path of [
			'getting-started.md',
			'guide/index.md',
			'guide/setup.md',
			'reference/README.md',
			'reference/api.md',
			'guide/advanced/tuning.md',
		]) {
			expect(files[path]).toEqual(
				expect.objectContaining({
					action: 'created',
					pageId: expect.any(String),
					url: expect.stringContaining('/wiki/spaces/DOCS/pages/'),
				}),
			);
		}
		expect(files['figure/arch.png']).toEqual(expect.objectContaining({ action: 'uploaded' }));
		expect(files['files/template.docx']).toEqual(expect.objectContaining({ action: 'uploaded' }));

		// The tree.
		expect(childrenOf(bed.sim, rootId)).toEqual(['Getting Started', 'Reference', 'User Guide']);
		const guideId = String(files['guide/index.md'].pageId);
		expect(childrenOf(bed.sim, guideId)).toEqual(['Setup', 'advanced']);
		const advancedId = String(first.find((entry) => entry.folder === 'guide/advanced')!.pageId);
		expect(childrenOf(bed.sim, advancedId)).toEqual(['Tuning']);
		expect(childrenOf(bed.sim, String(files['reference/README.md'].pageId))).toEqual(['API']);

		// Labels from front matter; the root keeps its title and takes index.md's body.
		const startedId = String(files['getting-started.md'].pageId);
		expect(
			bed.sim.store
				.labelsOf(item(bed.sim, startedId))
				.map((label) => label.name)
				.sort(),
		).toEqual(['docs', 'intro']);
		expect(item(bed.sim, rootId).title).toBe('Product docs');
		expect(currentBody(bed.sim, rootId)).toContain('<h1>Product documentation</h1>');

		// Attachments on the pages that use them, each with the hash of its content.
		expect(attachmentsOf(bed.sim, startedId)).toEqual({
			'arch.png': {
				size: folder.get('figure/arch.png')!.length,
				versions: 1,
				comment: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
			},
		});
		const setupId = String(files['guide/setup.md'].pageId);
		expect(Object.keys(attachmentsOf(bed.sim, setupId)).sort()).toEqual(['screen.jpg', 'spec.pdf']);
		expect(Object.keys(attachmentsOf(bed.sim, guideId))).toEqual(['flow.svg']);
		expect(Object.keys(attachmentsOf(bed.sim, String(files['reference/api.md'].pageId)))).toEqual([
			'template.docx',
		]);
		const stored = bed.sim.store
			.contained(setupId, 'attachment')
			.find((a) => a.title === 'screen.jpg')!;
		expect(
			bed.sim.store.current(stored).file!.data.equals(folder.get('guide/img/screen.jpg')!),
		).toBe(true);

		// Resolved links and images.
		expect(currentBody(bed.sim, startedId)).toContain(
			'<ac:link ac:anchor="Install steps"><ri:page ri:content-title="Setup" /></ac:link>',
		);
		expect(currentBody(bed.sim, startedId)).toContain('<ri:attachment ri:filename="arch.png" />');
		expect(currentBody(bed.sim, setupId)).toContain(
			'<ac:link ac:anchor="Welcome"><ri:page ri:content-title="Getting Started" />',
		);
		expect(currentBody(bed.sim, setupId)).toContain(
			'<ac:parameter ac:name="language">mermaid</ac:parameter>',
		);
		expectCleanExchange(bed.sim);

		// Run 2, nothing changed: reads only.
		bed.sim.requests.length = 0;
		const second = ok(await publish(folder, rootId));
		expect(writes(bed.sim)).toEqual([]);
		expect(
			second
				.filter((entry) => entry.file && String(entry.file).endsWith('.md'))
				.map((entry) => entry.action),
		).toEqual(Array(7).fill('unchanged'));
		expect(byFile(second)['figure/arch.png'].action).toBe('unchanged');
		expect(versionNumber(bed.sim, startedId)).toBe(1);
		// The floor: the root, the tree listing, one read per page, one attachment list per page with files.
		const reads = apiRequests(bed.sim, 'GET');
		expect(
			reads.filter((request) => /^\/wiki\/api\/v2\/pages\/\d+$/.test(request.path)),
		).toHaveLength(8);
		expect(reads.filter((request) => request.path.endsWith('/attachments'))).toHaveLength(5);
		expect(reads.filter((request) => request.path.endsWith('/descendants'))).toHaveLength(1);
	});

	it('a one-file edit writes that page only; a changed image is uploaded again, on its page only', async () => {
		const { rootId } = docsRoot(bed.sim);
		const folder = docsFolder();
		const first = byFile(ok(await publish(folder, rootId)));
		const setupId = String(first['guide/setup.md'].pageId);
		const apiId = String(first['reference/api.md'].pageId);

		folder.set(
			'reference/api.md',
			Buffer.from(`${folder.get('reference/api.md')!.toString()}\nOne more line.\n`),
		);
		bed.sim.requests.length = 0;
		const second = byFile(ok(await publish(folder, rootId)));
		expect(writes(bed.sim).map((request) => `${request.method} ${request.path}`)).toEqual([
			`PUT /wiki/api/v2/pages/${apiId}`,
		]);
		expect(second['reference/api.md']).toEqual(
			expect.objectContaining({ action: 'updated', pageId: apiId }),
		);
		expect(versionNumber(bed.sim, apiId)).toBe(2);
		expect(currentBody(bed.sim, apiId)).toContain('One more line.');

		const jpeg = Buffer.concat([folder.get('guide/img/screen.jpg')!, Buffer.from([0xff, 0xd9])]);
		folder.set('guide/img/screen.jpg', jpeg);
		bed.sim.requests.length = 0;
		const third = byFile(ok(await publish(folder, rootId)));
		expect(writes(bed.sim).map((request) => `${request.method} ${request.path}`)).toEqual([
			`PUT /wiki/rest/api/content/${setupId}/child/attachment`,
		]);
		expect(third['guide/img/screen.jpg'].action).toBe('uploaded');
		expect(third['guide/setup.md']).toEqual(
			expect.objectContaining({
				action: 'updated',
				attachments: expect.arrayContaining([
					{ file: 'guide/img/screen.jpg', name: 'screen.jpg', action: 'uploaded' },
				]),
			}),
		);
		expect(attachmentsOf(bed.sim, setupId)['screen.jpg'].versions).toBe(2);
		expect(versionNumber(bed.sim, setupId)).toBe(1);
	});

	it('a renamed file moves its page, a deleted file leaves an orphan that is listed, and trashed only when asked', async () => {
		const { rootId } = docsRoot(bed.sim);
		const folder = docsFolder();
		const first = byFile(ok(await publish(folder, rootId)));
		const setupId = String(first['guide/setup.md'].pageId);
		const tuningId = String(first['guide/advanced/tuning.md'].pageId);
		const referenceId = String(first['reference/README.md'].pageId);

		// guide/setup.md → reference/setup.md (its title comes from front matter); guide/advanced/tuning.md deleted.
		folder.set(
			'reference/setup.md',
			Buffer.from(
				folder
					.get('guide/setup.md')!
					.toString()
					.replace('img/screen.jpg', '../guide/img/screen.jpg'),
			),
		);
		folder.delete('guide/setup.md');
		folder.delete('guide/advanced/tuning.md');
		folder.set(
			'guide/index.md',
			Buffer.from('# User Guide\n\n![Flow](img/flow.svg)\n\n- [Setup](../reference/setup.md)\n'),
		);
		bed.sim.requests.length = 0;
		const second = ok(await publish(folder, rootId));
		const files = byFile(second);
		expect(files['reference/setup.md']).toEqual(
			expect.objectContaining({
				pageId: setupId,
				action: 'moved',
				moved: true,
				parentId: referenceId,
			}),
		);
		expect(item(bed.sim, setupId).parentId).toBe(referenceId);
		expect(versionNumber(bed.sim, setupId)).toBe(1);
		expect(writes(bed.sim).map((request) => `${request.method} ${request.path}`)).toEqual(
			expect.arrayContaining([`PUT /wiki/rest/api/content/${setupId}/move/append/${referenceId}`]),
		);
		// The folder page "advanced" and Tuning are no file's any more: listed, left alone.
		const orphans = second.filter((entry) => entry.action === 'orphaned');
		expect(orphans.map((entry) => entry.title).sort()).toEqual(['Tuning', 'advanced']);
		expect(item(bed.sim, tuningId).status).toBe('current');
		expect(apiRequests(bed.sim, 'DELETE')).toEqual([]);

		bed.sim.requests.length = 0;
		const third = ok(await publish(folder, rootId, { orphans: 'trash' }));
		expect(third.filter((entry) => entry.action === 'deleted').map((entry) => entry.title)).toEqual(
			['Tuning', 'advanced'],
		);
		expect(item(bed.sim, tuningId).status).toBe('trashed');
		expect(writes(bed.sim).every((request) => request.method === 'DELETE')).toBe(true);
		expectCleanExchange(bed.sim);
	});

	it('a bad file fails on its own item, names the file, and the others are published', async () => {
		const { rootId } = docsRoot(bed.sim);
		const folder = docsFolder();
		folder.set('reference/api.md', Buffer.from('---\ntitle: API\nlabels: [a b]\n---\n# API\n'));
		folder.set('guide/setup.md', Buffer.from('---\ntitle: [Setup\n---\n'));
		folder.set('figure/arch.png', Buffer.from('GIF89a not a png'));
		const withContinue = await publish(
			folder,
			rootId,
			{ orphans: 'trash' },
			{ continueOnFail: true },
		);
		const files = byFile(withContinue.items.map((entry) => entry.json));
		expect(files['guide/setup.md']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error: 'malformed front matter, line 2: the list "[…" is never closed',
			}),
		);
		expect(files['figure/arch.png']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error: 'the content is not a .png file (its first bytes do not match)',
			}),
		);
		expect(files['getting-started.md']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error: expect.stringContaining('it uses figure/arch.png'),
			}),
		);
		expect(files['reference/api.md']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error: expect.stringContaining('the label "a b"'),
			}),
		);
		expect(files['guide/index.md'].action).toBe('created');
		expect(
			withContinue.items.find((entry) => entry.json.file === 'guide/setup.md')?.pairedItem,
		).toEqual({
			item: [...folder.keys()].indexOf('guide/setup.md'),
		});
		expect(childrenOf(bed.sim, rootId)).toEqual(['Reference', 'User Guide']);

		const failing = await publish(folder, rootId);
		expect(failing.error?.message).toBe(
			'5 files were not published (figure/arch.png, getting-started.md, guide/advanced/tuning.md, guide/setup.md, reference/api.md)',
		);
		expect(failing.error?.description).toContain('guide/setup.md: malformed front matter, line 2');
	});

	it('front matter "space" that names the root page\'s space publishes; another space fails that file alone', async () => {
		const { rootId, spaceId } = docsRoot(bed.sim);
		const folder = docsFolder();
		folder.set('guide/setup.md', Buffer.from('---\nspace: DOCS\n---\n# Setup\n'));
		folder.set('reference/api.md', Buffer.from('---\nspace: OPS\n---\n# API\n'));
		const result = await publish(folder, rootId, {}, { continueOnFail: true });
		const files = byFile(result.items.map((entry) => entry.json));
		expect(files['guide/setup.md'].action).toBe('created');
		expect(files['reference/api.md']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error:
					'front matter: the space "OPS" is not the root page\'s space (DOCS); a folder is published as one page tree in one space, so publish this file with a root page in OPS',
			}),
		);
		expect(bed.sim.store.findByTitle(spaceId, 'page', 'API')).toBeUndefined();
		expect(bed.sim.store.findByTitle(spaceId, 'page', 'Setup')).toBeDefined();
	});

	it('an upload that fails takes the new page back: no half-published page', async () => {
		const { rootId } = docsRoot(bed.sim);
		const folder = new Map([
			['page.md', Buffer.from('# Page with a picture\n\n![x](x.png)\n')],
			['x.png', docsFolder().get('figure/arch.png')!],
		]);
		bed.sim.faults.inject({
			kind: 'serverError',
			status: 500,
			method: 'PUT',
			path: /\/child\/attachment$/,
			times: Infinity,
		});
		const result = await publish(folder, rootId, {}, { continueOnFail: true });
		const files = byFile(result.items.map((entry) => entry.json));
		expect(files['page.md']).toEqual(
			expect.objectContaining({
				action: 'failed',
				error: expect.stringContaining('the new page was moved to the trash'),
			}),
		);
		expect(childrenOf(bed.sim, rootId)).toEqual([]);
	});
});
