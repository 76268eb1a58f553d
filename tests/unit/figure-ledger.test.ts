// The ledger at a glance, from a real ledger: three meetings run through the meeting commands, a
// matter deferred and carried, a near-duplicate merged by the series organiser, one closed — counts
// per department and per meeting with carried and merged matters counted once, the ages of waiting
// matters, every bar segment's link selecting exactly the rows it counts, and the text alternative.
import { describe, expect, it } from 'vitest';
import { buildLedger, rowKey } from '../../src/lib/shared/ledger/build.js';
import { importPayload } from '../../src/lib/shared/questions/carry.js';
import {
	ageFigure,
	countByAge,
	countByDepartment,
	countByMeeting,
	departmentFigure,
	describeFilter,
	filterActive,
	filterHref,
	matchesFilter,
	meetingFigure,
	parseLedgerFilter,
	type LedgerFigure,
	type LedgerFilter
} from '../../src/lib/shared/figures/ledger.js';
import type { RectMark, TextMark } from '../../src/lib/shared/figures/scene.js';
import { sceneToSvg } from '../../src/lib/shared/figures/svg.js';
import { figureWords } from '../../src/lib/shared/figures/words.js';
import * as table from '../../src/lib/i18n/messages/figures-ledger.js';
import { counters } from '../helpers/world.js';
import { DEPT, inputOf, meeting, ORGANISER, seriesMust, seriesOf } from '../helpers/ledger-world.js';

const DAY = 86_400_000;
const HOGO = '保護課';
const words = figureWords(table, 'ja');

/** Three meetings (東北, 九州, 関東) as the series runs them; the third has no question yet. */
function series() {
	const ctx = counters();
	const one = meeting('m1', ctx, { title: '第1回 情報交換会', startsAt: '2021-06-04T14:00:00+09:00' });
	const a1 = one.join('青森イチロウ', '青森市');
	const b1 = one.join('盛岡タロウ', '盛岡市');
	const min1 = one.join('厚労ミカ', '厚生労働省', 'ministry');
	const qa = one.w.ask(a1, '就労準備支援事業の年齢要件を緩和してほしい', { department: DEPT });
	one.w.must(b1, { type: 'question.vote', questionId: qa });
	one.w.must(min1, { type: 'question.status', questionId: qa, status: 'deferred' });
	const qb = one.w.ask(b1, '扶養照会の運用を見直してほしい', { department: HOGO });
	one.w.must(min1, { type: 'question.answer', questionId: qb, text: '通知で示しています。' });
	const qc = one.w.ask(a1, '支援会議の記録の残し方を教えてほしい');

	const two = meeting('m2', ctx, { title: '第2回 情報交換会', startsAt: '2021-07-04T14:00:00+09:00', now: one.w.now + 30 * DAY });
	const carried = String(two.w.must(two.w.organiser, importPayload(one.w.state, one.w.q(qa))).id);
	one.w.must(one.w.organiser, { type: 'question.carry', nextMeetingId: 'm2', questionIds: [qa] });
	const b2 = two.join('盛岡タロウ', '盛岡市');
	const c2 = two.join('福岡サブロウ', '福岡市');
	two.w.must(b2, { type: 'question.vote', questionId: carried });
	const qd = two.w.ask(c2, '就労準備支援事業の年齢要件の緩和をお願いしたい', { department: DEPT });
	const qe = two.w.ask(c2, '一時生活支援事業の委託先の選び方を示してほしい', { department: DEPT });
	const qf = two.w.ask(b2, '家計改善支援の様式を統一してほしい', { department: HOGO });

	const three = meeting('m3', ctx, { title: '第3回 情報交換会', startsAt: '2021-08-04T14:00:00+09:00', now: two.w.now + 30 * DAY });
	const inputs = [inputOf(one.w), inputOf(two.w), inputOf(three.w)];
	let s = seriesOf([one.w, '東北'], [two.w, '九州'], [three.w, '関東']);
	s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.merge', rowId: rowKey('m2', qd), intoId: rowKey('m1', qa) });
	s = seriesMust(s, inputs, ORGANISER, { type: 'ledger.status', rowId: rowKey('m2', qf), status: 'closed' });
	const ledger = buildLedger(s, inputs);
	return { ledger, askedAt: { m1: one.w.now, m2: two.w.now }, ids: { qa: rowKey('m1', qa), qb: rowKey('m1', qb), qc: rowKey('m1', qc), qe: rowKey('m2', qe), qf: rowKey('m2', qf) } };
}

const link = (f: LedgerFilter) => filterHref(f, new URLSearchParams('view=ministry'));
const rects = (fig: LedgerFigure) => fig.scene.marks.filter((m): m is RectMark => m.kind === 'rect' && !!m.href);
const texts = (fig: LedgerFigure) => fig.scene.marks.filter((m): m is TextMark => m.kind === 'text').map((m) => m.text);

