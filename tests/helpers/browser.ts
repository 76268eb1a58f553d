/**
 * Real Chromium for e2e tests (Debian's /usr/bin/chromium through playwright-core), screenshots at
 * desktop and 390-px phone width, and axe-core accessibility checks.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type App } from './app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'tests', 'e2e', 'screenshots');

/** Launches headless Chromium with the flags this machine needs; fails with one clear line if missing. */
export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) — .ci/run does this`);
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
}

/** The production build (./app.ts) and a headless Chromium: what most e2e files start before their tests. */
export async function startAppAndBrowser(env: Record<string, string> = {}, opts: { clock?: string } = {}): Promise<{ app: App; browser: Browser }> {
	const app = await startApp(env, opts);
	try {
		return { app, browser: await launchBrowser() };
	} catch (err) {
		await app.stop();
		throw err;
	}
}

/** Closes what startAppAndBrowser started (either is missing when the start failed). */
export async function closeAppAndBrowser(app: App | undefined, browser: Browser | undefined): Promise<void> {
	await browser?.close();
	await app?.stop();
}

/** A new browser context (one user) with Japanese locale and Tokyo time. */
export async function newUser(browser: Browser, opts: { phone?: boolean; locale?: string } = {}): Promise<BrowserContext> {
	return browser.newContext({
		locale: opts.locale ?? 'ja-JP',
		timezoneId: 'Asia/Tokyo',
		viewport: opts.phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
		deviceScaleFactor: 1,
		permissions: ['clipboard-read', 'clipboard-write']
	});
}

/** Saves a full-page screenshot after fonts are ready (Japanese glyphs need Noto CJK). */
export async function screenshot(page: Page, name: string, opts: ShotOptions = {}): Promise<string> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	await page.evaluate(() => document.fonts.ready);
	const file = join(SCREENSHOT_DIR, `${name}.png`);
	await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
	return file;
}

export interface ShotOptions {
	/** The whole page (default), or only what the window shows (for pages too long to look at whole). */
	fullPage?: boolean;
}

/** Screenshots the page at desktop width and at 390-px phone width (same context, resized). */
export async function screenshotBoth(page: Page, name: string, opts: ShotOptions = {}): Promise<void> {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 1366, height: 900 });
	await screenshot(page, `${name}-desktop`, opts);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(150);
	await screenshot(page, `${name}-phone`, opts);
	if (size) await page.setViewportSize(size);
}

/** axe-core violations (WCAG 2 A/AA) on the current page, as short strings for a readable assertion. */
export async function a11yViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/**
 * Fills a shared link's join form as `name`: a person on the roster picks their entry from the list
 * (typing a registered name is refused), anyone else types their name and organisation.
 */
export async function joinAs(page: Page, name: string, organisation = ''): Promise<void> {
	await page.getByLabel('表示名').waitFor();
	const entry = page.getByTestId('roster-claim').getByRole('radio', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
	if (await entry.count()) {
		await entry.check();
		await page.getByRole('button', { name: '選んだ名前で参加' }).click();
		return;
	}
	await page.getByLabel('表示名').fill(name);
	if (organisation) await page.getByLabel('所属', { exact: true }).fill(organisation);
	await page.getByRole('button', { name: '参加する', exact: true }).click();
}
