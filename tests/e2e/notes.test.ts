/**
 * Room boards in real Chromium: two people edit one board live; Japanese IME composition (driven
 * through the DevTools protocol) survives another person typing on the same line, including a
 * remote edit inside the composing line before the composition; offline edits merge on reconnect;
 * markup shows as text; a 5 MB paste is refused visibly; readers read and comment; screenshots.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { a11yViolations, newUser, screenshotBoth } from '../helpers/browser.js';
import { boardReady, compose, demoSuite, editorText, insertAt, joinByLink, setCursor, yText } from './notes-helpers.js';

const suite = demoSuite();

/** The keys of the boards' unconfirmed-change journals in this page's localStorage. */
function journalKeys(page: Page): Promise<string[]> {
	return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yoriai-unconfirmed:')));
}

/** Desktop and phone screenshots from the top of the page (the mark menu sticks to the top when scrolled). */
async function shoot(page: Page, name: string) {
	await page.evaluate(() => window.scrollTo(0, 0));
	await screenshotBoth(page, name);
}

describe('editing together', () => {
	it('the facilitator and the organiser edit one board; both see the same text, with chips and presence', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 0), '鈴木 大輔');
		await boardReady(fac.page);
		const org = suite.demo.page;
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[0]}`);
		await boardReady(org);
		expect(await editorText(org)).toContain('■住居を失った方への対応');

		await fac.page.locator('.cm-content').click();
		await fac.page.keyboard.press('Control+End');
		await fac.page.keyboard.type('\n■次回のテーマ\n● 要望：緊急時の給付金のあり方を取り上げてほしい');
		await expect.poll(() => editorText(org), { timeout: 15_000 }).toContain('緊急時の給付金のあり方を取り上げてほしい');
		await org.locator('.cm-content').click();
		await org.keyboard.press('Control+End');
		await org.keyboard.type('\n● 次回日程は7月中旬で調整');
		await expect.poll(() => editorText(fac.page), { timeout: 15_000 }).toContain('次回日程は7月中旬で調整');
		expect(await editorText(fac.page)).toBe(await editorText(org));

		// The kind prefix is drawn as a chip; each side sees the other in the presence list.
		await expect.poll(() => fac.page.locator('.cm-note-kind-request').count()).toBeGreaterThan(0);
		await expect.poll(() => org.getByTestId('presence').textContent(), { timeout: 15_000 }).toContain('鈴木 大輔');

		// The menu marks the facilitator's current line shared (their cursor stayed on their own line
		// while the organiser typed below): a ★ is written into the text for everyone.
		await fac.page.getByRole('button', { name: '全体共有する' }).click();
		await expect.poll(() => editorText(org), { timeout: 15_000 }).toContain('★● 要望：緊急時の給付金のあり方');
		await expect.poll(() => fac.page.getByTestId('shared-preview').textContent()).toContain('緊急時の給付金のあり方');
		expect(await fac.page.getByRole('button', { name: '全体共有する' }).getAttribute('aria-pressed')).toBe('true');
		// And the kind menu changes the prefix only.
		await fac.page.getByRole('button', { name: '課題' }).click();
		await expect.poll(() => editorText(org), { timeout: 15_000 }).toContain('★● 課題：緊急時の給付金のあり方');
		expect(await a11yViolations(fac.page)).toEqual([]);
		await shoot(fac.page, 'notes-board-facilitator');
		await fac.ctx.close();
	});

	it('HTML and script typed into the board show as text and never run', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 1), '土屋 里奈');
		await boardReady(fac.page);
		const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>太字</b>';
		await fac.page.locator('.cm-content').click();
		await fac.page.keyboard.press('Control+End');
		await fac.page.keyboard.type(`\n★● ${evil}`);
		await expect.poll(() => editorText(fac.page)).toContain(evil);
		await expect.poll(() => fac.page.getByTestId('shared-preview').textContent()).toContain(evil);
		expect(await fac.page.locator('[data-testid="board-editor"] img, [data-testid="shared-preview"] img, [data-testid="board-editor"] b').count()).toBe(0);
		expect(await fac.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		await fac.ctx.close();
	});
});

describe('Japanese input (IME)', () => {
	async function twoOnRoom3(): Promise<{ a: Page; b: Page; close(): Promise<void> }> {
		const ca = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 2), '中島 悠');
		const cb = await newUser(suite.browser);
		const b = await cb.newPage();
		// The organiser's cookie in a second context.
		await cb.addCookies(await suite.demo.ctx.cookies());
		await b.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[2]}?as=organiser`);
		await Promise.all([boardReady(ca.page), boardReady(b)]);
		return { a: ca.page, b, close: async () => Promise.all([ca.ctx.close(), cb.close()]).then(() => undefined) };
	}

	/** Adds a fresh line `text` at the end (by `page`) and answers its start offset once both see it. */
	async function freshLine(page: Page, other: Page, text: string): Promise<number> {
		const before = await editorText(page);
		await insertAt(page, before.length, `\n${text}`);
		await expect.poll(() => editorText(other), { timeout: 15_000 }).toContain(text);
		return before.length + 1;
	}

	it('a composition commits cleanly while another person types on the same line (after it and at its start)', async () => {
		const { a, b, close } = await twoOnRoom3();
		const start = await freshLine(a, b, '● ライン：');
		await setCursor(a, start + '● ライン：'.length);
		await compose(a, ['に', 'にほ', 'にほん', 'にほんご'], '日本語', async () => {
			// b types at the start of the same line while a is converting.
			await insertAt(b, start, '★');
		});
		await expect.poll(() => editorText(a), { timeout: 15_000 }).toContain('★● ライン：日本語');
		await expect.poll(() => editorText(b), { timeout: 15_000 }).toContain('★● ライン：日本語');
		expect(await editorText(a)).toBe(await editorText(b));
		expect(await yText(a)).toBe(await editorText(a));
		expect(await editorText(a)).not.toMatch(/にほ/);
		await close();
	});

	it('the hard case: a remote edit inside the composing line, before the composition', async () => {
		const { a, b, close } = await twoOnRoom3();
		const line = 'line two ';
		const start = await freshLine(a, b, line);
		await setCursor(a, start + line.length);
		await compose(a, ['に', 'にほ', 'にほん'], '日本語', async () => {
			await insertAt(b, start + 2, 'XY');
			// The remote edit reached a's Y.Text while the composition was still open.
			await expect.poll(() => yText(a), { timeout: 15_000 }).toContain('liXYne two');
		});
		await expect.poll(() => editorText(a), { timeout: 15_000 }).toContain('liXYne two 日本語');
		await expect.poll(() => editorText(b), { timeout: 15_000 }).toContain('liXYne two 日本語');
		expect(await editorText(a)).toBe(await editorText(b));
		expect(await editorText(a)).not.toContain('にほん');
		// Typing continues normally after the composition.
		await a.keyboard.type('です');
		await expect.poll(() => editorText(b), { timeout: 15_000 }).toContain('liXYne two 日本語です');
		await close();
	});

	it('half-converted kana is not sent to others as text', async () => {
		const { a, b, close } = await twoOnRoom3();
		const start = await freshLine(a, b, '● 途中：');
		await setCursor(a, start + '● 途中：'.length);
		const cdp = await a.context().newCDPSession(a);
		await cdp.send('Input.imeSetComposition', { text: 'しえん', selectionStart: 3, selectionEnd: 3 });
		await expect.poll(() => editorText(a)).toContain('● 途中：しえん');
		// b keeps typing elsewhere; a's kana never appears at b while it is being converted.
		await insertAt(b, 0, '◆');
		await expect.poll(() => yText(a), { timeout: 15_000 }).toMatch(/^◆/);
		expect(await editorText(b)).not.toContain('しえん');
		await cdp.send('Input.insertText', { text: '支援' });
		await cdp.detach();
		await expect.poll(() => editorText(b), { timeout: 15_000 }).toContain('● 途中：支援');
		expect(await editorText(a)).toBe(await editorText(b));
		await close();
	});
});

