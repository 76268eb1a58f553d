/**
 * Minutes versions in Chromium: the organiser makes the Markdown, edits it, is warned before
 * leaving with the edits unsaved (a link inside the app, and a reload), saves it as a version,
 * reloads and finds it, opens it again, finalises it, and chooses it on the print page, which shows
 * the difference from the generated text. Screenshots at desktop and 390 px; axe on each page.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { a11yViolations, screenshot, screenshotBoth } from '../helpers/browser.js';
import { demoSuite } from './notes-helpers.js';

const suite = demoSuite();
const ADDED = '補足：確定前に各機関へ内容の確認を依頼した';

async function openMinutesTab(org: Page) {
	await org.getByRole('tab', { name: '議事録', exact: true }).click();
	await org.getByRole('heading', { name: '議事録（開催報告）' }).waitFor();
}

describe('saving, reloading and choosing a version of the minutes', () => {
	it('warns before leaving with unsaved edits, and keeps them across tabs', async () => {
		const org = suite.demo.page;
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/console`);
		await openMinutesTab(org);
		await org.getByRole('button', { name: 'Markdownを作成' }).click();
		const area = org.getByTestId('minutes-markdown');
		await expect.poll(() => area.inputValue(), { timeout: 15_000 }).toContain('## 1.');
		await area.click();
		await org.keyboard.press('Control+End');
		await org.keyboard.type(`\n- ${ADDED}\n`);
		await expect.poll(() => org.getByText('（編集済み）').count()).toBe(1);

		// Another tab and back: the edit is still there.
		await org.getByRole('tab', { name: '準備', exact: true }).click();
		const dialogs: string[] = [];
		org.on('dialog', (d) => {
			dialogs.push(`${d.type()}: ${d.message()}`);
			void d.dismiss();
		});
		// A link inside the app asks first; dismissed, the console stays.
		await org.getByRole('link', { name: '開く' }).first().click();
		await expect.poll(() => dialogs.length).toBe(1);
		expect(dialogs[0]).toBe('confirm: 保存していない編集があります。このページを離れると失われます。離れますか？');
		expect(org.url()).toMatch(/\/console$/);
		// A reload asks too (the browser's own prompt); dismissed, nothing is lost.
		await org.reload({ timeout: 3000 }).catch(() => undefined);
		await expect.poll(() => dialogs.length).toBe(2);
		expect(dialogs[1]).toMatch(/^beforeunload/);
		org.removeAllListeners('dialog');
		await openMinutesTab(org);
		expect(await area.inputValue()).toContain(ADDED);
	});

	it('saves the edit as version 1, finds it after a reload, opens it again and finalises it', async () => {
		const org = suite.demo.page;
		await org.getByTestId('minutes-save').click();
		await expect.poll(() => org.getByTestId('minutes-saved').textContent(), { timeout: 10_000 }).toBe('第1版として保存しました');
		await expect.poll(() => org.getByTestId('minutes-version-1').textContent()).toContain('下書き');
		expect(await org.getByText('（編集済み）').count()).toBe(0);

		// Saved: a reload does not ask, and the version is there.
		const dialogs: string[] = [];
		org.on('dialog', (d) => {
			dialogs.push(d.type());
			void d.accept();
		});
		await org.reload();
		await openMinutesTab(org);
		const v1 = org.getByTestId('minutes-version-1');
		await expect.poll(() => v1.textContent(), { timeout: 10_000 }).toContain('第1版');
		expect(await v1.textContent()).toContain('主催者が保存');
		expect(dialogs).toEqual([]);
		await v1.getByRole('button', { name: '編集欄に開く' }).click();
		await expect.poll(() => org.getByTestId('minutes-markdown').inputValue()).toContain(ADDED);

		await v1.getByRole('button', { name: '確定する' }).click();
		// Wait for the button to go (its own label 「確定する」 already contains 「確定」, so the text alone proves nothing).
		await expect.poll(() => v1.getByRole('button', { name: '確定する' }).count(), { timeout: 10_000 }).toBe(0);
		expect(await v1.textContent()).toContain('確定');
		expect(dialogs).toEqual(['confirm']);
		org.removeAllListeners('dialog');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'minutes-versions-console');

		// Word of the chosen version carries the edit.
		const docx = await org.request.get(`${suite.app.url}/api/v1/meetings/${suite.demo.id}/minutes.docx?as=organiser&v=1`);
		expect(docx.status()).toBe(200);
		const xml = await (await JSZip.loadAsync(await docx.body())).file('word/document.xml')!.async('string');
		expect(xml).toContain(ADDED);
	});

	it('the print page shows the chosen version and its difference from the generated text', async () => {
		const org = suite.demo.page;
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/minutes?v=1`);
		const diff = org.getByTestId('minutes-diff');
		await diff.waitFor({ timeout: 15_000 });
		// The generated text of the save and the edit differ by the added line (and maybe the 作成 time line).
		await expect.poll(() => org.getByTestId('minutes-diff-counts').textContent()).toMatch(/^追加 [12]行・削除 [01]行/);
		expect(await diff.locator('li.added').allTextContents()).toContainEqual(expect.stringContaining(ADDED));
		expect(await org.getByTestId('minutes-document').textContent()).toContain(ADDED);
		const choose = org.getByTestId('minutes-choose');
		expect(await choose.inputValue()).toBe('1');
		expect(await choose.locator('option').allTextContents()).toEqual(['会議の記録から作成（最新）', '第1版（確定・内部資料）']);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'minutes-version-print');

		// Back to the generated minutes, then the version again.
		await choose.selectOption('');
		await org.waitForURL((u) => !u.searchParams.has('v'));
		await expect.poll(() => org.getByTestId('minutes-diff').count()).toBe(0);
		await expect.poll(() => org.getByTestId('minutes-document').textContent()).not.toContain(ADDED);
		await screenshot(org, 'minutes-print-generated-desktop');
		await org.getByTestId('minutes-choose').selectOption('1');
		await org.waitForURL(/\?v=1$/);
		await expect.poll(() => org.getByTestId('minutes-document').textContent()).toContain(ADDED);
	});
});
