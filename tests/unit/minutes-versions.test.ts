/**
 * Saved minutes versions, their pure parts: the line diff the page shows, the privacy gate an
 * edited public text passes, which version may be served as which, who reads what, the save body's
 * schema, and the Markdown read back into blocks for print and Word.
 */
import { describe, expect, it } from 'vitest';
import { diffCounts, diffLines, splitLines, withContext } from '../../src/lib/shared/minutes/diff.js';
import { parseBlocks, parseInline, spansText, type Block } from '../../src/lib/shared/minutes/markdown-blocks.js';
import { mdText } from '../../src/lib/shared/minutes/markdown.js';
import { gateEditedText, mayReadVersion, MAX_VERSION_CHARS, renderRefusal, saveVersionBody, type MinutesBasis } from '../../src/lib/shared/minutes/versions.js';
import { ROLES } from '../../src/lib/shared/meeting/types.js';
import JSZip from 'jszip';
import { CELL_MARGIN_TWIPS, CHAR_TWIPS, contentWidths, renderVersionDocx } from '../../server/minutes/docx-version.js';
import { CONTENT_WIDTH } from '../../server/minutes/docx.js';

const basis = (version: 'internal' | 'public'): MinutesBasis => ({ version, includeConfidential: false, sharedOnly: false, lang: 'ja' });

describe('line diff', () => {
	it('marks nothing when the texts are the same', () => {
		const d = diffLines('a\nb\nc\n', 'a\nb\nc\n');
		expect(d.map((x) => x.op)).toEqual(['same', 'same', 'same']);
		expect(withContext(d)).toEqual([]);
	});

	it('finds a changed line as removed then added, with line numbers on each side', () => {
		const d = diffLines('# 議事録\n- 住まいの確保\n- 就労支援\n', '# 議事録\n- 住まいの確保が課題\n- 就労支援\n');
		expect(d).toEqual([
			{ op: 'same', text: '# 議事録', line: 1 },
			{ op: 'removed', text: '- 住まいの確保', line: 2 },
			{ op: 'added', text: '- 住まいの確保が課題', line: 2 },
			{ op: 'same', text: '- 就労支援', line: 3 }
		]);
		expect(diffCounts(d)).toEqual({ added: 1, removed: 1 });
	});

	it('keeps the longest common part when lines move and are inserted', () => {
		const before = ['A', 'B', 'C', 'D', 'E'].join('\n');
		const after = ['A', 'C', 'X', 'D', 'E', 'F'].join('\n');
		const d = diffLines(before, after);
		expect(d.filter((x) => x.op === 'same').map((x) => x.text)).toEqual(['A', 'C', 'D', 'E']);
		expect(d.filter((x) => x.op === 'removed').map((x) => x.text)).toEqual(['B']);
		expect(d.filter((x) => x.op === 'added').map((x) => x.text)).toEqual(['X', 'F']);
		// Reading the diff without the removed lines gives the edited text back; without the added ones, the original.
		expect(d.filter((x) => x.op !== 'removed').map((x) => x.text)).toEqual(splitLines(after));
		expect(d.filter((x) => x.op !== 'added').map((x) => x.text)).toEqual(splitLines(before));
	});

	it('handles empty texts and CRLF', () => {
		expect(diffLines('', 'a\r\nb')).toEqual([
			{ op: 'added', text: 'a', line: 1 },
			{ op: 'added', text: 'b', line: 2 }
		]);
		expect(diffLines('a\nb', '')).toHaveLength(2);
		expect(diffLines('a\r\nb\r\n', 'a\nb\n').every((x) => x.op === 'same')).toBe(true);
	});

	it('shortens long unchanged runs to the lines around each change', () => {
		const before = Array.from({ length: 30 }, (_, i) => `行${i}`).join('\n');
		const after = before.replace('行15', '行15（修正）');
		const shown = withContext(diffLines(before, after), 2);
		expect(shown[0]).toBeNull();
		expect(shown.filter(Boolean).map((x) => x!.text)).toEqual(['行13', '行14', '行15', '行15（修正）', '行16', '行17']);
		expect(shown[shown.length - 1]).toBeNull();
	});

	it('stays correct on a middle too large to compare line by line (all removed, then all added)', () => {
		const before = Array.from({ length: 2500 }, (_, i) => `a${i}`).join('\n');
		const after = Array.from({ length: 2500 }, (_, i) => `b${i}`).join('\n');
		const d = diffLines(before, after);
		expect(diffCounts(d)).toEqual({ added: 2500, removed: 2500 });
		expect(d.filter((x) => x.op !== 'removed').map((x) => x.text)).toEqual(splitLines(after));
	});
});

