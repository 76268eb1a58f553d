/**
 * The question queue in real Chromium: a participant types a question through an IME (Enter during
 * conversion never sends it), sees "似た質問があります", sends it; another participant upvotes it; the
 * ministry marks it 回答中 then answers it, and both participants see each step live. Organisers
 * moderate (approve-first, merge) and carry open questions over. axe checks and screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, joinAs, newUser, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';

let app: App;
let browser: Browser;

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser());
});

afterAll(() => closeAppAndBrowser(app, browser));

/** A demo meeting with its organiser token and the participant and ministry link URLs. */
async function demoMeeting() {
	const res = await fetch(`${app.url}/api/v1/meetings/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	const created = (await res.json()) as { id: string; organiserToken: string };
	const view = await (await fetch(`${app.url}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json();
	const links = Object.values(view.state.links as Record<string, { id: string; role: string; revoked: boolean }>);
	const urlOf = (role: string) => view.linkUrls[links.find((l) => l.role === role && !l.revoked)!.id] as string;
	return { ...created, participant: urlOf('participant'), ministry: urlOf('ministry'), organiser: `${app.url}/j/${created.organiserToken}` };
}

async function join(page: Page, url: string, name: string, organisation: string) {
	await page.goto(url);
	await joinAs(page, name, organisation);
	await expect.poll(() => page.getByTestId('me').count(), { timeout: 15_000 }).toBe(1);
}

/** Types `kana` steps through the IME, then commits `text` — what a Japanese IME does. */
async function imeType(page: Page, steps: string[], text: string, enterWhileComposing = false) {
	const cdp = await page.context().newCDPSession(page);
	for (const s of steps) await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
	if (enterWhileComposing) {
		// A real IME's Enter confirms the conversion: keyCode 229, consumed by the IME.
		await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
		await cdp.send('Input.insertText', { text });
		await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
	} else await cdp.send('Input.insertText', { text });
	await cdp.detach();
}

/** At phone width nothing may stick out sideways (a page that scrolls sideways hides controls). */
async function fitsPhone(page: Page): Promise<number> {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(100);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	if (size) await page.setViewportSize(size);
	return overflow;
}

const card = (page: Page, text: string) => page.getByTestId('question').filter({ has: page.getByTestId('question-text').filter({ hasText: text }) });

describe('question queue live', () => {
	it('ask with an IME, upvote, ministry answers: both participants see it live', async () => {
		const meeting = await demoMeeting();
		const aCtx = await newUser(browser);
		const a = await aCtx.newPage();
		await join(a, meeting.participant, '江別 花子', '江別市社会福祉協議会');
		await expect.poll(() => a.getByTestId('questions-panel').getByTestId('question').count()).toBe(6);
		await expect.poll(() => a.getByText('事前', { exact: true }).count()).toBeGreaterThan(0);

		// IME: composing, then Enter to confirm the conversion — must not send anything.
		const box = a.getByTestId('ask-text');
		await box.click();
		await imeType(a, ['す', 'すま', 'すまほ'], 'スマホ', true);
		await imeType(a, ['を', 'をも', 'をもた', 'をもたない'], 'を持たない相談者へのオンライン相談はどうしていますか', true);
		await expect.poll(() => box.inputValue()).toBe('スマホを持たない相談者へのオンライン相談はどうしていますか');
		await a.waitForTimeout(300);
		expect(await a.getByTestId('ask-notice').textContent()).toBe('');

		// Similar to a pre-meeting question: offered with a one-click upvote.
		await expect.poll(() => a.getByTestId('similar').count()).toBe(1);
		expect(await a.getByTestId('similar').textContent()).toContain('似た質問があります');
		await screenshotBoth(a, 'questions-participant-similar');

		// A different question: the suggestion goes away; a plain Enter sends it.
		await box.fill('');
		await box.click();
		await imeType(a, ['そ', 'そう', 'そうだ', 'そうだん'], '相談員の感染リスクに配慮した面談の工夫はありますか');
		await expect.poll(() => a.getByTestId('similar').count()).toBe(0);
		await box.press('Enter');
		await expect.poll(() => a.getByTestId('ask-notice').textContent()).toBe('質問を送りました。');
		const asked = '相談員の感染リスクに配慮した面談の工夫はありますか';
		await expect.poll(() => card(a, asked).getByTestId('mine').count()).toBe(1);
		expect(await box.inputValue()).toBe('');

		// Another participant, on a phone, sees it live and upvotes.
		const bCtx = await newUser(browser, { phone: true });
		const b = await bCtx.newPage();
		await join(b, meeting.participant, '室蘭 太郎', '室蘭市 自立相談支援機関');
		await expect.poll(() => card(b, asked).count()).toBe(1);
		expect(await card(b, asked).getByTestId('mine').count()).toBe(0);
		await card(b, asked).getByTestId('vote').click();
		await expect.poll(() => card(b, asked).getByTestId('votes').textContent()).toBe('1');
		await expect.poll(() => card(a, asked).getByTestId('votes').textContent()).toBe('1');
		expect(await card(b, asked).getByTestId('vote').getAttribute('aria-pressed')).toBe('true');

		// The author fixes their own question; others cannot edit it.
		expect(await card(b, asked).getByTestId('edit').count()).toBe(0);
		await card(a, asked).getByTestId('edit').click();
		await card(a, asked).getByTestId('edit-text').fill(`${asked}。`);
		await card(a, asked).getByTestId('edit-text').press('Enter');
		await expect.poll(() => card(b, asked).getByTestId('question-text').textContent()).toMatch(new RegExp(`${asked}。\\s*（修正済み）`));

		// The ministry respondent marks it 回答中, then answers in writing.
		const mCtx = await newUser(browser);
		const m = await mCtx.newPage();
		await join(m, meeting.ministry, '青木 誠', '厚生労働省');
		await expect.poll(() => card(m, asked).count()).toBe(1);
		await card(m, asked).getByTestId('mark-answering').click();
		for (const p of [a, b]) {
			await expect.poll(() => card(p, asked).getByTestId('status').textContent()).toBe('回答中');
			await expect.poll(() => p.getByTestId('answering-now').textContent()).toContain(asked);
		}
		await screenshotBoth(m, 'questions-ministry');
		expect(await fitsPhone(m)).toBe(0);
		expect(await a11yViolations(m)).toEqual([]);
		await card(m, asked).getByTestId('open-answer').click();
		await card(m, asked).getByTestId('answer-text').fill('窓口の換気や仕切りの例を、後日まとめて共有します。');
		await card(m, asked).getByTestId('answer-submit').click();
		for (const p of [a, b]) {
			await expect.poll(() => card(p, asked).getByTestId('status').textContent()).toBe('回答済み');
			await expect.poll(() => card(p, asked).getByTestId('answer').textContent()).toContain('換気や仕切り');
			await expect.poll(() => p.getByTestId('answering-now').count()).toBe(0);
		}
		expect(await a11yViolations(a)).toEqual([]);
		expect(await a11yViolations(b)).toEqual([]);
		await screenshotBoth(a, 'questions-participant');

		// The ministry's question to the field: a participant replies, the ministry sees it attached.
		await b.getByTestId('direction-from_ministry').click();
		const fromMinistry = card(b, 'LINEボット');
		await expect.poll(() => fromMinistry.getByTestId('reply').count()).toBe(1);
		await fromMinistry.getByLabel('この質問に回答する').fill('チャットでの相談は夜間に多く、初回面談につながった例があります。');
		await fromMinistry.getByLabel('この質問に回答する').press('Enter');
		await m.getByTestId('direction-from_ministry').click();
		await expect.poll(() => card(m, 'LINEボット').getByTestId('reply').count()).toBe(2);
		expect(await card(m, 'LINEボット').textContent()).toContain('室蘭 太郎');
		expect(await a11yViolations(b)).toEqual([]);
		await screenshotBoth(b, 'questions-participant-from-ministry');
		expect(await fitsPhone(a)).toBe(0);
		await Promise.all([aCtx.close(), bCtx.close(), mCtx.close()]);
	});

	it('takes questions sent before the meeting starts as pre-meeting questions (事前)', async () => {
		const startsAt = new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.\d+Z$/, 'Z');
		const res = await fetch(`${app.url}/api/v1/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '来週の情報交換会', startsAt }) });
		const created = (await res.json()) as { id: string; organiserToken: string };
		const view = await (await fetch(`${app.url}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json();
		const link = Object.values(view.state.links as Record<string, { id: string; role: string }>).find((l) => l.role === 'participant')!;
		const ctx = await newUser(browser);
		const p = await ctx.newPage();
		await join(p, view.linkUrls[link.id], '事前 送信者', '恵庭市社会福祉協議会');
		await expect.poll(() => p.getByTestId('pre-notice').count()).toBe(1);
		await p.getByTestId('ask-text').fill('事前ヒアリングシートのテーマ：住まいを失った方への支援');
		await p.getByTestId('ask-text').press('Enter');
		const q = card(p, '事前ヒアリングシートのテーマ');
		await expect.poll(() => q.count()).toBe(1);
		expect(await q.locator('.chip').allTextContents()).toContain('事前');
		await ctx.close();
	});

	it('says "少し時間をおいてお試しください" when a member sends too many questions', async () => {
		const meeting = await demoMeeting();
		const ctx = await newUser(browser);
		const p = await ctx.newPage();
		await join(p, meeting.participant, '連投 する人', '支援機関');
		const box = p.getByTestId('ask-text');
		for (let i = 0; i < 12; i++) {
			await box.fill(`テスト送信${i}番目の質問です`);
			await box.press('Enter');
			await expect.poll(async () => (await box.inputValue()) === '' || (await p.getByTestId('ask-error').count()) > 0).toBe(true);
			if (await p.getByTestId('ask-error').count()) break;
		}
		await expect.poll(() => p.getByTestId('ask-error').textContent()).toBe('少し時間をおいてお試しください');
		await ctx.close();
	});
});

describe('organiser moderation and carry-over', () => {
	it('approve-first, merge duplicates, and carry open questions to the next meeting', async () => {
		const meeting = await demoMeeting();
		const oCtx = await newUser(browser);
		const o = await oCtx.newPage();
		o.on('dialog', (d) => void d.accept());
		await o.goto(meeting.organiser);
		await o.waitForURL(/\/console$/);
		await o.getByRole('tab', { name: '質問' }).click();
		await o.getByTestId('mode-approve').check();

		const pCtx = await newUser(browser);
		const p = await pCtx.newPage();
		await join(p, meeting.participant, '千歳 一郎', '千歳市');
		const qCtx = await newUser(browser);
		const q = await qCtx.newPage();
		await join(q, meeting.participant, '苫小牧 二郎', '苫小牧市');

		const text = '車の保有要件の緩和について、地方の実情を踏まえた検討状況を教えてください';
		await p.getByTestId('ask-text').fill(text);
		await p.getByTestId('ask-submit').click();
		await expect.poll(() => p.getByTestId('ask-notice').textContent()).toContain('承認後');
		await expect.poll(() => card(p, text).textContent()).toContain('承認待ち');
		await expect.poll(() => o.getByTestId('pending').getByTestId('question').count()).toBe(1);
		expect(await card(q, text).count()).toBe(0);
		// The organiser sees who asked; approving shows it to everyone.
		expect(await o.getByTestId('pending').textContent()).toContain('千歳 一郎');
		await screenshotBoth(o, 'questions-console-moderation');
		expect(await fitsPhone(o)).toBe(0);
		expect(await a11yViolations(o)).toEqual([]);
		await o.getByTestId('pending').getByTestId('approve').click();
		await expect.poll(() => card(q, text).count()).toBe(1);

		// Merge it into the demo's question on car ownership: votes combine, the duplicate leaves the queue.
		const target = 'バスや鉄道の少ない地域では';
		const before = Number(await card(q, target).getByTestId('votes').textContent());
		await card(q, text).getByTestId('vote').click();
		await expect.poll(() => card(o, text).getByTestId('votes').textContent()).toBe('1');
		const dup = card(o, text);
		const targetOption = await dup.getByTestId('merge-target').locator('option', { hasText: target.slice(0, 10) }).getAttribute('value');
		await dup.getByTestId('merge-target').selectOption(targetOption!);
		await dup.getByTestId('merge').click();
		await expect.poll(() => card(q, text).count()).toBe(0);
		await expect.poll(() => card(q, target).getByTestId('votes').textContent()).toBe(String(before + 1));
		expect(await card(q, target).getByTestId('vote').getAttribute('aria-pressed')).toBe('true');

		// Carry over: a new meeting with the open questions, tagged 持ち越し.
		await o.getByTestId('carry-submit').click();
		await expect.poll(() => o.getByTestId('next-link').count(), { timeout: 20_000 }).toBe(1);
		const nextLink = (await o.getByTestId('next-link').textContent())!;
		await o.goto(nextLink);
		await o.waitForURL(/\/console$/);
		await expect.poll(() => o.locator('h1').textContent()).toContain('（次回）');
		await o.getByRole('tab', { name: '質問' }).click();
		await expect.poll(() => o.getByText('持ち越し', { exact: true }).count()).toBeGreaterThan(5);
		await screenshotBoth(o, 'questions-console-carried');
		await Promise.all([oCtx.close(), pCtx.close(), qCtx.close()]);
	});
});
