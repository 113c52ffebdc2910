import {
	findOrphans,
	matchPages,
	planChanges,
	prepareFolder,
	ROOT_KEY,
	type ExistingPage,
	type PrepareOptions,
} from '../../../../nodes/Confluence/actions/page/publishFolder/planner';
import { asFiles, docsFolder } from './fixtures';

const OPTIONS: PrepareOptions = {
	maxAttachmentBytes: 100 * 1024 * 1024,
	codeMacros: {},
	allowedMacros: [],
	strict: false,
	rootTitle: 'Docs',
};

function prepare(folder = docsFolder(), options: Partial<PrepareOptions> = {}) {
	return prepareFolder(asFiles(folder), { ...OPTIONS, ...options });
}

function page(prepared: ReturnType<typeof prepare>, key: string) {
	const found = prepared.pages.find((candidate) => candidate.key === key);
	if (!found) throw new Error(`no planned page ${key}`);
	return found;
}

describe('publishFolder planner (no HTTP)', () => {
	it('turns folders into parent pages: index.md/README.md is the folder page, a folder without one gets its name', () => {
		const prepared = prepare();
		expect(
			prepared.pages.map((p) => ({
				key: p.key,
				title: p.title,
				parent: p.parent,
				source: p.source,
			})),
		).toEqual([
			{ key: ROOT_KEY, title: 'Docs', parent: undefined, source: 'index.md' },
			{
				key: 'file:getting-started.md',
				title: 'Getting Started',
				parent: { key: ROOT_KEY },
				source: 'getting-started.md',
			},
			{
				key: 'dir:guide',
				title: 'User Guide',
				parent: { key: ROOT_KEY },
				source: 'guide/index.md',
			},
			{
				key: 'file:guide/setup.md',
				title: 'Setup',
				parent: { key: 'dir:guide' },
				source: 'guide/setup.md',
			},
			{
				key: 'dir:reference',
				title: 'Reference',
				parent: { key: ROOT_KEY },
				source: 'reference/README.md',
			},
			{
				key: 'file:reference/api.md',
				title: 'API',
				parent: { key: 'dir:reference' },
				source: 'reference/api.md',
			},
			{
				key: 'dir:guide/advanced',
				title: 'advanced',
				parent: { key: 'dir:guide' },
				source: undefined,
			},
			{
				key: 'file:guide/advanced/tuning.md',
				title: 'Tuning',
				parent: { key: 'dir:guide/advanced' },
				source: 'guide/advanced/tuning.md',
			},
		]);
		expect(page(prepared, 'dir:guide/advanced').body).toContain('ac:name="children"');
		expect(prepared.complete).toBe(true);
		expect(prepared.pages.every((p) => p.error === undefined)).toBe(true);
	});

	it('reads front matter (title, labels as flow or block list) and never publishes it', () => {
		const prepared = prepare();
		const started = page(prepared, 'file:getting-started.md');
		expect(started.labels).toEqual(['docs', 'intro']);
		expect(started.body).not.toMatch(/title:|<hr/);
		expect(started.body).toMatch(/^<h1>Welcome<\/h1>/);
		expect(page(prepared, 'dir:reference').labels).toEqual(['reference']);
		expect(page(prepared, ROOT_KEY).labels).toEqual(['docs']);
		expect(page(prepared, 'file:reference/api.md').labels).toBeUndefined();
	});

	it('makes relative images and files attachments of the page that uses them, and md links page links with anchors', () => {
		const prepared = prepare();
		const started = page(prepared, 'file:getting-started.md');
		expect(started.body).toContain(
			'<ac:image ac:alt="Architecture"><ri:attachment ri:filename="arch.png" /></ac:image>',
		);
		// GitHub's slug #install-steps names the heading "Install steps" of setup.md.
		expect(started.body).toContain(
			'<ac:link ac:anchor="Install steps"><ri:page ri:content-title="Setup" />',
		);
		expect(started.attachments.map((a) => [a.path, a.name, a.mediaType])).toEqual([
			['figure/arch.png', 'arch.png', 'image/png'],
		]);

		const setup = page(prepared, 'file:guide/setup.md');
		expect(setup.attachments.map((a) => a.path)).toEqual([
			'files/spec.pdf',
			'guide/img/screen.jpg',
		]);
		expect(setup.body).toContain('<ri:attachment ri:filename="spec.pdf" />');
		expect(setup.body).toContain(
			'ac:title="After install"><ri:attachment ri:filename="screen.jpg" />',
		);
		expect(setup.body).toContain(
			'<ac:link ac:anchor="Welcome"><ri:page ri:content-title="Getting Started" />',
		);

		const guide = page(prepared, 'dir:guide');
		expect(guide.body).toContain('<ri:attachment ri:filename="flow.svg" />');
		expect(guide.body).toContain(
			'<ac:link ac:anchor="Cache size"><ri:page ri:content-title="Tuning" />',
		);

		const api = page(prepared, 'file:reference/api.md');
		expect(api.body).toContain('<ri:attachment ri:filename="template.docx" />');
		// Links that leave the folder and external links stay as they are.
		expect(api.body).toContain('<a href="../../CONTRIBUTING.md">outside the folder</a>');
		expect(api.body).toContain('<a href="https://example.com/docs">site</a>');

		const root = page(prepared, ROOT_KEY);
		expect(root.body).toContain('<ri:page ri:content-title="User Guide" />');
		expect(prepared.files.find((f) => f.path === 'figure/arch.png')?.usedBy).toEqual([
			'getting-started.md',
			'guide/advanced/tuning.md',
		]);
	});

	it('keeps Mermaid as a code block by default, or writes the named app macro', () => {
		expect(page(prepare(), 'file:guide/setup.md').body).toContain(
			'<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">mermaid</ac:parameter>',
		);
		const withApp = page(
			prepare(undefined, { codeMacros: { mermaid: 'mermaid-cloud' } }),
			'file:guide/setup.md',
		);
		expect(withApp.body).toMatch(
			/<ac:structured-macro ac:name="mermaid-cloud"[^>]*><ac:plain-text-body><!\[CDATA\[graph TD\n {2}A --> B\]\]><\/ac:plain-text-body><\/ac:structured-macro>/,
		);
	});

	it('reports references to files that are not among the items, and fails the file in strict mode', () => {
		const folder = docsFolder();
		folder.delete('files/spec.pdf');
		const relaxed = page(prepare(folder), 'file:guide/setup.md');
		expect(relaxed.missing).toEqual(['files/spec.pdf']);
		expect(relaxed.error).toBeUndefined();
		const strict = page(prepare(folder, { strict: true }), 'file:guide/setup.md');
		expect(strict.error).toBe('it refers to files that are not among the items: files/spec.pdf');
	});

	it('front matter "parent" puts a page under another page of the folder or a page ID; "pageId" binds a file to a page', () => {
		const folder = docsFolder();
		folder.set(
			'reference/api.md',
			Buffer.from('---\nparent: User Guide\npageId: "4242"\n---\n# API\n'),
		);
		folder.set('guide/setup.md', Buffer.from('---\nparent: 777\n---\n# Setup\n'));
		const prepared = prepare(folder);
		expect(page(prepared, 'file:reference/api.md')).toEqual(
			expect.objectContaining({ parent: { key: 'dir:guide' }, pageId: '4242' }),
		);
		expect(page(prepared, 'file:guide/setup.md').parent).toEqual({ id: '777' });
		const matches = matchPages(prepared, '1', [{ id: '50', title: 'API', parentId: '1' }]);
		expect(matches.get('file:reference/api.md')).toBe('4242');
		// The page the ID names does not exist: the file fails, nothing is created in its place.
		const [plan] = planChanges(prepared, matches, new Map()).filter(
			(candidate) => candidate.page.key === 'file:reference/api.md',
		);
		expect(plan).toEqual(
			expect.objectContaining({
				action: 'failed',
				error:
					'front matter names the page ID 4242, which does not exist or the account cannot see',
			}),
		);
		folder.set('guide/setup.md', Buffer.from('---\nparent: Nowhere\n---\n# Setup\n'));
		expect(page(prepare(folder), 'file:guide/setup.md').error).toBe(
			'front matter: the parent "Nowhere" is no page of this folder (give a page title from the folder or a page ID)',
		);
	});

	it('front matter "space" must be the root page\'s space (by key, any case, or by ID): a folder is one tree in one space', () => {
		const folder = docsFolder();
		folder.set('guide/setup.md', Buffer.from('---\nspace: docs\n---\n# Setup\n'));
		folder.set('reference/api.md', Buffer.from('---\nspace: 98\n---\n# API\n'));
		const rootSpace = { id: '98', key: 'DOCS' };
		const same = prepare(folder, { rootSpace });
		expect(page(same, 'file:guide/setup.md').error).toBeUndefined();
		expect(page(same, 'file:guide/setup.md').space).toBe('docs');
		expect(page(same, 'file:reference/api.md').error).toBeUndefined();

		folder.set('guide/setup.md', Buffer.from('---\nspace: OPS\n---\n# Setup\n'));
		folder.set('reference/api.md', Buffer.from('---\nspace: 99\n---\n# API\n'));
		const other = prepare(folder, { rootSpace });
		expect(page(other, 'file:guide/setup.md').error).toBe(
			'front matter: the space "OPS" is not the root page\'s space (DOCS); a folder is published as one page tree in one space, so publish this file with a root page in OPS',
		);
		expect(page(other, 'file:reference/api.md').error).toMatch(
			/the space "99" is not the root page's space/,
		);
		expect(other.files.find((file) => file.path === 'guide/setup.md')?.error).toMatch(
			/space "OPS"/,
		);
		// Only the space's ID known: a key cannot be compared yet (the executor looks the key up and prepares again).
		expect(
			page(prepare(folder, { rootSpace: { id: '98' } }), 'file:guide/setup.md').error,
		).toBeUndefined();
	});

	describe('bad input names the file and what is wrong', () => {
		it('malformed front matter, with its line', () => {
			const folder = docsFolder();
			folder.set('guide/setup.md', Buffer.from('---\ntitle: Setup\nlabels: [a, b\n---\n# Setup\n'));
			const prepared = prepare(folder);
			expect(page(prepared, 'file:guide/setup.md').error).toBe(
				'malformed front matter, line 3: the list "[…" is never closed',
			);
			expect(prepared.complete).toBe(false);
			expect(prepared.files.find((f) => f.path === 'guide/setup.md')?.error).toMatch(/line 3/);
		});

		it('two files that would get the same title', () => {
			const folder = docsFolder();
			folder.set('reference/setup.md', Buffer.from('# Setup\n'));
			const prepared = prepare(folder);
			expect(page(prepared, 'file:reference/setup.md').error).toMatch(
				/^2 files would get the title "Setup" in one space .*: guide\/setup.md, reference\/setup.md/,
			);
			folder.delete('reference/setup.md');
			folder.set('guide/install.md', Buffer.from('---\ntitle: setup\n---\n'));
			expect(page(prepare(folder), 'file:guide/install.md').error).toMatch(/under one parent/);
		});

		it('an image path that climbs out of the folder', () => {
			const folder = docsFolder();
			folder.set('guide/setup.md', Buffer.from('# Setup\n\n![x](../../../etc/x.png)\n'));
			expect(page(prepare(folder), 'file:guide/setup.md').error).toBe(
				'the image "../../../etc/x.png" climbs out of the folder',
			);
			const climbing = prepareFolder(
				[{ itemIndex: 0, path: '../x.md', data: Buffer.from('# X') }],
				OPTIONS,
			);
			expect(climbing.files[0].error).toBe('the path "../x.md" climbs out of the folder');
		});

		it('a binary that is not what its extension says, and the pages that use it', () => {
			const folder = docsFolder();
			folder.set('figure/arch.png', Buffer.from('<html>not an image</html>'));
			const prepared = prepare(folder);
			expect(prepared.files.find((f) => f.path === 'figure/arch.png')?.error).toBe(
				'the content is not a .png file (its first bytes do not match)',
			);
			expect(page(prepared, 'file:getting-started.md').error).toBe(
				'it uses figure/arch.png, which cannot be uploaded: the content is not a .png file (its first bytes do not match)',
			);
		});

		it('a file over the attachment size limit', () => {
			const prepared = prepare(undefined, { maxAttachmentBytes: 500 });
			expect(prepared.files.find((f) => f.path === 'files/template.docx')?.error).toMatch(
				/^the file is \d+ bytes, over the attachment size limit of 500 bytes$/,
			);
		});
	});

	describe('against the pages as they are', () => {
		const tree = [
			{ id: '11', title: 'Getting Started', parentId: '1' },
			{ id: '12', title: 'User Guide', parentId: '1' },
			{ id: '13', title: 'Setup', parentId: '1' },
			{ id: '14', title: 'Old page', parentId: '12' },
		];

		it('matches by title under the root, and lists the pages no file produces', () => {
			const prepared = prepare();
			const matches = matchPages(prepared, '1', tree);
			expect(Object.fromEntries(matches)).toEqual({
				[ROOT_KEY]: '1',
				'file:getting-started.md': '11',
				'dir:guide': '12',
				'file:guide/setup.md': '13',
			});
			expect(findOrphans(tree, matches)).toEqual([{ id: '14', title: 'Old page', parentId: '12' }]);
		});

		it('plans nothing for pages that already are as the files say; moves, updates and uploads only what differs', () => {
			const prepared = prepare();
			const matches = matchPages(prepared, '1', tree);
			const started = page(prepared, 'file:getting-started.md');
			const setup = page(prepared, 'file:guide/setup.md');
			const existing = new Map<string, ExistingPage>([
				[
					'1',
					{
						id: '1',
						title: 'Docs',
						version: 3,
						body: page(prepared, ROOT_KEY).body,
						labels: ['docs'],
					},
				],
				[
					'11',
					{
						id: '11',
						title: 'Getting Started',
						parentId: '1',
						version: 2,
						body: started.body,
						labels: ['intro', 'docs'],
						attachments: [
							{ id: 'att1', title: 'arch.png', comment: `sha256:${started.attachments[0].sha256}` },
						],
					},
				],
				[
					'12',
					{
						id: '12',
						title: 'User Guide',
						parentId: '1',
						version: 1,
						body: '<p>old</p>',
						labels: [],
						attachments: [],
					},
				],
				[
					'13',
					{
						id: '13',
						title: 'Setup',
						parentId: '1',
						version: 5,
						body: setup.body,
						labels: [],
						attachments: [],
					},
				],
			]);
			const plans = Object.fromEntries(
				planChanges(prepared, matches, existing).map((plan) => [plan.page.key, plan]),
			);
			expect(plans[ROOT_KEY].action).toBe('unchanged');
			expect(plans['file:getting-started.md']).toEqual(
				expect.objectContaining({
					action: 'unchanged',
					uploads: [],
					writeBody: false,
					move: false,
				}),
			);
			expect(plans['dir:guide']).toEqual(
				expect.objectContaining({ action: 'update', writeBody: true, move: false, version: 1 }),
			);
			expect(plans['dir:guide'].uploads.map((a) => a.name)).toEqual(['flow.svg']);
			// Same body and title, another folder: only a move, and the attachments it lacks.
			expect(plans['file:guide/setup.md']).toEqual(
				expect.objectContaining({ action: 'move', writeBody: false, move: true }),
			);
			expect(plans['file:guide/setup.md'].uploads.map((a) => a.name)).toEqual([
				'spec.pdf',
				'screen.jpg',
			]);
			expect(plans['dir:reference'].action).toBe('create');
			expect(plans['file:reference/api.md'].action).toBe('create');
		});

		it('a changed attachment (another hash) is uploaded again; labels are brought in line', () => {
			const prepared = prepare();
			const started = page(prepared, 'file:getting-started.md');
			const matches = new Map([
				[ROOT_KEY, '1'],
				['file:getting-started.md', '11'],
			]);
			const existing = new Map<string, ExistingPage>([
				[
					'11',
					{
						id: '11',
						title: 'Getting Started',
						parentId: '1',
						version: 2,
						body: started.body,
						labels: ['intro', 'stale'],
						attachments: [{ id: 'att1', title: 'arch.png', comment: 'sha256:0000' }],
					},
				],
			]);
			const [plan] = planChanges(prepared, matches, existing).filter(
				(p) => p.page.key === 'file:getting-started.md',
			);
			expect(plan).toEqual(
				expect.objectContaining({
					action: 'update',
					writeBody: false,
					labelsToAdd: ['docs'],
					labelsToRemove: ['stale'],
				}),
			);
			expect(plan.uploads.map((a) => a.name)).toEqual(['arch.png']);
		});
	});
});
