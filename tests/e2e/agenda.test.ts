/**
 * The timed agenda in real Chromium against the production build: the organiser builds the programme
 * (keyboard-only reorder), runs it; two participants whose laptop clocks are 5 minutes fast and
 * 5 minutes slow see the same countdown, the overrun in red, messages popping up, and where to go
 * during the breakout. Screenshots of the run view and a participant's view, desktop and phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, newUser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { isoToZoned, zonedToIso } from '../../src/lib/shared/time/zoned.js';

const TZ = 'Asia/Tokyo';
const SKEW = 5 * 60_000;

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
let org: Page;
let fast: Page; // laptop clock 5 minutes ahead, in ルーム1
let slow: Page; // laptop clock 5 minutes behind, no room
let meetingId = '';

async function context(opts: { phone?: boolean } = {}): Promise<BrowserContext> {
	const ctx = await newUser(browser, opts);
	contexts.push(ctx);
	return ctx;
}

/** A participant whose page clock is off by `skew` ms, installed before the page loads. */
async function skewedParticipant(url: string, name: string, skew: number): Promise<{ page: Page; memberId: string }> {
	const ctx = await context();
	const page = await ctx.newPage();
	await page.clock.install({ time: Date.now() + skew });
	await page.goto(url);
	await page.getByLabel('表示名').fill(name);
	await page.getByRole('button', { name: '参加する' }).click();
	await expect.poll(() => page.getByTestId('me').textContent()).toContain(name);
	const view = await (await ctx.request.get(`${app.url}/api/v1/meetings/${meetingId}?as=participant`)).json();
	return { page, memberId: view.me.memberId };
}

/** Seconds shown by a countdown ("01:00" → 60), negative when over time. */
async function shownSeconds(page: Page): Promise<number> {
	const clock = page.getByTestId('countdown').first();
	const [text, over] = await Promise.all([clock.getByTestId('countdown-digits').textContent(), clock.getAttribute('data-over')]);
	const parts = (text ?? '').replace('+', '').split(':').map(Number);
	const seconds = parts.reduce((s, p) => s * 60 + p, 0);
	return over === 'true' ? -seconds : seconds;
}

async function orgCommand(command: Record<string, unknown>) {
	const res = await org.context().request.post(`${app.url}/api/v1/meetings/${meetingId}/commands?as=organiser`, { data: command });
	const body = await res.json();
	expect(body.ok, JSON.stringify(body)).toBe(true);
	return body;
}

const titles = () => org.getByTestId('programme-title').allTextContents();

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
	const orgCtx = await context();
	org = await orgCtx.newPage();
	org.on('dialog', (d) => void d.accept());
	const now = Date.now() - 60_000;
	const { date, time } = isoToZoned(now, TZ);
	const created = await orgCtx.request.post(`${app.url}/api/v1/meetings`, {
		data: { title: '北海道 生活困窮者支援 情報交換会', startsAt: zonedToIso(date, time, TZ), endsAt: new Date(now + 100 * 60_000).toISOString().replace('Z', '+00:00'), timezone: TZ }
	});
	meetingId = (await created.json()).id;
	await org.goto(`${app.url}/m/${meetingId}/console`);
	await org.getByRole('tab', { name: '進行' }).click();
});

afterAll(async () => {
	for (const ctx of contexts) await ctx.close().catch(() => undefined);
	await closeAppAndBrowser(app, browser);
});

