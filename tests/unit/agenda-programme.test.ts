/**
 * Building the programme: agenda.add / update / move / remove through the real schema, decide and
 * reduce; planned times recompute; bad input is refused with a code and leaves the state unchanged.
 */
import { describe, expect, it } from 'vitest';
import { plannedSchedule } from '../../src/lib/shared/agenda/schedule.js';
import { sortedItems } from '../../src/lib/shared/agenda/types.js';
import { formatTime } from '../../src/lib/shared/time/zoned.js';
import { actor, agendaMeeting, MIN, sendAt, T0, withItems } from '../helpers/world.js';

const times = (s: ReturnType<typeof agendaMeeting>) => plannedSchedule(s).map((r) => `${formatTime(r.start, 'Asia/Tokyo')} ${r.item.title}`);

describe('agenda.add', () => {
	it('adds an item with every field and answers its id', () => {
		const r = sendAt(agendaMeeting(), {
			type: 'agenda.add',
			title: '本日の流れ・資料の説明',
			durationMinutes: 5,
			kind: 'plenary',
			startsAt: '2021-06-04T14:30:00+09:00',
			presenter: '運営',
			notes: '資料は事前配布',
			attendance: '厚労省はこの議題から参加'
		}, T0);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const item = r.state.agenda.items[String(r.result!.id)];
		expect(item).toMatchObject({ title: '本日の流れ・資料の説明', durationMinutes: 5, kind: 'plenary', presenter: '運営', notes: '資料は事前配布', attendance: '厚労省はこの議題から参加', spans: [], pauses: [], extensions: [] });
		expect(Date.parse(item.startsAt!)).toBe(T0 + 30 * MIN);
	});

	it('planned times follow durations from the meeting start, and a pinned start wins', () => {
		const { state } = withItems(agendaMeeting(), [
			['説明', 30],
			['流れ', 5],
			['自己紹介', 5],
			['グループ討議', 40, 'breakout', '2021-06-04T14:45:00+09:00'],
			['共有', 10]
		]);
		expect(times(state)).toEqual(['14:00 説明', '14:30 流れ', '14:35 自己紹介', '14:45 グループ討議', '15:25 共有']);
		expect(plannedSchedule(state)[3].gapMs).toBe(5 * MIN);
	});

	it.each([
		['negative', -5],
		['zero', 0],
		['fractional', 1.5],
		['absurd', 100_000],
		['a string', '10'],
		['NaN-ish null', null]
	])('refuses a %s duration with invalid, state unchanged', (_name, durationMinutes) => {
		const s = agendaMeeting();
		const r = sendAt(s, { type: 'agenda.add', title: '議題', durationMinutes, kind: 'plenary' }, T0);
		expect(r).toMatchObject({ ok: false, code: 'invalid' });
		expect(r.state).toBe(s);
	});

	it('refuses an empty title, an unknown kind and unknown fields', () => {
		const s = agendaMeeting();
		expect(sendAt(s, { type: 'agenda.add', title: '   ', durationMinutes: 5 }, T0)).toMatchObject({ ok: false, code: 'invalid' });
		expect(sendAt(s, { type: 'agenda.add', title: 'x', durationMinutes: 5, kind: 'party' }, T0)).toMatchObject({ ok: false, code: 'invalid' });
		expect(sendAt(s, { type: 'agenda.add', title: 'x', durationMinutes: 5, order: 1 }, T0)).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('refuses non-organisers with not_allowed, state unchanged', () => {
		const s = agendaMeeting();
		for (const role of ['participant', 'facilitator', 'ministry', 'display'] as const) {
			const r = sendAt(s, { type: 'agenda.add', title: '議題', durationMinutes: 5 }, T0, actor(role, 'mem1'));
			expect(r).toMatchObject({ ok: false, code: 'not_allowed' });
			expect(r.state).toBe(s);
		}
	});

	it('refuses a 61st item with too_large', () => {
		let s = agendaMeeting();
		for (let i = 0; i < 60; i++) s = withItems(s, [[`議題${i}`, 1]]).state;
		expect(sendAt(s, { type: 'agenda.add', title: 'もう一つ', durationMinutes: 1 }, T0)).toMatchObject({ ok: false, code: 'too_large' });
	});
});

describe('agenda.update', () => {
	it('changes fields and unpins a start with null; planned times recompute', () => {
		const { state, ids } = withItems(agendaMeeting(), [['説明', 30], ['討議', 40, 'breakout', '2021-06-04T14:40:00+09:00'], ['共有', 10]]);
		const r = sendAt(state, { type: 'agenda.update', itemId: ids[0], durationMinutes: 20, presenter: '森' }, T0);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(times(r.state)).toEqual(['14:00 説明', '14:40 討議', '15:20 共有']);
		const r2 = sendAt(r.state, { type: 'agenda.update', itemId: ids[1], startsAt: null, title: 'グループ討議' }, T0);
		expect(r2.ok && times(r2.state)).toEqual(['14:00 説明', '14:20 グループ討議', '15:00 共有']);
		expect(r.ok && r.state.agenda.items[ids[0]].presenter).toBe('森');
	});

	it('refuses an unknown item (not_found), a bad duration (invalid) and non-organisers (not_allowed)', () => {
		const { state, ids } = withItems(agendaMeeting(), [['説明', 30]]);
		expect(sendAt(state, { type: 'agenda.update', itemId: 'nope', title: 'x' }, T0)).toMatchObject({ ok: false, code: 'not_found' });
		expect(sendAt(state, { type: 'agenda.update', itemId: ids[0], durationMinutes: -1 }, T0)).toMatchObject({ ok: false, code: 'invalid' });
		expect(sendAt(state, { type: 'agenda.update', itemId: ids[0], durationMinutes: 481 }, T0)).toMatchObject({ ok: false, code: 'invalid' });
		expect(sendAt(state, { type: 'agenda.update', itemId: ids[0], title: 'x' }, T0, actor('participant', 'p'))).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('agenda.move', () => {
	it('moves an item up, down, to the start and past the end; planned times recompute', () => {
		const { state, ids } = withItems(agendaMeeting(), [['A', 10], ['B', 20], ['C', 30]]);
		const order = (r: ReturnType<typeof sendAt>) => (r.ok ? sortedItems(r.state.agenda).map((i) => i.title).join('') : r.code);
		expect(order(sendAt(state, { type: 'agenda.move', itemId: ids[2], toIndex: 0 }, T0))).toBe('CAB');
		expect(order(sendAt(state, { type: 'agenda.move', itemId: ids[0], toIndex: 1 }, T0))).toBe('BAC');
		expect(order(sendAt(state, { type: 'agenda.move', itemId: ids[0], toIndex: 60 }, T0))).toBe('BCA');
		const r = sendAt(state, { type: 'agenda.move', itemId: ids[2], toIndex: 0 }, T0);
		expect(r.ok && times(r.state)).toEqual(['14:00 C', '14:30 A', '14:40 B']);
	});

	it('moving to the same place changes nothing', () => {
		const { state, ids } = withItems(agendaMeeting(), [['A', 10], ['B', 20]]);
		const r = sendAt(state, { type: 'agenda.move', itemId: ids[1], toIndex: 1 }, T0);
		expect(r.ok && r.events).toEqual([]);
	});

	it('refuses a negative index, an unknown item and non-organisers', () => {
		const { state, ids } = withItems(agendaMeeting(), [['A', 10], ['B', 20]]);
		expect(sendAt(state, { type: 'agenda.move', itemId: ids[0], toIndex: -1 }, T0)).toMatchObject({ ok: false, code: 'invalid' });
		expect(sendAt(state, { type: 'agenda.move', itemId: 'zz', toIndex: 0 }, T0)).toMatchObject({ ok: false, code: 'not_found' });
		expect(sendAt(state, { type: 'agenda.move', itemId: ids[0], toIndex: 1 }, T0, actor('facilitator', 'f'))).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('agenda.remove', () => {
	it('removes an item; planned times close up', () => {
		const { state, ids } = withItems(agendaMeeting(), [['A', 10], ['B', 20], ['C', 30]]);
		const r = sendAt(state, { type: 'agenda.remove', itemId: ids[1] }, T0);
		expect(r.ok && times(r.state)).toEqual(['14:00 A', '14:10 C']);
	});

	it('refuses to remove the current item (wrong_state) and unknown ones (not_found)', () => {
		const { state, ids } = withItems(agendaMeeting(), [['A', 10], ['B', 20]]);
		const started = sendAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expect(started.ok).toBe(true);
		if (!started.ok) return;
		const r = sendAt(started.state, { type: 'agenda.remove', itemId: ids[0] }, T0 + MIN);
		expect(r).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(r.state).toBe(started.state);
		expect(sendAt(state, { type: 'agenda.remove', itemId: 'zz' }, T0)).toMatchObject({ ok: false, code: 'not_found' });
	});
});
