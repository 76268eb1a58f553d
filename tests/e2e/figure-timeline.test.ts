/**
 * The timeline figure (time planned against actual) where organisers and the room see it, in real
 * Chromium against the production build on a clock the test sets (tests/helpers/app-clock-main.ts:
 * the run takes an afternoon, the test a minute): the demo meeting started 3 minutes late, its first item
 * paused, the breakout extended and then over time. While it runs: the console's run tab and the
 * plenary screen's clock view with the "now" line. Once finished (an item skipped): the minutes'
 * print page, its public version, and the .docx with the figure as SVG and PNG, rendered by
 * LibreOffice. Screenshots (tests/e2e/screenshots/timeline-*) are looked at; axe-core on each page.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, screenshot, screenshotBoth, SCREENSHOT_DIR, startAppAndBrowser } from '../helpers/browser.js';
import { renderDocxPages } from '../helpers/docx-pages.js';
import { demoInBrowser, type DemoInBrowser } from './notes-helpers.js';

const run = promisify(execFile);

/** The server's clock (Tokyo, 1 December 2026) is set by the test and runs on in real time. */
const jst = (hhmm: string) => `2026-12-01T${hhmm}:00+09:00`;
const setClock = (hhmm: string) => app.setClock(jst(hhmm));

let app: App;
let browser: Browser;
let demo: DemoInBrowser;
let ids: string[];
let org: Page;
let displayCtx: BrowserContext | undefined;

async function send(data: Record<string, unknown>) {
	const res = await org.request.post(`${app.url}/api/v1/meetings/${demo.id}/commands?as=organiser`, { data });
	expect((await res.json()).ok).toBe(true);
}

/** Sends `data` with the server's clock at `hhmm`. */
async function sendAt(hhmm: string, data: Record<string, unknown>) {
	await setClock(hhmm);
	await send(data);
}

beforeAll(async () => {
	// Opened at 13:54:30, the demo starts at 14:00.
	({ app, browser } = await startAppAndBrowser({}, { clock: jst('13:54').replace(':00+', ':30+') }));
	demo = await demoInBrowser(browser, app.url);
	org = demo.page;
	ids = Object.values(demo.view.state.agenda.items)
		.sort((a, b) => a.order - b.order)
		.map((i) => i.id);
	// Started 3 minutes late, paused 3, the first item ran 32 minutes of 30.
	await sendAt('14:03', { type: 'agenda.start', itemId: ids[0] });
	await sendAt('14:08', { type: 'agenda.pause' });
	await sendAt('14:11', { type: 'agenda.resume' });
	await sendAt('14:38', { type: 'agenda.next' });
	await sendAt('14:43', { type: 'agenda.next' });
	await sendAt('14:47', { type: 'agenda.next' }); // the breakout, 40 minutes
	await sendAt('15:15', { type: 'agenda.extend', minutes: 5 });
	// 48 minutes into the breakout: its 5 extra minutes are used up, 3 over.
	await setClock('15:35');
}, 120_000);

afterAll(async () => {
	await displayCtx?.close();
	await closeAppAndBrowser(app, browser);
});

describe('the timeline while the meeting runs', () => {
	it('the console’s run tab shows planned and actual bars, the breakout over time and the now line', async () => {
		await org.reload();
		await org.getByRole('tab', { name: '進行' }).click();
		const fig = org.locator('#timeline-h').locator('..').getByTestId('timeline-figure');
		await fig.locator('svg').waitFor({ timeout: 20_000 });
		// The name and summary screen readers get.
		expect(await fig.locator('svg title').first().textContent()).toBe('時間の計画と実績');
		await expect.poll(() => fig.locator('svg desc').textContent()).toContain('「グループ討議：コロナ禍での支援のあり方」を進行中');
		await expect.poll(() => fig.locator('text', { hasText: /^現在 15:3\d$/ }).count()).toBe(1);
		expect(await fig.locator('text', { hasText: '+3分' }).count()).toBe(1);
		expect(await fig.locator('rect[fill="url(#run-timeline-overrun)"]').count()).toBeGreaterThanOrEqual(2); // the first item's, the breakout's (and the legend's)
		expect(await fig.locator('rect[fill="url(#run-timeline-pause)"]').count()).toBeGreaterThanOrEqual(2);
		// The table under 「表で見る」, by keyboard.
		const summary = fig.locator('summary');
		await summary.focus();
		await org.keyboard.press('Enter');
		const rows = fig.locator('table tbody tr');
		expect(await rows.count()).toBe(8);
		expect(await rows.nth(0).innerText()).toMatch(/14:00〜14:30\s+14:03〜14:38\s+\+2\s+2分超過・中断3分/);
		expect(await rows.nth(3).innerText()).toMatch(/14:47〜\s+進行中・延長5分/);
		expect(await rows.nth(4).innerText()).toContain('未開始');
		expect(await a11yViolations(org)).toEqual([]);
		await fig.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'timeline-console-run');
		// The figure alone, to look at closely.
		await fig.screenshot({ path: join(SCREENSHOT_DIR, 'timeline-console-figure.png') });
	}, 120_000);

	it('the plenary screen’s clock view shows it large, fitted under the clock', async () => {
		displayCtx = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1920, height: 1080 } });
		const display = await displayCtx.newPage();
		await send({ type: 'plenary.view', view: 'clock' });
		await display.goto(demo.linkUrl('display'));
		const fig = display.getByTestId('timeline-figure');
		await fig.locator('svg').waitFor({ timeout: 20_000 });
		await expect.poll(() => fig.locator('text', { hasText: /^現在 15:3\d$/ }).count()).toBe(1);
		// Everything fits on the screen: the figure's bottom is inside the window, and its type is large.
		const box = (await fig.locator('svg').boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(1080);
		const size = Number(await fig.locator('svg text').first().getAttribute('font-size'));
		expect(size).toBeGreaterThanOrEqual(18);
		expect(await fig.locator('details').count()).toBe(0);
		expect(await a11yViolations(display)).toEqual([]);
		await screenshot(display, 'timeline-display-1920');
		await display.setViewportSize({ width: 1280, height: 720 });
		await display.waitForTimeout(300);
		// On a 720-line screen too, the legend (the figure's last line) is on the screen.
		await expect.poll(async () => { const b = (await fig.locator('svg').boundingBox())!; return b.y + b.height <= 720; }).toBe(true);
		await screenshot(display, 'timeline-display-1280');
		await display.setViewportSize({ width: 390, height: 844 });
		await display.waitForTimeout(300);
		await screenshot(display, 'timeline-display-phone');
		expect(await a11yViolations(display)).toEqual([]);
	}, 120_000);
});

