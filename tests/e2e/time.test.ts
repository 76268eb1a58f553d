/**
 * A meeting's time as people live it, in real Chromium against the production build whose server
 * clock is fixed at 18:30 (Tokyo) on 1 December 2026: the demo opened at that late hour starts within
 * minutes and shows nothing late; impossible times are refused next to their field; a meeting planned
 * for another day warns before it starts, runs as a rehearsal marked on every screen (console,
 * participant, display), and is reset to the plan; a real run's minutes are provisional (暫定); a
 * finished meeting is reopened. Screenshots of each changed screen at desktop and phone width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, newUser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { demoInBrowser, joinByLink, type DemoInBrowser } from './notes-helpers.js';
import type { SessionView } from '../../src/lib/shared/protocol.js';

/** The server's clock at start: a late hour, long after the reference meeting's 14:00. */
const CLOCK = '2026-12-01T18:30:00+09:00';

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function page(opts: { phone?: boolean } = {}): Promise<Page> {
	const ctx = await newUser(browser, opts);
	contexts.push(ctx);
	const p = await ctx.newPage();
	p.on('dialog', (d) => void d.accept());
	return p;
}

const phase = (p: Page) => p.getByTestId('meeting-phase').first().getAttribute('data-phase');

async function view(p: Page, id: string, as = 'organiser'): Promise<SessionView> {
	return (await (await p.request.get(`${app.url}/api/v1/meetings/${id}?as=${as}`)).json()) as SessionView;
}

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser({}, { clock: CLOCK }));
});

afterAll(async () => {
	for (const ctx of contexts) await ctx.close().catch(() => undefined);
	await closeAppAndBrowser(app, browser);
});

describe('the demo opened at 18:30', () => {
	let demo: DemoInBrowser;

	beforeAll(async () => {
		demo = await demoInBrowser(browser, app.url);
		demo.page.on('dialog', (d) => void d.accept());
		contexts.push(demo.ctx);
	});

	it('starts within minutes with the reference durations, and nothing is late or overflowing', async () => {
		const m = demo.view.state.meeting;
		expect([m.startsAt, m.endsAt]).toEqual(['2026-12-01T18:35:00+09:00', '2026-12-01T20:20:00+09:00']);
		const org = demo.page;
		await org.getByRole('tab', { name: '進行' }).click();
		await expect.poll(() => phase(org)).toBe('before');
		await expect.poll(() => org.getByTestId('agenda-clock').textContent()).toContain('18:35開始予定');
		await expect.poll(() => org.getByTestId('programme-row').count()).toBe(8);
		// Once the page knows the server's time (the forecast shows), nothing is late.
		await expect.poll(() => org.getByTestId('forecast-panel').count(), { timeout: 15_000 }).toBe(1);
		expect(await org.getByText(/分遅れ/).count()).toBe(0);
		expect(await org.getByTestId('squeezed').count()).toBe(0);
		// Today is the planned day: no warning about another day.
		expect(await org.getByTestId('other-day').count()).toBe(0);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'time-demo-late-console');
	});

	it('a real run: every screen says 進行中, and the minutes are marked 暫定 with the time they were taken', async () => {
		const org = demo.page;
		await org.getByRole('button', { name: '▶ 最初の議題から開始' }).click();
		await expect.poll(() => phase(org)).toBe('running');
		const { page: participant } = await joinByLink(browser, demo.linkUrl('participant'), '北広島市 橋本');
		contexts.push(participant.context());
		await expect.poll(() => phase(participant)).toBe('running');
		expect(await participant.getByTestId('meeting-phase').first().textContent()).toContain('進行中');

		const minutes = await org.context().newPage();
		await minutes.goto(`${app.url}/m/${demo.id}/minutes`);
		const note = minutes.getByTestId('minutes-provisional');
		await expect.poll(() => note.textContent(), { timeout: 15_000 }).toMatch(/この議事録は18:3\d時点の暫定版です/);
		expect(await minutes.getByTestId('minutes-document').textContent()).toMatch(/実績時刻 18:3\d〜・暫定・18:3\d時点/);
		await screenshotBoth(minutes, 'time-minutes-provisional');
	});

	it('a finished meeting is reopened by the organiser and goes on, keeping the times it ran', async () => {
		const org = demo.page;
		await org.getByRole('button', { name: '■ 会議を終了' }).click();
		await expect.poll(() => phase(org)).toBe('finished');
		await screenshotBoth(org, 'time-finished-console');
		await org.getByRole('button', { name: '会議を再開する' }).click();
		await expect.poll(() => phase(org)).toBe('running');
		await expect.poll(() => org.getByTestId('run-controls').textContent()).toContain('会議を再開しました');
		const state = (await view(org, demo.id)).state;
		expect(state.agenda.run).toMatchObject({ status: 'ready', finishedAt: null });
		// The first item keeps the times it ran.
		expect(Object.values(state.agenda.items).find((i) => i.order === 1)!.spans).toHaveLength(1);
	});
});