describe('a dropped connection', () => {
	it('edits made offline are kept, shown as kept, and merge with others’ edits when the link is back', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 1), '土屋 里奈');
		const org = suite.demo.page;
		await org.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[1]}`);
		await Promise.all([boardReady(fac.page), boardReady(org)]);

		await fac.ctx.setOffline(true);
		await expect.poll(() => fac.page.getByTestId('board-status').textContent(), { timeout: 15_000 }).toBe('オフラインです。入力内容は保存されています');
		await fac.page.locator('.cm-content').click();
		await fac.page.keyboard.press('Control+End');
		await fac.page.keyboard.type('\n● オフライン中に入力した行');
		await insertAt(org, 0, '■冒頭に追加した見出し\n');
		await expect.poll(() => editorText(fac.page)).toContain('オフライン中に入力した行');
		expect(await editorText(org)).not.toContain('オフライン中に入力した行');
		expect(await editorText(fac.page)).not.toContain('冒頭に追加した見出し');
		await shoot(fac.page, 'notes-board-offline');

		await fac.ctx.setOffline(false);
		await expect.poll(() => editorText(org), { timeout: 20_000 }).toContain('オフライン中に入力した行');
		await expect.poll(() => editorText(fac.page), { timeout: 20_000 }).toContain('冒頭に追加した見出し');
		expect(await editorText(fac.page)).toBe(await editorText(org));
		await expect.poll(() => fac.page.getByTestId('board-status').count()).toBe(0);
		await fac.ctx.close();
	});

	it('an offline edit survives closing the tab before the link came back', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 1), '土屋 里奈');
		const url = fac.page.url();
		await boardReady(fac.page);
		await fac.ctx.setOffline(true);
		await expect.poll(() => fac.page.getByTestId('board-status').count(), { timeout: 15_000 }).toBe(1);
		await fac.page.locator('.cm-content').click();
		await fac.page.keyboard.press('Control+End');
		// A slow device, and the tab closed the moment the line is in the editor: IndexedDB has not
		// committed the last keystrokes yet (a CI run lost 「た行」 this way), the journal has them.
		const cdp = await fac.ctx.newCDPSession(fac.page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
		await fac.page.keyboard.type('\n● 閉じる前に入力した行');
		expect(await editorText(fac.page)).toContain('閉じる前に入力した行');
		await fac.page.close();
		await fac.ctx.setOffline(false);
		const again = await fac.ctx.newPage();
		await again.goto(url);
		await boardReady(again);
		await expect.poll(() => editorText(suite.demo.page), { timeout: 20_000 }).toContain('閉じる前に入力した行');
		// Once IndexedDB holds it, the journal is emptied: no second copy stays on the device.
		await expect.poll(() => journalKeys(again)).toEqual([]);
		await fac.ctx.close();
	});
});

describe('bad input', () => {
	it('a 5 MB paste is refused with a visible message and the board keeps working', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 0), '鈴木 大輔');
		await suite.demo.page.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[0]}`);
		await Promise.all([boardReady(fac.page), boardReady(suite.demo.page)]);
		const before = await editorText(fac.page);
		await fac.page.locator('.cm-content').click();
		await fac.page.keyboard.press('Control+End');
		await fac.page.locator('.cm-content').evaluate((el) => {
			const data = new DataTransfer();
			data.setData('text/plain', '貼'.repeat(5 * 1024 * 1024 / 3) + '\n' + 'x'.repeat(1024));
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
		});
		await expect.poll(() => fac.page.getByTestId('board-refusal').textContent()).toContain('貼り付けた内容が大きすぎるため入力できませんでした');
		expect(await editorText(fac.page)).toBe(before);
		// Still responsive and still connected: the next keystrokes reach the others.
		await fac.page.keyboard.type('\n● 貼り付けの後も入力できる');
		await expect.poll(() => editorText(suite.demo.page), { timeout: 15_000 }).toContain('貼り付けの後も入力できる');
		expect(await fac.page.getByTestId('board-conn').textContent()).toBe('オンライン');
		await fac.ctx.close();
	});

	it('a change too large for the server (written past the editor) closes with 1009 and the page says so', async () => {
		const fac = await joinByLink(suite.browser, suite.demo.linkUrl('facilitator', 2), '中島 悠');
		await boardReady(fac.page);
		// The editor refuses such a paste itself; write into the Y.Text directly, as a buggy tool might.
		await fac.page.locator('[data-testid="board-editor"]').evaluate((el) => {
			(el as HTMLElement & { __board: { ytext: { insert(i: number, s: string): void } } }).__board.ytext.insert(0, 'あ'.repeat(400_000));
		});
		await expect.poll(() => fac.page.getByTestId('board-too-large').textContent(), { timeout: 20_000 }).toContain('接続を止めました');
		// Nobody else got it, and the server's board is intact.
		const res = await suite.demo.page.request.get(`${suite.app.url}/api/v1/meetings/${suite.demo.id}/rooms/${suite.demo.rooms[2]}/notes`);
		expect(((await res.json()) as { text: string }).text).not.toContain('ああああ');
		expect(await fac.page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
		await fac.ctx.close();
	});
});

