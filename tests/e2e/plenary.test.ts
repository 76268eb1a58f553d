/**
 * The plenary in real Chromium: two facilitators type in two rooms and mark some lines shared; the
 * display (1920×1080) shows exactly those within seconds, and no unshared line ever reaches its DOM
 * or its WebSocket frames. The organiser drives the display (themes, spotlight, highlight, hide,
 * summary, clock, QR), participants upvote next themes, and the minutes are edited, downloaded and
 * printed. Screenshots of every view are taken and looked at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, screenshot, SCREENSHOT_DIR, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { boardReady, demoInBrowser, joinByLink, type DemoInBrowser } from './notes-helpers.js';

const SHARED_1 = '夜間や休日も相談を受けられる体制がほしい';
const UNSHARED_1 = '相談者Cさんの家族の連絡先は別途共有';
const HEADING_1 = '夜間の相談体制';
const SHARED_2 = 'フードバンクの利用がこの半年で増えている';
const UNSHARED_2 = '寄付元の企業名はここだけの話';
const HEADING_2 = '食料支援の現状';
/** An unshared line of the demo's own starter notes (room 1). */
const UNSHARED_DEMO = '民間団体の協力で一時的な宿泊先を確保しているが';
/** Never on the display. The headings of the typed sections do reach it, as the context of their shared lines. */
const NEVER = [UNSHARED_1, UNSHARED_2, UNSHARED_DEMO];

let app: App;
let browser: Browser;
let demo: DemoInBrowser;
let displayCtx: BrowserContext;
let display: Page;
/** Every WebSocket frame the display page received, as text. */
const frames: string[] = [];

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
	demo = await demoInBrowser(browser, app.url);
	displayCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', deviceScaleFactor: 1 });
	display = await displayCtx.newPage();
	display.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
	await display.goto(demo.linkUrl('display'));
	await display.getByTestId('plenary-screen').waitFor({ timeout: 20_000 });
});

afterAll(() => closeAppAndBrowser(app, browser));

/** Items the display shows, by their text. */
const shownItems = () => display.getByTestId('plenary-item').allTextContents();

/** Saves a screenshot of the display at its own size (1920×1080 unless resized). */
async function shootDisplay(name: string) {
	await display.evaluate(() => document.fonts.ready);
	await display.waitForTimeout(300);
	await display.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

async function typeAtEnd(page: Page, text: string) {
	await page.locator('.cm-content').click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

async function console_(tab: string): Promise<Page> {
	const org = demo.page;
	if (!org.url().endsWith('/console')) await org.goto(`${app.url}/m/${demo.id}/console`);
	await org.getByRole('tab', { name: tab, exact: true }).click();
	return org;
}

describe('the display shows what was released, and only that', () => {
	it('two facilitators type in two rooms; the display shows exactly the shared lines within seconds', async () => {
		const fac1 = await joinByLink(browser, demo.linkUrl('facilitator', 0), '鈴木 大輔');
		const fac2 = await joinByLink(browser, demo.linkUrl('facilitator', 1), '土屋 里奈');
		await Promise.all([boardReady(fac1.page), boardReady(fac2.page)]);
		await typeAtEnd(fac1.page, `\n■${HEADING_1}\n● ${UNSHARED_1}\n★● 要望：${SHARED_1}`);
		await typeAtEnd(fac2.page, `\n■${HEADING_2}\n● ${UNSHARED_2}\n★● 情報：${SHARED_2}`);

		await expect.poll(shownItems, { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining(SHARED_1), expect.stringContaining(SHARED_2)]));
		// Demo lines marked ★ are there too, with their kind chips; the room cards name the facilitators' organisations.
		expect((await shownItems()).some((t) => t.includes('一時生活支援事業を広域で行う場合'))).toBe(true);
		expect(await display.getByTestId('plenary-room').count()).toBe(3);
		expect(await display.getByTestId('plenary-room').first().textContent()).toContain('石狩振興局 受託機関');

		// Updates patch the screen in place: an existing line keeps its DOM node (no flicker), and a
		// column keeps its scroll position.
		const first = display.getByTestId('plenary-item').first();
		await first.evaluate((el) => ((el as HTMLElement & { __kept?: boolean }).__kept = true));
		const body = display.locator('[data-testid="plenary-room"] .body').nth(1);
		await body.evaluate((el) => (el.scrollTop = Math.min(40, el.scrollHeight - el.clientHeight)));
		const scrolled = await body.evaluate((el) => el.scrollTop);
		await typeAtEnd(fac2.page, '\n★● 情報：子ども食堂と連携した配布も始めた');
		await expect.poll(shownItems, { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining('子ども食堂と連携した配布')]));
		expect(await first.evaluate((el) => (el as HTMLElement & { __kept?: boolean }).__kept === true)).toBe(true);
		expect(await body.evaluate((el) => el.scrollTop)).toBe(scrolled);

		// Keep typing unshared text for a while: it must never reach the display.
		await typeAtEnd(fac1.page, `\n● ${UNSHARED_1}（続き）`);
		await display.waitForTimeout(1500);
		const html = await display.content();
		const traffic = frames.join('\n');
		for (const text of NEVER) {
			expect(html).not.toContain(text);
			expect(traffic).not.toContain(text);
		}
		expect(traffic).toContain(SHARED_1);
		// A shared line stands under its own section's heading (the section itself is not shared).
		for (const heading of [HEADING_1, HEADING_2]) expect(html).toContain(heading);
		// Names never reach the display either (only organisations).
		expect(traffic).not.toContain('鈴木 大輔');
		expect(await a11yViolations(display)).toEqual([]);
		await shootDisplay('plenary-rooms-1920x1080');
		await display.setViewportSize({ width: 1280, height: 720 });
		await shootDisplay('plenary-rooms-1280x720');
		await display.setViewportSize({ width: 1920, height: 1080 });
		await Promise.all([fac1.ctx.close(), fac2.ctx.close()]);
	});
});