describe('a meeting planned for another day', () => {
	let org: Page;
	let id = '';

	beforeAll(async () => {
		org = await page();
		await org.goto(app.url);
		const created = await org.request.post(`${app.url}/api/v1/meetings`, {
			data: { title: '情報交換会 第2回', startsAt: '2026-12-04T14:00:00+09:00', endsAt: '2026-12-04T15:45:00+09:00', timezone: 'Asia/Tokyo' }
		});
		id = (await created.json()).id;
		for (const [title, durationMinutes, kind] of [['趣旨説明', 30, 'plenary'], ['グループ討議', 40, 'breakout'], ['全体共有', 35, 'plenary']] as const) {
			const res = await org.request.post(`${app.url}/api/v1/meetings/${id}/commands?as=organiser`, { data: { type: 'agenda.add', title, durationMinutes, kind } });
			expect((await res.json()).ok).toBe(true);
		}
		await org.goto(`${app.url}/m/${id}/console`);
		await org.getByRole('tab', { name: '進行' }).click();
	});

	it('warns before the start that today is not the planned day', async () => {
		await expect.poll(() => org.getByTestId('other-day').textContent()).toContain('2026年12月4日');
		await screenshotBoth(org, 'time-other-day-console');
	});

	it('a rehearsal is marked リハーサル on the console, the participant’s page and the display, and forecasts from now', async () => {
		await org.getByRole('button', { name: 'リハーサルとして開始' }).click();
		await expect.poll(() => phase(org)).toBe('rehearsal');
		await expect.poll(() => org.getByTestId('rehearsal-controls').count()).toBe(1);
		// Planned from 18:30 today, not for the 4th: nothing is late.
		expect(await org.getByText(/分遅れ/).count()).toBe(0);
		const v = await view(org, id);
		const participantLink = Object.values(v.state.links).find((l) => l.role === 'participant')!;
		const displayLink = Object.values(v.state.links).find((l) => l.role === 'display')!;
		const { page: participant } = await joinByLink(browser, v.linkUrls[participantLink.id], '江別市社協 高橋', { phone: true });
		contexts.push(participant.context());
		await expect.poll(() => phase(participant)).toBe('rehearsal');
		expect(await participant.getByTestId('meeting-phase').first().textContent()).toContain('リハーサル');
		const display = await page();
		await display.setViewportSize({ width: 1280, height: 720 });
		await display.goto(v.linkUrls[displayLink.id]);
		await expect.poll(() => phase(display), { timeout: 15_000 }).toBe('rehearsal');
		await screenshotBoth(org, 'time-rehearsal-console');
		await screenshotBoth(participant, 'time-rehearsal-participant');
		await screenshotBoth(display, 'time-rehearsal-display');
		expect(await a11yViolations(org)).toEqual([]);
	});

	it('is reset to the plan, keeping the programme; the real meeting can then start', async () => {
		await org.getByRole('button', { name: '↺ 予定に戻す' }).click();
		await expect.poll(() => phase(org)).toBe('before');
		await expect.poll(() => org.getByTestId('run-controls').textContent()).toContain('予定に戻しました');
		const state = (await view(org, id)).state;
		expect(state.agenda.run).toEqual({ status: 'ready', currentId: null, startedAt: null, finishedAt: null });
		expect(Object.values(state.agenda.items).map((i) => [i.title, i.spans.length])).toEqual(
			expect.arrayContaining([['趣旨説明', 0], ['グループ討議', 0], ['全体共有', 0]])
		);
		expect(await org.getByRole('button', { name: '▶ 最初の議題から開始' }).isEnabled()).toBe(true);
	});

	it('a pinned start outside the meeting is refused next to the field', async () => {
		const form = org.getByTestId('item-form').last();
		await form.getByLabel('議題名').fill('閉会');
		await form.getByLabel('固定の開始時刻').fill('13:00');
		await form.getByRole('button', { name: '議題を追加' }).click();
		const error = form.getByTestId('field-error');
		await expect.poll(() => error.textContent()).toBe('開始時刻が会議の開始より前です');
		expect(await form.getByLabel('固定の開始時刻').getAttribute('aria-invalid')).toBe('true');
		expect((await view(org, id)).state.agenda.items).not.toContainEqual(expect.objectContaining({ title: '閉会' }));
	});
});

describe('creating a meeting', () => {
	it('that ends before it starts is refused next to the end time, and nothing is created', async () => {
		const p = await page();
		await p.goto(app.url);
		await p.getByLabel('会議名').fill('終了が先の会議');
		await p.getByLabel('開始時刻').fill('14:00');
		await p.getByLabel('終了時刻').fill('13:00');
		await p.getByRole('button', { name: '会議を作成', exact: true }).click();
		const error = p.getByTestId('field-error');
		await expect.poll(() => error.textContent()).toBe('終了時刻は開始時刻より後にしてください');
		expect(await p.getByLabel('終了時刻').getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
		expect(new URL(p.url()).pathname).toBe('/');
		expect(await a11yViolations(p)).toEqual([]);
		await screenshotBoth(p, 'time-create-refused');
	});
});
