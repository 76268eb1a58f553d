/**
 * The board outline as facilitators write it: headings (■, 【】, short plain lines), ● / ・ bullets,
 * questions to and from the ministry, requests, share marks, comments.
 */
import { describe, expect, it } from 'vitest';
import { classifyLines, parseOutline, sharedOutline } from '../../src/lib/shared/notes/outline.js';
import { commentLine, kindEdits, parseLine, shareEdits, type LineEdit } from '../../src/lib/shared/notes/line.js';
import { DEMO_ROOM_NOTES } from '../../src/lib/shared/notes/demo-notes.js';

/** Notes as a facilitator of a room like the reference's room 1 might type them live. */
const ROOM1 = `【ルーム1】
住居を失った方への対応
・民間の団体に頼んで宿泊先を確保している。正式に依頼できる仕組みがほしい
・質問：一時生活支援を広域で行うとき、都道府県が主導すべきでしょうか
　・厚労省より：協定を結んでいる自治体の例を参考にしてください
札幌以外の町村では後払いの自己負担で対応している例もあるとのこと。

■オンライン相談 #共有
・就労支援は回数を減らして継続
・課題：通信手段のない相談者への支援
・厚労省から：現場で足りない機材は何か

★オンラインプログラムや環境について
・出張相談をリモートでつなぐ案

■その他
・要望：問い合わせ窓口を一元化してほしい ★
★・要望：支援情報を一か所にまとめたサイトがほしい
・【決定】次回は7月中旬に開催
・Q厚労省: 車の保有条件の緩和は検討されているか
コメント（江別 花子）：当町でも同じ課題があります
`;

describe('parseLine', () => {
	it('reads bullet, kind prefix and share marks in either position', () => {
		const a = parseLine('★● 要望：級地区分を見直してほしい');
		expect(a).toMatchObject({ kind: 'request', shared: true, text: '級地区分を見直してほしい', depth: 0 });
		expect(a.bullet).not.toBeNull();
		expect(parseLine('・★課題：通信手段がない').shared).toBe(true);
		const b = parseLine('・決定：次回は7月中旬 #共有');
		expect(b).toMatchObject({ kind: 'decision', shared: true, text: '次回は7月中旬' });
		expect(parseLine('・決定：次回は７月 ＃共有').shared).toBe(true);
	});

	it('knows every kind by its documented prefixes, with half- or full-width colons and brackets', () => {
		expect(parseLine('質問: 広域実施は').kind).toBe('q_to_ministry');
		expect(parseLine('Q厚労省：広域実施は').kind).toBe('q_to_ministry');
		expect(parseLine('・厚労省へ：広域実施は').kind).toBe('q_to_ministry');
		expect(parseLine('・厚労省から：足りないものは').kind).toBe('q_from_ministry');
		expect(parseLine('・厚労省からの質問：足りないものは').kind).toBe('q_from_ministry');
		expect(parseLine('・要望：窓口の一元化').kind).toBe('request');
		expect(parseLine('・課題：通信手段').kind).toBe('issue');
		expect(parseLine('・情報提供：フードバンクの利用増').kind).toBe('info');
		expect(parseLine('・【決定】次回日程').kind).toBe('decision');
		expect(parseLine('・[要望] 窓口').kind).toBe('request');
		expect(parseLine('- request: one portal').kind).toBe('request');
	});

	it('does not take ordinary sentences for prefixes or bullets', () => {
		expect(parseLine('質問があれば後で').kind).toBeNull();
		expect(parseLine('要望書を提出した').kind).toBeNull();
		expect(parseLine('1.5倍に増えた').bullet).toBeNull();
		expect(parseLine('-5度の朝もある').bullet).toBeNull();
		expect(parseLine('☆は共有の印ではない').shared).toBe(false);
	});

	it('counts depth from spaces, tabs and full-width spaces', () => {
		expect(parseLine('  ・回答').depth).toBe(1);
		expect(parseLine('　・回答').depth).toBe(1);
		expect(parseLine('\t\t・回答').depth).toBe(2);
	});

	it('reads a comment prefix as the author', () => {
		expect(parseLine('コメント（江別 花子）：同じ課題があります')).toMatchObject({ author: '江別 花子', text: '同じ課題があります', kind: null });
		expect(parseLine(commentLine('千歳 次郎', '要望：窓口\nの一元化'))).toMatchObject({ author: '千歳 次郎', kind: 'request', text: '窓口 の一元化' });
	});

	it('keeps markup as plain text', () => {
		expect(parseLine('・<script>alert(1)</script>').text).toBe('<script>alert(1)</script>');
	});
});

