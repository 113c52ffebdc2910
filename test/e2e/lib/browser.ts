/* eslint-disable @n8n/community-nodes/no-restricted-imports */
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
	/** Signs in through the editor's form. */
	login(credentials?: { email: string; password: string }): Promise<void>;
	/** Opens /workflow/<id> and waits until its nodes are on the canvas. */
	openWorkflow(workflowId: string): Promise<void>;
	/** The canvas node with that name. */
	canvasNode(nodeName: string): Locator;
	/** Double-clicks the node and waits for its parameter panel (NDV); returns the parameters container. */
	openNode(nodeName: string): Promise<Locator>;
	closeNode(): Promise<void>;
	/** Names of the parameters the open panel shows, from n8n's `parameter-input-<name>` test ids. */
	parameterNames(): Promise<string[]>;
	/** What the open panel's inputs show (selects render their chosen option's label in an input). */
	fieldValues(): Promise<string[]>;
	/** Saves artifacts/screenshots/<name>.png and returns its path. */
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
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const url = message.location().url || undefined;
		// Requests we aborted on purpose are reported as console errors too.
		if (/ERR_BLOCKED_BY_CLIENT/.test(message.text())) return;
		problems.push({ kind: 'console', text: message.text(), url });
	});
	page.on('pageerror', (error) =>
		problems.push({ kind: 'pageerror', text: error.stack ?? error.message }),
	);

	const ndv = page.locator('[data-test-id="ndv"]');
	const session: EditorSession = {
		page,
		context,
		baseUrl,
		problems,
		blockedRequests,
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
			await ndv.locator('[data-test-id="ndv-close-button"]').click();
			await ndv.waitFor({ state: 'hidden' });
		},
		parameterNames: async () => {
			const ids = await ndv
				.locator('[data-test-id="node-parameters"] [data-test-id^="parameter-input-"]')
				.evaluateAll((elements) =>
					elements.map((element) => element.getAttribute('data-test-id') ?? ''),
				);
			return [...new Set(ids.map((id) => id.slice('parameter-input-'.length)))].filter(Boolean);
		},
		fieldValues: async () =>
			await ndv
				.locator('input')
				.evaluateAll((elements) =>
					elements
						.map((element) => (element as unknown as { value: string }).value)
						.filter(Boolean),
				),
		screenshot: async (name) => {
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
