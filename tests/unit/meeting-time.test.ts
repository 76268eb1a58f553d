/**
 * A meeting's time as people live it: the one phase every screen shows (before / running / finished /
 * rehearsal), a rehearsal run on another day and its reset to the plan, reopening a finished meeting,
 * the "another day" warning, impossible times refused with `invalid_time`, the demo scheduled from
 * now, and provisional (暫定) minutes of a running meeting.
 */
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/lib/shared/agenda/forecast.js';
import { isPreMeeting, meetingPhase } from '../../src/lib/shared/agenda/phase.js';
import { plannedSchedule } from '../../src/lib/shared/agenda/schedule.js';
import { DEMO_AGENDA, demoSchedule } from '../../src/lib/shared/demo.js';
import { meetingTimesRefusal } from '../../src/lib/shared/meeting/time-rules.js';
import { buildMinutes } from '../../src/lib/shared/minutes/model.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { formatTime } from '../../src/lib/shared/time/zoned.js';
import { actor, agendaMeeting, expectRefusedAt, MIN, mustAt, sendAt, T0, withItems } from '../helpers/world.js';

const DAY = 24 * 60 * MIN;
const tokyo = (ms: number) => formatTime(ms, 'Asia/Tokyo');

/** The reference programme's first four items (14:00 start, breakout pinned at 14:40). */
function programme() {
	return withItems(agendaMeeting(), [
		['説明', 30],
		['流れ', 5],
		['自己紹介', 5],
		['グループ討議', 40, 'breakout', '2021-06-04T14:40:00+09:00']
	]);
}


describe('the meeting phase', () => {
	it('is before, then running from the first start, then finished; reopening runs it again (organiser only)', () => {
		const { state, ids } = programme();
		expect(meetingPhase(state.agenda.run)).toBe('before');
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expect(meetingPhase(s.agenda.run)).toBe('running');
		s = mustAt(s, { type: 'agenda.finish' }, T0 + 30 * MIN);
		expect(meetingPhase(s.agenda.run)).toBe('finished');
		expectRefusedAt(s, { type: 'agenda.reopen' }, T0 + 31 * MIN, 'not_allowed', actor('facilitator', 'f'));
		const reopened = sendAt(s, { type: 'agenda.reopen' }, T0 + 32 * MIN);
		expect(reopened.ok).toBe(true);
		if (!reopened.ok) return;
		// The reopening is in the log with who did it; the times taken stay.
		expect(reopened.events.at(-1)).toMatchObject({ at: T0 + 32 * MIN, event: { type: 'agenda.reopened' } });
		expect(reopened.events.at(-1)!.actor).toBeTruthy();
		expect(meetingPhase(reopened.state.agenda.run)).toBe('running');
		expect(reopened.state.agenda.items[ids[0]].spans).toEqual([{ start: T0, end: T0 + 30 * MIN }]);
		// It goes on from any item, and can be finished again.
		s = mustAt(reopened.state, { type: 'agenda.start', itemId: ids[1] }, T0 + 33 * MIN);
		expect(s.agenda.run).toMatchObject({ status: 'running', currentId: ids[1], startedAt: T0 });
		expect(meetingPhase(mustAt(s, { type: 'agenda.finish' }, T0 + 40 * MIN).agenda.run)).toBe('finished');
	});

	it('refuses to reopen a meeting that is not finished (wrong_state)', () => {
		const { state, ids } = programme();
		expectRefusedAt(state, { type: 'agenda.reopen' }, T0, 'wrong_state');
		expectRefusedAt(mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0), { type: 'agenda.reopen' }, T0 + MIN, 'wrong_state');
	});

	it('counts questions as pre-meeting (事前質問) only before anything ran, never in a finished meeting', () => {
		const { state, ids } = programme();
		expect(isPreMeeting(state, T0 - DAY)).toBe(true);
		// Started a day early: the meeting is under way, not "before" any more.
		const early = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0 - DAY);
		expect(isPreMeeting(early, T0 - DAY + MIN)).toBe(false);
		const finished = mustAt(early, { type: 'agenda.finish' }, T0 - DAY + 10 * MIN);
		expect(isPreMeeting(finished, T0 - DAY + 20 * MIN)).toBe(false);
		const rehearsal = mustAt(state, { type: 'agenda.start', itemId: ids[0], rehearsal: true }, T0 - DAY);
		expect(isPreMeeting(rehearsal, T0 - DAY + MIN)).toBe(false);
	});
});