describe('readers', () => {
	it('a participant of the room opens the board from home, reads it live and adds a comment', async () => {
		const p = await joinByLink(suite.browser, suite.demo.linkUrl('participant'), '江別 花子', { phone: true });
		const view = (await (await p.page.request.get(`${suite.app.url}/api/v1/meetings/${suite.demo.id}?as=participant`)).json()) as { me: { memberId: string } };
		const assign = await suite.demo.page.request.post(`${suite.app.url}/api/v1/meetings/${suite.demo.id}/commands`, {
			data: { type: 'member.assign', memberId: view.me.memberId, roomId: suite.demo.rooms[0] }
		});
		expect(assign.status()).toBe(200);
		await expect.poll(() => p.page.getByTestId('room-board-link').count(), { timeout: 15_000 }).toBe(1);
		expect(await p.page.getByTestId('room-board-link').textContent()).toContain('コメントも追加できます');
		await shoot(p.page, 'notes-home-link');
		await p.page.getByRole('link', { name: /記録ボードを開く/ }).click();
		await boardReady(p.page);
		expect(await p.page.getByTestId('board-access').textContent()).toBe('閲覧のみ（最後にコメントを追加できます）');
		expect(await p.page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
		expect(await p.page.getByTestId('mark-toolbar').count()).toBe(0);

		// Live: what the organiser types appears for the reader.
		await suite.demo.page.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[0]}`);
		await boardReady(suite.demo.page);
		await insertAt(suite.demo.page, 0, '■読み手にも届く見出し\n');
		await expect.poll(() => editorText(p.page), { timeout: 15_000 }).toContain('読み手にも届く見出し');

		await p.page.getByLabel('コメント', { exact: true }).fill('当市でもスマートフォンを持たない方への支援が課題です');
		await p.page.getByRole('button', { name: 'コメントを追加' }).click();
		await expect.poll(() => p.page.getByText('コメントを追加しました。').count()).toBe(1);
		await expect.poll(() => editorText(suite.demo.page), { timeout: 15_000 }).toContain('コメント（江別 花子）：当市でもスマートフォンを持たない方への支援が課題です');
		await expect.poll(() => editorText(p.page), { timeout: 15_000 }).toContain('コメント（江別 花子）');
		expect(await a11yViolations(p.page)).toEqual([]);
		await shoot(p.page, 'notes-board-reader');
		// A reader's device keeps no copy of the notes (they may hold personal information).
		const localCopies = () => p.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('yoriai:')));
		expect(await localCopies()).toEqual([]);
		expect(await journalKeys(p.page)).toEqual([]);

		// The organiser lets members edit: the reader's board becomes editable at once, and their typing reaches others.
		await suite.demo.page.getByLabel('参加者も編集できるようにする').check();
		await expect.poll(() => p.page.locator('.cm-content').getAttribute('contenteditable'), { timeout: 15_000 }).toBe('true');
		expect(await p.page.getByTestId('board-access').textContent()).toBe('編集できます');
		await p.page.locator('.cm-content').click();
		await p.page.keyboard.press('Control+End');
		await p.page.keyboard.type('\n● 参加者からの追記');
		await expect.poll(() => editorText(suite.demo.page), { timeout: 15_000 }).toContain('参加者からの追記');
		expect(await localCopies()).toEqual([`yoriai:${suite.demo.id}/room/${suite.demo.rooms[0]}`]);
		await suite.demo.page.getByLabel('参加者も編集できるようにする').uncheck();
		await expect.poll(() => p.page.locator('.cm-content').getAttribute('contenteditable'), { timeout: 15_000 }).toBe('false');
		await p.ctx.close();
	});

	it('the display cannot open a board', async () => {
		const ctx = await newUser(suite.browser);
		const page = await ctx.newPage();
		await page.goto(suite.demo.linkUrl('display'));
		await page.goto(`${suite.app.url}/m/${suite.demo.id}/rooms/${suite.demo.rooms[0]}?as=display`);
		await expect.poll(() => page.getByText('このルームの記録ボードを開く権限がありません。').count(), { timeout: 15_000 }).toBe(1);
		expect(await page.locator('[data-testid="board-editor"]').count()).toBe(0);
		await ctx.close();
	});
});
