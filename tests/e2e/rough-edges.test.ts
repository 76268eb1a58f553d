/**
 * Small things a first-time user notices, in real Chromium against the production build: board
 * bullets that continue on Enter and end on an empty bullet, with Japanese IME composition untouched
 * (the Enter that confirms a conversion inserts nothing); keyboard focus back on the question after
 * 修正; the console's 議事録 tab in full at 390 px; revoking a link says the new one must be shared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { boardReady, demoInBrowser, editorText, insertAt, joinByLink, setCursor, type DemoInBrowser } from './notes-helpers.js';

let app: App;
let browser: Browser;
let demo: DemoInBrowser;

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
	demo = await demoInBrowser(browser, app.url);
	demo.page.on('dialog', (d) => void d.accept());
});

afterAll(() => closeAppAndBrowser(app, browser));

/** Composes kana step by step and confirms `commit` with the IME's own Enter (keyCode 229), as TESTING.md describes. */
async function composeAndConfirm(cdp: CDPSession, steps: string[], commit: string) {
	for (const s of steps) await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
	await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
	await cdp.send('Input.insertText', { text: commit });
	await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
}

describe('board bullets', () => {
	it('● continues on Enter, IME composition and its confirming Enter insert no bullet, Enter on an empty bullet ends the list', async () => {
		const fac = await joinByLink(browser, demo.linkUrl('facilitator', 0), '鈴木 大輔');
		const page = fac.page;
		await boardReady(page);
		const start = (await editorText(page)).length;
		await insertAt(page, start, '\n■夜間の相談体制\n●休日の窓口');
		await setCursor(page, (await editorText(page)).length);
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await editorText(page)).slice(start)).toBe('\n■夜間の相談体制\n●休日の窓口\n●');

		const cdp = await page.context().newCDPSession(page);
		await composeAndConfirm(cdp, ['し', 'しえ', 'しえん'], '支援');
		await expect.poll(async () => (await editorText(page)).slice(start)).toBe('\n■夜間の相談体制\n●休日の窓口\n●支援');
		// Typing on after the conversion, then Enter: the next bullet.
		await page.keyboard.type('が足りない');
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await editorText(page)).slice(start)).toBe('\n■夜間の相談体制\n●休日の窓口\n●支援が足りない\n●');
		// Enter on the empty bullet: the bullet goes, the list ends.
		await page.keyboard.press('Enter');
		await expect.poll(async () => (await editorText(page)).slice(start)).toBe('\n■夜間の相談体制\n●休日の窓口\n●支援が足りない\n');
		await page.keyboard.type('まとめ');
		await expect.poll(async () => (await editorText(page)).slice(start)).toBe('\n■夜間の相談体制\n●休日の窓口\n●支援が足りない\nまとめ');
		await cdp.detach();
		await page.evaluate(() => window.scrollTo(0, 0));
		await screenshotBoth(page, 'rough-board-bullets');
		await fac.ctx.close();
	});
});

describe('questions', () => {
	it('after 修正 and save, keyboard focus is back on the question (its 修正 button), not on the page body', async () => {
		const p = await joinByLink(browser, demo.linkUrl('participant'), '千歳市 藤井');
		const page = p.page;
		await page.getByLabel('質問内容').fill('夜間の相談窓口の設置に補助はありますか');
		await page.getByRole('button', { name: '質問を送る' }).click();
		const asked = page.getByTestId('question').filter({ hasText: '夜間の相談窓口の設置に補助はありますか' });
		await asked.waitFor();
		const card = page.locator(`[data-testid="question"][data-question-id="${await asked.getAttribute('data-question-id')}"]`);
		await card.getByTestId('edit').click();
		await card.getByTestId('edit-text').fill('夜間・休日の相談窓口の設置に補助はありますか');
		await card.getByTestId('edit-save').click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit');
		const focusedCard = await page.evaluate(() => document.activeElement?.closest('[data-testid="question"]')?.textContent ?? '');
		expect(focusedCard).toContain('夜間・休日の相談窓口の設置に補助はありますか');
		// Cancelling returns there too.
		await page.keyboard.press('Enter');
		await card.getByRole('button', { name: 'キャンセル' }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('edit');
		await p.ctx.close();
	});
});

describe('the organiser console', () => {
	it('shows every tab, 議事録 included, within a 390-px phone screen', async () => {
		const org: Page = demo.page;
		await org.goto(`${app.url}/m/${demo.id}/console`);
		await org.setViewportSize({ width: 390, height: 844 });
		const tab = org.getByRole('tab', { name: '議事録' });
		const box = await tab.boundingBox();
		expect(box).not.toBeNull();
		expect(box!.x + box!.width).toBeLessThanOrEqual(390);
		await tab.click();
		expect(await tab.getAttribute('aria-selected')).toBe('true');
		await org.setViewportSize({ width: 1366, height: 900 });
	});

	it('revoking a link replaces it and tells the organiser to share the new one again', async () => {
		const org = demo.page;
		await org.getByRole('tab', { name: '準備' }).click();
		const before = await org.getByTestId('role-link').filter({ hasText: '参加者' }).first().locator('input.url').inputValue();
		await org.getByTestId('role-link').filter({ hasText: '参加者' }).first().getByRole('button', { name: '無効にする' }).click();
		await expect.poll(() => org.getByTestId('link-renewed').textContent()).toContain('新しいリンクをZoomのチャットなどで共有し直してください');
		const after = await org.getByTestId('role-link').filter({ hasText: '参加者' }).first().locator('input.url').inputValue();
		expect(after).not.toBe(before);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'rough-console-link-renewed');
	});
});

