/**
 * The ledger page and the ministry's view in a real browser, on a two-meeting series: the organiser
 * opens the series link, finds the near-duplicate raised in another region and merges it; the ministry
 * opens its link, answers from its department's list, and the answer reaches the meeting; a meeting's
 * participant sees only their meeting's rows; a long ledger is drawn 100 matters at a time.
 * Screenshots at desktop and 390 px; axe-core on each.
 */
import { describe, expect, it } from 'vitest';
import { a11yViolations, screenshotBoth } from '../helpers/browser.js';
import { api, mustCommand } from '../helpers/server.js';
import { createSeries, nextMeeting, seedLedger } from '../helpers/series.js';
import { browserSuite } from './notes-helpers.js';

const suite = browserSuite();
const person = (opts: { locale?: string } = {}) => suite.person(opts);

describe('series ledger pages', () => {
	it('the organiser merges a near-duplicate from another region, and the ministry answers it', async () => {
		const { series, meetings } = await seedLedger(suite.app.url);
		const org = await person();
		await org.goto(series.links.organiser);
		await org.waitForURL(new RegExp(`/series/${series.id}$`));
		const rows = org.getByTestId('ledger-row');
		await expect.poll(() => rows.count()).toBe(4);
		await expect.poll(() => rows.first().textContent()).toContain('匿名');
		expect(await org.getByText('秋田ハナ').count()).toBe(0);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-ledger');

		const first = rows.filter({ hasText: '年齢に関わらず利用できるよう緩和してほしい' });
		await first.getByTestId('ledger-hints').click();
		const merge = first.getByTestId('ledger-merge');
		await expect.poll(() => merge.count()).toBe(1);
		await merge.click();
		await expect.poll(() => rows.count()).toBe(3);
		const merged = rows.filter({ hasText: '年齢に関わらず利用できるよう緩和してほしい' });
		await merged.getByText('経過と回答').click();
		await expect.poll(() => merged.textContent()).toContain('統合した案件');
		expect(await merged.textContent()).toContain('東北・九州');
		expect(await merged.textContent()).toContain('賛同 2人');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-ledger-merged');

		// The next meeting from the series page: region set, the last one's open items carried.
		await org.getByText('次回の会議を作成').click();
		const form = org.getByTestId('next-meeting-form');
		await form.getByLabel('地域').fill('関東');
		await form.getByRole('button', { name: '作成する' }).click();
		await expect.poll(() => form.getByRole('status').count()).toBe(1);
		expect(await form.locator('code').textContent()).toMatch(/\/j\//);
		await expect.poll(() => org.getByText('開催一覧（3回）').count()).toBe(1);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-next-meeting');
		const carried = (await api(suite.app.url, `/api/v1/series/${series.id}/ledger`, { token: series.organiserToken })).json.ledger.rows[0];
		expect(carried.appearances.map((a: { region: string }) => a.region)).toContain('関東');

		// The ministry's link opens the view by department; answering it records it in the meeting too.
		const ministry = await person();
		await ministry.goto(series.links.ministry);
		await ministry.waitForURL(new RegExp(`/series/${series.id}\\?view=ministry$`));
		const depts = ministry.getByTestId('ministry-department');
		await expect.poll(() => depts.count()).toBe(2);
		expect(await depts.first().getByRole('heading').textContent()).toContain('生活困窮者自立支援室');
		expect(await a11yViolations(ministry)).toEqual([]);
		await screenshotBoth(ministry, 'series-ministry');
		const row = ministry.getByTestId('ministry-row').filter({ hasText: '年齢に関わらず利用できるよう緩和してほしい' });
		const box = row.getByTestId('ministry-answer-text');
		await box.fill('令和4年度から年齢要件を撤廃する方向で検討しています。');
		await box.press('Enter'); // a line break, never a send
		expect(await ministry.getByTestId('ministry-message').textContent()).toBe('');
		await row.getByTestId('ministry-answer').click();
		await expect.poll(() => ministry.getByTestId('ministry-message').textContent()).toBe('更新しました。');
		await expect.poll(() => row.textContent()).toContain('回答済み');
		// It went to the matter's latest question: in the meeting created from the series page, answered there.
		const list = (await api(suite.app.url, `/api/v1/series/${series.id}`, { token: series.organiserToken })).json.meetings;
		const latest = (await api(suite.app.url, `/api/v1/series/${series.id}/ledger`, { token: series.organiserToken })).json.ledger.rows[0].appearances.filter((a: { own: boolean }) => a.own).at(-1);
		expect(latest).toMatchObject({ meetingId: list[2].meetingId, status: 'answered' });
		expect(list[0].meetingId).toBe(meetings[0]);
		expect((await api(suite.app.url, `/api/v1/meetings/${meetings[1]}`, { token: series.organiserToken })).status).toBe(401); // a series link is no meeting's link
		await screenshotBoth(ministry, 'series-ministry-answered');

		// English by the switch.
		await ministry.getByRole('button', { name: /English/ }).click();
		await expect.poll(() => ministry.getByRole('tab', { name: 'By department (ministry)' }).count()).toBe(1);
		expect(await a11yViolations(ministry)).toEqual([]);
		await screenshotBoth(ministry, 'series-ministry-en');
	});

	it('a meeting’s participant sees their own meeting’s rows, without the organiser’s controls', async () => {
		const { series, meetings, participantToken } = await seedLedger(suite.app.url);
		const page = await person();
		// The participant's session: their meeting's cookie, as their link would have set it.
		const open = await fetch(`${suite.app.url}/j/${encodeURIComponent(participantToken)}`, { redirect: 'manual' });
		const [pair] = open.headers.getSetCookie()[0].split(';');
		const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
		await page.context().addCookies([{ name, value, url: suite.app.url }]);
		await page.goto(`${suite.app.url}/series/${series.id}?meeting=${meetings[1]}`);
		const rows = page.getByTestId('ledger-row');
		await expect.poll(() => rows.count()).toBe(3); // the carried one, the near-duplicate, 一時生活支援
		expect(await page.getByText('扶養照会').count()).toBe(0); // meeting 1's own, not published
		expect(await page.getByRole('tab', { name: '担当部署別（省庁向け）' }).count()).toBe(0);
		expect(await page.getByTestId('ledger-hints').count()).toBe(0);
		expect(await page.getByText('熊本シロウ').count()).toBe(0);
		expect(await a11yViolations(page)).toEqual([]);
		await screenshotBoth(page, 'series-ledger-participant');
	});

	it('a long ledger shows 100 matters, then the rest on 「さらに表示」 with focus on the first one added; a new filter starts from the top', async () => {
		const series = await createSeries(suite.app.url, '長い台帳のシリーズ');
		const m = await nextMeeting(suite.app.url, series, { startsAt: '2021-06-04T14:00:00+09:00', region: '北海道' });
		const roomId = (await mustCommand(suite.app.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' })).result.id as string;
		for (let batch = 0; batch < 3; batch++) {
			const lines = Array.from({ length: 50 }, (_, i) => ({ text: `案件${batch * 50 + i + 1}：就労支援の窓口の連携について`, direction: 'to_ministry', section: null, line: i + 1 }));
			await mustCommand(suite.app.url, m.id, m.organiserToken, { type: 'question.fromBoard', roomId, lines });
		}
		const org = await person();
		await org.goto(series.links.organiser);
		await org.waitForURL(new RegExp(`/series/${series.id}$`));
		const rows = org.getByTestId('ledger-row');
		await expect.poll(() => rows.count()).toBe(100);
		expect(await org.getByText('150件（150件中100件を表示）').count()).toBe(1);
		const more = org.getByTestId('ledger-more');
		expect(await more.textContent()).toBe('さらに50件を表示（残り50件）');
		await screenshotBoth(org, 'series-ledger-long-top', { fullPage: false });
		await more.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'series-ledger-long-more', { fullPage: false });
		await more.focus();
		await org.keyboard.press('Enter');
		await expect.poll(() => rows.count()).toBe(150);
		expect(await more.count()).toBe(0);
		expect(await org.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('100');
		expect(await org.evaluate(() => document.activeElement?.textContent)).toContain('No.101');
		expect(await org.evaluate(() => document.activeElement?.textContent)).toContain('案件101：'); // a board's lines sent together are numbered in their order
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-ledger-long-added', { fullPage: false });

		// Another status filter (all 150 are 未回答): drawn from the first page again.
		await org.getByTestId('ledger-status-filter').selectOption('open');
		await expect.poll(() => rows.count()).toBe(100);
		expect(await more.textContent()).toBe('さらに50件を表示（残り50件）');
	});

	it('an organiser starts a series from the meeting’s console, sees its links once, and opens its ledger', async () => {
		const org = await person();
		await org.goto(suite.app.url);
		await org.getByRole('button', { name: 'デモ会議を作成' }).click();
		await org.waitForURL(/\/console$/);
		const meetingId = /\/m\/([^/]+)\/console$/.exec(org.url())![1];
		const box = org.getByTestId('series-create');
		await box.getByText('連続開催（シリーズ）').click();
		expect(await box.getByLabel('シリーズ名').inputValue()).not.toBe('');
		await box.getByLabel('この会議の地域').fill('北海道');
		await box.getByRole('button', { name: 'シリーズを作成してこの会議を加える' }).click();
		await expect.poll(() => box.getByRole('heading', { name: 'シリーズを作成し、この会議を加えました。' }).count()).toBe(1);
		const organiserLink = (await box.getByTestId('series-organiser-link').textContent())!;
		const ministryLink = (await box.getByTestId('series-ministry-link').textContent())!;
		expect(organiserLink).toMatch(/\/j\//);
		expect(ministryLink).toMatch(/\/j\//);
		expect(ministryLink).not.toBe(organiserLink);
		expect(await org.evaluate(() => document.activeElement?.querySelector('h3')?.textContent)).toBe('シリーズを作成し、この会議を加えました。');
		expect(await a11yViolations(org)).toEqual([]);
		await box.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'series-create-console');

		// This browser is the series' organiser now: its ledger page lists the meeting, with its region.
		await box.getByRole('link', { name: 'シリーズの台帳を開く' }).click();
		await org.waitForURL(/\/series\/[^/?]+$/);
		await expect.poll(() => org.getByText('開催一覧（1回）').count()).toBe(1);
		await org.getByText('開催一覧（1回）').click();
		expect(await org.locator('.meetings li').textContent()).toContain('北海道');
		await org.getByTestId('ledger-figure-department').waitFor();
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-create-ledger');
		const seriesId = /\/series\/([^/?]+)$/.exec(org.url())![1];
		const view = await (await org.request.get(`${suite.app.url}/api/v1/series/${seriesId}`)).json();
		expect(view.meetings.map((m: { meetingId: string }) => m.meetingId)).toEqual([meetingId]);

		// The ministry's link, opened by someone else, is the ministry's view of the same series.
		const ministry = await person();
		await ministry.goto(ministryLink);
		await ministry.waitForURL(new RegExp(`/series/${seriesId}\\?view=ministry$`));
		// A meeting is in one series at most: a second series from the same console says so.
		await org.goto(`${suite.app.url}/m/${meetingId}/console`);
		await box.getByText('連続開催（シリーズ）').click();
		await box.getByRole('button', { name: 'シリーズを作成してこの会議を加える' }).click();
		// Refused before anything is made: the form says so and no series' links are shown.
		await expect.poll(() => box.getByRole('alert').textContent()).toBe('この会議はすでに別のシリーズに入っています。新しいシリーズは作成していません。');
		expect(await box.getByTestId('series-organiser-link').count()).toBe(0);
		expect(await org.evaluate(() => document.activeElement?.textContent)).toBe('シリーズを作成してこの会議を加える');
		const still = await (await org.request.get(`${suite.app.url}/api/v1/series/${seriesId}`)).json();
		expect(still.meetings).toHaveLength(1);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'series-create-in-another');
	});
});