describe('a rehearsal', () => {
	// The day before, at 18:30.
	const R = T0 - DAY + 4.5 * 60 * MIN;

	it('is marked as such, and forecasts from when it started instead of for the meeting’s day', () => {
		const { state, ids } = programme();
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0], rehearsal: true }, R);
		expect(s.agenda.run).toMatchObject({ status: 'running', rehearsal: true, startedAt: R });
		expect(meetingPhase(s.agenda.run)).toBe('rehearsal');
		// The whole plan moves to 18:30, the pinned breakout with it (14:40 → 19:10).
		expect(plannedSchedule(s).map((r) => tokyo(r.start))).toEqual(['18:30', '19:00', '19:05', '19:10']);
		const f = forecast(s, R + 10 * MIN);
		expect(f.rows.map((r) => r.delayMs)).toEqual([0, 0, 0, 0]);
		expect(f.squeezed).toEqual([]);
		expect(tokyo(f.deadline!)).toBe('20:15');
	});

	it('resets to the plan: run times, extensions and broadcasts cleared; programme, rooms, roster and questions kept', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'room.add', name: 'ルーム1' }, R - MIN);
		s = mustAt(s, { type: 'member.add', name: '青木 誠', role: 'participant' }, R - MIN);
		s = mustAt(s, { type: 'agenda.start', itemId: ids[0], rehearsal: true }, R);
		s = mustAt(s, { type: 'agenda.extend', minutes: 5 }, R + MIN);
		s = mustAt(s, { type: 'broadcast.send', text: 'あと5分です' }, R + 2 * MIN);
		s = mustAt(s, { type: 'agenda.next', itemId: ids[3] }, R + 3 * MIN);
		s = mustAt(s, { type: 'agenda.finish' }, R + 4 * MIN);
		// A finished rehearsal stays a rehearsal (it is reset, not reopened).
		expect(meetingPhase(s.agenda.run)).toBe('rehearsal');
		expectRefusedAt(s, { type: 'agenda.reopen' }, R + 5 * MIN, 'wrong_state');
		expectRefusedAt(s, { type: 'agenda.reset' }, R + 5 * MIN, 'not_allowed', actor('participant', 'p'));
		const reset = mustAt(s, { type: 'agenda.reset' }, R + 5 * MIN);
		expect(meetingPhase(reset.agenda.run)).toBe('before');
		expect(reset.agenda.run).toEqual({ status: 'ready', currentId: null, startedAt: null, finishedAt: null });
		expect(reset.agenda.broadcasts).toEqual([]);
		for (const id of ids) expect(reset.agenda.items[id]).toMatchObject({ spans: [], pauses: [], extensions: [], title: s.agenda.items[id].title });
		expect(reset.rooms).toEqual(s.rooms);
		expect(reset.members).toEqual(s.members);
		expect(reset.questions).toEqual(s.questions);
		// Emptying the boards is asked for in the reset itself (the server empties them when it commits).
		const plain = sendAt(s, { type: 'agenda.reset' }, R + 5 * MIN);
		const clearing = sendAt(s, { type: 'agenda.reset', clearBoards: true }, R + 5 * MIN);
		expect([plain, clearing].map((x) => (x.ok ? x.events.at(-1)?.event : x.code))).toEqual([{ type: 'agenda.reset' }, { type: 'agenda.reset', clearBoards: true }]);
		// The real meeting then runs from its own plan.
		const real = mustAt(reset, { type: 'agenda.start', itemId: ids[0] }, T0);
		expect(meetingPhase(real.agenda.run)).toBe('running');
		expect(plannedSchedule(real).map((r) => tokyo(r.start))).toEqual(['14:00', '14:30', '14:35', '14:40']);
	});

	it('can be reset while it runs; a real run is never reset, nor turned into a rehearsal', () => {
		const { state, ids } = programme();
		const running = mustAt(state, { type: 'agenda.start', itemId: ids[0], rehearsal: true }, R);
		expect(meetingPhase(mustAt(running, { type: 'agenda.reset' }, R + MIN).agenda.run)).toBe('before');
		const real = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expectRefusedAt(real, { type: 'agenda.reset' }, T0 + MIN, 'wrong_state');
		expectRefusedAt(state, { type: 'agenda.reset' }, T0, 'wrong_state');
		const between = mustAt(mustAt(real, { type: 'agenda.finish' }, T0 + MIN), { type: 'agenda.reopen' }, T0 + 2 * MIN);
		expectRefusedAt(between, { type: 'agenda.start', itemId: ids[1], rehearsal: true }, T0 + 3 * MIN, 'wrong_state');
	});
});

