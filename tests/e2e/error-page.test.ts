/**
 * The error page: a meeting that does not exist (board or minutes URL) and an unknown path show
 * +error.svelte in Japanese (English by the switch), accessible, with a link back to the start page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp } from '../helpers/app.js';
import { a11yViolations, launchBrowser, newUser, screenshotBoth } from '../helpers/browser.js';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;

beforeAll(async () => {
	app = await startApp();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

describe('error page', () => {
	it('an unknown meeting URL shows the error page with a link home', async () => {
		const ctx = await newUser(browser);
		const page = await ctx.newPage();
		await page.goto(`${app.url}/m/no-such-meeting/rooms/room1`);
		await page.getByTestId('error-page').waitFor({ timeout: 15_000 });
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ページが見つかりません');
		expect(await page.getByTestId('error-page').textContent()).toContain('エラーコード 404');
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'error-page');

		await page.getByRole('button', { name: /English/ }).click();
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
		await page.getByRole('link', { name: 'Back to the start page' }).click();
		await page.waitForURL(`${app.url}/`);
		await expect.poll(() => page.getByRole('button', { name: 'Try a demo meeting' }).count()).toBe(1);
		await ctx.close();
	});

	it('the minutes of an unknown meeting and an unknown path show it too', async () => {
		const ctx = await newUser(browser);
		const page = await ctx.newPage();
		await page.goto(`${app.url}/m/no-such-meeting/minutes`);
		await page.getByTestId('error-page').waitFor({ timeout: 15_000 });
		expect(await page.getByRole('link', { name: 'トップページへ戻る' }).getAttribute('href')).toBe('/');

		const res = await page.goto(`${app.url}/no/such/page`);
		expect(res?.status()).toBe(404);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ページが見つかりません');
		await ctx.close();
	});
});