describe('timed agenda', () => {
	it('organiser builds the programme, reorders it with the keyboard only and by drag; planned times recompute', async () => {
		const form = org.getByTestId('item-form').last();
		const add = async (title: string, minutes: number, kind: string) => {
			await form.getByLabel('議題名').fill(title);
			await form.getByLabel('時間（分）').fill(String(minutes));
			await form.getByLabel('種類').selectOption({ label: kind });
			await form.getByRole('button', { name: '議題を追加' }).press('Enter');
			await expect.poll(titles).toContain(title);
		};
		await add('全体共有と質疑応答', 10, '全体会');
		await add('開会・趣旨説明', 1, '全体会');
		await add('グループ討議', 1, 'グループ討議');
		expect(await titles()).toEqual(['全体共有と質疑応答', '開会・趣旨説明', 'グループ討議']);

		// Alt+↑ twice on the handle of the last item, focus stays on it and the move is announced.
		await org.getByRole('button', { name: '「グループ討議」の並べ替え（Alt＋↑／↓で移動）' }).focus();
		await org.keyboard.press('Alt+ArrowUp');
		await expect.poll(titles).toEqual(['全体共有と質疑応答', 'グループ討議', '開会・趣旨説明']);
		await expect.poll(() => org.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('グループ討議');
		await org.keyboard.press('Alt+ArrowUp');
		await expect.poll(titles).toEqual(['グループ討議', '全体共有と質疑応答', '開会・趣旨説明']);
		await expect.poll(() => org.getByText('「グループ討議」を1番目に移動しました').count()).toBe(1);

		// The ▲ / ▼ buttons, pressed from the keyboard.
		await org.getByRole('button', { name: '「開会・趣旨説明」を上へ移動' }).press('Enter');
		await expect.poll(titles).toEqual(['グループ討議', '開会・趣旨説明', '全体共有と質疑応答']);
		await org.getByRole('button', { name: '「開会・趣旨説明」を上へ移動' }).press('Space');
		await expect.poll(titles).toEqual(['開会・趣旨説明', 'グループ討議', '全体共有と質疑応答']);

		// And by dragging with the mouse, there and back.
		const rows = org.getByTestId('programme-row');
		await rows.nth(0).dragTo(rows.nth(2));
		await expect.poll(titles).toEqual(['グループ討議', '全体共有と質疑応答', '開会・趣旨説明']);
		await rows.nth(2).dragTo(rows.nth(0));
		await expect.poll(titles).toEqual(['開会・趣旨説明', 'グループ討議', '全体共有と質疑応答']);

		// Planned times follow: 1 + 1 + 10 minutes from the meeting's start.
		const view = await (await org.context().request.get(`${app.url}/api/v1/meetings/${meetingId}?as=organiser`)).json();
		const start = Date.parse(view.state.meeting.startsAt);
		const hhmm = (t: number) => isoToZoned(t, TZ).time;
		expect(await rows.nth(1).textContent()).toContain(`${hhmm(start + 60_000)}〜${hhmm(start + 120_000)}`);
		expect(await rows.nth(2).textContent()).toContain(`${hhmm(start + 120_000)}〜${hhmm(start + 720_000)}`);
		expect(await a11yViolations(org)).toEqual([]);
	});

	it('two participants with clocks 5 minutes fast and slow show the same remaining time as the organiser', async () => {
		await orgCommand({ type: 'room.add', name: 'ルーム1', purpose: '厚労省・受託の自立相談支援機関・北海道' });
		const view = await (await org.context().request.get(`${app.url}/api/v1/meetings/${meetingId}?as=organiser`)).json();
		const participantLink = Object.values(view.state.links as Record<string, { id: string; role: string }>).find((l) => l.role === 'participant')!;
		const url = view.linkUrls[participantLink.id];
		const roomId = Object.keys(view.state.rooms)[0];
		const a = await skewedParticipant(url, '江別 花子', +SKEW);
		const b = await skewedParticipant(url, '千歳 次郎', -SKEW);
		fast = a.page;
		slow = b.page;
		await orgCommand({ type: 'member.assign', memberId: a.memberId, roomId });
		// Their laptops really are 10 minutes apart.
		const [fastNow, slowNow] = await Promise.all([fast.evaluate(() => Date.now()), slow.evaluate(() => Date.now())]);
		expect(fastNow - slowNow).toBeGreaterThan(9 * 60_000);

		await org.getByRole('button', { name: '最初の議題から開始' }).click();
		for (const p of [org, fast, slow]) await expect.poll(() => p.getByTestId('current-title').first().textContent()).toBe('開会・趣旨説明');
		await expect.poll(() => fast.getByTestId('countdown-digits').count()).toBe(1);
		await expect.poll(() => slow.getByTestId('countdown-digits').count()).toBe(1);
		for (let i = 0; i < 3; i++) {
			const [o, f, s] = await Promise.all([shownSeconds(org), shownSeconds(fast), shownSeconds(slow)]);
			expect(Math.abs(f - s), `fast ${f} slow ${s}`).toBeLessThanOrEqual(1);
			expect(Math.abs(f - o), `fast ${f} organiser ${o}`).toBeLessThanOrEqual(1);
			// Without the server offset one would show 06:00 and the other 5 minutes over time.
			expect(f).toBeGreaterThan(0);
			expect(f).toBeLessThanOrEqual(60);
			await fast.waitForTimeout(700);
		}
		expect(await a11yViolations(fast)).toEqual([]);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(fast, 'agenda-participant-running');
		await screenshotBoth(org, 'agenda-run-view');
	});

	it('a message to everyone pops up on both screens and is dismissed from the keyboard', async () => {
		const form = org.getByTestId('broadcast-form');
		await form.getByRole('button', { name: '残り5分です' }).click();
		await form.getByRole('button', { name: '送信' }).click();
		for (const p of [fast, slow]) await expect.poll(() => p.getByTestId('broadcast').textContent()).toContain('残り5分です');
		expect(await a11yViolations(slow)).toEqual([]);
		const close = slow.getByTestId('broadcast').getByRole('button', { name: '閉じる' });
		await close.focus();
		await slow.keyboard.press('Enter');
		await expect.poll(() => slow.getByTestId('broadcast').count()).toBe(0);
		expect(await fast.getByTestId('broadcast').count()).toBe(1);
		await fast.getByTestId('broadcast').getByRole('button', { name: '閉じる' }).press('Escape');
		await expect.poll(() => fast.getByTestId('broadcast').count()).toBe(0);
	});

	it('the overrun appears in red on every screen, counting up together, and the forecast moves', async () => {
		for (const p of [org, fast, slow])
			await expect.poll(() => p.getByTestId('countdown').first().getAttribute('data-over'), { timeout: 90_000, interval: 500 }).toBe('true');
		await fast.waitForTimeout(1500);
		const [o, f, s] = await Promise.all([shownSeconds(org), shownSeconds(fast), shownSeconds(slow)]);
		expect(f).toBeLessThan(0);
		expect(Math.abs(f - s)).toBeLessThanOrEqual(1);
		expect(Math.abs(f - o)).toBeLessThanOrEqual(1);
		const color = await slow.getByTestId('countdown-digits').evaluate((el) => getComputedStyle(el).color);
		expect(color).toBe('rgb(164, 22, 26)');
		await expect.poll(() => org.getByTestId('forecast').textContent()).toMatch(/このペースだと\d\d:\d\d終了見込み/);
		await screenshotBoth(slow, 'agenda-participant-overrun');
	}, 150_000);

	it('the breakout shows each member where to go, and its end calls everyone back to the plenary', async () => {
		await org.getByRole('button', { name: '次の議題へ' }).click();
		await expect.poll(() => fast.getByTestId('breakout-where').textContent()).toContain('あなたのルーム：ルーム1');
		await expect.poll(() => fast.getByTestId('broadcast').textContent()).toContain('ルーム1へ移動してください');
		expect(await fast.getByRole('link', { name: 'ルーム1の記録ボードを開く' }).getAttribute('href')).toMatch(/\/rooms\//);
		await expect.poll(() => slow.getByTestId('breakout-where').textContent()).toContain('ルームは未割当');
		expect(await a11yViolations(fast)).toEqual([]);
		await screenshotBoth(fast, 'agenda-participant-breakout');

		await org.getByRole('button', { name: '次の議題へ' }).click();
		for (const p of [fast, slow]) {
			await expect.poll(() => p.getByTestId('broadcast').first().textContent()).toContain('全体会に戻ってください');
			await expect.poll(() => p.getByTestId('breakout-where').count()).toBe(0);
		}
	});

	it('pause freezes every countdown, resume and a 5-minute extension show on every screen', async () => {
		await expect.poll(() => slow.getByTestId('current-title').textContent()).toBe('全体共有と質疑応答');
		await org.getByRole('button', { name: '一時停止' }).click();
		await expect.poll(() => slow.getByTestId('countdown').textContent()).toContain('一時停止中');
		const frozen = await shownSeconds(slow);
		await slow.waitForTimeout(2100);
		expect(await shownSeconds(slow)).toBe(frozen);
		expect(Math.abs((await shownSeconds(fast)) - frozen)).toBeLessThanOrEqual(1);
		await org.getByRole('button', { name: '再開' }).click();
		await expect.poll(() => slow.getByTestId('countdown').textContent()).not.toContain('一時停止中');
		await org.getByRole('button', { name: '5分延長' }).click();
		await expect.poll(() => shownSeconds(fast)).toBeGreaterThan(14 * 60);
		await expect.poll(() => fast.getByTestId('agenda-clock').textContent()).toContain('延長 +5分');
		const [f, s] = await Promise.all([shownSeconds(fast), shownSeconds(slow)]);
		expect(Math.abs(f - s)).toBeLessThanOrEqual(1);
	});

	it('finishing closes the meeting everywhere; actual times stay on the programme', async () => {
		await org.getByRole('button', { name: '会議を終了' }).click();
		for (const p of [fast, slow]) await expect.poll(() => p.getByTestId('agenda-clock').getAttribute('data-status')).toBe('finished');
		await expect.poll(() => org.getByText('会議は終了しました。').count()).toBe(1);
		expect(await org.getByRole('button', { name: '最初の議題から開始' }).count()).toBe(0);
		const rows = await fast.getByTestId('agenda-row').allTextContents();
		expect(rows.every((r) => r.includes('実績'))).toBe(true);
		await screenshotBoth(org, 'agenda-run-finished');
	});
});