describe('privacy gate on an edited version', () => {
	const generated = '# 会議 開催報告（公開版）\n- 〇〇さんから相談があった\n- 家賃の滞納が続いている\n';

	it('masks personal information the editor added to the public version', () => {
		const edited = '# 会議 開催報告（公開版）\n- 〇〇さんから相談があった\n- 田中さん（090-1234-5678）の家賃の滞納が続いている\n- 追記：千歳市北栄2丁目3-15に住む方\n';
		const gated = gateEditedText(generated, edited, 'public');
		expect(gated.text).not.toContain('田中');
		expect(gated.text).not.toContain('090-1234-5678');
		expect(gated.text).not.toContain('北栄2丁目3-15');
		expect(gated.text).toContain('〇〇さん（〇〇）の家賃の滞納が続いている');
		expect(gated.maskedLines).toBe(2);
	});

	it('leaves the lines kept from the generated text as they are, and internal edits untouched', () => {
		const edited = `${generated}- 補足：次回も継続して議論する\n`;
		expect(gateEditedText(generated, edited, 'public')).toEqual({ text: edited, maskedLines: 0 });
		const internal = '- 田中さん（090-1234-5678）\n';
		expect(gateEditedText(generated, internal, 'internal')).toEqual({ text: internal, maskedLines: 0 });
	});

	it('never serves an internal edit as the public version, nor relabels a public one', () => {
		expect(renderRefusal({ basis: basis('internal') }, 'public')).toBe('internal_only');
		expect(renderRefusal({ basis: basis('public') }, 'internal')).toBe('invalid');
		expect(renderRefusal({ basis: basis('internal') }, null)).toBeNull();
		expect(renderRefusal({ basis: basis('public') }, 'public')).toBeNull();
	});
});

describe('who reads versions', () => {
	it('organisers read drafts and final versions; no other role reads any', () => {
		for (const role of ROLES) {
			expect(mayReadVersion(role, { state: 'draft' })).toBe(role === 'organiser');
			expect(mayReadVersion(role, { state: 'final' })).toBe(role === 'organiser');
		}
	});
});

describe('save body', () => {
	it('accepts a text with its basis and fills the defaults', () => {
		const ok = saveVersionBody.safeParse({ text: '# 議事録', basis: { version: 'public' } });
		expect(ok.success && ok.data.basis).toEqual({ version: 'public', includeConfidential: false, sharedOnly: false, lang: 'ja' });
	});

	it('refuses empty or oversize text, unknown fields and 守秘 in the public version', () => {
		for (const body of [
			{ text: '', basis: { version: 'internal' } },
			{ text: 'x'.repeat(MAX_VERSION_CHARS + 1), basis: { version: 'internal' } },
			{ text: 'x', basis: { version: 'internal' }, state: 'final' },
			{ text: 'x', basis: { version: 'secret' } },
			{ text: 'x', basis: { version: 'public', includeConfidential: true } },
			{ text: 42, basis: { version: 'internal' } }
		])
			expect(saveVersionBody.safeParse(body).success, JSON.stringify(body).slice(0, 80)).toBe(false);
	});
});

describe('Markdown read back into blocks', () => {
	const kinds = (blocks: Block[]) => blocks.map((b) => b.type);

	it('reads headings, quotes, nested lists, numbered lines, tables and rules', () => {
		const md = [
			'# 情報交換会 開催報告（内部資料）',
			'',
			'> 内部資料です',
			'',
			'## 1. 開催概要',
			'',
			'- 日時: 2021年6月4日',
			'  - ※実績 14:02〜15:47',
			'- 方法: オンライン',
			'',
			'| No. | 項目 | 予定 |',
			'| --- | --- | --- |',
			'| 1 | 開会 | 14:00 |',
			'| 2 | 情報交換\\|意見 | 14:05 |',
			'',
			'1. 住まいの確保（賛同 3）',
			'**回答済み**',
			'---',
			'*作成 2021-06-04 16:00*'
		].join('\n');
		const blocks = parseBlocks(md);
		expect(kinds(blocks)).toEqual(['heading', 'quote', 'heading', 'list', 'table', 'numbered', 'paragraph', 'rule', 'paragraph']);
		const list = blocks[3] as Extract<Block, { type: 'list' }>;
		expect(list.items.map((i) => spansText(i.spans))).toEqual(['日時: 2021年6月4日', '方法: オンライン']);
		expect(spansText(list.items[0].children[0].spans)).toBe('※実績 14:02〜15:47');
		const table = blocks[4] as Extract<Block, { type: 'table' }>;
		expect(table.head.map(spansText)).toEqual(['No.', '項目', '予定']);
		expect(table.rows.map((r) => r.map(spansText))).toEqual([['1', '開会', '14:00'], ['2', '情報交換|意見', '14:05']]);
		expect(blocks[6]).toEqual({ type: 'paragraph', spans: [{ text: '回答済み', bold: true }] });
		expect(blocks[8]).toEqual({ type: 'paragraph', spans: [{ text: '作成 2021-06-04 16:00', italic: true }] });
	});

	it('gives back escaped user text as it was written', () => {
		for (const raw of ['1. から始まる行', '- で始まる行', '*星* と _下線_ と [括弧](x) と | と <b>', '# 見出しではない'])
			expect(spansText(parseInline(mdText(raw)))).toBe(raw);
		expect(parseBlocks(mdText('1. から始まる行'))[0].type).toBe('paragraph');
	});

	it('keeps http(s) links and drops other schemes', () => {
		expect(parseInline('[資料](https://example.jp/a%20b)')).toEqual([{ text: '資料', url: 'https://example.jp/a b' }]);
		expect(parseInline('[x](javascript:alert(1))').some((s) => s.url)).toBe(false);
	});
});

