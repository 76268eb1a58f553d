/**
 * The minutes as the report of record, in Chromium: a facilitator sends a board question to the
 * queue with one click (keyboard only), the organiser sends the rest of a room's questions at once;
 * each then stands once in the minutes, with its room, and the room's notes point to it. The
 * organiser words the minutes in the settings. Screenshots at desktop and 390 px; axe on each page.
 */
import { describe, expect, it } from 'vitest';
import { a11yViolations, screenshotBoth } from '../helpers/browser.js';
import { boardReady, demoSuite, joinByLink } from './notes-helpers.js';

const suite = demoSuite();
// Lines of the demo's starter notes (src/lib/shared/notes/demo-notes.ts).
const ROOM1_QUESTION = '一時生活支援事業を広域で行う場合、都道府県が主導すべきか';
const ROOM1_FROM_MINISTRY = 'オンライン環境を整えるうえで、現場に足りないものは何か';
const ROOM2_FROM_MINISTRY = 'LINEボットなどの仕組みを、現場ではどう活用できそうか';

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('board questions to the queue (質問キューへ)', () => {
	it('a facilitator sends one question line with the keyboard; it is marked as sent and reaches the queue', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 1), '土屋 里奈');
		const page = fac.page;
		await boardReady(page);
		const panel = page.getByTestId('board-questions');
		await expect.poll(() => panel.getByTestId('board-question').count(), { timeout: 10_000 }).toBe(1);
		// The department it is for, chosen beside the line (the meeting's departments; none by default).
		const department = panel.getByRole('combobox', { name: `「${ROOM2_FROM_MINISTRY}」の担当部署` });
		const options = await department.locator('option').allTextContents();
		expect(options[0]).toBe('部署指定なし');
		expect(options.length).toBeGreaterThan(1);
		await department.selectOption({ label: options[1] });
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'report-board-question-department');
		await department.focus();
		await page.keyboard.press('Tab');
		const send = panel.getByRole('button', { name: `「${ROOM2_FROM_MINISTRY}」を質問キューへ送る` });
		expect(await send.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.press('Enter');
		await expect.poll(() => panel.getByTestId('board-questions-status').textContent()).toBe('1件を質問キューに送りました。');
		await expect.poll(() => panel.getByTestId('board-question-sent').count()).toBe(1);
		// Focus does not fall to the page's start when the button it was on goes away: it is on the line's new state.
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('board-question-sent');
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'report-board-questions');
		await fac.ctx.close();
		// The queue item carries that department.
		const { page: organiser, id } = suite.demo;
		await organiser.goto(`${suite.app.url}/m/${id}/console`);
		await organiser.getByRole('tab', { name: '質問' }).click();
		await organiser.getByRole('button', { name: '厚労省からの質問', exact: true }).click();
		const card = organiser.getByTestId('question').filter({ hasText: ROOM2_FROM_MINISTRY });
		const fromBoardWith = async (dept: string) => (await card.allTextContents()).some((t) => t.includes('の記録ボード') && t.includes(`質問元：${dept}`));
		await expect.poll(() => fromBoardWith(options[1]), { timeout: 20_000 }).toBe(true);
	});

	it('the organiser sends every unsent question of a room at once; the minutes print each once, with its room, and the notes point to it', async () => {
		const { page, id, rooms } = suite.demo;
		await page.goto(`${suite.app.url}/m/${id}/rooms/${rooms[0]}`);
		await boardReady(page);
		const panel = page.getByTestId('board-questions');
		await expect.poll(() => panel.getByTestId('board-question').count(), { timeout: 10_000 }).toBe(2);
		await panel.getByTestId('board-questions-send-all').click();
		await expect.poll(() => panel.getByTestId('board-question-sent').count()).toBe(2);
		expect(await panel.getByTestId('board-questions-send-all').count()).toBe(0);

		// The queue shows where each came from, never 「匿名」.
		await page.goto(`${suite.app.url}/m/${id}/console`);
		await page.getByRole('tab', { name: '質問' }).click();
		const card = page.getByTestId('question').filter({ hasText: ROOM1_QUESTION });
		await expect.poll(() => card.getByTestId('question-board').textContent(), { timeout: 20_000 }).toBe('ルーム1の記録ボード「住居を失った方への対応」から');

		const md = await (await page.request.get(`${suite.app.url}/api/v1/meetings/${id}/minutes.md`)).text();
		const text = md.replace(/\\/g, '');
		for (const q of [ROOM1_QUESTION, ROOM1_FROM_MINISTRY, ROOM2_FROM_MINISTRY]) expect(occurrences(text, q), q).toBe(1);
		expect(text).toMatch(new RegExp(`Q\\d+　${ROOM1_QUESTION}（ルーム1）`));
		expect(text).toMatch(/【厚労省への質問】→「4\. 質問と回答」のQ\d+に掲載/);

		// The print page shows the same: once, and a pointer in the room's notes.
		await page.goto(`${suite.app.url}/m/${id}/minutes`);
		const doc = page.getByTestId('minutes-document');
		await doc.waitFor({ timeout: 20_000 });
		await expect.poll(async () => occurrences((await doc.textContent()) ?? '', ROOM1_QUESTION), { timeout: 20_000 }).toBe(1);
		expect(await doc.locator('.ref').count()).toBeGreaterThanOrEqual(3);
		expect(await a11yViolations(page)).toEqual([]);
		await doc.getByText(ROOM1_QUESTION).scrollIntoViewIfNeeded();
		await screenshotBoth(page, 'report-minutes-questions');
	});
});

describe('wording of the minutes (議事録の表記)', () => {
	it('the organiser chooses the speaker style and a category’s wording; the minutes follow', async () => {
		const { page, id } = suite.demo;
		await page.goto(`${suite.app.url}/m/${id}/console`);
		await page.getByRole('tab', { name: '準備' }).click();
		await page.getByText('会議の設定').click();
		const wording = page.getByTestId('minutes-wording');
		await wording.waitFor({ timeout: 20_000 });
		// The demo sets the reference report's wording of support agencies and its note for municipalities.
		expect(await wording.getByLabel('支援機関の表記').inputValue()).toBe('生活困窮者支援機関');
		expect(await wording.getByLabel('自治体の注記').inputValue()).toBe('北海道・直営含む');
		await wording.getByTestId('speaker-style').selectOption('organisation');
		await wording.getByLabel('運営の表記').fill('事務局');
		const form = page.locator('form', { has: wording });
		await form.getByRole('button', { name: '保存' }).click();
		await expect.poll(() => form.getByText('保存しました').count(), { timeout: 10_000 }).toBeGreaterThan(0);
		const md = (await (await page.request.get(`${suite.app.url}/api/v1/meetings/${id}/minutes.md`)).text()).replace(/\\/g, '');
		expect(md).toContain('事務局 2名');
		expect(md).toContain('生活困窮者支援機関 10名');
		expect(md).toContain('自治体 5名（北海道・直営含む）');
		expect(await a11yViolations(page)).toEqual([]);
		await wording.scrollIntoViewIfNeeded();
		await screenshotBoth(page, 'report-settings-wording');
	});
});
