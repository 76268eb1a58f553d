/**
 * Running the meeting: agenda.start / pause / resume / extend / next / finish and broadcast.send.
 * Server timestamps of every start, end, pause and extension land in the state; refusals carry a
 * code and leave the state unchanged.
 */
import { describe, expect, it } from 'vitest';
import { breakoutLive, elapsedMs, remainingMs } from '../../src/lib/shared/agenda/types.js';
import { actor, agendaMeeting, expectRefusedAt, MIN, mustAt, T0, withItems } from '../helpers/world.js';

function programme() {
	return withItems(agendaMeeting(), [
		['説明', 30],
		['流れ', 5],
		['グループ討議', 40, 'breakout'],
		['共有', 10]
	]);
}


describe('agenda.start', () => {
	it('makes the item current and records the server time as its start and the meeting start', () => {
		const { state, ids } = programme();
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0 + 2 * MIN);
		expect(s.agenda.run).toEqual({ status: 'running', currentId: ids[0], startedAt: T0 + 2 * MIN, finishedAt: null });
		expect(s.agenda.items[ids[0]].spans).toEqual([{ start: T0 + 2 * MIN, end: null }]);
		expect(remainingMs(s.agenda.items[ids[0]], T0 + 12 * MIN)).toBe(20 * MIN);
	});

	it('refuses while another item runs or is paused (wrong_state), unknown items (not_found), non-organisers (not_allowed)', () => {
		const { state, ids } = programme();
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expectRefusedAt(s, { type: 'agenda.start', itemId: ids[1] }, T0 + MIN, 'wrong_state');
		expectRefusedAt(s, { type: 'agenda.start', itemId: ids[0] }, T0 + MIN, 'wrong_state');
		const paused = mustAt(s, { type: 'agenda.pause' }, T0 + MIN);
		expectRefusedAt(paused, { type: 'agenda.start', itemId: ids[1] }, T0 + 2 * MIN, 'wrong_state');
		expectRefusedAt(state, { type: 'agenda.start', itemId: 'nope' }, T0, 'not_found');
		expectRefusedAt(state, { type: 'agenda.start', itemId: ids[0] }, T0, 'not_allowed', actor('participant', 'p1'));
		expectRefusedAt(state, { type: 'agenda.start' }, T0, 'invalid');
	});
});

describe('agenda.pause / resume', () => {
	it('stops the countdown while paused and keeps both timestamps', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[1] }, T0);
		s = mustAt(s, { type: 'agenda.pause' }, T0 + 2 * MIN);
		expect(s.agenda.run.status).toBe('paused');
		const item = () => s.agenda.items[ids[1]];
		expect(elapsedMs(item(), T0 + 10 * MIN)).toBe(2 * MIN);
		s = mustAt(s, { type: 'agenda.resume' }, T0 + 4 * MIN);
		expect(s.agenda.run.status).toBe('running');
		expect(item().pauses).toEqual([{ from: T0 + 2 * MIN, to: T0 + 4 * MIN }]);
		expect(remainingMs(item(), T0 + 5 * MIN)).toBe(2 * MIN);
		expect(remainingMs(item(), T0 + 8 * MIN)).toBe(-1 * MIN);
	});

	it('refuses pause when not running and resume when not paused (wrong_state)', () => {
		const { state, ids } = programme();
		expectRefusedAt(state, { type: 'agenda.pause' }, T0, 'wrong_state');
		expectRefusedAt(state, { type: 'agenda.resume' }, T0, 'wrong_state');
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expectRefusedAt(s, { type: 'agenda.resume' }, T0, 'wrong_state');
		const p = mustAt(s, { type: 'agenda.pause' }, T0 + 1);
		expectRefusedAt(p, { type: 'agenda.pause' }, T0 + 2, 'wrong_state');
		expectRefusedAt(s, { type: 'agenda.pause' }, T0, 'not_allowed', actor('ministry', 'm'));
	});
});

