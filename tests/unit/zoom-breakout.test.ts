/**
 * The room plan as Zoom's pre-assignment CSV, in memory: one row per person with a room and an
 * email, in room order; people without an email listed apart; Zoom's limits of 100 rooms and 1,000
 * people checked.
 */
import { describe, expect, it } from 'vitest';
import { breakoutPlan } from '../../src/lib/shared/zoom/breakout.js';
import type { MeetingState, Member } from '../../src/lib/shared/meeting/types.js';
import { World } from '../helpers/world.js';

describe('breakoutPlan', () => {
	it('lists people with a room and an email under Zoom’s headers, and the others apart', () => {
		const w = new World();
		const one = w.room('ルーム1');
		const two = w.room('ルーム2');
		const add = (name: string, roomId: string | null, email: string) => w.must(w.organiser, { type: 'member.add', name, roomId, email });
		add('林 浩二', two, 'hayashi@example.jp');
		add('野口 聡', one, 'noguchi@example.jp');
		add('橋本 陽子', one, '');
		add('木村 翔', null, 'kimura@example.jp');
		const plan = breakoutPlan(w.state);
		expect(plan.table).toEqual([
			['Pre-assign Room Name', 'Email Address'],
			['ルーム1', 'noguchi@example.jp'],
			['ルーム2', 'hayashi@example.jp']
		]);
		expect(plan.missingEmail.map((m) => m.name)).toEqual(['橋本 陽子']);
		expect(plan.overLimits).toEqual([]);
	});

	it('says when the plan goes over 100 rooms or 1,000 people', () => {
		const rooms = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`r${i}`, { id: `r${i}`, name: `ルーム${i + 1}`, purpose: '', order: i, editPolicy: 'facilitators' as const }]));
		const person = (i: number, roomId: string): Member => ({ id: `m${i}`, name: `参加者${i}`, organisation: '', category: 'agency', department: '', roomId, role: 'participant', selfJoined: false, createdAt: 0, email: `p${i}@example.jp` });
		const members = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`m${i}`, person(i, `r${i % 101}`)]));
		const state = { rooms, members } as Pick<MeetingState, 'rooms' | 'members'>;
		expect(breakoutPlan(state).overLimits).toEqual(['rooms', 'people']);
		const fits = Object.fromEntries(Object.entries(members).slice(0, 1000).map(([id, m]) => [id, { ...m, roomId: `r${Number(id.slice(1)) % 100}` }]));
		expect(breakoutPlan({ rooms, members: fits }).overLimits).toEqual([]);
	});
});
