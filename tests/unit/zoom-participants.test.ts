/**
 * Zoom's participant report read into attendance, in memory: the summary block, connection rows
 * summed per person (a reconnect adds a row), matched by email then by the shown or original name,
 * in English and Japanese exports; and the minutes' 参加者数 and annex with it.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/shared/csv.js';
import { buildMinutes } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { matchAttendance, readParticipantReport } from '../../src/lib/shared/zoom/participants.js';
import { World } from '../helpers/world.js';

const REPORT = [
	'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
	'123 4567 8901,生活困窮者支援 情報交換会,06/04/2021 01:55:12 PM,06/04/2021 03:47:40 PM,host@example.jp,113,5',
	'',
	'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
	'青木 誠,AOKI@example.go.jp,06/04/2021 01:58:01 PM,06/04/2021 02:40:10 PM,42,No',
	'青木 誠,aoki@example.go.jp,06/04/2021 02:43:55 PM,06/04/2021 03:45:10 PM,62,No',
	'札幌市社協 佐々木 (佐々木 亮),,06/04/2021 02:00:00 PM,06/04/2021 03:40:00 PM,100,Yes',
	'iPhone,,06/04/2021 02:10:00 PM,06/04/2021 02:30:00 PM,20,Yes'
].join('\r\n');

function rostered() {
	const w = new World();
	const aoki = String(w.must(w.organiser, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', email: 'aoki@example.go.jp' }).id);
	const sasaki = String(w.must(w.organiser, { type: 'member.add', name: '佐々木 亮', organisation: '札幌市社会福祉協議会', category: 'agency' }).id);
	const kubo = String(w.must(w.organiser, { type: 'member.add', name: '久保 綾', organisation: '釧路市', category: 'municipality' }).id);
	return { w, aoki, sasaki, kubo };
}

describe('Zoom participant report', () => {
	it('reads the summary and sums a reconnect; matches by email, then by the original name', () => {
		const { w, aoki, sasaki } = rostered();
		const report = readParticipantReport(parseCsv(REPORT))!;
		expect(report.source).toEqual({ meetingId: '123 4567 8901', topic: '生活困窮者支援 情報交換会', start: '06/04/2021 01:55:12 PM', end: '06/04/2021 03:47:40 PM' });
		expect(report.rows).toHaveLength(4);
		const matched = matchAttendance(report.rows, w.state);
		expect(matched.present).toEqual({ [aoki]: { minutes: 104, joins: 2 }, [sasaki]: { minutes: 100, joins: 1 } });
		expect(matched.unmatched).toEqual([{ name: 'iPhone', email: '', minutes: 20, joins: 1 }]);
	});

	it('reads a Japanese export, and answers null for a file that is not a report', () => {
		const ja = ['名前（元の名前）,ユーザーメール,参加時間,退出時間,期間（分）,ゲスト', '久保 綾,,2021/06/04 14:00:00,2021/06/04 15:40:00,100,はい'].join('\n');
		const { w, kubo } = rostered();
		expect(matchAttendance(readParticipantReport(parseCsv(ja))!.rows, w.state).present).toEqual({ [kubo]: { minutes: 100, joins: 1 } });
		expect(readParticipantReport(parseCsv('氏名,所属\n青木 誠,厚生労働省'))).toBeNull();
	});

	it('the minutes show registered and attended per category, and minutes present per person', () => {
		const { w, aoki, sasaki } = rostered();
		const minutesBefore = renderMarkdown(buildMinutes(w.state, {}, null, { now: w.now }));
		expect(minutesBefore).not.toContain('実参加');
		w.must(w.organiser, {
			type: 'attendance.record',
			source: { meetingId: '123 4567 8901', topic: '情報交換会', start: '', end: '' },
			present: [
				{ memberId: aoki, minutes: 104, joins: 2 },
				{ memberId: sasaki, minutes: 100, joins: 1 }
			],
			unmatched: [{ name: 'iPhone', email: '', minutes: 20, joins: 1 }]
		});
		const model = buildMinutes(w.state, {}, null, { now: w.now });
		expect(model.overview.counts.map((c) => [c.category, c.count, c.attended])).toEqual([
			['ministry', 1, 1],
			['agency', 1, 1],
			['municipality', 1, 0],
			['organiser', 0, 0]
		]);
		expect(model.overview.attendedTotal).toBe(2);
		expect(model.roster.map((r) => [r.name, r.minutes])).toEqual([
			['青木 誠', '104分'],
			['佐々木 亮', '100分'],
			['久保 綾', '']
		]);
		const md = renderMarkdown(model);
		expect(md).toContain('厚生労働省 1名（実参加 1名）');
		expect(md).toContain('合計 3名（実参加 2名）');
		expect(md).toContain('| 参加時間 |');
	});
});
