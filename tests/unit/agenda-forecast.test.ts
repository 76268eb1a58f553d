/**
 * Forecast arithmetic with fixed clocks, on the reference meeting's programme (14:00, 8 items,
 * planned end 15:45): expected end, delay, squeezed items, pauses, extensions, late start, finish.
 */
import { describe, expect, it } from 'vitest';
import { forecast, formatCountdown, roundMinutes } from '../../src/lib/shared/agenda/forecast.js';
import { formatTime } from '../../src/lib/shared/time/zoned.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { agendaMeeting, MIN, mustAt, referenceProgramme, T0, withItems } from '../helpers/world.js';

const hm = (t: number | null) => (t === null ? null : formatTime(t, 'Asia/Tokyo'));
const at = (hhmm: string) => Date.parse(`2021-06-04T${hhmm}:00+09:00`);

const reference = referenceProgramme;

function sevenLate(): { state: MeetingState; ids: string[] } {
	const { state, ids } = reference();
	let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
	s = mustAt(s, { type: 'agenda.next' }, at('14:37'));
	return { state: s, ids };
}

describe('forecast', () => {
	it('before the start, on time: the plan itself, ending 15:45 (+0)', () => {
		const f = forecast(reference().state, at('13:50'));
		expect(f.status).toBe('ready');
		expect(hm(f.plannedEnd)).toBe('15:45');
		expect(hm(f.expectedEnd)).toBe('15:45');
		expect(f.deltaMs).toBe(0);
		expect(f.squeezed).toEqual([]);
		expect(f.rows.map((r) => `${hm(r.expectedStart)}-${hm(r.expectedEnd)}`)).toEqual([
			'14:00-14:30', '14:30-14:35', '14:35-14:40', '14:40-15:20', '15:20-15:30', '15:30-15:40', '15:40-15:43', '15:43-15:45'
		]);
	});

	it('the first item overran by 7 minutes: "15:52終了見込み（+7分）", and the last three items are squeezed', () => {
		const { state, ids } = sevenLate();
		const f = forecast(state, at('14:38'));
		expect(f.current).toMatchObject({ remainingMs: 4 * MIN, paused: false });
		expect(hm(f.expectedEnd)).toBe('15:52');
		expect(roundMinutes(f.deltaMs)).toBe(7);
		expect(f.rows[0]).toMatchObject({ status: 'done', actualStart: at('14:00'), actualEnd: at('14:37') });
		expect(f.rows[1]).toMatchObject({ status: 'current', delayMs: 7 * MIN });
		expect(f.rows[3]).toMatchObject({ status: 'upcoming', expectedStart: at('14:47'), delayMs: 7 * MIN });
		expect(f.squeezed.map((r) => [r.item.id, r.squeezedMs / MIN])).toEqual([
			[ids[5], 2],
			[ids[6], 3],
			[ids[7], 2]
		]);
	});

	it('a meeting booked until 15:40 squeezes more of the end, even on plan', () => {
		const { state } = reference('2021-06-04T15:40:00+09:00');
		const f = forecast(state, at('13:00'));
		expect(hm(f.deadline)).toBe('15:40');
		expect(f.squeezed.map((r) => [r.item.title, r.squeezedMs / MIN])).toEqual([
			['次回のテーマ', 3],
			['次回日程', 2]
		]);
	});

	it('over time on the current item pushes everything by the overrun, minute by minute', () => {
		const { state, ids } = reference();
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		const f = forecast(s, at('14:33'));
		expect(f.current!.remainingMs).toBe(-3 * MIN);
		expect(hm(f.expectedEnd)).toBe('15:48');
		expect(hm(forecast(s, at('14:34')).expectedEnd)).toBe('15:49');
	});

	it('a pause moves the forecast while it lasts; an extension adds its minutes', () => {
		const { state, ids } = reference();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		s = mustAt(s, { type: 'agenda.pause' }, at('14:10'));
		const paused = forecast(s, at('14:14'));
		expect(paused.current).toMatchObject({ paused: true, remainingMs: 20 * MIN });
		expect(hm(paused.expectedEnd)).toBe('15:49');
		s = mustAt(s, { type: 'agenda.resume' }, at('14:14'));
		s = mustAt(s, { type: 'agenda.extend', minutes: 5 }, at('14:20'));
		const f = forecast(s, at('14:20'));
		expect(f.current!.remainingMs).toBe(19 * MIN);
		expect(hm(f.expectedEnd)).toBe('15:54');
	});

	it('slack before a pinned start absorbs a delay; being early does not pull pinned items forward', () => {
		const { state, ids } = withItems(agendaMeeting(null), [
			['A', 20],
			['B', 30, 'plenary', '2021-06-04T14:30:00+09:00']
		]);
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:05'));
		const late = forecast(s, at('14:06'));
		expect(hm(late.rows[1].expectedStart)).toBe('14:30');
		expect(late.deltaMs).toBe(0);
		const early = mustAt(s, { type: 'agenda.next', itemId: ids[1] }, at('14:20'));
		expect(hm(forecast(early, at('14:21')).expectedEnd)).toBe('14:50');
	});

	it('a late start shifts the whole plan', () => {
		const f = forecast(reference().state, at('14:06'));
		expect(hm(f.expectedEnd)).toBe('15:51');
		expect(roundMinutes(f.deltaMs)).toBe(6);
	});

	it('skipped items drop out of the forecast; after finishing, the actual end is the end', () => {
		const { state, ids } = reference();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, at('14:00'));
		s = mustAt(s, { type: 'agenda.next', itemId: ids[7] }, at('15:30'));
		const f = forecast(s, at('15:31'));
		expect(f.rows.slice(1, 7).every((r) => r.status === 'skipped')).toBe(true);
		expect(hm(f.expectedEnd)).toBe('15:32');
		s = mustAt(s, { type: 'agenda.finish' }, at('15:33'));
		const done = forecast(s, at('16:00'));
		expect(done.status).toBe('finished');
		expect(hm(done.expectedEnd)).toBe('15:33');
		expect(roundMinutes(done.deltaMs)).toBe(-12);
		expect(done.squeezed).toEqual([]);
		expect(done.current).toBeNull();
	});

	it('an empty programme forecasts nothing', () => {
		const f = forecast(agendaMeeting(null), T0);
		expect(f).toMatchObject({ rows: [], current: null, plannedEnd: null, expectedEnd: null, deltaMs: 0, squeezed: [] });
	});
});

describe('formatCountdown and roundMinutes', () => {
	it.each([
		[10 * MIN, '10:00', false],
		[59_001, '01:00', false],
		[1, '00:01', false],
		[0, '00:00', true],
		[-999, '00:00', true],
		[-1000, '00:01', true],
		[-(2 * MIN + 13_000), '02:13', true],
		[90 * MIN, '1:30:00', false]
	])('%i ms → %s (over: %s)', (ms, text, over) => {
		expect(formatCountdown(ms)).toEqual({ text, over });
	});

	it('rounds minutes half away from zero', () => {
		expect([roundMinutes(6.5 * MIN), roundMinutes(-6.5 * MIN), roundMinutes(29_000), roundMinutes(-29_000)]).toEqual([7, -7, 0, 0]);
	});
});