describe('agenda.extend', () => {
	it('adds minutes to the current item with the time they were added', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[1] }, T0);
		s = mustAt(s, { type: 'agenda.extend', minutes: 5 }, T0 + 4 * MIN);
		s = mustAt(s, { type: 'agenda.extend', minutes: 2 }, T0 + 9 * MIN);
		expect(s.agenda.items[ids[1]].extensions).toEqual([{ at: T0 + 4 * MIN, minutes: 5 }, { at: T0 + 9 * MIN, minutes: 2 }]);
		expect(remainingMs(s.agenda.items[ids[1]], T0 + 10 * MIN)).toBe(2 * MIN);
	});

	it.each([-5, 0, 2.5, 121, 10_000])('refuses %s minutes with invalid', (minutes) => {
		const { state, ids } = programme();
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expectRefusedAt(s, { type: 'agenda.extend', minutes }, T0 + MIN, 'invalid');
	});

	it('refuses when nothing is current (wrong_state)', () => {
		expectRefusedAt(programme().state, { type: 'agenda.extend', minutes: 5 }, T0, 'wrong_state');
	});
});

describe('agenda.next', () => {
	it('ends the current item and starts the next at the same server instant', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		s = mustAt(s, { type: 'agenda.next' }, T0 + 33 * MIN);
		expect(s.agenda.items[ids[0]].spans).toEqual([{ start: T0, end: T0 + 33 * MIN }]);
		expect(s.agenda.items[ids[1]].spans).toEqual([{ start: T0 + 33 * MIN, end: null }]);
		expect(s.agenda.run.currentId).toBe(ids[1]);
	});

	it('ending a paused item closes its pause', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		s = mustAt(s, { type: 'agenda.pause' }, T0 + MIN);
		s = mustAt(s, { type: 'agenda.next' }, T0 + 3 * MIN);
		expect(s.agenda.items[ids[0]].pauses).toEqual([{ from: T0 + MIN, to: T0 + 3 * MIN }]);
		expect(s.agenda.run.status).toBe('running');
	});

	it('starting a breakout opens the breakout phase with a "go to your rooms" broadcast; ending it calls everyone back', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[1] }, T0);
		expect(breakoutLive(s.agenda)).toBe(false);
		s = mustAt(s, { type: 'agenda.next' }, T0 + 5 * MIN);
		expect(breakoutLive(s.agenda)).toBe(true);
		expect(s.agenda.broadcasts.at(-1)).toMatchObject({ kind: 'go_to_rooms', roomId: null, at: T0 + 5 * MIN });
		s = mustAt(s, { type: 'agenda.next' }, T0 + 45 * MIN);
		expect(breakoutLive(s.agenda)).toBe(false);
		expect(s.agenda.broadcasts.at(-1)).toMatchObject({ kind: 'return_to_plenary', roomId: null, at: T0 + 45 * MIN });
	});

	it('jumps to a given item (skipping one, or going back to one that already ran)', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		s = mustAt(s, { type: 'agenda.next', itemId: ids[3] }, T0 + 30 * MIN);
		expect(s.agenda.run.currentId).toBe(ids[3]);
		s = mustAt(s, { type: 'agenda.next', itemId: ids[0] }, T0 + 40 * MIN);
		expect(s.agenda.items[ids[0]].spans).toEqual([{ start: T0, end: T0 + 30 * MIN }, { start: T0 + 40 * MIN, end: null }]);
		expect(elapsedMs(s.agenda.items[ids[0]], T0 + 41 * MIN)).toBe(31 * MIN);
	});

	it('refuses after the last item, to the current item, with nothing current, and unknown targets', () => {
		const { state, ids } = programme();
		expectRefusedAt(state, { type: 'agenda.next' }, T0, 'wrong_state');
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[3] }, T0);
		expectRefusedAt(s, { type: 'agenda.next' }, T0 + MIN, 'wrong_state');
		expectRefusedAt(s, { type: 'agenda.next', itemId: ids[3] }, T0 + MIN, 'wrong_state');
		expectRefusedAt(s, { type: 'agenda.next', itemId: 'zz' }, T0 + MIN, 'not_found');
		expectRefusedAt(s, { type: 'agenda.next' }, T0 + MIN, 'not_allowed', actor('display'));
	});
});

