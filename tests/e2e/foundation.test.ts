/**
 * Foundation in a real browser: create a meeting (form and demo), see the console with role links,
 * open the participant link in a second browser, join, and see the member appear live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, newUser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';

let app: App;
let browser: Browser;

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
});

afterAll(() => closeAppAndBrowser(app, browser));

describe('create, share, join', () => {
	it('landing page is Japanese by default, switches to English, and passes axe', async () => {
		const ctx = await newUser(browser);
		const page = await ctx.newPage();
		await page.goto(app.url);
		await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
		await expect.poll(() => page.getByRole('button', { name: 'デモ会議を作成' }).count()).toBe(1);
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'landing');
		await page.getByRole('button', { name: /English/ }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Try a demo meeting' }).count()).toBe(1);
		await ctx.close();
	});

	it('organiser creates a meeting from the form, keeps the link, and a participant appears live', async () => {
		const orgCtx = await newUser(browser);
		const org = await orgCtx.newPage();
		await org.goto(app.url);
		await org.getByLabel('会議名').fill('北海道 生活困窮者支援 情報交換会');
		await org.getByLabel('開催日').fill('2021-06-04');
		await org.getByLabel('開始時刻').fill('14:00');
		await org.getByLabel('終了時刻').fill('15:40');
		await org.getByRole('button', { name: '会議を作成', exact: true }).click();
		await org.waitForURL(/\/m\/[^/]+\/console$/);
		await expect.poll(() => org.getByText('2021年6月4日（金） 14:00〜15:40').count()).toBeGreaterThan(0);
		const ownLink = await org.getByTestId('own-link').textContent();
		expect(ownLink).toMatch(/\/j\/[A-Za-z0-9_-]{40,}$/);

		await org.getByLabel('ルーム名').fill('ルーム1');
		await org.getByRole('button', { name: 'ルームを追加' }).click();
		await expect.poll(() => org.getByTestId('role-link').count()).toBe(4); // participant, ministry, facilitator, display

		const participantUrl = await org.getByRole('textbox', { name: '参加者' }).inputValue();
		const pCtx = await newUser(browser);
		const p = await pCtx.newPage();
		await p.goto(participantUrl);
		await p.getByLabel('表示名').fill('江別 花子');
		await p.getByLabel('所属', { exact: true }).fill('江別市社会福祉協議会');
		await p.getByRole('button', { name: '参加する' }).click();
		await expect.poll(() => p.getByTestId('me').textContent()).toContain('江別 花子');
		await expect.poll(() => org.getByRole('cell', { name: /江別 花子/ }).count()).toBe(1);

		// Reopening the link in the same browser resumes the same member.
		await p.goto(participantUrl);
		await expect.poll(() => p.getByTestId('me').textContent()).toContain('江別 花子');
		await expect.poll(() => org.getByTestId('member-row').count()).toBe(1);
		await orgCtx.close();
		await pCtx.close();
	});

	it('demo meeting shows links, 3 rooms, the 27-person roster and the attendance counts', async () => {
		const ctx = await newUser(browser);
		const page = await ctx.newPage();
		await page.goto(app.url);
		await page.getByRole('button', { name: 'デモ会議を作成' }).click();
		await page.waitForURL(/\/console$/);
		await expect.poll(() => page.getByTestId('member-row').count()).toBe(27);
		await expect.poll(() => page.getByTestId('room').count()).toBe(3);
		const counts = page.getByTestId('counts');
		expect(await counts.locator('[data-category="ministry"]').textContent()).toContain('10');
		expect(await counts.locator('[data-category="agency"]').textContent()).toContain('10');
		expect(await counts.locator('[data-category="municipality"]').textContent()).toContain('5');
		expect(await counts.locator('[data-category="organiser"]').textContent()).toContain('2');
		expect(await counts.locator('[data-category="total"]').textContent()).toContain('27');
		expect(await page.getByTestId('role-link').count()).toBe(6);
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'console');

		// Back on the landing page, the meeting is listed so the organiser finds the way back.
		await page.goto(app.url);
		await page.getByTestId('recent').waitFor();
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'landing-recent');
		await page.getByTestId('recent').getByRole('link', { name: '生活困窮者支援 情報交換会（デモ）' }).click();
		await page.waitForURL(/\/console$/);
		await expect.poll(() => page.getByTestId('member-row').count()).toBe(27);

		const participantUrl = await page.getByRole('textbox', { name: '参加者' }).inputValue();
		const pCtx = await newUser(browser);
		const p = await pCtx.newPage();
		await p.goto(participantUrl);
		await p.getByLabel('表示名').fill('千歳 次郎');
		await p.getByRole('button', { name: '参加する' }).click();
		await expect.poll(() => p.getByTestId('me').count()).toBe(1);
		expect(await a11yViolations(p)).toEqual([]);
		await screenshotBoth(p, 'participant-home');
		await ctx.close();
		await pCtx.close();
	});
});
