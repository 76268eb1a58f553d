/**
 * The roster in a real browser, on the demo meeting's 27 registered people: a personal invitation
 * lands as its person with no name form; a participant picks their name from the roster through the
 * shared link and it is gone from the list for the next person; the organiser undoes a claim and
 * that person's page stops at once while the name is offered again.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import iconv from 'iconv-lite';
import { a11yViolations, screenshotBoth } from '../helpers/browser.js';
import { browserSuite } from './notes-helpers.js';

const suite = browserSuite();
/** A new person's page. */
const person = () => suite.person();

/** The organiser's console of a new demo meeting. */
async function demoConsole(): Promise<Page> {
	const page = await person();
	await page.goto(suite.app.url);
	await page.getByRole('button', { name: 'デモ会議を作成' }).click();
	await page.waitForURL(/\/console$/);
	await expect.poll(() => page.getByTestId('member-row').count()).toBe(27);
	return page;
}

/** The status cell of one roster row. */
const statusOf = (org: Page, name: string) => org.getByTestId('member-row').filter({ hasText: name }).getByTestId('member-status');

describe('roster', () => {
	it('a pre-registered person opens their personal link and lands as themselves', async () => {
		const org = await demoConsole();
		await org.getByRole('button', { name: '招待リンクを発行: 佐々木 亮' }).click();
		await expect.poll(() => statusOf(org, '佐々木 亮').textContent()).toBe('招待済み');
		await org.getByTestId('invitations-count').click();
		const url = await org.getByRole('textbox', { name: '佐々木 亮さんの招待リンク' }).inputValue();
		expect(url).toMatch(/\/j\//);
		expect(await a11yViolations(org)).toEqual([]);
		await org.getByRole('heading', { name: '個別の招待リンク' }).scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'roster-console');

		const sasaki = await person();
		await sasaki.goto(url);
		await expect.poll(() => sasaki.getByTestId('me').textContent()).toContain('佐々木 亮');
		expect(await sasaki.getByLabel('表示名').count()).toBe(0);
		// Still 27 people: the invitation is the entry, not a copy of it.
		expect(await org.getByTestId('member-row').count()).toBe(27);
	});

	it('a participant claims their entry, it is gone for the next one, and an undo cuts their page', async () => {
		const org = await demoConsole();
		const shared = await org.getByRole('textbox', { name: '参加者', exact: true }).inputValue();

		const first = await person();
		await first.goto(shared);
		const claim = first.getByTestId('roster-claim');
		await claim.getByLabel('氏名または所属で探す').fill('江別');
		await expect.poll(() => claim.getByRole('radio').count()).toBe(1);
		expect(await a11yViolations(first)).toEqual([]);
		await screenshotBoth(first, 'roster-claim');
		await claim.getByRole('radio', { name: /高橋 修/ }).check();
		await claim.getByRole('button', { name: '選んだ名前で参加' }).click();
		await expect.poll(() => first.getByTestId('me').textContent()).toContain('高橋 修');
		await expect.poll(() => statusOf(org, '高橋 修').textContent()).toBe('名簿から参加');
		expect(await org.getByTestId('member-row').count()).toBe(27);

		const next = await person();
		await next.goto(shared);
		const list = next.getByTestId('roster-claim');
		await expect.poll(() => list.getByRole('radio').count()).toBeGreaterThan(5);
		expect(await list.getByRole('radio', { name: /高橋 修/ }).count()).toBe(0);
		// Typing the claimed person's name as someone new is not a way around it either: it makes a
		// new member only because that entry is taken; a free entry's name is sent back to the list.
		await next.getByLabel('表示名').fill('田中 直子');
		await next.getByRole('button', { name: '参加する', exact: true }).click();
		await expect.poll(() => next.getByRole('alert').textContent()).toContain('同じお名前が名簿に登録されています');

		await org.getByRole('button', { name: '名簿からの参加を取り消す: 高橋 修' }).click();
		await expect.poll(() => first.getByText('このリンクは無効になりました').count()).toBeGreaterThan(0);
		await expect.poll(() => list.getByRole('radio', { name: /高橋 修/ }).count()).toBe(1);
		await expect.poll(() => statusOf(org, '高橋 修').textContent()).toBe('未参加');
	});

	it('the organiser edits an entry by keyboard and merges a copy into it; the copy’s page becomes the entry', async () => {
		const org = await demoConsole();
		const shared = await org.getByRole('textbox', { name: '参加者', exact: true }).inputValue();
		const copy = await person();
		await copy.goto(shared);
		await copy.getByLabel('表示名').fill('瀬戸');
		await copy.getByRole('button', { name: '参加する', exact: true }).click();
		await expect.poll(() => copy.getByTestId('me').textContent()).toContain('瀬戸');
		await expect.poll(() => org.getByTestId('member-row').count()).toBe(28);

		const edit = org.getByRole('button', { name: '瀬戸 美咲さんを編集' });
		await edit.focus();
		await org.keyboard.press('Enter');
		const form = org.getByTestId('member-edit');
		await expect.poll(() => org.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('editName');
		await form.getByLabel('部署').fill('相談支援係');
		await form.getByLabel('メールアドレス').fill('seto@example.jp');
		expect(await a11yViolations(org)).toEqual([]);
		await form.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'roster-edit');
		await form.getByRole('button', { name: '保存' }).click();
		await expect.poll(() => org.getByTestId('member-edit').count()).toBe(0);
		// Focus returns to the row's edit button.
		await expect.poll(() => org.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('瀬戸 美咲さんを編集');
		await expect.poll(() => org.getByTestId('member-row').filter({ hasText: '瀬戸 美咲' }).textContent()).toContain('相談支援係');

		await org.getByRole('button', { name: '瀬戸さんを編集' }).click();
		await org.getByTestId('member-edit').getByLabel('同じ人の別の登録に統合').selectOption({ label: '瀬戸 美咲（石狩社会福祉協議会）' });
		await org.getByTestId('member-edit').getByRole('button', { name: '統合する' }).click();
		await expect.poll(() => org.getByTestId('member-row').count()).toBe(27);
		await expect.poll(() => copy.getByTestId('me').textContent()).toContain('瀬戸 美咲');
	});

	it('the organiser imports a Shift_JIS CSV: the preview shows the broken row, which is dropped before applying', async () => {
		const org = await demoConsole();
		const csv = [
			'氏名,所属,区分,部署,役割,ルーム,メールアドレス',
			'岩見 沢子,岩見沢市,自治体,福祉課,参加者,ルーム2,iwami@example.jp',
			'名寄 太郎,名寄市社会福祉協議会,支援機関,,参加者,ルーム9,',
			'稚内 花,稚内市,自治体,,参加者,,'
		].join('\r\n');
		await org.getByLabel('名簿ファイルを選ぶ').setInputFiles({ name: '名簿.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'cp932') });
		const preview = org.getByTestId('import-preview');
		await expect.poll(() => preview.getByTestId('import-row').count()).toBe(3);
		expect(await preview.getByTestId('import-row').nth(1).textContent()).toContain('そのルームはありません');
		const apply = org.getByRole('button', { name: /行を名簿に反映/ });
		expect(await apply.isDisabled()).toBe(true);
		expect(await a11yViolations(org)).toEqual([]);
		await preview.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'roster-import');
		await org.getByRole('checkbox', { name: '3行目を除外' }).check();
		await org.getByRole('button', { name: '2行を名簿に反映' }).click();
		await expect.poll(() => org.getByText('名簿に反映しました（追加 2名・更新 0名）').count()).toBe(1);
		await expect.poll(() => org.getByTestId('member-row').count()).toBe(29);
		expect(await org.getByTestId('member-row').filter({ hasText: '名寄 太郎' }).count()).toBe(0);

		// Zoom: the imported person with a room and an email is in the pre-assignment plan; the demo's people (no emails) are listed.
		const zoom = org.getByTestId('zoom-breakout');
		await expect.poll(() => zoom.getByRole('link', { name: /事前割り当て CSV をダウンロード（1名）/ }).count()).toBe(1);
		await expect.poll(() => zoom.getByTestId('zoom-missing').textContent()).toContain('青木 誠（厚生労働省） — ルーム1');
		const report = ['Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants', '123 4567 8901,情報交換会,,,,110,3', 'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest', '岩見 沢子,iwami@example.jp,,,100,No', '青木 誠,,,,50,No', '青木 誠,,,,45,No', 'iPhone,,,,20,Yes'].join('\r\n');
		await org.getByLabel('参加者レポートの CSV を選ぶ').setInputFiles({ name: 'participants.csv', mimeType: 'text/csv', buffer: Buffer.from(report, 'utf8') });
		await expect.poll(() => org.getByText('名簿と一致：2名（接続 4件）、一致しない人：1名').count()).toBe(1);
		await org.getByLabel(/iPhone/).selectOption({ label: '稚内 花（稚内市）' });
		expect(await a11yViolations(org)).toEqual([]);
		await zoom.scrollIntoViewIfNeeded();
		await screenshotBoth(org, 'roster-zoom');
		await org.getByRole('button', { name: '参加状況を記録する' }).click();
		const attended = org.getByTestId('zoom-attendance');
		await expect.poll(() => attended.locator('[data-category="municipality"]').textContent()).toBe('自治体72');
	});

	it('a participant picks a room and its board opens; the organiser moves them and their page follows', async () => {
		const org = await demoConsole();
		await org.getByRole('radio', { name: '参加者が自分で選ぶ' }).check();
		const shared = await org.getByRole('textbox', { name: '参加者', exact: true }).inputValue();
		const p = await person();
		await p.goto(shared);
		await p.getByLabel('表示名').fill('富良野 一郎');
		await p.getByLabel('所属', { exact: true }).fill('富良野市社会福祉協議会');
		await p.getByRole('button', { name: '参加する', exact: true }).click();
		const choice = p.getByTestId('room-choice');
		await choice.getByLabel('参加するルームを選ぶ').selectOption({ label: 'ルーム2（厚労省（生活困窮者自立支援室）・社協が受託する自立相談支援機関）' });
		expect(await a11yViolations(p)).toEqual([]);
		await screenshotBoth(p, 'roster-room-choice');
		await choice.getByRole('button', { name: 'このルームに入る' }).click();
		await p.waitForURL(/\/rooms\//);
		await expect.poll(() => p.getByTestId('board-title').textContent()).toContain('ルーム2');

		// During the breakout the organiser moves them with the row's room select: their page follows.
		const row = org.getByTestId('member-row').filter({ hasText: '富良野 一郎' });
		await expect.poll(() => row.count()).toBe(1);
		await row.getByLabel('ルーム: 富良野 一郎').selectOption({ label: 'ルーム3' });
		await expect.poll(() => p.getByTestId('board-title').textContent(), { timeout: 15_000 }).toContain('ルーム3');
		await screenshotBoth(p, 'roster-moved');
	});
});