describe('agenda.finish', () => {
	it('ends the current item and closes the meeting; no run command works on a finished meeting (it must be reopened)', () => {
		const { state, ids } = programme();
		let s = mustAt(state, { type: 'agenda.start', itemId: ids[2] }, T0);
		s = mustAt(s, { type: 'agenda.finish' }, T0 + 50 * MIN);
		expect(s.agenda.run).toEqual({ status: 'finished', currentId: null, startedAt: T0, finishedAt: T0 + 50 * MIN });
		expect(s.agenda.items[ids[2]].spans).toEqual([{ start: T0, end: T0 + 50 * MIN }]);
		expect(s.agenda.broadcasts.at(-1)).toMatchObject({ kind: 'return_to_plenary' });
		for (const raw of [
			{ type: 'agenda.start', itemId: ids[0] },
			{ type: 'agenda.next' },
			{ type: 'agenda.next', itemId: ids[0] },
			{ type: 'agenda.pause' },
			{ type: 'agenda.resume' },
			{ type: 'agenda.extend', minutes: 5 },
			{ type: 'agenda.finish' }
		])
			expectRefusedAt(s, raw, T0 + 60 * MIN, 'wrong_state');
	});

	it('refuses to finish a meeting that never started (wrong_state) and non-organisers (not_allowed)', () => {
		const { state, ids } = programme();
		expectRefusedAt(state, { type: 'agenda.finish' }, T0, 'wrong_state');
		const s = mustAt(state, { type: 'agenda.start', itemId: ids[0] }, T0);
		expectRefusedAt(s, { type: 'agenda.finish' }, T0, 'not_allowed', actor('facilitator', 'f'));
	});
});

describe('broadcast.send', () => {
	it('keeps the message with the server time, for everyone or one room', () => {
		let s = mustAt(agendaMeeting(), { type: 'room.add', name: 'ルーム1' }, T0);
		const roomId = Object.keys(s.rooms)[0];
		s = mustAt(s, { type: 'broadcast.send', text: '残り5分です' }, T0 + MIN);
		s = mustAt(s, { type: 'broadcast.send', text: 'まとめに入ってください', roomId }, T0 + 2 * MIN);
		expect(s.agenda.broadcasts.map(({ id: _id, ...b }) => b)).toEqual([
			{ kind: 'message', text: '残り5分です', roomId: null, at: T0 + MIN },
			{ kind: 'message', text: 'まとめに入ってください', roomId, at: T0 + 2 * MIN }
		]);
	});

	it('keeps only the latest 30 in state', () => {
		let s = agendaMeeting();
		for (let i = 0; i < 35; i++) s = mustAt(s, { type: 'broadcast.send', text: `m${i}` }, T0 + i);
		expect(s.agenda.broadcasts).toHaveLength(30);
		expect(s.agenda.broadcasts[0].text).toBe('m5');
	});

	it('refuses empty or long text (invalid), unknown rooms (not_found) and non-organisers (not_allowed)', () => {
		const s = agendaMeeting();
		expectRefusedAt(s, { type: 'broadcast.send', text: '  ' }, T0, 'invalid');
		expectRefusedAt(s, { type: 'broadcast.send', text: 'あ'.repeat(201) }, T0, 'invalid');
		expectRefusedAt(s, { type: 'broadcast.send', text: 'x', roomId: 'nope' }, T0, 'not_found');
		expectRefusedAt(s, { type: 'broadcast.send', text: 'x' }, T0, 'not_allowed', actor('participant', 'p'));
	});
});