describe("a saved version's Word file", () => {
	const md = ['# 会議 開催報告（内部資料）', '', '## 1. 開催概要', '', '- 補足：確認を依頼した', '  - 詳細は別紙', '', '| No. | 議題 | 予定時刻 |', '| --- | --- | --- |', '| 1 | 開会 | 14:00〜14:05 |', '', '**回答済み**', '', '[資料](https://example.jp/a)'].join('\n');

	it('writes the title, headings that keep with the next paragraph, nested bullets, tables and links', async () => {
		const zip = await JSZip.loadAsync(await renderVersionDocx(md));
		const xml = await zip.file('word/document.xml')!.async('string');
		expect(xml).toContain('<w:pStyle w:val="Title"/>');
		expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/><w:keepNext\/><w:keepLines\/>.*1\. 開催概要/);
		expect(xml).toMatch(/<w:ilvl w:val="1"\/>.*詳細は別紙/);
		expect(xml).toContain('<w:tblHeader/>');
		expect(xml).toContain('<w:cantSplit/>');
		expect(xml).toMatch(/<w:keepNext\/>.*<w:b\/>.*回答済み/);
		expect(await zip.file('word/_rels/document.xml.rels')!.async('string')).toContain('https://example.jp/a');
	});

	it('sizes table columns by their content: short columns keep their text on one line', () => {
		const cells = (...t: string[]) => t.map((x) => [{ text: x }]);
		const programme = contentWidths(cells('No.', '議題', '予定時刻', '実績時刻', '役割'), [
			cells('1', 'SOSプロジェクト・後方支援プロジェクトの説明', '14:00〜14:05', '14:02〜14:09', 'ファシリテーター'),
			cells('2', '開会', '14:05〜14:10', '', '参加者')
		]);
		expect(programme.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
		const twips = programme.map((w) => (w / 100) * CONTENT_WIDTH);
		// 「No.」 (3 half-width characters), the times (12) and 「ファシリテーター」 (16) fit with the cell margins.
		expect(twips[0]).toBeGreaterThanOrEqual(3 * CHAR_TWIPS + CELL_MARGIN_TWIPS);
		expect(twips[2]).toBeGreaterThanOrEqual(12 * CHAR_TWIPS + CELL_MARGIN_TWIPS);
		expect(twips[4]).toBeGreaterThanOrEqual(16 * CHAR_TWIPS + CELL_MARGIN_TWIPS);
		// A roster: the long organisation and department columns keep at least 10, the others what they need.
		const roster = contentWidths(cells('所属区分', '所属', '部署', '氏名', 'ルーム', '役割'), [
			cells('厚生労働省', '札幌市一時生活支援事業（受託）', '生活困窮者自立支援室', '加藤 由美', 'ルーム 2', 'ファシリテーター'),
			cells('支援機関', '石狩振興局 受託機関', '', '田中 直子', 'ルーム 1', '参加者')
		]).map((w) => (w / 100) * CONTENT_WIDTH);
		expect(roster[1]).toBeGreaterThanOrEqual(10 * CHAR_TWIPS + CELL_MARGIN_TWIPS - 1);
		expect(roster[0]).toBeGreaterThanOrEqual(10 * CHAR_TWIPS + CELL_MARGIN_TWIPS - 1);
		expect(roster[5]).toBeGreaterThanOrEqual(16 * CHAR_TWIPS + CELL_MARGIN_TWIPS - 1);
		// A table that fits grows every column alike.
		const small = contentWidths(cells('No.', '議題'), [cells('1', '開会')]);
		expect(small[1] / small[0]).toBeCloseTo((CELL_MARGIN_TWIPS + 4 * CHAR_TWIPS) / (CELL_MARGIN_TWIPS + 3 * CHAR_TWIPS));
	});
});
