/**
 * The timeline figure's model from real runs of the reference programme (14:00, 8 items, planned end
 * 15:45), built through the agenda commands: a late start, a pause, an extension, an overrun, a
 * skipped item, the "now" line while running, and a meeting held on another day than planned.
 */
import { describe, expect, it } from 'vitest';
import { timelineData, timelineFigure, timelineRows, type TimelineData } from '../../src/lib/shared/figures/timeline.js';
import { figureWords } from '../../src/lib/shared/figures/words.js';
import { sceneToSvg } from '../../src/lib/shared/figures/svg.js';
import * as words from '../../src/lib/i18n/messages/figures-timeline.js';
import { formatTime } from '../../src/lib/shared/time/zoned.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import type { RectMark, TextMark, LineMark } from '../../src/lib/shared/figures/scene.js';
import { MIN, mustAt, referenceProgramme } from '../helpers/world.js';

const ja = figureWords(words, 'ja');
const en = figureWords(words, 'en');
const at = (hhmm: string, day = '2021-06-04') => Date.parse(`${day}T${hhmm}:00+09:00`);
const hm = (t: number) => formatTime(t, 'Asia/Tokyo');

const reference = referenceProgramme;

/**
 * The reference meeting as it ran: started 5 minutes late, 説明 paused 4 minutes and overran,
 * グループ討議 extended by 5 and used them all and 2 more, 次回のテーマ skipped, finished 15:55.
 */
function heldMeeting(): { state: MeetingState; ids: string[] } {
	const { state, ids } = reference();
	let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:05'));
	s = mustAt(s, { type: 'agenda.pause' }, at('14:10'));
	s = mustAt(s, { type: 'agenda.resume' }, at('14:14'));
	s = mustAt(s, { type: 'agenda.next' }, at('14:44')); // ran 35 of 30
	s = mustAt(s, { type: 'agenda.next' }, at('14:49')); // 本日の流れ 5
	s = mustAt(s, { type: 'agenda.next' }, at('14:52')); // 自己紹介 3 of 5
	s = mustAt(s, { type: 'agenda.extend', minutes: 5 }, at('15:20'));
	s = mustAt(s, { type: 'agenda.next' }, at('15:39')); // グループ討議 47 of 40 (+5)
	s = mustAt(s, { type: 'agenda.next' }, at('15:49')); // 共有と質疑応答 10
	s = mustAt(s, { type: 'agenda.next', itemId: ids[7] }, at('15:53')); // 各ルームから発表 4; 次回のテーマ skipped
	s = mustAt(s, { type: 'agenda.finish' }, at('15:55'));
	return { state: s, ids };
}

const rects = (d: TimelineData, width = 800) => timelineFigure(d, ja, width).scene.marks.filter((m): m is RectMark => m.kind === 'rect');
const texts = (d: TimelineData, width = 800) => timelineFigure(d, ja, width).scene.marks.filter((m): m is TextMark => m.kind === 'text').map((m) => m.text);

describe('timeline data', () => {
	it('cuts an item into run time, its pause and over time, in time order', () => {
		const { state } = heldMeeting();
		const d = timelineData(state, at('16:00'));
		const first = d.items[0];
		expect(first.segments.map((s) => `${s.kind} ${hm(s.start)}-${hm(s.end)}`)).toEqual(['run 14:05-14:10', 'pause 14:10-14:14', 'run 14:14-14:39', 'overrun 14:39-14:44']);
		expect(first.ranMs).toBe(35 * MIN);
		expect(first.pausedMs).toBe(4 * MIN);
		expect(d.running).toBe(false);
	});

	it('an extension is its own segment after the plan, and over time starts only beyond it', () => {
		const { state } = heldMeeting();
		const group = timelineData(state, at('16:00')).items[3];
		expect(group.extendedMinutes).toBe(5);
		expect(group.segments.map((s) => `${s.kind} ${hm(s.start)}-${hm(s.end)}`)).toEqual(['run 14:52-15:32', 'extension 15:32-15:37', 'overrun 15:37-15:39']);
	});

	it('a skipped item has no segments and keeps its planned span', () => {
		const { state } = heldMeeting();
		const skipped = timelineData(state, at('16:00')).items[6];
		expect(skipped).toMatchObject({ title: '次回のテーマ', status: 'skipped', actualStart: null, segments: [] });
		expect(`${hm(skipped.plannedStart)}-${hm(skipped.plannedEnd)}`).toBe('15:40-15:43');
	});
});

