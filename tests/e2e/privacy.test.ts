/**
 * The privacy gate in Chromium: a facilitator types a shared line with a name (through the IME);
 * nothing is asked while composing, and after the commit the board asks before the line reaches the
 * screen; masking writes 〇〇 and returns focus to the editor. The organiser sees the held line and the
 * minutes' versions, retention and audit trail. Screenshots at desktop and 390 px; axe on each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { boardReady, compose, demoInBrowser, editorText, insertAt, joinByLink, setCursor, type DemoInBrowser } from './notes-helpers.js';

let app: App;
let browser: Browser;
let demo: DemoInBrowser;

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
	demo = await demoInBrowser(browser, app.url);
});

afterAll(() => closeAppAndBrowser(app, browser));

describe('sharing a line with personal information', () => {
	it('asks after the IME commits, never while composing; masking writes 〇〇 and gives the editor its focus back', async () => {
		const fac = await joinByLink(browser, demo.linkUrl('facilitator', 0), '鈴木 大輔');
		const page = fac.page;
		await boardReady(page);
		const start = (await editorText(page)).length;
		await insertAt(page, start, '\n★● 要望：');
		await setCursor(page, start + '\n★● 要望：'.length);
		const dialog = page.getByTestId('share-check');
		await compose(page, ['た', 'たな', 'たなか'], '田中さん', async () => {
			expect(await dialog.isVisible()).toBe(false); // mid-composition: nothing interrupts the IME
		});
		// Committed: the line is shared and names someone, so the board asks now.
		await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
		expect((await editorText(page)).split('\n').at(-1)).toBe('★● 要望：田中さん');
		await expect.poll(() => dialog.textContent()).toContain('敬称つきの氏名');
		expect(await dialog.textContent()).toContain('田中さん');
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'privacy-share-check');

		await page.getByTestId('share-mask').click();
		await expect.poll(() => editorText(page)).toContain('★● 要望：〇〇さん');
		expect(await dialog.isVisible()).toBe(false);
		expect(await page.evaluate(() => !!document.activeElement?.closest('.cm-content'))).toBe(true);
		// A line with a phone number that the facilitator shares as it is.
		const end = (await editorText(page)).length;
		await insertAt(page, end, '\n★● 情報：折り返しは090-1234-5678へ');
		await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
		await page.getByTestId('share-keep').click();
		await expect.poll(() => dialog.isVisible()).toBe(false);
		await fac.ctx.close();
	});

	it('shows organisers what is held, the minutes’ two versions, retention and the audit trail', async () => {
		const org = demo.page;
		await org.goto(`${app.url}/m/${demo.id}/rooms/${demo.rooms[0]}`);
		await boardReady(org);
		await expect.poll(() => org.locator('.cm-note-pii').count(), { timeout: 10_000 }).toBeGreaterThan(0);
		await screenshotBoth(org, 'privacy-board-organiser');
		await org.goto(`${app.url}/m/${demo.id}/console`);
		await org.getByRole('tab', { name: '議事録', exact: true }).click();
		await org.getByTestId('minutes-public').check();
		await org.getByRole('button', { name: 'Markdownを作成' }).click();
		await expect.poll(() => org.getByTestId('minutes-markdown').inputValue(), { timeout: 15_000 }).toContain('（公開版）');
		const md = await org.getByTestId('minutes-markdown').inputValue();
		expect(md).not.toContain('090-1234-5678');
		await org.getByTestId('retention').selectOption('30');
		await expect.poll(() => org.getByTestId('audit-trail').textContent(), { timeout: 10_000 }).toContain('公開版');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'privacy-console-minutes');
	});
});
