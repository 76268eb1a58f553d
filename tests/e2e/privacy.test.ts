/**
 * The privacy gate in Chromium: a facilitator types a shared line with a name (through the IME);
 * nothing is asked while composing, and after the commit the board asks before the line reaches the
 * screen; masking writes 〇〇 and returns focus to the editor. The organiser sees the held line and the
 * minutes' versions, retention and audit trail. Screenshots at desktop and 390 px; axe on each.
 */
import { describe, expect, it } from 'vitest';
import { a11yViolations, screenshotBoth } from '../helpers/browser.js';
import { boardReady, compose, demoSuite, editorText, insertAt, joinByLink, setCursor } from './notes-helpers.js';

const suite = demoSuite();

describe('sharing a line with personal information', () => {
	it('asks after the IME commits, never while composing; masking writes 〇〇 and gives the editor its focus back', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 0), '鈴木 大輔');
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
		const org = suite.demo.page;
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[0]}`);
		await boardReady(org);
		await expect.poll(() => org.locator('.cm-note-pii').count(), { timeout: 10_000 }).toBeGreaterThan(0);
		await screenshotBoth(org, 'privacy-board-organiser');
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/console`);
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