describe('timeline table', () => {
	it('words each item: planned, actual, difference in minutes and status', () => {
		const { state } = heldMeeting();
		const rows = timelineRows(timelineData(state, at('16:00')), ja);
		expect(rows.map((r) => [r.title, r.planned, r.actual, r.difference, r.status])).toEqual([
			['説明', '14:00〜14:30', '14:05〜14:44', '+5', '5分超過・中断4分'],
			['本日の流れ', '14:30〜14:35', '14:44〜14:49', '0', '予定どおり'],
			['自己紹介', '14:35〜14:40', '14:49〜14:52', '-2', '2分短縮'],
			['グループ討議', '14:40〜15:20', '14:52〜15:39', '+7', '7分超過・延長5分'],
			['共有と質疑応答', '15:20〜15:30', '15:39〜15:49', '0', '予定どおり'],
			['各ルームから発表', '15:30〜15:40', '15:49〜15:53', '-6', '6分短縮'],
			['次回のテーマ', '15:40〜15:43', '', '', '未実施'],
			['次回日程', '15:43〜15:45', '15:53〜15:55', '0', '予定どおり']
		]);
		expect(rows.filter((r) => r.over).map((r) => r.title)).toEqual(['説明', 'グループ討議']);
	});

	it('in English by the switch', () => {
		const { state } = heldMeeting();
		const rows = timelineRows(timelineData(state, at('16:00')), en);
		expect(rows[0].status).toBe('5 min over, paused 4 min');
		expect(rows[6].status).toBe('Not held');
	});
});

describe('timeline scene', () => {
	it('draws over time in the warning tone with its minutes beside the bar, pauses and extensions patterned', () => {
		const { state } = heldMeeting();
		const d = timelineData(state, at('16:00'));
		// The bars carry their item's words as a label; the legend's swatches do not.
		const r = rects(d).filter((m) => m.label);
		expect(r.filter((m) => m.tone === 'overrun')).toHaveLength(2);
		expect(r.filter((m) => m.tone === 'pause')).toHaveLength(1);
		expect(r.filter((m) => m.tone === 'extension')).toHaveLength(1);
		expect(r.filter((m) => m.tone === 'planned' && m.outline)).toHaveLength(8);
		expect(r.find((m) => m.tone === 'overrun')!.label).toBe('説明: 予定 14:00〜14:30、実績 14:05〜14:44（5分超過・中断4分）');
		expect(texts(d)).toEqual(expect.arrayContaining(['+5分', '+7分', '未実施']));
		// The over-time piece of 説明 starts where its planned run time ended (14:39) and is 5 minutes wide.
		const over = r.filter((m) => m.tone === 'overrun')[0];
		const run = r.filter((m) => m.tone === 'actual');
		expect(over.x).toBeCloseTo(run[1].x + run[1].width, 5);
		expect(r.filter((m) => m.tone === 'pause')[0].width).toBeCloseTo((over.width * 4) / 5, 5);
	});

	it('seconds over are no over time: an item ended 10 s late is 予定どおり and drawn without an over-time piece', () => {
		const { state, ids } = reference();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		s = mustAt(s, { type: 'agenda.next' }, at('14:30') + 10_000);
		const d = timelineData(s, at('14:31'));
		expect(d.items[0].segments.map((x) => x.kind)).toEqual(['run', 'overrun']);
		expect(timelineRows(d, ja)[0].status).toBe('予定どおり');
		expect(rects(d).filter((m) => m.label?.startsWith('説明') && m.tone === 'overrun')).toEqual([]);
	});

	it('labels the axis in the meeting’s zone, not the machine’s', () => {
		const { state } = heldMeeting();
		const d = timelineData(state, at('16:00'));
		const ticks = texts(d).filter((t) => /^\d\d:\d\d$/.test(t));
		expect(ticks[0]).toBe('14:00');
		expect(ticks).toContain('15:00');
		// The same instants in New York would be 01:00…; re-reading them in that zone moves the labels.
		const ny = timelineFigure({ ...d, timezone: 'America/New_York' }, ja, 800).scene.marks.filter((m): m is TextMark => m.kind === 'text' && /^\d\d:\d\d$/.test(m.text));
		expect(ny[0].text).toBe('01:00');
	});

	it('has fewer ticks and titles above the bars at 390 px', () => {
		const { state } = heldMeeting();
		const d = timelineData(state, at('16:00'));
		const ticks = (w: number) => texts(d, w).filter((t) => /^\d\d:\d\d$/.test(t)).length;
		expect(ticks(390)).toBeLessThan(ticks(800));
		const narrow = timelineFigure(d, ja, 390).scene;
		const title = narrow.marks.find((m): m is TextMark => m.kind === 'text' && m.text.startsWith('1. '))!;
		const bar = narrow.marks.find((m): m is RectMark => m.kind === 'rect' && m.outline === true)!;
		expect(title.y).toBeLessThan(bar.y);
		expect(narrow.marks.every((m) => m.kind !== 'rect' || m.x + m.width <= 390 + 0.01)).toBe(true);
	});

	it('sums it up for screen readers: span, the items that overran, the one not held', () => {
		const { state } = heldMeeting();
		const { scene } = timelineFigure(timelineData(state, at('16:00')), ja, 800);
		expect(scene.title).toBe('時間の計画と実績');
		expect(scene.summary).toBe('議題8件。予定 14:00〜15:45。実績 14:05〜15:55（10分超過）。予定より長くかかった議題: 説明（5分）、グループ討議（7分）。実施しなかった議題: 次回のテーマ。');
		const svg = sceneToSvg(scene, 'tl');
		expect(svg).toContain('<desc>議題8件。');
		expect(svg).toContain('url(#tl-overrun)');
	});
});