describe('the ledger at a glance', () => {
	it('counts each matter once per department: the carried copy and the merged near-duplicate join their row', () => {
		const { ledger } = series();
		expect(ledger.rows).toHaveLength(5);
		expect(countByDepartment(ledger, words).map((b) => [b.label, b.counts])).toEqual([
			[DEPT, { open: 1, deferred: 1, answered: 0 }], // the carried + merged matter is one 後日回答; 一時生活支援 is open
			[HOGO, { open: 0, deferred: 0, answered: 2 }], // answered in its meeting, and closed by the organiser
			['部署の指定なし', { open: 1, deferred: 0, answered: 0 }]
		]);
	});

	it('counts each matter in the meeting that first raised it, and lists every meeting of the series in order', () => {
		const { ledger } = series();
		expect(countByMeeting(ledger, words, { timeZone: 'Asia/Tokyo', lang: 'ja' }).map((b) => [b.label, b.counts])).toEqual([
			['6/4 第1回 情報交換会', { open: 1, deferred: 1, answered: 1 }],
			['7/4 第2回 情報交換会', { open: 1, deferred: 0, answered: 1 }], // the near-duplicate raised here counts in 第1回, with its row
			['8/4 第3回 情報交換会', { open: 0, deferred: 0, answered: 0 }]
		]);
		expect(countByMeeting(ledger, figureWords(table, 'en'), { timeZone: 'Asia/Tokyo', lang: 'en' })[0].label).toBe('4 Jun 第1回 情報交換会');
	});

	it('ages the waiting matters from when they were first raised, by the clock it is given', () => {
		const { ledger, askedAt } = series();
		const now = askedAt.m2 + 10 * DAY; // 40 days after 第1回's questions, 10 after 第2回's
		const counted = countByAge(ledger, words, now).map((b) => [b.key, b.counts.open, b.counts.deferred]);
		expect(counted).toEqual([
			['0-7', 0, 0],
			['8-30', 1, 0], // 一時生活支援, raised in 第2回
			['31-90', 1, 1], // 支援会議の記録 (open) and the carried matter (後日回答), raised in 第1回
			['91-180', 0, 0],
			['181-', 0, 0]
		]);
		expect(countByAge(ledger, words, askedAt.m1 + 220 * DAY).map((b) => b.counts.open + b.counts.deferred)).toEqual([0, 0, 0, 0, 3]);
		const fig = ageFigure(ledger, { words, width: 800, link, now });
		expect(fig.scene.summary).toBe('回答待ち（未回答・後日回答）の3件のうち、最も長いものは最初の提起から40日。棒の各部分を選ぶと、その案件に一覧を絞り込みます。');
		expect(fig.table.head).toEqual(['最初の提起からの日数', '未回答', '後日回答', '計']);
	});

	it('links every bar segment to exactly the rows it counts, through a URL that survives a round trip', () => {
		const { ledger, askedAt } = series();
		const now = askedAt.m2 + 10 * DAY;
		const figures = [
			departmentFigure(ledger, { words, width: 800, link }),
			meetingFigure(ledger, { words, width: 800, link, timeZone: 'Asia/Tokyo', lang: 'ja' }),
			ageFigure(ledger, { words, width: 800, link, now })
		];
		for (const fig of figures) {
			const segments = rects(fig);
			expect(segments.length).toBeGreaterThan(0);
			for (const seg of segments) {
				const filter = parseLedgerFilter(new URLSearchParams(seg.href!.slice(1)));
				expect(filterActive(filter)).toBe(true);
				const n = Number(/ (\d+)件/.exec(seg.label!)![1]);
				expect(ledger.rows.filter((r) => matchesFilter(r, filter, now))).toHaveLength(n);
				expect(new URLSearchParams(seg.href!.slice(1)).get('view')).toBe('ministry'); // the page's own parameters stay
			}
		}
		const dept = figures[0];
		expect(rects(dept).map((r) => r.href)).toEqual([
			`?view=ministry&status=open&dept=${encodeURIComponent(DEPT)}`,
			`?view=ministry&status=deferred&dept=${encodeURIComponent(DEPT)}`,
			`?view=ministry&status=answered&dept=${encodeURIComponent(HOGO)}`,
			'?view=ministry&status=open&dept='
		]);
		// 部署の指定なし is its own filter, not "any department".
		const none = parseLedgerFilter(new URLSearchParams('status=open&dept='));
		expect(none).toEqual({ status: 'open', department: null });
		expect(describeFilter(none, ledger, words)).toBe('未回答・部署の指定なし');
		expect(describeFilter(parseLedgerFilter(new URLSearchParams('in=m2&age=8-30')), ledger, words)).toBe('第2回 情報交換会で提起・経過8〜30日');
		// Unknown values select nothing less than everything.
		expect(filterActive(parseLedgerFilter(new URLSearchParams('status=<x>&age=5&in=../a'))) ).toBe(false);
	});

	it('writes the counts on the bars and says in words what the figure shows, with a table of the same numbers', () => {
		const { ledger, ids } = series();
		const fig = departmentFigure(ledger, { words, width: 800, link });
		expect(fig.scene.title).toBe('担当部署別の件数');
		expect(fig.scene.summary).toBe('全5件のうち、未回答2件、後日回答1件、回答済み・完了2件。未回答が最も多いのは生活困窮者自立支援室（1件）。棒の各部分を選ぶと、その案件に一覧を絞り込みます。');
		expect(texts(fig)).toEqual(expect.arrayContaining(['未回答', '後日回答', '回答済み・完了', DEPT, HOGO, '2件', '1件', '2']));
		expect(fig.table.head).toEqual(['担当部署', '未回答', '後日回答', '回答済み・完了', '計']);
		expect(fig.table.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)])).toEqual([
			[DEPT, '1', '1', '0', '2'],
			[HOGO, '0', '0', '2', '2'],
			['部署の指定なし', '1', '0', '0', '1']
		]);
		expect(fig.table.rows[0].cells.map((c) => c.href !== null)).toEqual([true, true, false, true]); // an empty cell links nowhere
		// The closed matter counts as 回答済み・完了, the carried one as 後日回答 (its latest meeting's status).
		expect(ledger.rows.find((r) => r.id === ids.qf)!.status).toBe('closed');
		expect(ledger.rows.find((r) => r.id === ids.qa)!.status).toBe('deferred');
		const svg = sceneToSvg(fig.scene, 'dept');
		expect(svg).toContain('<title>担当部署別の件数</title>');
		expect(svg).toContain('fill="url(#dept-answered)"'); // patterned, so it reads in grayscale
		// On the page: a group of links, each named; the chips and counts over a bar let its click through.
		const page = sceneToSvg(fig.scene, 'dept', { interactive: true });
		expect(page).toContain('role="group" aria-labelledby="dept-title" aria-describedby="dept-desc"');
		expect(page).toContain('<title id="dept-title">担当部署別の件数</title>');
		expect(page).toContain(`<a href="?view=ministry&amp;status=open&amp;dept=${encodeURIComponent(DEPT)}" aria-label="${DEPT}：未回答 1件（一覧を絞り込む）">`);
		expect(page.match(/<rect pointer-events="none"[^>]*fill="#ffffff"/g)).toHaveLength(4); // one chip per segment
		expect(svg).not.toContain('pointer-events');
	});

	it('puts a label above its bar on a 390-px phone, so the bar gets the whole width, and keeps every mark inside the figure', () => {
		const { ledger } = series();
		const wide = meetingFigure(ledger, { words, width: 1000, link, timeZone: 'Asia/Tokyo', lang: 'ja' });
		const phone = meetingFigure(ledger, { words, width: 390, link, timeZone: 'Asia/Tokyo', lang: 'ja' });
		const label = (fig: LedgerFigure) => fig.scene.marks.find((m): m is TextMark => m.kind === 'text' && m.text.startsWith('6/4'))!;
		const firstBar = (fig: LedgerFigure) => rects(fig)[0];
		expect(label(phone).y).toBeLessThan(firstBar(phone).y); // its own line
		expect(label(phone).x).toBe(0);
		expect(firstBar(phone).x).toBeLessThan(10); // the bar gets the whole width
		expect(label(wide).y).toBeGreaterThan(firstBar(wide).y); // beside its bar, where it fits
		expect(firstBar(wide).x).toBeGreaterThan(100);
		// Where a label would not fit beside its bar, it goes above it, whole, rather than being cut.
		const long = meeting('m9', counters(), { title: '第1回 生活困窮者自立支援制度 人材養成研修 地域別情報交換会' });
		long.w.ask(long.join('A', '甲市'), '研修の受講要件を教えてほしい', { department: DEPT });
		const titled = meetingFigure(buildLedger(seriesOf([long.w, '東北']), [inputOf(long.w)]), { words, width: 1000, link, timeZone: 'Asia/Tokyo', lang: 'ja' });
		expect(label(titled).text).toBe('6/4 第1回 生活困窮者自立支援制度 人材養成研修 地域別情報交換会');
		expect(label(titled).y).toBeLessThan(firstBar(titled).y);
		for (const m of phone.scene.marks) if (m.kind === 'rect') expect(m.x + m.width).toBeLessThanOrEqual(390);
		expect(phone.scene.width).toBe(390);
	});

	it('says so when there is nothing to count', () => {
		const { w } = meeting('m1');
		const ledger = buildLedger(seriesOf([w, '東北']), [inputOf(w)]);
		const fig = departmentFigure(ledger, { words, width: 600, link });
		expect(fig.scene.summary).toBe('案件はまだありません。');
		expect(rects(fig)).toEqual([]);
		expect(ageFigure(ledger, { words, width: 600, link, now: 0 }).scene.summary).toBe('回答待ちの案件はありません。');
	});
});