describe('the timeline in the minutes, once finished', () => {
	beforeAll(async () => {
		await sendAt('15:38', { type: 'agenda.next' }); // the breakout ran 51 of 40 (+5)
		await sendAt('15:48', { type: 'agenda.next' });
		await sendAt('15:52', { type: 'agenda.next', itemId: ids[7] }); // 次回のテーマについて is skipped
		await sendAt('15:55', { type: 'agenda.finish' });
		await setClock('16:10');
	}, 60_000);

	it('the print page draws it under the programme, with its caption; no now line', async () => {
		await org.goto(`${app.url}/m/${demo.id}/minutes`);
		const fig = org.getByTestId('minutes-timeline');
		await fig.locator('svg').waitFor({ timeout: 20_000 });
		expect(await fig.innerText()).toContain('図1 時間の計画と実績');
		const desc = await fig.locator('svg desc').textContent();
		expect(desc).toContain('実績 14:03〜15:55（10分超過）');
		expect(desc).toContain('実施しなかった議題: 次回のテーマについて');
		expect(desc).toContain('グループ討議：コロナ禍での支援のあり方（11分）');
		expect(await fig.locator('text', { hasText: /^現在/ }).count()).toBe(0);
		expect(await fig.locator('text', { hasText: '+11分' }).count()).toBe(1);
		expect(await fig.locator('text', { hasText: '未実施' }).count()).toBe(1);
		expect(await a11yViolations(org)).toEqual([]);
		await fig.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'timeline-minutes');
		await fig.screenshot({ path: join(SCREENSHOT_DIR, 'timeline-minutes-figure.png') });
	}, 120_000);

	it('the public (shared) version keeps the figure with titles and times only: no one’s name', async () => {
		await org.goto(`${app.url}/m/${demo.id}/minutes?shared=1&version=public`);
		const fig = org.getByTestId('minutes-timeline');
		await fig.locator('svg').waitFor({ timeout: 20_000 });
		const svgText = await fig.locator('svg').evaluate((el) => el.textContent ?? '');
		expect(svgText).toContain('SOSプロジェクト');
		for (const m of Object.values(demo.view.state.members)) if (m.name) expect(svgText).not.toContain(m.name);
		for (const name of ['青木 誠', '森 優子', '運営']) expect(svgText).not.toContain(name);
		const json = (await (await org.request.get(`${app.url}/api/v1/meetings/${demo.id}/minutes.json?as=organiser&shared=1&version=public`)).json()) as { timeline: { items: Record<string, unknown>[] } };
		// The timeline data carries no presenter, notes or attendance.
		for (const key of ['presenter', 'notes', 'attendance', 'remark']) expect(json.timeline.items[0]).not.toHaveProperty(key);
		expect(JSON.stringify(json.timeline)).not.toContain('厚労省はこの議題から参加');
	}, 60_000);

	it('the .docx embeds the figure as SVG with a PNG fallback and alt text; LibreOffice draws it under the programme', async () => {
		const res = await org.request.get(`${app.url}/api/v1/meetings/${demo.id}/minutes.docx?as=organiser`);
		expect(res.status()).toBe(200);
		const docx = Buffer.from(await res.body());
		const zip = await JSZip.loadAsync(docx);
		const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
		expect(media.some((f) => f.endsWith('.svg'))).toBe(true);
		expect(media.some((f) => f.endsWith('.png'))).toBe(true);
		const svg = await zip.file(media.find((f) => f.endsWith('.svg'))!)!.async('string');
		expect(svg).toContain('<title>時間の計画と実績</title>');
		const documentXml = await zip.file('word/document.xml')!.async('string');
		expect(documentXml).toMatch(/descr="議題8件。[^"]*10分超過/);
		expect(documentXml).toContain('図1 時間の計画と実績');
		const rendered = await renderDocxPages(docx, SCREENSHOT_DIR, 'timeline-docx', 90);
		const page = rendered.texts.findIndex((t) => t.replace(/\s+/g, '').includes('図1時間の計画と実績'));
		expect(page).toBeGreaterThanOrEqual(0);
		// The picture is on that page: its tick labels and 「+11分」 come out of the PDF as text only if the SVG was drawn.
		const pdfPage = rendered.texts[page].replace(/\s+/g, '');
		expect(pdfPage).toContain('+11分');
		// The page image has the figure's colours (the actual bars' blue), not only text.
		const { stdout } = await run('convert', [rendered.pngs[page], '-fuzz', '10%', '-fill', 'black', '+opaque', '#0072b2', '-fill', 'white', '-opaque', '#0072b2', '-format', '%[fx:mean]', 'info:']);
		expect(Number(stdout)).toBeGreaterThan(0.001);
		console.log(`timeline-docx: figure on page ${page + 1} of ${rendered.pages}`);
	}, 240_000);
});
