/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
/* The n8n editor in Debian's Chromium, driven by playwright-core: log in, open a workflow, open a node's parameters,
 * collect console errors, take screenshots (artifacts/screenshots/). */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { ARTIFACTS_DIR } from './install';
import { OWNER } from './server';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');

/** Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const RLC_ITEM = '[data-test-id="rlc-item"]';

/** Browser-side: waits (up to 2 s) for the page's finite animations and transitions to end. */
const SETTLE_ANIMATIONS = `Promise.race([
	Promise.all(
		document
			.getAnimations()
			.filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
			.map((animation) => animation.finished.catch(() => undefined)),
	),
	new Promise((resolve) => setTimeout(resolve, 2000)),
])`;

function isSchemaPreviewMiss(origin: string, url: string, text: string): boolean {
	return (
		url.startsWith(`${origin}/schemas/`) &&
		/\/schemas\/[^/]+\/\d+\.\d+\.\d+(\/[^/]+){0,2}\.json$/.test(new URL(url).pathname) &&
		/status of 404/.test(text)
	);
}

export interface BrowserProblem {
	kind: 'console' | 'pageerror';
	text: string;
	/** The script or resource the message is about, when the browser says. */
	url?: string;
}

export interface EditorSession {
	page: Page;
	context: BrowserContext;
	baseUrl: string;
	/** Console errors and uncaught page errors since login (the sign-in page's own 401 is not kept). */
	problems: BrowserProblem[];
	/** Requests to anything but the n8n server, aborted (telemetry, fonts, templates). */
	blockedRequests: string[];
	/**
	 * 404s of `/schemas/<node type>/<version>[/<resource>/<operation>].json`, kept out of `problems`: the editor asks
	 * for an output-schema preview of every parent node outside "Core Nodes" and logs the 404 of a package that ships
	 * none (every community package) as a console error.
	 */
	schemaPreviewMisses: string[];
	/** Signs in through the editor's form. */
	login(credentials?: { email: string; password: string }): Promise<void>;
	/** Opens /workflow/<id> and waits until its nodes are on the canvas. */
	openWorkflow(workflowId: string): Promise<void>;
	/** The canvas node with that name. */
	canvasNode(nodeName: string): Locator;
	/** Double-clicks the node and waits for its parameter panel (NDV); returns the parameters container. */
	openNode(nodeName: string): Promise<Locator>;
	/** Closes the open panel (nothing to do when none is open). */
	closeNode(): Promise<void>;
	/**
	 * Names of the top-level parameters the open panel's Parameters tab shows, in order (each parameter's label is
	 * `<label for="<name>">`; parameters inside collections and the hidden Settings tab are left out).
	 */
	parameterNames(): Promise<string[]>;
	/** Texts of the notices (`type: 'notice'` parameters) the open panel's Parameters tab shows. */
	notices(): Promise<string[]>;
	/** What the open panel's inputs show (selects render their chosen option's label in an input). */
	fieldValues(): Promise<string[]>;
	/** Clicks the resource locator of parameter `name` (in "From list" mode), waits for its list; returns the names. */
	openResourceLocatorList(name: string): Promise<string[]>;
	/**
	 * Types into the open resource locator list's search box; returns the names once the list has loaded, is not empty
	 * and differs from before (or what it shows after 30 s).
	 */
	searchResourceLocatorList(text: string): Promise<string[]>;
	/**
	 * Clicks `opener` until `opened` (something the open dropdown shows at once, before its items load) is visible: a
	 * click that lands while the panel re-renders, e.g. as another dropdown fades out, opens nothing. Throws after
	 * `attempts` tries of 15 s.
	 */
	openDropdown(opener: Locator, opened: Locator, attempts?: number): Promise<void>;
	/** Texts of the visible elements matching selector. */
	visibleTexts(selector: string): Promise<string[]>;
	/** Saves artifacts/screenshots/<name>.png (once running animations have ended) and returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

export interface OpenEditorOptions {
	viewport?: { width: number; height: number };
	/** How long to wait for the editor to show a workflow (it loads every node type first; slow on a busy machine). */
	loadTimeoutMs?: number;
}

