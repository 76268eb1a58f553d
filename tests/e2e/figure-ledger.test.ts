/**
 * The ledger at a glance in a real browser, on the two-meeting series of tests/helpers/series.ts:
 * the figures by department, by meeting and by age on the series page and in the ministry's view,
 * at desktop and 390 px (screenshots of the page and of the figures alone); axe-core; the keyboard
 * path — Tab to a bar segment, Enter, the list is filtered to its rows and focused, Back undoes it —
 * and a filtered link opened afresh shows the same rows.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { a11yViolations, SCREENSHOT_DIR, screenshotBoth } from '../helpers/browser.js';
import { seedLedger } from '../helpers/series.js';
import { browserSuite } from './notes-helpers.js';

const suite = browserSuite();
const DEPT = '生活困窮者自立支援室';

/** Screenshots of one figure block alone, at desktop width and at 390 px. */
async function figureShots(page: Page, testid: string, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [width, suffix] of [[1366, 'desktop'], [390, 'phone']] as const) {
		await page.setViewportSize({ width, height: 900 });
		await page.waitForTimeout(150);
		await page.evaluate(() => document.fonts.ready);
		await page.getByTestId(testid).screenshot({ path: join(SCREENSHOT_DIR, `${name}-${suffix}.png`) });
	}
	await page.setViewportSize({ width: 1366, height: 900 });
}

/** Presses Tab until a link named like `name` has the focus (at most `limit` times); answers its name. */
async function tabTo(page: Page, name: RegExp, limit = 30): Promise<string> {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
		if (name.test(label)) return label;
	}
	throw new Error(`no link named ${name} within ${limit} Tabs`);
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