describe('timeline while running', () => {
	it('draws the now line, grows the current bar to now and turns it over time once the plan is used up', () => {
		const { state, ids } = reference();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		s = mustAt(s, { type: 'agenda.next' }, at('14:30'));
		const d = timelineData(s, at('14:38'));
		expect(d.running).toBe(true);
		const current = d.items[1];
		expect(current.status).toBe('current');
		expect(current.actualEnd).toBeNull();
		expect(current.segments.map((x) => `${x.kind} ${hm(x.start)}-${hm(x.end)}`)).toEqual(['run 14:30-14:35', 'overrun 14:35-14:38']);
		const fig = timelineFigure(d, ja, 800);
		const now = fig.scene.marks.filter((m): m is LineMark => m.kind === 'line' && m.tone === 'now');
		expect(now).toHaveLength(1);
		const bar = fig.scene.marks.filter((m): m is RectMark => m.kind === 'rect' && m.tone === 'overrun' && !m.outline)[0];
		expect(now[0].x1).toBeCloseTo(bar.x + bar.width, 5);
		expect(fig.scene.marks.some((m) => m.kind === 'text' && m.text === '現在 14:38')).toBe(true);
		expect(fig.rows[1]).toMatchObject({ actual: '14:30〜', status: '進行中', difference: '' });
		expect(fig.rows[2].status).toBe('未開始');
		expect(fig.scene.summary).toContain('現在 14:38、「本日の流れ」を進行中。');
	});

	it('a pause still open is drawn up to now', () => {
		const { state, ids } = reference();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		s = mustAt(s, { type: 'agenda.pause' }, at('14:10'));
		const d = timelineData(s, at('14:13'));
		expect(d.items[0].segments.map((x) => `${x.kind} ${hm(x.start)}-${hm(x.end)}`)).toEqual(['run 14:00-14:10', 'pause 14:10-14:13']);
	});

	it('no now line once the meeting is finished', () => {
		const { state } = heldMeeting();
		expect(timelineFigure(timelineData(state, at('16:00')), ja, 800).scene.marks.some((m) => m.tone === 'now')).toBe(false);
	});
});

describe('timeline of a meeting held on another day', () => {
	it('lays the plan on the day it was held, at the same clock times, and says so', () => {
		const { state, ids } = reference();
		const day = '2021-06-11';
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:02', day));
		s = mustAt(s, { type: 'agenda.next' }, at('14:31', day));
		s = mustAt(s, { type: 'agenda.finish' }, at('14:36', day));
		const d = timelineData(s, at('15:00', day));
		expect(d.shiftMs).toBe(7 * 24 * 60 * MIN);
		expect(d.items[0].plannedStart).toBe(at('14:00', day));
		const fig = timelineFigure(d, ja, 800);
		expect(fig.rows[0]).toMatchObject({ planned: '14:00〜14:30', actual: '14:02〜14:31', difference: '-1' });
		expect(fig.scene.summary).toContain('予定は2021年6月4日（金）。');
		// The axis spans the afternoon, not a week.
		const ticks = fig.scene.marks.filter((m): m is TextMark => m.kind === 'text' && /^\d\d:\d\d$/.test(m.text)).map((m) => m.text);
		expect(ticks[0]).toBe('14:00');
		expect(ticks.length).toBeLessThan(20);
	});

	it('before anything ran: the plan only, no actual bars', () => {
		const { state } = reference();
		const d = timelineData(state, at('13:00'));
		expect(d.items.every((i) => i.segments.length === 0 && i.status === 'upcoming')).toBe(true);
		expect(timelineFigure(d, ja, 800).scene.summary).toBe('議題8件。予定 14:00〜15:45。まだ始まっていない。');
	});
});
