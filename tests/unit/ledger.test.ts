// The ledger as a pure projection: trails from the log, one row per matter across carry-overs and
// merges (inside a meeting and across the series), support counted once per person, closing,
// publishing, what each viewer sees, the ministry's view and the 一覧表 — and the series commands'
// refusals, through the series registry's own parse → decide → reduce.
import { describe, expect, it } from 'vitest';
import { buildLedger, rowKey } from '../../src/lib/shared/ledger/build.js';
import { ledgerTable, LEDGER_HEADER } from '../../src/lib/shared/ledger/table.js';
import { duplicateHints, ledgerFor, ministryView } from '../../src/lib/shared/ledger/views.js';
import { importPayload } from '../../src/lib/shared/questions/carry.js';
import { seriesCommands } from '../../src/lib/shared/series/commands.js';
import { counters, MIN } from '../helpers/world.js';
import { DEPT, inputOf, meeting, MINISTRY, ORGANISER, seriesMust, seriesOf, seriesRefusal } from '../helpers/ledger-world.js';

describe('the ledger of a series', () => {
	it('numbers the lines of a board sent together in the order they stand on the board', () => {
		const { w } = meeting('m1');
		const roomId = String(w.must(w.organiser, { type: 'room.add', name: 'ルーム1' }).id);
		const texts = Array.from({ length: 12 }, (_, i) => `ボードの質問${i + 1}`);
		w.must(w.organiser, { type: 'question.fromBoard', roomId, lines: texts.map((text, i) => ({ text, direction: 'to_ministry', section: null, line: i + 1 })) });
		const ledger = buildLedger(seriesOf([w, '東北']), [inputOf(w)]);
		expect(ledger.rows.map((r) => [r.number, r.text])).toEqual(texts.map((t, i) => [i + 1, t]));
	});

	it('keeps a question’s whole trail, its answers with who gave them, and never names an anonymous asker', () => {
		const { w, join } = meeting('m1');
		const asker = join('秋田ハナ', '秋田市');
		const b = join('盛岡タロウ', '盛岡市');
		const c = join('仙台ジロウ', '仙台市');
		const ministry = join('厚労ミカ', '厚生労働省', 'ministry');
		const q = w.ask(asker, '住居確保給付金の再支給要件を教えてください', { anonymous: true, department: DEPT });
		w.must(b, { type: 'question.vote', questionId: q });
		w.must(c, { type: 'question.vote', questionId: q });
		w.now += 5 * MIN;
		w.must(ministry, { type: 'question.status', questionId: q, status: 'answering' });
		w.now += 5 * MIN;
		w.must(ministry, { type: 'question.answer', questionId: q, text: '通知で示しています。' });

		const ledger = buildLedger(seriesOf([w, '東北']), [inputOf(w)]);
		expect(ledger.rows).toHaveLength(1);
		const row = ledger.rows[0];
		expect(row).toMatchObject({ id: rowKey('m1', q), number: 1, status: 'answered', supporters: 2, organisations: 2, department: DEPT, regions: ['東北'] });
		expect(row.history.map((h) => [h.status, h.by])).toEqual([
			['open', { name: null, role: null }],
			['answering', { name: '厚労ミカ（厚生労働省）', role: 'ministry' }],
			['answered', { name: '厚労ミカ（厚生労働省）', role: 'ministry' }]
		]);
		expect(row.answers).toEqual([{ text: '通知で示しています。', at: w.now, by: { name: '厚労ミカ（厚生労働省）', role: 'ministry' }, meetingId: 'm1' }]);
		expect(row.raised).toMatchObject({ anonymous: true, asker: null, organisation: null, side: null, category: null });
		expect(JSON.stringify(ledger)).not.toContain('秋田');
		expect(ledgerTable(ledger)[1][5]).toBe('匿名');
	});

	it('follows a carried question into the next meeting and counts a person’s support once', () => {
		const ctx = counters();
		const one = meeting('m1', ctx);
		const asker = one.join('青森イチロウ', '青森市');
		const b1 = one.join('盛岡タロウ', '盛岡市');
		const q1 = one.w.ask(asker, '一時生活支援事業の委託先の選び方を示してほしい', { department: DEPT });
		one.w.must(b1, { type: 'question.vote', questionId: q1 });
		one.w.must(one.w.organiser, { type: 'question.status', questionId: q1, status: 'deferred' });

		const two = meeting('m2', ctx);
		two.w.now = one.w.now + 30 * 86_400_000;
		const imported = String(two.w.must(two.w.organiser, importPayload(one.w.state, one.w.q(q1))).id);
		one.w.must(one.w.organiser, { type: 'question.carry', nextMeetingId: 'm2', questionIds: [q1] });
		const b2 = two.join('盛岡タロウ', '盛岡市'); // the same person, a new member id in the new meeting
		const d2 = two.join('福岡サブロウ', '福岡市');
		two.w.must(b2, { type: 'question.vote', questionId: imported });
		two.w.must(d2, { type: 'question.vote', questionId: imported });

		const ledger = buildLedger(seriesOf([one.w, '東北'], [two.w, '九州']), [inputOf(one.w), inputOf(two.w)]);
		expect(ledger.rows).toHaveLength(1);
		const row = ledger.rows[0];
		expect(row.id).toBe(rowKey('m1', q1));
		expect(row.supporters).toBe(2); // 盛岡 (twice) and 福岡
		expect(row.appearances.map((a) => [a.meetingId, a.status, a.votes])).toEqual([
			['m1', 'carried', 1],
			['m2', 'deferred', 2]
		]);
		expect(row.status).toBe('deferred');
		expect(row.raised).toMatchObject({ meetingId: 'm1', region: '東北', asker: '青森イチロウ', organisation: '青森市', side: 'participant', category: 'municipality' });
		expect(row.history.map((h) => `${h.status}@${h.meetingId}`)).toEqual(['open@m1', 'deferred@m1', 'carried@m1', 'deferred@m2']);
	});

	it('folds a question merged inside its meeting into its target’s row', () => {
		const { w, join } = meeting('m1');
		const a = join('A', '甲市');
		const b = join('B', '乙市');
		const target = w.ask(a, '子どもの学習支援の対象年齢を広げてほしい', { department: DEPT });
		const dup = w.ask(b, '子どもの学習・生活支援の対象年齢の拡大を', { department: DEPT });
		w.must(a, { type: 'question.vote', questionId: dup });
		w.must(w.organiser, { type: 'question.merge', questionId: dup, intoId: target });
		const rows = buildLedger(seriesOf([w, '']), [inputOf(w)]).rows;
		expect(rows.map((r) => [r.id, r.supporters, r.appearances.length])).toEqual([[rowKey('m1', target), 1, 1]]);
	});

	it('merges rows across meetings on the organiser’s word, undoes it, closes, reopens and publishes', () => {
		const ctx = counters();
		const one = meeting('m1', ctx);
		const two = meeting('m2', ctx);
		const qa = one.w.ask(one.join('A', '甲市'), '就労準備支援事業の年齢要件を緩和してほしい', { department: DEPT });
		const other = one.w.ask(one.join('C', '丙市'), '家計改善支援の様式を統一してほしい', { department: '保護課' });
		const qb = two.w.ask(two.join('B', '乙市'), '就労準備支援事業の年齢要件の緩和をお願いしたい', { department: DEPT });
		const inputs = [inputOf(one.w), inputOf(two.w)];
		let s = seriesOf([one.w, '東北'], [two.w, '九州']);
		const [ra, rb, ro] = [rowKey('m1', qa), rowKey('m2', qb), rowKey('m1', other)];
		const built = buildLedger(s, inputs);
		expect(duplicateHints(built, ra).map((h) => h.id)).toEqual([rb]);

		expect(seriesRefusal(s, inputs, MINISTRY, { type: 'ledger.merge', rowId: rb, intoId: ra })).toBe('not_allowed');
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: ra, intoId: ra })).toBe('invalid');
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: 'x.y', intoId: ra })).toBe('not_found');
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: rb, intoId: ra, extra: 1 })).toBe('invalid');
		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: rb, intoId: ra });
		let rows = buildLedger(s, inputs).rows;
		expect(rows.map((r) => [r.number, r.id])).toEqual([
			[1, ra],
			[2, ro]
		]);
		expect(rows[0]).toMatchObject({ regions: ['東北', '九州'], merged: [{ id: rb, number: 3 }], organisations: 2 });
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: rb, intoId: ro })).toBe('wrong_state');
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: ra, intoId: ro })).toBe('wrong_state');

		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.unmerge', rowId: rb });
		rows = buildLedger(s, inputs).rows;
		expect(rows.map((r) => r.number)).toEqual([1, 2, 3]); // merging renumbered nothing
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.unmerge', rowId: rb })).toBe('wrong_state');

		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.status', rowId: ro, status: 'closed', note: '様式は通知済み' }, 9000);
		const closed = buildLedger(s, inputs).rows.find((r) => r.id === ro)!;
		expect(closed.status).toBe('closed');
		expect(closed.history.at(-1)).toEqual({ status: 'closed', at: 9000, by: { name: '運営', role: 'series_organiser' }, meetingId: null });
		expect(seriesRefusal(s, inputs, ORGANISER, { type: 'ledger.status', rowId: ro, status: 'closed' })).toBe('wrong_state');
		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.status', rowId: ro, status: 'open' });
		expect(buildLedger(s, inputs).rows.find((r) => r.id === ro)!.status).toBe('open');

		// A meeting's participants: their own meeting's rows, and what is published; nobody's name.
		const forM2 = () => ledgerFor(buildLedger(s, inputs), { kind: 'meeting', meetingId: 'm2' }).rows;
		expect(forM2().map((r) => r.id)).toEqual([rb]);
		expect(forM2()[0].raised).toMatchObject({ asker: null, organisation: null });
		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.publish', rowId: ro });
		expect(forM2().map((r) => r.id)).toEqual([ro, rb]);
		s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.publish', rowId: ro, published: false });
		expect(forM2().map((r) => r.id)).toEqual([rb]);
		expect(ledgerFor(buildLedger(s, inputs), { kind: 'series', role: 'ministry' }).rows).toHaveLength(3);
	});

	it('answers from the ministry’s view into the row’s own latest question, and lists departments', () => {
		const ctx = counters();
		const one = meeting('m1', ctx);
		const two = meeting('m2', ctx);
		const qa = one.w.ask(one.join('A', '甲市'), '就労準備支援事業の年齢要件を緩和してほしい', { department: DEPT });
		two.w.ask(two.join('B', '乙市'), '家計改善支援の様式を統一してほしい', { department: '保護課' });
		const imported = String(two.w.must(two.w.organiser, importPayload(one.w.state, one.w.q(qa))).id);
		one.w.must(one.w.organiser, { type: 'question.carry', nextMeetingId: 'm2', questionIds: [qa] });
		const inputs = [inputOf(one.w), inputOf(two.w)];
		const s = seriesOf([one.w, '東北'], [two.w, '九州']);
		const parsed = seriesCommands.parse({ type: 'ledger.answer', rowId: rowKey('m1', qa), text: '検討します' });
		if (!parsed.ok) throw new Error('parse');
		const d = seriesCommands.decide(s, parsed.command, { actor: MINISTRY, now: 7000, ledger: buildLedger(s, inputs) });
		expect(d).toMatchObject({ ok: true, result: { meetingId: 'm2', questionId: imported } });

		const view = ministryView(buildLedger(s, inputs), one.w.now + 10 * 86_400_000);
		expect(view.map((d) => [d.department, d.waiting, d.answered, d.rows.map((r) => r.openDays)])).toEqual([
			[DEPT, 1, 0, [10]], // in the order the meetings list their departments
			['保護課', 1, 0, [10]]
		]);
		expect(ledgerTable(buildLedger(s, inputs))[0]).toEqual(LEDGER_HEADER);
	});
});
