/**
 * The roster as a table, in memory: CSV cells as spreadsheets write them, headers in Japanese or
 * English, the words of each column, per-row problems, and matching rows to entries already there.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/lib/shared/csv.js';
import { readRosterTable, rosterTable } from '../../src/lib/shared/meeting/roster-file.js';
import { World } from '../helpers/world.js';

describe('CSV', () => {
	it('reads quoted cells with commas, quotes and line breaks, CRLF or LF, and skips blank lines', () => {
		expect(parseCsv('氏名,所属\r\n"佐々木, 亮","札幌市""社協""\n相談係"\r\n\r\n久保 綾,釧路市\n')).toEqual([
			['氏名', '所属'],
			['佐々木, 亮', '札幌市"社協"\n相談係'],
			['久保 綾', '釧路市']
		]);
	});

	it('writes what it reads, and defuses cells a spreadsheet would run as formulas', () => {
		const rows = [['氏名', 'メモ'], ['青木 誠', 'a,b "c"'], ['=HYPERLINK("x")', '+81']];
		expect(parseCsv(toCsv(rows))).toEqual([['氏名', 'メモ'], ['青木 誠', 'a,b "c"'], ["'=HYPERLINK(\"x\")", "'+81"]]);
	});
});

describe('readRosterTable', () => {
	const w = new World();
	const room = w.room('ルーム1');
	const aoki = String(w.must(w.organiser, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', email: 'aoki@example.go.jp' }).id);

	it('takes English headers in any order and the codes or Japanese words of each column', () => {
		const rows = readRosterTable(
			[
				['Email', 'Name', 'Category', 'Role', 'Room'],
				['', '久保 綾', 'municipality', 'facilitator', 'ルーム１'],
				['aoki@example.go.jp', '青木', '厚生労働省', '省庁回答者', '']
			],
			w.state
		)!;
		expect(rows.map((r) => [r.line, r.action, r.entry.category, r.entry.role, r.entry.roomId, r.errors])).toEqual([
			[2, 'add', 'municipality', 'facilitator', room, []],
			[3, 'update', 'ministry', 'ministry', null, []]
		]);
		expect(rows[1].entry.memberId).toBe(aoki);
	});

	it('answers null without a name column; a missing column is empty and defaults apply', () => {
		expect(readRosterTable([['所属'], ['釧路市']], w.state)).toBeNull();
		expect(readRosterTable([['氏名'], ['稚内 花']], w.state)![0].entry).toEqual({ name: '稚内 花', organisation: '', category: 'other', department: '', role: 'participant', roomId: null, email: '' });
	});

	it('the export of the roster reads back as updates of the same entries', () => {
		const rows = readRosterTable(rosterTable(w.state), w.state)!;
		expect(rows.map((r) => [r.action, r.entry.memberId, r.errors])).toEqual([['update', aoki, []]]);
	});
});