describe('parseOutline on a room board', () => {
	const outline = parseOutline(ROOM1);
	const headings = outline.sections.map((s) => s.heading);

	it('finds explicit and implicit headings', () => {
		expect(headings).toEqual(['ルーム1', '住居を失った方への対応', 'オンライン相談', 'オンラインプログラムや環境について', 'その他']);
	});

	it('keeps a sentence-like plain line as an item, not a heading', () => {
		const housing = outline.sections[1];
		expect(housing.items.map((i) => i.text)).toEqual([
			'民間の団体に頼んで宿泊先を確保している。正式に依頼できる仕組みがほしい',
			'一時生活支援を広域で行うとき、都道府県が主導すべきでしょうか',
			'厚労省より：協定を結んでいる自治体の例を参考にしてください',
			'札幌以外の町村では後払いの自己負担で対応している例もあるとのこと。'
		]);
		expect(housing.items.map((i) => i.depth)).toEqual([0, 0, 1, 0]);
		expect(housing.items[1].kind).toBe('q_to_ministry');
		expect(housing.items.every((i) => !i.shared)).toBe(true);
	});

	it('shares a whole section whose heading is marked, and only marked items elsewhere', () => {
		const online = outline.sections[2];
		expect(online.shared).toBe(true);
		expect(online.items.every((i) => i.shared)).toBe(true);
		expect(online.items.map((i) => i.kind)).toEqual([null, 'issue', 'q_from_ministry']);
		expect(outline.sections[3].shared).toBe(true);

		const other = outline.sections[4];
		expect(other.items.map((i) => [i.kind, i.shared])).toEqual([
			['request', false], // a ★ at the end is not a mark: only a leading ★ or a trailing #共有
			['request', true],
			['decision', false],
			['q_to_ministry', false],
			[null, false]
		]);
		expect(other.items[4]).toMatchObject({ author: '江別 花子', text: '当町でも同じ課題があります' });
	});

	it('gives 0-based line numbers of the board text', () => {
		const lines = ROOM1.split('\n');
		for (const s of outline.sections) {
			for (const i of s.items) expect(lines[i.line]).toContain(i.text.slice(0, 6));
		}
		expect(outline.sections[0].line).toBe(0);
	});

	it('sharedOutline keeps only what goes to the plenary', () => {
		const shared = sharedOutline(outline);
		expect(shared.sections.map((s) => s.heading)).toEqual(['オンライン相談', 'オンラインプログラムや環境について', 'その他']);
		expect(shared.sections[2].items.map((i) => i.text)).toEqual(['支援情報を一か所にまとめたサイトがほしい']);
	});

	it('puts items before the first heading into a section without heading, and ignores blank boards', () => {
		expect(parseOutline('・メモ1\n・メモ2').sections).toEqual([
			{
				heading: null,
				shared: false,
				line: 0,
				items: [
					{ text: 'メモ1', kind: null, shared: false, line: 0, author: null, depth: 0 },
					{ text: 'メモ2', kind: null, shared: false, line: 1, author: null, depth: 0 }
				]
			}
		]);
		expect(parseOutline('').sections).toEqual([]);
		expect(parseOutline('\n\n  \n').sections).toEqual([]);
	});

	it('asks authorOf for lines without a comment prefix', () => {
		const o = parseOutline('・メモ\nコメント（A）：x', (line) => (line === 0 ? '鈴木' : 'ignored'));
		expect(o.sections[0].items.map((i) => i.author)).toEqual(['鈴木', 'A']);
	});

	it('reads the demo rooms with questions both ways, requests and shared lines', () => {
		for (const notes of DEMO_ROOM_NOTES) {
			const o = parseOutline(notes);
			expect(o.sections.length).toBeGreaterThanOrEqual(3);
			expect(o.sections.every((s) => s.heading)).toBe(true);
			expect(sharedOutline(o).sections.length).toBeGreaterThan(0);
		}
		const kinds = DEMO_ROOM_NOTES.flatMap((n) => parseOutline(n).sections.flatMap((s) => s.items.map((i) => i.kind)));
		for (const k of ['q_to_ministry', 'q_from_ministry', 'request', 'issue', 'info'] as const) expect(kinds).toContain(k);
	});
});

describe('classifyLines', () => {
	it('gives each line a role for the editor', () => {
		const roles = classifyLines('■見出し\n・項目\n\n本文です。').map((c) => c.role);
		expect(roles).toEqual(['heading', 'item', 'blank', 'item']);
	});
});

function apply(line: string, edits: LineEdit[]): string {
	let out = line;
	for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
	return out;
}

describe('mark edits (the menu)', () => {
	it('sets, changes and removes a kind after the bullet, touching only the prefix', () => {
		expect(apply('・窓口を一元化', kindEdits('・窓口を一元化', 'request'))).toBe('・要望：窓口を一元化');
		expect(apply('・要望：窓口', kindEdits('・要望：窓口', 'issue'))).toBe('・課題：窓口');
		expect(apply('・要望: 窓口', kindEdits('・要望: 窓口', null))).toBe('・窓口');
		expect(apply('★● 窓口', kindEdits('★● 窓口', 'q_to_ministry'))).toBe('★● 質問：窓口');
		expect(apply('  ・★窓口', kindEdits('  ・★窓口', 'info'))).toBe('  ・★情報：窓口');
		expect(apply('窓口', kindEdits('窓口', 'decision'))).toBe('決定：窓口');
		expect(kindEdits('・要望：窓口', 'request')).toEqual([]);
	});

	it('marks a line shared with a leading ★ and removes every mark when unsharing', () => {
		expect(apply('・要望：窓口', shareEdits('・要望：窓口', true))).toBe('★・要望：窓口');
		expect(apply('  ・窓口', shareEdits('  ・窓口', true))).toBe('  ★・窓口');
		expect(apply('★・窓口 #共有', shareEdits('★・窓口 #共有', false))).toBe('・窓口');
		expect(apply('■テーマ', shareEdits('■テーマ', true))).toBe('★■テーマ');
		expect(parseOutline(apply('■テーマ', shareEdits('■テーマ', true)) + '\n・a').sections[0].shared).toBe(true);
	});
});
