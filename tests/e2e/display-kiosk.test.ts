/**
 * The display as a kiosk and broadcasts that expire, in real Chromium against the production build:
 * no buttons on the projected screen, the cursor hides when the mouse rests, the language follows the
 * organiser's choice, a dropped connection is retried without a banner; broadcasts sit at the top of
 * the display (never over the corner QR code), stack compactly on a phone, and go away after the time
 * the organiser picked. Screenshots of the display, a participant's phone and the console controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { demoInBrowser, joinByLink, type DemoInBrowser } from './notes-helpers.js';

let app: App;
let browser: Browser;
let demo: DemoInBrowser;
let displayCtx: BrowserContext;
let display: Page;

async function send(data: Record<string, unknown>) {
	const res = await demo.page.request.post(`${app.url}/api/v1/meetings/${demo.id}/commands?as=organiser`, { data });
	expect((await res.json()).ok).toBe(true);
}

/** True when two boxes overlap. */
function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
	demo = await demoInBrowser(browser, app.url);
	const participantLink = Object.values(demo.view.state.links).find((l) => l.role === 'participant')!;
	await send({ type: 'plenary.qr', linkId: participantLink.id });
	displayCtx = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 720 } });
	display = await displayCtx.newPage();
	await display.goto(demo.linkUrl('display'));
	await display.getByTestId('plenary-corner-qr').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
	await displayCtx?.close();
	await closeAppAndBrowser(app, browser);
});

describe('the display as a kiosk', () => {
	it('has no buttons and no language switch, and hides the cursor once the mouse rests', async () => {
		expect(await display.getByRole('button').count()).toBe(0);
		await display.mouse.move(300, 300);
		await display.mouse.move(320, 310);
		expect(await display.getByTestId('plenary-screen').getAttribute('data-cursor')).toBe('shown');
		await expect.poll(() => display.getByTestId('plenary-screen').getAttribute('data-cursor'), { timeout: 10_000 }).toBe('hidden');
		expect(await display.getByTestId('plenary-screen').evaluate((el) => getComputedStyle(el).cursor)).toBe('none');
		await display.mouse.move(400, 400);
		expect(await display.getByTestId('plenary-screen').getAttribute('data-cursor')).toBe('shown');
	});

	it('switches to English when the organiser sets the display language, and back', async () => {
		await send({ type: 'plenary.language', language: 'en' });
		await expect.poll(() => display.locator('h1 .view').textContent()).toBe('By room');
		expect(await display.getByTestId('meeting-phase').textContent()).toContain('Not started');
		expect(await display.evaluate(() => document.documentElement.lang)).toBe('en');
		await screenshotBoth(display, 'kiosk-display-english');
		await send({ type: 'plenary.language', language: 'ja' });
		await expect.poll(() => display.locator('h1 .view').textContent()).toBe('ルームごと');
	});

	it('retries a dropped connection silently (no banner while it reconnects)', async () => {
		await displayCtx.setOffline(true);
		await display.waitForTimeout(3000);
		expect(await display.getByTestId('display-offline').count()).toBe(0);
		expect(await display.getByRole('status').count()).toBe(0);
		await displayCtx.setOffline(false);
		// Back online, it follows the organiser again.
		await send({ type: 'plenary.view', view: 'themes' });
		await expect.poll(() => display.getByTestId('plenary-screen').getAttribute('data-view'), { timeout: 30_000 }).toBe('themes');
		await send({ type: 'plenary.view', view: 'rooms' });
	});
});

describe('broadcasts', () => {
	it('sit at the top of the display without a button, never over the QR code; stack compactly on a phone with their button', async () => {
		const phone = await joinByLink(browser, demo.linkUrl('participant'), '苫小牧市 松本', { phone: true });
		await send({ type: 'broadcast.send', text: '残り5分です' });
		await send({ type: 'broadcast.send', text: 'まとめに入ってください' });
		const shown = display.getByTestId('broadcast');
		await expect.poll(() => shown.count(), { timeout: 15_000 }).toBe(2);
		expect(await display.getByRole('button').count()).toBe(0);
		const qr = (await display.getByTestId('plenary-corner-qr').boundingBox())!;
		for (const box of await Promise.all([shown.nth(0).boundingBox(), shown.nth(1).boundingBox()])) expect(overlap(box!, qr)).toBe(false);
		await screenshotBoth(display, 'kiosk-display-broadcasts');

		const mine = phone.page.getByTestId('broadcast');
		await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(2);
		expect(await mine.first().getByRole('button', { name: '閉じる' }).count()).toBe(1);
		// Compact: two messages take less than a fifth of an 844-px phone screen.
		const boxes = await Promise.all([mine.nth(0).boundingBox(), mine.nth(1).boundingBox()]);
		expect(boxes[0]!.height + boxes[1]!.height).toBeLessThan(844 / 5);
		expect(await a11yViolations(phone.page)).toEqual([]);
		await screenshotBoth(phone.page, 'kiosk-participant-broadcasts');
		await phone.ctx.close();
	});

	it('go away after the time the organiser picked, while a longer one stays', async () => {
		await send({ type: 'broadcast.send', text: 'ただいま休憩中です', showSeconds: 10 });
		const short = display.getByTestId('broadcast').filter({ hasText: 'ただいま休憩中です' });
		await expect.poll(() => short.count(), { timeout: 15_000 }).toBe(1);
		await expect.poll(() => short.count(), { timeout: 30_000 }).toBe(0);
		// The default (one minute on the display) ones sent a moment ago are still there.
		expect(await display.getByTestId('broadcast').filter({ hasText: 'まとめに入ってください' }).count()).toBe(1);
	});

	it('the organiser picks how long in the console', async () => {
		const org = demo.page;
		await org.getByRole('tab', { name: '進行' }).click();
		const select = org.getByTestId('broadcast-show-for');
		expect(await select.locator('option').allTextContents()).toEqual(['標準（投影画面1分・各自の画面10分）', '30秒', '1分', '3分', '5分', '10分']);
		await org.getByRole('tab', { name: '全体共有' }).click();
		expect(await org.getByTestId('display-language').inputValue()).toBe('ja');
		await screenshotBoth(org, 'kiosk-console-plenary');
	});
});