describe('the ledger at a glance', () => {
	it('shows counts by department, meeting and age; Tab to a bar and Enter filters the list and focuses it', async () => {
		const { series, meetings } = await seedLedger(suite.app.url);
		const org = await suite.person();
		await org.goto(series.links.organiser);
		await org.waitForURL(new RegExp(`/series/${series.id}$`));
		const rows = org.getByTestId('ledger-row');
		await expect.poll(() => rows.count()).toBe(4);
		for (const kind of ['department', 'meeting', 'age']) await org.getByTestId(`ledger-figure-${kind}`).waitFor();

		// What the figures say: 生活困窮者自立支援室 has 2 open (the near-duplicate and 一時生活支援) and the
		// carried matter once (後日回答), 保護課 one answered; 第1回 raised 2, 第2回 2; all raised today.
		const dept = org.getByTestId('ledger-figure-department');
		expect(await dept.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')))).toEqual([
			`${DEPT}：未回答 2件（一覧を絞り込む）`,
			`${DEPT}：後日回答 1件（一覧を絞り込む）`,
			'保護課：回答済み・完了 1件（一覧を絞り込む）'
		]);
		expect(await dept.locator('desc').textContent()).toBe(`全4件のうち、未回答2件、後日回答1件、回答済み・完了1件。未回答が最も多いのは${DEPT}（2件）。棒の各部分を選ぶと、その案件に一覧を絞り込みます。`);
		const meeting = org.getByTestId('ledger-figure-meeting');
		expect(await meeting.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')))).toEqual([
			'6/4 第1回 生活困窮者支援 情報交換会：後日回答 1件（一覧を絞り込む）',
			'6/4 第1回 生活困窮者支援 情報交換会：回答済み・完了 1件（一覧を絞り込む）',
			'7/16 第2回 生活困窮者支援 情報交換会：未回答 2件（一覧を絞り込む）'
		]);
		expect(await org.getByTestId('ledger-figure-age').getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')))).toEqual([
			'7日以内：未回答 2件（一覧を絞り込む）',
			'7日以内：後日回答 1件（一覧を絞り込む）'
		]);
		// The table under 「表で見る」 holds the same numbers.
		await dept.getByText('表で見る').click();
		expect(await dept.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t').map((c) => c.trim())))).toEqual([
			[DEPT, '2', '1', '0', '3'],
			['保護課', '0', '0', '1', '1']
		]);
		await dept.getByText('表で見る').click();
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'figure-ledger-page');
		await figureShots(org, 'ledger-figure-department', 'figure-ledger-department');
		await figureShots(org, 'ledger-figure-meeting', 'figure-ledger-meeting');
		await figureShots(org, 'ledger-figure-age', 'figure-ledger-age');

		// Keyboard only: from the tab, Tab to the department's open segment, Enter.
		await org.getByRole('tab', { name: '台帳' }).focus();
		expect(await tabTo(org, new RegExp(`^${DEPT}：未回答`))).toContain('2件');
		await dept.screenshot({ path: join(SCREENSHOT_DIR, 'figure-ledger-focus-desktop.png') }); // the focus ring on the segment
		await org.keyboard.press('Enter');
		await org.waitForURL((u) => u.searchParams.get('status') === 'open' && u.searchParams.get('dept') === DEPT);
		await expect.poll(() => rows.count()).toBe(2);
		await expect.poll(() => focusedTestId(org)).toBe('ledger-filter');
		expect(await org.getByTestId('ledger-filter').textContent()).toContain(`絞り込み中：未回答・${DEPT}`);
		expect(await rows.allTextContents()).toEqual([expect.stringContaining('について、年齢に関わらず'), expect.stringContaining('一時生活支援事業')]);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'figure-ledger-filtered');

		// Back: the whole list again, focus on it; Forward: filtered again.
		await org.goBack();
		await expect.poll(() => rows.count()).toBe(4);
		expect(await org.getByText('絞り込み中').count()).toBe(0);
		await org.goForward();
		await expect.poll(() => rows.count()).toBe(2);

		// The filtered link is shareable: opened afresh it shows the same rows; the clear link shows all.
		const shared = org.url();
		const other = await suite.person();
		await other.goto(series.links.organiser);
		await other.waitForURL(new RegExp(`/series/${series.id}$`));
		await other.goto(shared);
		await expect.poll(() => other.getByTestId('ledger-row').count()).toBe(2);
		await other.getByRole('link', { name: '絞り込みを解除' }).click();
		await expect.poll(() => other.getByTestId('ledger-row').count()).toBe(4);
		await expect.poll(() => focusedTestId(other)).toBe('ledger-filter');

		// With the mouse, on a phone: 第2回's open segment — the matters first raised there, not the carried one.
		await org.setViewportSize({ width: 390, height: 844 });
		await org.getByTestId('ledger-figure-meeting').getByRole('link', { name: /^7\/16 第2回.*未回答 2件/ }).click();
		await org.waitForURL((u) => u.searchParams.get('in') === meetings[1] && u.searchParams.get('status') === 'open');
		await expect.poll(() => rows.count()).toBe(2);
		expect(await org.getByTestId('ledger-filter').textContent()).toContain('未回答・第2回 生活困窮者支援 情報交換会で提起');
		await org.setViewportSize({ width: 1366, height: 900 });
	});

	it('the ministry’s view filters its department lists from its figures, and speaks English by the switch', async () => {
		const { series } = await seedLedger(suite.app.url);
		const ministry = await suite.person();
		await ministry.goto(series.links.ministry);
		await ministry.waitForURL(new RegExp(`/series/${series.id}\\?view=ministry$`));
		const dept = ministry.getByTestId('ledger-figure-department');
		await dept.waitFor();
		await ministry.getByTestId('ledger-figure-age').waitFor();
		expect(await ministry.getByTestId('ledger-figure-meeting').count()).toBe(0);
		await expect.poll(() => ministry.getByTestId('ministry-row').count()).toBe(4);
		expect(await a11yViolations(ministry)).toEqual([]);
		await screenshotBoth(ministry, 'figure-ledger-ministry');
		await figureShots(ministry, 'ledger-figure-department', 'figure-ledger-ministry-department');

		await dept.getByRole('link', { name: new RegExp(`^${DEPT}：後日回答`) }).click();
		await ministry.waitForURL((u) => u.searchParams.get('view') === 'ministry' && u.searchParams.get('status') === 'deferred');
		await expect.poll(() => ministry.getByTestId('ministry-row').count()).toBe(1);
		expect(await ministry.getByTestId('ministry-row').textContent()).toContain('年齢に関わらず利用できるよう緩和してほしい');
		expect(await ministry.getByTestId('ministry-department').count()).toBe(1);
		// The department's heading counts what the filter keeps, not the department's totals.
		expect(await ministry.getByTestId('ministry-department').locator('h2 .counts').textContent()).toBe('未回答 1件・回答済み 0件');
		await expect.poll(() => focusedTestId(ministry)).toBe('ministry-filter');
		expect(await ministry.getByRole('tab', { name: '担当部署別（省庁向け）' }).getAttribute('aria-selected')).toBe('true');
		expect(await a11yViolations(ministry)).toEqual([]);
		await screenshotBoth(ministry, 'figure-ledger-ministry-filtered');

		await ministry.getByRole('button', { name: /English/ }).click();
		await expect.poll(() => dept.getByRole('heading').textContent()).toBe('Matters by department');
		expect(await ministry.getByTestId('ministry-filter').textContent()).toContain('Filtered: Answer later, 生活困窮者自立支援室');
		expect(await dept.getByRole('link').first().getAttribute('aria-label')).toBe(`${DEPT}: Open 2 (filter the list)`);
		expect(await a11yViolations(ministry)).toEqual([]);
		await figureShots(ministry, 'ledger-figure-department', 'figure-ledger-ministry-en');
	});
});