describe('the organiser drives the display from the console', () => {
	it('switches views, spotlights a room, highlights and hides lines', async () => {
		const org = await console_('全体共有');
		await expect.poll(() => org.getByTestId('preview-item').count(), { timeout: 15_000 }).toBeGreaterThan(3);

		await org.getByRole('button', { name: 'テーマ別', exact: true }).click();
		await display.locator('[data-view="themes"]').waitFor();
		await expect.poll(() => display.getByTestId('theme-group').count()).toBeGreaterThan(0);
		expect(await display.getByTestId('plenary-themes').textContent()).toContain('オンライン');
		await shootDisplay('plenary-themes-1920x1080');

		await org.getByRole('button', { name: 'ルームごと', exact: true }).click();
		await org.getByLabel('表示するルーム').selectOption({ label: 'ルーム2' });
		await expect.poll(() => display.getByTestId('plenary-room').count()).toBe(1);
		await expect.poll(() => display.locator('h1').textContent()).toContain('ルーム2');
		await shootDisplay('plenary-spotlight-1920x1080');
		await org.getByLabel('表示するルーム').selectOption({ label: 'すべてのルーム' });
		await expect.poll(() => display.getByTestId('plenary-room').count()).toBe(3);

		const food = org.getByTestId('preview-item').filter({ hasText: SHARED_2 });
		await food.getByRole('button', { name: '注目' }).click();
		await expect.poll(() => display.getByTestId('plenary-pinned').textContent()).toContain(SHARED_2);
		const night = org.getByTestId('preview-item').filter({ hasText: SHARED_1 });
		await night.getByRole('button', { name: '隠す' }).click();
		await expect.poll(shownItems).not.toEqual(expect.arrayContaining([expect.stringContaining(SHARED_1)]));
		await expect.poll(() => night.textContent()).toContain('非表示中');
		await org.getByRole('checkbox', { name: '画面の隅に時計を表示' }).check();
		await display.getByTestId('plenary-corner-clock').waitFor();
		await shootDisplay('plenary-pinned-hidden-clock-1920x1080');
		await night.getByRole('button', { name: '再表示' }).click();
		await expect.poll(shownItems).toEqual(expect.arrayContaining([expect.stringContaining(SHARED_1)]));
	});

	it('writes the summary, next themes, next date and a link, and shows them', async () => {
		const org = await console_('全体共有');
		await org.getByTestId('summary-board-conn').filter({ hasText: 'オンライン' }).waitFor({ timeout: 20_000 });
		const board = org.locator('section', { has: org.locator('#summary-board-h') }).locator('.cm-content');
		await board.click();
		await org.keyboard.type('■まとめ\n● 今回のような意見交換の場は今後も必要\n● 全道をまとめる場があると、国も現場の声を聞きやすい');
		await org.getByLabel('新しいテーマ').fill('緊急時の給付金のあり方');
		await org.getByRole('button', { name: 'テーマを提案' }).click();
		await org.getByLabel('新しいテーマ').fill('支援情報を一か所にまとめるサイト');
		await org.getByRole('button', { name: 'テーマを提案' }).click();
		await org.getByLabel('日程のめど（例：7月中旬予定）').fill('7月中旬予定');
		await org.getByRole('button', { name: '次回日程を保存' }).click();
		await org.getByLabel('リンクの名前').fill('支援情報ナビ（内閣府）');
		await org.getByLabel('URL', { exact: true }).fill('https://corona.go.jp/info-navi/');
		await org.getByRole('button', { name: 'リンクを追加' }).click();

		// A participant upvotes a theme from their home page.
		const p = await joinByLink(browser, demo.linkUrl('participant'), '江別 花子');
		const theme = p.page.getByTestId('next-theme').filter({ hasText: '支援情報を一か所にまとめるサイト' });
		await theme.getByRole('button', { name: /賛同/ }).click();
		await expect.poll(() => theme.getByRole('button', { name: /賛同済み/ }).count()).toBe(1);
		expect(await p.page.getByTestId('next-date').textContent()).toContain('7月中旬予定');
		expect(await a11yViolations(p.page)).toEqual([]);
		await screenshotBoth(p.page, 'plenary-member-home-themes');
		await p.ctx.close();

		await org.getByRole('button', { name: 'まとめ', exact: true }).click();
		await display.locator('[data-view="summary"]').waitFor();
		await expect.poll(() => display.getByTestId('plenary-summary').textContent(), { timeout: 15_000 }).toContain('全道をまとめる場があると');
		const summary = (await display.getByTestId('plenary-summary').textContent()) ?? '';
		expect(summary).toContain('7月中旬予定');
		expect(summary).toContain('https://corona.go.jp/info-navi/');
		expect(summary.indexOf('支援情報を一か所にまとめるサイト')).toBeLessThan(summary.indexOf('緊急時の給付金のあり方')); // 2 votes before 1
		await shootDisplay('plenary-summary-1920x1080');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'plenary-console');
	});

	it('shows questions, the clock and the join QR code', async () => {
		const org = await console_('全体共有');
		// The demo's pre-meeting questions: the organiser marks the most supported open one as being answered.
		const view = await (await org.request.get(`${app.url}/api/v1/meetings/${demo.id}?as=organiser`)).json();
		const open = Object.values(view.state.questions.items as Record<string, { id: string; text: string; status: string; votes: number; askedAt: number; direction: string }>)
			.filter((q) => q.status === 'open')
			.sort((a, b) => b.votes - a.votes || a.askedAt - b.askedAt || a.id.localeCompare(b.id));
		expect(open.length).toBeGreaterThan(2);
		const answering = open[0];
		const reply = await org.request.post(`${app.url}/api/v1/meetings/${demo.id}/commands?as=organiser`, { data: { type: 'question.status', questionId: answering.id, status: 'answering' } });
		expect(reply.status()).toBe(200);
		await org.getByLabel('表示する質問の数').fill('3');
		await org.getByRole('button', { name: '質問を表示' }).click();
		await display.locator('[data-view="questions"]').waitFor();
		const board = display.getByTestId('plenary-questions');
		await expect.poll(() => board.getByRole('region', { name: '回答中' }).textContent()).toContain(answering.text);
		await expect.poll(() => board.locator('.top li').count()).toBe(3);
		expect(await board.locator('.top li').first().textContent()).toContain(open[1].text);
		await shootDisplay('plenary-questions-1920x1080');
		await org.getByRole('button', { name: '時計', exact: true }).click();
		await display.getByTestId('plenary-clock').waitFor();
		await shootDisplay('plenary-clock-1920x1080');
		await org.getByLabel('参加用QRコード').selectOption({ label: '参加者用リンク' });
		await org.getByRole('button', { name: '参加用QRコード', exact: true }).click();
		await display.locator('[data-testid="plenary-qr"] img').waitFor({ timeout: 15_000 });
		const url = await display.getByTestId('plenary-qr').locator('.url').textContent();
		expect(url).toBe(demo.linkUrl('participant'));
		await shootDisplay('plenary-qr-1920x1080');
		expect(await a11yViolations(display)).toEqual([]);
		await org.getByRole('button', { name: 'ルームごと', exact: true }).click();
		await display.getByTestId('plenary-corner-qr').waitFor();
		await screenshotBoth(display, 'plenary-display');
	});
});

