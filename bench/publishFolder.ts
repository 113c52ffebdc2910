/* Row 10: Page → Publish Markdown Files on a 200-file docs folder (20 folders of 7 Markdown pages and 3 images): the first
 * run, then a rerun with nothing changed. Requests and time beside the floor: the rerun reads each page once to compare
 * and writes nothing. */
import type { INodeExecutionData } from 'n8n-workflow';

import { credentialsFor, fastRetries } from '../test/helpers/fixtures';
import { runNode } from '../test/helpers/n8n';
import type { Simulator } from '../test/simulator';
import { DEMO_USER } from '../test/simulator/store';
import { log, median, timed, type BenchResult } from './lib';

const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082',
	'hex',
);

/** `folders` folders, each with an index page, `pages - 1` more pages and `images` images the pages show. */
function docsFolder(folders: number, pages: number, images: number): INodeExecutionData[] {
	const files: Array<[string, Buffer]> = [];
	for (let folder = 1; folder <= folders; folder++) {
		const dir = `section-${folder}`;
		for (let image = 1; image <= images; image++) {
			// Each image its own bytes, so the hashes differ.
			files.push([
				`${dir}/img/figure-${image}.png`,
				Buffer.concat([PNG, Buffer.from([folder, image])]),
			]);
		}
		files.push([
			`${dir}/index.md`,
			Buffer.from(
				`---\ntitle: Section ${folder}\nlabels: [docs]\n---\n# Section ${folder}\n\nSee [the first page](page-1.md#details).\n`,
			),
		]);
		for (let page = 1; page < pages; page++) {
			const image = ((page - 1) % images) + 1;
			files.push([
				`${dir}/page-${page}.md`,
				Buffer.from(
					`# Section ${folder} page ${page}\n\nSome **text** and a list:\n\n- one\n- two\n\n![figure](img/figure-${image}.png)\n\n## Details\n\nBack to [the section](index.md).\n`,
				),
			]);
		}
	}
	return files.map(([path, data]) => ({
		json: { path },
		binary: {
			data: {
				data: data.toString('base64'),
				fileName: path.split('/').pop()!,
				mimeType: 'application/octet-stream',
			},
		},
	}));
}

export async function publishFolderRows(sim: Simulator, repeats = 3): Promise<BenchResult[]> {
	fastRetries();
	const folders = 20;
	const pagesPerFolder = 7;
	const imagesPerFolder = 3;
	const items = docsFolder(folders, pagesPerFolder, imagesPerFolder);
	const credentials = credentialsFor(sim);
	const firstMs: number[] = [];
	const rerunMs: number[] = [];
	let first = { requests: 0, writes: 0 };
	let rerun = { requests: 0, writes: 0 };
	let unchanged = 0;
	for (let round = 0; round < repeats; round++) {
		sim.reset('empty');
		sim.setContractValidation(false);
		const space = sim.store.createSpace({
			key: 'DOCS',
			name: 'Docs',
			authorId: DEMO_USER.accountId,
		});
		const root = sim.store.createPage({
			spaceId: space.id,
			title: 'Docs',
			authorId: DEMO_USER.accountId,
		});
		const parameters = {
			resource: 'page',
			operation: 'publishFolder',
			rootPage: { __rl: true, mode: 'id', value: root.id },
		};
		const count = (from: number) => {
			const sent = sim.requests
				.slice(from)
				.filter((request) => /^\/wiki\/(api\/v2|rest\/api)\//.test(request.path));
			return {
				requests: sent.length,
				writes: sent.filter((request) => request.method !== 'GET').length,
			};
		};
		let before = sim.requests.length;
		const run1 = await timed(
			async () => await runNode({ parameters, credentials, inputItems: items }),
		);
		if (run1.value.error) throw run1.value.error;
		firstMs.push(run1.ms);
		first = count(before);
		before = sim.requests.length;
		const run2 = await timed(
			async () => await runNode({ parameters, credentials, inputItems: items }),
		);
		if (run2.value.error) throw run2.value.error;
		rerunMs.push(run2.ms);
		rerun = count(before);
		unchanged = run2.value.items.filter((item) => item.json.action === 'unchanged').length;
	}
	const pages = folders * pagesPerFolder;
	// Every page but the index shows one image, uploaded to that page (an image two pages show is on both).
	const pagesWithImages = folders * (pagesPerFolder - 1);
	const uploads = pagesWithImages;
	const rerunFloor = 1 + Math.ceil(pages / 250) + pages;
	// First run: the root, the (empty) tree, then one create per page, one upload per image shown, one label request per
	// labelled page. The rerun: the root, the tree (one listing page per 250 pages), one read per page.
	const firstFloor = 2 + pages + uploads + folders;
	const label = `${items.length} files (${pages} pages, ${folders * imagesPerFolder} images in ${folders} folders)`;
	log(
		`row 10: first run ${first.requests} requests (${first.writes} writes), ${Math.round(median(firstMs))} ms; rerun ${rerun.requests} requests (${rerun.writes} writes), ${Math.round(median(rerunMs))} ms`,
	);
	return [
		{
			row: 10,
			case: `Publish Markdown Files, ${label}: first run`,
			metric: 'requests',
			unit: 'requests',
			ours: first.requests,
			floor: firstFloor,
			check: { label: 'every page created', ok: first.writes >= pages + uploads },
			note: `${first.writes} writes; ${Math.round(median(firstMs))} ms (median of ${repeats}, in-process n8n engine)`,
		},
		{
			row: 10,
			case: `Publish Markdown Files, ${label}: rerun, nothing changed`,
			metric: 'requests',
			unit: 'requests',
			ours: rerun.requests,
			floor: rerunFloor,
			check: {
				label: '0 writes, every file unchanged',
				ok: rerun.writes === 0 && unchanged === items.length,
			},
			note: `${rerun.writes} writes; ${Math.round(median(rerunMs))} ms (median of ${repeats}); above the floor: one attachment list per page that shows images (${pagesWithImages})`,
		},
	];
}