describe('join codes', () => {
	it('stand beside the console’s QR code, and typed on the start page (any case, no hyphen) open the participant link', async () => {
		const org = demo.page;
		await org.getByRole('tab', { name: '準備' }).click();
		const card = org.getByTestId('role-link').filter({ hasText: '参加者' }).first();
		await expect.poll(() => card.getByTestId('join-code').textContent()).toMatch(/参加コード\s*[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/);
		const code = (await card.locator('.code-value').first().textContent())!.trim();
		await card.getByRole('button', { name: 'QRコード' }).click();
		await expect.poll(() => card.locator('.qr-code').textContent()).toContain(code);
		await card.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'rough-console-join-code');

		const ctx = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 390, height: 844 } });
		const visitor = await ctx.newPage();
		await visitor.goto(app.url);
		await visitor.getByLabel('参加コード', { exact: true }).fill('zzzz-zzzz');
		await visitor.getByRole('button', { name: '参加する' }).click();
		await expect.poll(() => visitor.getByTestId('field-error').textContent()).toContain('この参加コードは見つかりません');
		expect(await a11yViolations(visitor)).toEqual([]);
		await screenshotBoth(visitor, 'rough-landing-join-code');
		await visitor.getByLabel('参加コード', { exact: true }).fill(code.replace('-', '').toLowerCase());
		await visitor.getByRole('button', { name: '参加する' }).click();
		await visitor.waitForURL(new RegExp(`/m/${demo.id}`));
		await expect.poll(() => visitor.getByLabel('表示名').count()).toBe(1);
		await ctx.close();
	});

	it('stand beside the display’s QR code, in the corner and on the QR view', async () => {
		const org = demo.page;
		const v = (await (await org.request.get(`${app.url}/api/v1/meetings/${demo.id}?as=organiser`)).json()) as { state: { links: Record<string, { id: string; role: string; revoked: boolean }> }; linkUrls: Record<string, string> };
		const live = (role: string) => Object.values(v.state.links).find((l) => l.role === role && !l.revoked && v.linkUrls[l.id])!;
		const send = (data: Record<string, unknown>) => org.request.post(`${app.url}/api/v1/meetings/${demo.id}/commands?as=organiser`, { data });
		await send({ type: 'plenary.qr', linkId: live('participant').id });
		const codes = (await (await org.request.get(`${app.url}/api/v1/meetings/${demo.id}/join-codes?as=organiser`)).json()).codes as Record<string, string>;
		const ctx = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 720 } });
		const display = await ctx.newPage();
		await display.goto(v.linkUrls[live('display').id]);
		await expect.poll(() => display.getByTestId('plenary-corner-code').textContent(), { timeout: 15_000 }).toContain(codes[live('participant').id]);
		await send({ type: 'plenary.view', view: 'qr' });
		await expect.poll(() => display.getByTestId('plenary-join-code').textContent(), { timeout: 15_000 }).toContain(codes[live('participant').id]);
		await screenshotBoth(display, 'rough-display-join-code');
		await send({ type: 'plenary.view', view: 'rooms' });
		await display.waitForTimeout(500);
		await screenshotBoth(display, 'rough-display-corner-code');
		await ctx.close();
	});
});
