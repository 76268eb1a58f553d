/**
 * Browser-side helpers for the notes e2e tests: a demo meeting opened by an organiser, members
 * joining through links, and reading or changing a board's editor state (never its innerText,
 * which includes the remote cursors' name labels).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { App } from '../helpers/app.js';
import { closeAppAndBrowser, joinAs, newUser, startAppAndBrowser } from '../helpers/browser.js';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';

export interface DemoInBrowser {
	ctx: BrowserContext;
	page: Page;
	id: string;
	view: SessionView;
	rooms: string[];
	linkUrl(role: string, roomIndex?: number): string;
}

/** Creates the demo meeting from the landing page, as an organiser in a new context. */
export async function demoInBrowser(browser: Browser, appUrl: string): Promise<DemoInBrowser> {
	const ctx = await newUser(browser);
	const page = await ctx.newPage();
	await page.goto(appUrl);
	await page.getByRole('button', { name: 'デモ会議を作成' }).click();
	await page.waitForURL(/\/console$/);
	const id = /\/m\/([^/]+)\/console$/.exec(page.url())![1];
	const view = (await (await page.request.get(`${appUrl}/api/v1/meetings/${id}`)).json()) as SessionView;
	const rooms = sortedRooms(view.state).map((r) => r.id);
	return {
		ctx,
		page,
		id,
		view,
		rooms,
		linkUrl(role, roomIndex) {
			const link = Object.values(view.state.links).find((l) => l.role === role && !l.revoked && (roomIndex === undefined || l.roomId === rooms[roomIndex]));
			if (!link) throw new Error(`no ${role} link`);
			return view.linkUrls[link.id];
		}
	};
}

/** The app, a browser and the demo meeting opened by its organiser: started before the file's first test, closed after its last. */
export interface DemoSuite {
	app: App;
	browser: Browser;
	demo: DemoInBrowser;
}

/** Registers the hooks that start (and close) a `DemoSuite` for the calling file; read it inside tests only. */
export function demoSuite(): DemoSuite {
	const suite = {} as DemoSuite;
	beforeAll(async () => {
		({ app: suite.app, browser: suite.browser } = await startAppAndBrowser());
		suite.demo = await demoInBrowser(suite.browser, suite.app.url);
	});
	afterAll(() => closeAppAndBrowser(suite.app, suite.browser));
	return suite;
}

/** The app and a browser for one file, and new people in it (each a fresh context, closed with the suite). */
export interface BrowserSuite {
	app: App;
	browser: Browser;
	/** A new person's page (Japanese, Tokyo time, desktop unless `phone`); dialogs are accepted. */
	person(opts?: { phone?: boolean; locale?: string }): Promise<Page>;
}

/** Registers the hooks that start (and close) a `BrowserSuite` for the calling file; use it inside tests only. */
export function browserSuite(): BrowserSuite {
	const contexts: BrowserContext[] = [];
	const suite = {
		async person(opts = {}) {
			const ctx = await newUser(suite.browser, opts);
			contexts.push(ctx);
			const page = await ctx.newPage();
			page.on('dialog', (d) => void d.accept());
			return page;
		}
	} as BrowserSuite;
	beforeAll(async () => {
		({ app: suite.app, browser: suite.browser } = await startAppAndBrowser());
	});
	afterAll(async () => {
		for (const c of contexts) await c.close();
		await closeAppAndBrowser(suite.app, suite.browser);
	});
	return suite;
}

/** Opens a link in a new context and joins with a display name; answers the page (on the link's landing page). */
export async function joinByLink(browser: Browser, url: string, name: string, opts: { phone?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
	const ctx = await newUser(browser, opts);
	const page = await ctx.newPage();
	await page.goto(url);
	await joinAs(page, name);
	await expect.poll(() => page.getByText(name).count(), { timeout: 15_000 }).toBeGreaterThan(0);
	return { ctx, page };
}

/** Waits until the page's board editor exists, is connected and has the server's copy. */
export async function boardReady(page: Page): Promise<void> {
	await page.locator('[data-testid="board-editor"] .cm-content').waitFor({ timeout: 20_000 });
	await expect.poll(() => page.getByTestId('board-conn').getAttribute('data-ready'), { timeout: 20_000 }).toBe('yes');
	await expect.poll(() => page.getByTestId('board-conn').textContent(), { timeout: 20_000 }).toBe('オンライン');
}

/** The editor's text (CodeMirror state). */
export function editorText(page: Page): Promise<string> {
	return page.locator('[data-testid="board-editor"]').evaluate((el) => (el as HTMLElement & { __board: { view: { state: { doc: { toString(): string } } } } }).__board.view.state.doc.toString());
}

/** The Y.Text behind the editor. */
export function yText(page: Page): Promise<string> {
	return page.locator('[data-testid="board-editor"]').evaluate((el) => (el as HTMLElement & { __board: { ytext: { toString(): string } } }).__board.ytext.toString());
}

/** Puts the cursor at `pos` (a character offset) and focuses the editor. */
export async function setCursor(page: Page, pos: number): Promise<void> {
	await page.locator('[data-testid="board-editor"]').evaluate((el, p) => {
		const view = (el as HTMLElement & { __board: { view: { focus(): void; dispatch(s: unknown): void } } }).__board.view;
		view.focus();
		view.dispatch({ selection: { anchor: p } });
	}, pos);
}

/** Inserts text at `pos` as a local edit of this page's user (like typing it). */
export async function insertAt(page: Page, pos: number, text: string): Promise<void> {
	await page.locator('[data-testid="board-editor"]').evaluate(
		(el, [p, t]) => {
			const view = (el as HTMLElement & { __board: { view: { dispatch(s: unknown): void } } }).__board.view;
			view.dispatch({ changes: { from: p as number, insert: t as string }, userEvent: 'input.type' });
		},
		[pos, text] as const
	);
}

/**
 * Composes `steps` (kana as typed) and commits `commit`, like a Japanese IME (through the DevTools
 * protocol); `between` runs after the second step, while the composition is still open.
 */
export async function compose(page: Page, steps: string[], commit: string, between?: () => Promise<void>): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	for (const [i, s] of steps.entries()) {
		await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
		if (i === 1 && between) await between();
	}
	await cdp.send('Input.insertText', { text: commit });
	await cdp.detach();
}