/** Launches Chromium with a fresh profile on the n8n server at baseUrl. */
export async function openEditor(
	baseUrl: string,
	options: OpenEditorOptions = {},
): Promise<EditorSession> {
	const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
	// A persistent context is the way to hand Chromium a --user-data-dir of our own (a new, empty one).
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: options.viewport ?? { width: 1400, height: 900 },
	});
	const loadTimeoutMs = options.loadTimeoutMs ?? 180000;
	context.setDefaultTimeout(60000);
	const origin = new URL(baseUrl).origin;
	const blockedRequests: string[] = [];
	await context.route('**/*', async (route) => {
		const url = route.request().url();
		if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) {
			await route.continue();
		} else {
			blockedRequests.push(url);
			await route.abort('blockedbyclient');
		}
	});
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: BrowserProblem[] = [];
	const schemaPreviewMisses: string[] = [];
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const url = message.location().url || undefined;
		// Requests we aborted on purpose are reported as console errors too.
		if (/ERR_BLOCKED_BY_CLIENT/.test(message.text())) return;
		if (url && isSchemaPreviewMiss(origin, url, message.text())) {
			schemaPreviewMisses.push(url);
			return;
		}
		problems.push({ kind: 'console', text: message.text(), url });
	});
	page.on('pageerror', (error) =>
		problems.push({ kind: 'pageerror', text: error.stack ?? error.message }),
	);

	const ndv = page.locator('[data-test-id="ndv"]');
	const rlcItems = page.locator(`${RLC_ITEM}:visible`);
	const session: EditorSession = {
		page,
		context,
		baseUrl,
		problems,
		blockedRequests,
		schemaPreviewMisses,
		login: async (credentials = { email: OWNER.email, password: OWNER.password }) => {
			await page.goto(`${baseUrl}/signin`);
			await page
				.locator('input[name="emailOrLdapLoginId"], input[name="email"]')
				.first()
				.fill(credentials.email);
			await page.locator('input[name="password"]').fill(credentials.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'), {
				timeout: loadTimeoutMs,
			});
			// The sign-in page checks for a session first and logs the expected 401 as a console error.
			problems.length = 0;
		},
		openWorkflow: async (workflowId) => {
			await page.goto(`${baseUrl}/workflow/${workflowId}`);
			await page
				.locator('[data-test-id="canvas-node"]')
				.first()
				.waitFor({ state: 'visible', timeout: loadTimeoutMs });
		},
		canvasNode: (nodeName) =>
			page.locator(
				`[data-test-id="canvas-node"][data-node-name="${nodeName.replace(/"/g, '\\"')}"]`,
			),
		openNode: async (nodeName) => {
			await session.canvasNode(nodeName).dblclick();
			await ndv.waitFor({ state: 'visible' });
			const parameters = ndv.locator('[data-test-id="node-parameters"]');
			await parameters.waitFor({ state: 'visible' });
			return parameters;
		},
		closeNode: async () => {
			if (!(await ndv.isVisible())) return;
			await ndv.locator('[data-test-id="ndv-close-button"]').click();
			await ndv.waitFor({ state: 'hidden' });
		},
		parameterNames: async () =>
			await ndv.locator('[data-test-id="node-parameters"]').evaluate((root) => {
				const item = '[data-test-id="parameter-item"]';
				return [...root.querySelectorAll('label[for]')]
					.filter((label) => label.checkVisibility())
					.filter((label) => !label.closest(item)?.parentElement?.closest(item))
					.map((label) => label.getAttribute('for') ?? '')
					.filter((name, index, names) => name && names.indexOf(name) === index);
			}),
		notices: async () =>
			await ndv
				.locator('[data-test-id="node-parameters"] .parameter-item')
				.evaluateAll((elements) =>
					elements
						.filter((element) => element.checkVisibility() && !element.querySelector('label'))
						.map((element) => (element.textContent ?? '').trim())
						.filter(Boolean),
				),
		fieldValues: async () =>
			await ndv
				.locator('input')
				.evaluateAll((elements) =>
					elements
						.map((element) => (element as unknown as { value: string }).value)
						.filter(Boolean),
				),
		openResourceLocatorList: async (name) => {
			await session.openDropdown(
				ndv.locator(`[data-test-id="resource-locator-${name}"] [data-test-id="rlc-input"]`),
				page.locator('[data-test-id="rlc-search"]:visible'),
			);
			await rlcItems.first().waitFor({ state: 'visible' });
			return await session.visibleTexts(RLC_ITEM);
		},
		searchResourceLocatorList: async (text) => {
			const before = await session.visibleTexts(RLC_ITEM);
			await page.locator('[data-test-id="rlc-search"]:visible').fill(text);
			const deadline = Date.now() + 30000;
			for (;;) {
				// While Confluence answers, the list is empty or shows skeleton rows; old rows may linger until then.
				const now = await session.visibleTexts(RLC_ITEM);
				const loading = await page.locator('[class*="_loadingItem_"]:visible').count();
				const changed = now.length > 0 && now.join('\n') !== before.join('\n');
				if ((changed && loading === 0) || Date.now() > deadline) return now;
				await page.waitForTimeout(200);
			}
		},
		openDropdown: async (opener, opened, attempts = 3) => {
			for (let attempt = 1; ; attempt++) {
				await opener.click();
				try {
					await opened.first().waitFor({ state: 'visible', timeout: 15000 });
					return;
				} catch (error) {
					if (attempt >= attempts) throw error;
				}
			}
		},
		visibleTexts: async (selector) =>
			await page
				.locator(selector)
				.evaluateAll((elements) =>
					elements
						.filter((element) => element.checkVisibility())
						.map((element) => (element.textContent ?? '').trim()),
				),
		screenshot: async (name) => {
			// Dropdowns fade and slide in: let finite CSS animations and transitions end first (spinners never do).
			await page.evaluate(SETTLE_ANIMATIONS);
			mkdirSync(SCREENSHOTS_DIR, { recursive: true });
			const file = join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
	return session;
}