describe('minutes', () => {
	it('the organiser edits the generated Markdown and saves it; the Word file opens', async () => {
		const org = await console_('議事録');
		await org.getByRole('button', { name: 'Markdownを作成' }).click();
		const area = org.getByTestId('minutes-markdown');
		await expect.poll(() => area.inputValue(), { timeout: 15_000 }).toContain('## 1. 開催概要');
		const md = await area.inputValue();
		expect(md).toContain(UNSHARED_1); // the minutes hold every note, not only shared ones
		expect(md).toContain('7月中旬予定');
		await area.fill(`${md}\n追記：運営で確認済み\n`);
		// Saved on the server as a version (docs/privacy.md, minutes versions), not only downloaded.
		await org.getByTestId('minutes-save').click();
		await expect.poll(() => org.getByTestId('minutes-saved').textContent(), { timeout: 15_000 }).not.toBe('');
		const saved = await org.request.get(`${app.url}/api/v1/meetings/${demo.id}/minutes.md?v=1`);
		expect(saved.status()).toBe(200);
		expect(await saved.text()).toContain('追記：運営で確認済み');

		await org.getByRole('checkbox', { name: 'ルームの記録は全体共有した行だけを載せる' }).check();
		const [word] = await Promise.all([org.waitForEvent('download'), org.getByTestId('minutes-docx').click()]);
		const zip = await JSZip.loadAsync(readFileSync((await word.path())!));
		const doc = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
		expect(doc).toContain('1. 開催概要');
		expect(doc).toContain(SHARED_1);
		expect(doc).not.toContain(UNSHARED_1);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'minutes-console');
	});

	it('the print page lays out the report and prints to PDF', async () => {
		const page = await demo.ctx.newPage();
		await page.goto(`${app.url}/m/${demo.id}/minutes`);
		await page.getByTestId('minutes-document').waitFor({ timeout: 15_000 });
		const text = (await page.getByTestId('minutes-document').textContent()) ?? '';
		for (const h of ['1. 開催概要', '2. 当日プログラム', '3. ブレイクアウトルーム', '4. 質問と回答', '5. まとめ・次回について', '別紙　参加者名簿']) expect(text).toContain(h);
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'minutes-print-page');
		await page.emulateMedia({ media: 'print' });
		await screenshot(page, 'minutes-print-media');
		const pdf = await page.pdf({ format: 'A4', path: join(SCREENSHOT_DIR, 'minutes.pdf') });
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await page.close();
	});
});

describe('revoking the screen link', () => {
	it('clears the screen at once', async () => {
		const displayLink = Object.values(demo.view.state.links).find((l) => l.role === 'display')!;
		await display.bringToFront();
		await expect.poll(() => display.getByTestId('plenary-item').count()).toBeGreaterThan(0);
		const reply = await demo.page.request.post(`${app.url}/api/v1/meetings/${demo.id}/commands?as=organiser`, { data: { type: 'link.revoke', linkId: displayLink.id } });
		expect(reply.status()).toBe(200);
		await expect.poll(() => display.getByTestId('plenary-screen').textContent(), { timeout: 15_000 }).toContain('このリンクは無効になりました');
		expect(await display.getByTestId('plenary-item').count()).toBe(0);
	});
});
