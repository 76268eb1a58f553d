/**
 * A meeting on a network that blocks WebSockets (as many municipal networks do), in real Chromium:
 * a participant joins, asks and votes; a facilitator types Japanese on a board and a second writer
 * sees it; the display shows the ★ line; the pages say they run in a slower mode. Once against one
 * instance with every WebSocket refused in the browser, once against two instances on one Redis
 * behind nginx that refuses upgrades (sticky long-polling across instances).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp } from '../helpers/app.js';
import { a11yViolations, joinAs, launchBrowser, newUser, screenshotBoth } from '../helpers/browser.js';
import { startProxiedApps } from '../helpers/proxy.js';
import { boardReady, editorText } from './notes-helpers.js';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

interface Setup {
	name: string;
	start(): Promise<{ url: string; stop(): Promise<unknown> }>;
	/** Refuse WebSockets in the browser itself (the proxy refuses them in the other setup). */
	blockInBrowser: boolean;
}

const SETUPS: Setup[] = [
	{ name: 'one instance, WebSockets refused in the browser', start: () => startApp(), blockInBrowser: true },
	{ name: 'two instances on Redis behind nginx refusing upgrades', start: () => startProxiedApps({ blockWebSockets: true }), blockInBrowser: false }
];

describe.each(SETUPS)('$name', (setup) => {
	let server: { url: string; stop(): Promise<unknown> };
	const contexts: BrowserContext[] = [];
	let websocketsOpened = 0;
	beforeAll(async () => {
		server = await setup.start();
	});
	afterAll(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await server?.stop();
	});

	/** A person on the blocking network. */
	async function person(opts: { phone?: boolean } = {}): Promise<Page> {
		const ctx = await newUser(browser, opts);
		contexts.push(ctx);
		if (setup.blockInBrowser) await ctx.routeWebSocket(/.*/, (ws) => ws.close({ code: 1006, reason: 'blocked' }));
		const page = await ctx.newPage();
		page.on('websocket', (ws) => ws.on('framereceived', () => websocketsOpened++));
		return page;
	}

	async function demo() {
		const res = await fetch(`${server.url}/api/v1/meetings/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		const created = (await res.json()) as { id: string; organiserToken: string };
		const view = (await (await fetch(`${server.url}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json()) as SessionView;
		const rooms = sortedRooms(view.state).map((r) => r.id);
		const link = (role: string, room?: string) => view.linkUrls[Object.values(view.state.links).find((l) => l.role === role && !l.revoked && (!room || l.roomId === room))!.id];
		return { ...created, rooms, link };
	}

	async function join(page: Page, url: string, name: string) {
		await page.goto(url);
		await joinAs(page, name);
		await expect.poll(() => page.getByText(name).count(), { timeout: 20_000 }).toBeGreaterThan(0);
	}

	it('participants ask and vote, boards sync, the display shows the ★ line, and the page says it is in a slower mode', async () => {
		const meeting = await demo();

		// A participant joins, asks and votes.
		const p = await person({ phone: true });
		await join(p, meeting.link('participant'), '北広島 一郎');
		await expect.poll(() => p.getByTestId('questions-panel').getByTestId('question').count(), { timeout: 20_000 }).toBe(6);
		const asked = 'WebSocketが使えない回線でも質問は届きますか';
		await p.getByTestId('ask-text').fill(asked);
		await p.getByTestId('ask-text').press('Enter');
		await expect.poll(() => p.getByTestId('ask-notice').textContent(), { timeout: 20_000 }).toBe('質問を送りました。');
		const firstCard = p.getByTestId('question').first();
		const before = Number(await firstCard.getByTestId('votes').textContent());
		await firstCard.getByTestId('vote').click();
		await expect.poll(async () => Number(await firstCard.getByTestId('votes').textContent()), { timeout: 20_000 }).toBe(before + 1);
		await expect.poll(() => p.getByTestId('slow-mode').count(), { timeout: 20_000 }).toBe(1);
		expect(await p.getByTestId('slow-mode').textContent()).toContain('低速モード');
		expect(await a11yViolations(p)).toEqual([]);
		await screenshotBoth(p, `blocked-ws-participant-${setup.blockInBrowser ? 'one' : 'two'}`);

		// The facilitator types Japanese on the room board; the organiser, a second writer, sees it and answers.
		const fac = await person();
		await join(fac, meeting.link('facilitator', meeting.rooms[0]), '鈴木 大輔');
		await boardReady(fac);
		const shared = '要望：回線が制限されていても記録を共有したい';
		await fac.locator('.cm-content').click();
		await fac.keyboard.press('Control+End');
		await fac.keyboard.type(`\n★● ${shared}`);
		const org = await person();
		await org.goto(`${server.url}/j/${meeting.organiserToken}`);
		await org.goto(`${server.url}/m/${meeting.id}/rooms/${meeting.rooms[0]}`);
		await boardReady(org);
		await expect.poll(() => editorText(org), { timeout: 20_000 }).toContain(shared);
		await org.locator('.cm-content').click();
		await org.keyboard.press('Control+End');
		await org.keyboard.type('\n● 運営から：低速モードでも同時編集できています');
		await expect.poll(() => editorText(fac), { timeout: 20_000 }).toContain('低速モードでも同時編集できています');
		expect(await fac.getByTestId('slow-mode').count()).toBe(1);

		// The display (projector) shows the ★ line.
		const display = await person();
		await display.goto(meeting.link('display'));
		await display.getByTestId('plenary-screen').waitFor({ timeout: 20_000 });
		await expect.poll(() => display.getByTestId('plenary-item').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringContaining('回線が制限されていても記録を共有したい')]));

		// Nothing above went over a WebSocket.
		expect(websocketsOpened).toBe(0);
	});
});