describe('starting on another day', () => {
	it('answers otherDay when a real run starts on another date (in the meeting’s zone) than planned; not on the day, not for a rehearsal', () => {
		const { state, ids } = programme();
		const start = (at: number, rehearsal = false) => sendAt(state, { type: 'agenda.start', itemId: ids[0], rehearsal }, at);
		expect(start(T0 - DAY)).toMatchObject({ ok: true, result: { otherDay: true } });
		expect(start(T0 - 5 * 60 * MIN)).toMatchObject({ ok: true }); // 09:00 the same day
		expect(start(T0 - 5 * 60 * MIN)).not.toHaveProperty('result.otherDay');
		expect(start(T0 - DAY, true)).not.toHaveProperty('result.otherDay');
		// 00:30 JST the next day is another day even though it is the same UTC date as 14:00 JST.
		expect(start(Date.parse('2021-06-05T00:30:00+09:00'))).toMatchObject({ result: { otherDay: true } });
	});
});

describe('impossible times', () => {
	it('refuses a meeting that ends before (or when) it starts, or lasts more than a day', () => {
		expect(meetingTimesRefusal('2021-06-04T14:00:00+09:00', '2021-06-04T13:00:00+09:00')).toMatchObject({ code: 'invalid_time', detail: expect.stringMatching(/^endsAt/) });
		expect(meetingTimesRefusal('2021-06-04T14:00:00+09:00', '2021-06-04T14:00:00+09:00')).toMatchObject({ code: 'invalid_time' });
		expect(meetingTimesRefusal('2021-06-04T14:00:00+09:00', '2021-06-05T14:01:00+09:00')).toMatchObject({ code: 'invalid_time' });
		expect(meetingTimesRefusal('2021-06-04T14:00:00+09:00', '2021-06-04T15:45:00+09:00')).toBeNull();
		expect(meetingTimesRefusal('2021-06-04T14:00:00+09:00', null)).toBeNull();
	});

	it('meeting.update refuses an end before the start, also when only one of them changes', () => {
		const state = agendaMeeting();
		expectRefusedAt(state, { type: 'meeting.update', endsAt: '2021-06-04T13:00:00+09:00' }, T0, 'invalid_time');
		expectRefusedAt(state, { type: 'meeting.update', startsAt: '2021-06-04T16:00:00+09:00' }, T0, 'invalid_time');
		expectRefusedAt(state, { type: 'meeting.update', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T13:00:00+09:00' }, T0, 'invalid_time');
		const moved = mustAt(state, { type: 'meeting.update', startsAt: '2021-06-05T14:00:00+09:00', endsAt: '2021-06-05T15:45:00+09:00' }, T0);
		expect(moved.meeting.endsAt).toBe('2021-06-05T15:45:00+09:00');
		expect(mustAt(state, { type: 'meeting.update', endsAt: null }, T0).meeting.endsAt).toBeNull();
	});

	it('agenda.add and agenda.update refuse a pinned start outside the meeting', () => {
		const { state, ids } = programme();
		const add = (startsAt: string) => ({ type: 'agenda.add', title: '閉会', durationMinutes: 5, startsAt });
		expectRefusedAt(state, add('2021-06-04T13:59:00+09:00'), T0, 'invalid_time');
		expectRefusedAt(state, add('2021-06-04T15:45:00+09:00'), T0, 'invalid_time');
		expectRefusedAt(state, { type: 'agenda.update', itemId: ids[3], startsAt: '2021-06-05T14:40:00+09:00' }, T0, 'invalid_time');
		expect(sendAt(state, add('2021-06-04T15:40:00+09:00'), T0).ok).toBe(true);
		expect(sendAt(state, { type: 'agenda.update', itemId: ids[3], startsAt: null }, T0).ok).toBe(true);
	});
});

describe('the demo scheduled from now', () => {
	it('opened at 18:30 starts at 18:35 with the reference durations and pinned starts moved with it', () => {
		const now = Date.parse('2026-12-01T18:30:00+09:00');
		const s = demoSchedule(now, 'Asia/Tokyo');
		expect(s.startsAt).toBe('2026-12-01T18:35:00+09:00');
		expect(s.endsAt).toBe('2026-12-01T20:20:00+09:00');
		expect(s.itemStarts).toEqual(['2026-12-01T18:35:00+09:00', '2026-12-01T19:05:00+09:00', null, '2026-12-01T19:15:00+09:00', '2026-12-01T19:55:00+09:00', null, null, null]);
		expect(DEMO_AGENDA.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(105);
	});

	it('always gives at least a minute before the first item, and crosses midnight as a clock does', () => {
		expect(demoSchedule(Date.parse('2026-12-01T18:34:30+09:00')).startsAt).toBe('2026-12-01T18:40:00+09:00');
		const late = demoSchedule(Date.parse('2026-12-01T23:58:00+09:00'));
		expect(late.startsAt).toBe('2026-12-02T00:00:00+09:00');
		expect(late.endsAt).toBe('2026-12-02T01:45:00+09:00');
	});
});

describe('minutes of a running meeting', () => {
	it('are marked 暫定 with the time they were taken, and give no actual end yet', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0 + 2 * MIN);
		s = mustAt(s, { type: 'agenda.next' }, T0 + 3 * MIN);
		const m = buildMinutes(s, {}, null, { now: T0 + 4 * MIN });
		expect(m.provisional).toBe('暫定・14:04時点');
		expect(m.overview.actual).toBe('14:02〜');
		expect(m.overview.actualNote).toBe('（実績時刻 14:02〜・2分遅れで開始・暫定・14:04時点）');
		expect(renderMarkdown(m)).toContain('この議事録は14:04時点の暫定版です');
		const en = buildMinutes(s, {}, null, { now: T0 + 4 * MIN, lang: 'en' });
		expect(en.overview.actualNote).toBe(' (Actual 14:02–, started 2 min late, provisional, as of 14:04)');
		expect(en.programme[0].actual).toBe('14:02–14:03');
	});

	it('are final once the meeting finished, and a rehearsal’s minutes say so', () => {
		const { state, ids } = programme();
		const done = mustAt(mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0), { type: 'agenda.finish' }, T0 + 30 * MIN);
		const m = buildMinutes(done, {}, null, { now: T0 + 40 * MIN });
		expect([m.provisional, m.provisionalNote, m.rehearsal]).toEqual([null, null, false]);
		expect(m.overview.actualNote).toBe('（実績時刻 14:00〜14:30）');
		const rehearsal = mustAt(state, { type: 'agenda.start', itemId: ids[0], rehearsal: true }, T0 - DAY);
		const r = buildMinutes(rehearsal, {}, null, { now: T0 - DAY + MIN });
		expect(r.rehearsal).toBe(true);
		expect(renderMarkdown(r).split('\n')[0]).toMatch(/開催報告（リハーサル）（内部資料）$/);
	});
});
