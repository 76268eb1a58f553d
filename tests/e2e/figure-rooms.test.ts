/**
 * The rooms during the breakout in the organiser's console (run tab), in real Chromium against the
 * production build, with the organiser's WebSockets refused (the console runs on long-polling and
 * the figure on plain HTTP). Real Yjs clients type into two rooms' boards minute by minute (the
 * server's clock is stepped a minute at a time, and each step runs that minute's count); one room
 * stops writing, one never starts. The figure shows every room on the same scales, the quiet rooms
 * marked in words, the connected people and the questions; its table opens from the keyboard;
 * axe-core passes; screenshots at desktop and 390 px, in Japanese and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stepClock, type App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, newUser, screenshot, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { boardClient, createDemo, type BoardClient, type DemoMeeting } from '../helpers/notes.js';
import { api, eventually, mustCommand } from '../helpers/server.js';
import { sortedItems } from '../../src/lib/shared/agenda/types.js';
import { countLines } from '../../src/lib/shared/notes/activity.js';

let app: App;
let browser: Browser;
let demo: DemoMeeting;
const contexts: BrowserContext[] = [];
const boards: BoardClient[] = [];
let org: Page;
let websockets = 0;

/** Types one line at the end of a board and waits until the server holds it. */
async function typeLine(board: BoardClient, roomId: string, line: string) {
	board.text.insert(board.text.length, `${board.text.toString().endsWith('\n') ? '' : '\n'}${line}\n`);
	await eventually(async () => {
		const res = await api(app.url, `/api/v1/meetings/${demo.id}/rooms/${roomId}/notes`, { token: demo.organiserToken });
		expect(res.json.text).toContain(line);
	});
}

const texts = (panel: number) => org.getByTestId('room-activity').nth(panel).locator('svg text').allTextContents();

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser({}, { clock: new Date().toISOString() }));
	demo = await createDemo(app.url);
	const breakout = sortedItems(demo.view.state.agenda).find((i) => i.kind === 'breakout')!;
	await mustCommand(app.url, demo.id, demo.organiserToken, { type: 'agenda.start', itemId: breakout.id });
	// ルーム1: its facilitator and a member read and write; ルーム2: its facilitator; ルーム3: nobody.
	const reader = await demo.joinMember('佐藤 花子', 0);
	const asker = await demo.joinMember('鈴木 一郎', 0);
	const room1 = boardClient(app.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0));
	const room1reader = boardClient(app.url, demo.id, `room/${demo.rooms[0]}`, reader.token);
	const room2 = boardClient(app.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1));
	boards.push(room1, room1reader, room2);
	await Promise.all(boards.map((b) => b.synced));
	for (let minute = 1; minute <= 12; minute++) {
		await typeLine(room1, demo.rooms[0], `${minute % 4 === 0 ? '★' : ''}● 意見${minute}：相談窓口の体制について`);
		if (minute % 3 === 0) await typeLine(room1, demo.rooms[0], `● 補足${minute}：夜間の連絡先`);
		if (minute <= 3) await typeLine(room2, demo.rooms[1], `● フードバンクの在庫${minute}`);
		if (minute === 5) await mustCommand(app.url, demo.id, asker.token, { type: 'question.ask', text: '夜間の相談体制への補助はあるか' });
		if (minute === 8) await mustCommand(app.url, demo.id, asker.token, { type: 'question.ask', text: '広域実施の費用負担は' });
		await stepClock(app);
	}
	const ctx = await newUser(browser);
	contexts.push(ctx);
	await ctx.routeWebSocket(/.*/, (ws) => ws.close({ code: 1006, reason: 'blocked' }));
	// This browser's clock never syncs with the server's (its clock pings are swallowed), and the
	// server's clock is 12 minutes ahead of it: the rooms are still marked by the server's time.
	await ctx.route('**/socket.io/**', (route) =>
		route.request().method() === 'POST' && (route.request().postData() ?? '').includes('"clock.ping"')
			? route.fulfill({ status: 200, contentType: 'text/html', body: 'ok' })
			: route.fallback()
	);
	org = await ctx.newPage();
	org.on('websocket', () => websockets++);
	await org.goto(`${app.url}/j/${encodeURIComponent(demo.organiserToken)}`);
	await org.waitForURL(/\/console/);
	await org.getByRole('tab', { name: '進行' }).click();
}, 240_000);

afterAll(async () => {
	for (const b of boards) b.destroy();
	for (const c of contexts) await c.close().catch(() => undefined);
	await closeAppAndBrowser(app, browser);
});

describe('rooms during the breakout (console)', () => {
	it('shows one panel per room with its counts, the quiet rooms marked in words', async () => {
		const panels = org.getByTestId('room-activity');
		await expect.poll(() => panels.count(), { timeout: 20_000 }).toBe(3);
		expect(await org.getByRole('heading', { name: '各ルームの様子' }).isVisible()).toBe(true);
		expect(await Promise.all([0, 1, 2].map((i) => panels.nth(i).getAttribute('data-status')))).toEqual(['active', 'silent', 'silent']);
		const board1 = (await api(app.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes`, { token: demo.organiserToken })).json.text as string;
		const one = await texts(0);
		expect(one).toEqual(expect.arrayContaining(['ルーム1', '接続 2人', `行 ${countLines(board1)}`, '質問 2']));
		const two = await texts(1);
		expect(two).toContain('接続 1人');
		expect(two.find((t) => t.includes('新しい行なし'))).toMatch(/^⚠ (8|9|10)分間 新しい行なし$/);
		const three = await texts(2);
		expect(three).toContain('接続なし');
		expect(three.find((t) => t.includes('新しい行なし'))).toMatch(/^⚠ 1[0-2]分間 新しい行なし$/);
		// Every panel on one scale: the same top count and the same times.
		const top = (t: string[]) => t.filter((x) => /^\d+行$/.test(x));
		expect(top(two)).toEqual(top(one));
		expect(top(three)).toEqual(top(one));
		expect(one.filter((x) => /^\d\d:\d\d$/.test(x))).toEqual(two.filter((x) => /^\d\d:\d\d$/.test(x)));
		expect(websockets).toBe(0);
	});

	it('opens its table from the keyboard, with links to each room’s board', async () => {
		// The run tab also carries the timeline, with its own 「表で見る」: take the rooms figure's.
		const summary = org.locator('.rooms-figure').getByText('表で見る', { exact: true });
		await summary.focus();
		await org.keyboard.press('Enter');
		const table = org.locator('.rooms-figure table');
		await expect.poll(() => table.isVisible()).toBe(true);
		const rows = await table.locator('tbody tr').allInnerTexts();
		expect(rows).toHaveLength(3);
		expect(rows[1]).toContain('新しい行なし');
		expect(await table.getByRole('link', { name: 'ルーム2' }).getAttribute('href')).toBe(`/m/${demo.id}/rooms/${demo.rooms[1]}`);
	});

	it('passes axe-core; screenshots at desktop and 390 px, in Japanese and English', async () => {
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'figure-rooms');
		await org.setViewportSize({ width: 1366, height: 900 });
		await org.getByTestId('room-activity').first().scrollIntoViewIfNeeded();
		await org.locator('.rooms-figure').screenshot({ path: `${process.cwd()}/tests/e2e/screenshots/figure-rooms-panels.png` });
		await org.getByRole('button', { name: /English/ }).click();
		await expect.poll(() => texts(2)).toContain('Nobody connected');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshot(org, 'figure-rooms-en-desktop');
	});
});
