/**
 * The Zoom App side panel's pure matching: Zoom meeting ids as people type them, Zoom's breakout
 * room names to Yoriai's rooms (an organiser's mapping first), the people in the Zoom meeting to the
 * room plan (email, then name; the host never assigned), and the `zoomMeetingId` setting kept from
 * everyone but organisers.
 */
import { describe, expect, it } from 'vitest';
import { normaliseZoomMeetingId, pushPlan, roomForZoomName, ZOOM_SDK_ROOMS } from '../../src/lib/shared/zoom/panel.js';
import { breakoutPlan } from '../../src/lib/shared/zoom/breakout.js';
import { visibleState } from '../../src/lib/shared/meeting/access.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';
import { World } from '../helpers/world.js';

describe('normaliseZoomMeetingId', () => {
	it('reads the id as Zoom shows it, with spaces, hyphens or full-width digits', () => {
		expect(normaliseZoomMeetingId('812 3456 7890')).toBe('81234567890');
		expect(normaliseZoomMeetingId('812-3456-7890')).toBe('81234567890');
		expect(normaliseZoomMeetingId('８１２３４５６７８９０')).toBe('81234567890');
	});

	it('refuses what is not a meeting id', () => {
		for (const bad of ['', '1234', '1234567890123', 'abc123456789', 'https://zoom.us/j/81234567890']) expect(normaliseZoomMeetingId(bad)).toBeNull();
	});
});

describe('meeting.update zoomMeetingId', () => {
	it('links digits only, unlinks with an empty string, and refuses anything else', () => {
		const w = new World();
		w.must(w.organiser, { type: 'meeting.update', zoomMeetingId: '81234567890' });
		expect(w.state.meeting.zoomMeetingId).toBe('81234567890');
		expect(w.run(w.organiser, { type: 'meeting.update', zoomMeetingId: '812 3456 7890' })).toMatchObject({ ok: false, code: 'invalid' });
		w.must(w.organiser, { type: 'meeting.update', zoomMeetingId: '' });
		expect(w.state.meeting.zoomMeetingId).toBe('');
	});

	it('is seen by organisers only', () => {
		const w = new World();
		w.must(w.organiser, { type: 'meeting.update', zoomMeetingId: '81234567890' });
		expect(visibleState(w.state, w.organiser).meeting.zoomMeetingId).toBe('81234567890');
		for (const role of ['participant', 'ministry', 'display'] as const) expect(visibleState(w.state, w.linkActor(role)).meeting).not.toHaveProperty('zoomMeetingId');
	});
});

describe('roomForZoomName', () => {
	it('matches Zoom’s room name to a room by its name, spaces and width folded', () => {
		const w = new World();
		w.room('ルーム1');
		const two = w.room('ルーム 2');
		const rooms = sortedRooms(w.state);
		expect(roomForZoomName(rooms, 'ルーム２')?.id).toBe(two);
		expect(roomForZoomName(rooms, 'Breakout Room 7')).toBeNull();
		expect(roomForZoomName(rooms, '')).toBeNull();
	});

	it('takes the organiser’s mapping first, and a mapped room no longer answers to its own name', () => {
		const w = new World();
		const one = w.room('ルーム1');
		const two = w.room('ルーム2');
		w.must(w.organiser, { type: 'room.update', roomId: two, zoomName: 'ルーム1' });
		const rooms = sortedRooms(w.state);
		expect(roomForZoomName(rooms, 'ルーム1')?.id).toBe(two);
		expect(roomForZoomName(rooms, 'ルーム2')).toBeNull();
		w.must(w.organiser, { type: 'room.update', roomId: two, zoomName: '' });
		expect(roomForZoomName(sortedRooms(w.state), 'ルーム1')?.id).toBe(one);
	});
});

describe('pushPlan', () => {
	function planned() {
		const w = new World();
		const one = w.room('ルーム1');
		const two = w.room('ルーム2');
		const add = (name: string, roomId: string | null, email = '') => String(w.must(w.organiser, { type: 'member.add', name, roomId, email }).id);
		const ids = {
			noguchi: add('野口 聡', one, 'noguchi@example.jp'),
			hashimoto: add('橋本 陽子', one),
			hayashi: add('林 浩二', two, 'hayashi@example.jp'),
			kimura: add('木村 翔', two),
			main: add('森 由美', null, 'mori@example.jp')
		};
		return { w, one, two, ids };
	}

	it('places people by email, then by screen name, room by room as the CSV plan has them', () => {
		const { w, ids } = planned();
		const plan = pushPlan(w.state, [
			{ participantUUID: 'z-host', screenName: '運営 事務局' },
			{ participantUUID: 'z1', screenName: 'Satoshi N.', email: 'NOGUCHI@example.jp' },
			{ participantUUID: 'z2', screenName: '橋本陽子' },
			{ participantUUID: 'z3', screenName: 'ゲスト' },
			{ participantUUID: 'z4', screenName: '森 由美', email: 'mori@example.jp' }
		], ['z-host']);
		expect(plan.rooms.map((r) => [r.zoomName, r.placed.map((p) => [p.member.id, p.participantUUID, p.by])])).toEqual([
			['ルーム1', [[ids.hashimoto, 'z2', 'name'], [ids.noguchi, 'z1', 'email']]],
			['ルーム2', []]
		]);
		// The same rooms and people as the pre-assignment CSV's plan.
		expect(plan.rooms.map((r) => r.room.id)).toEqual(breakoutPlan(w.state).rooms.map((r) => r.room.id));
		expect(plan.notInZoom.map((m) => m.name)).toEqual(breakoutPlan(w.state).rooms[1].members.map((m) => m.name));
		expect(plan.notInZoom.map((m) => m.name).sort()).toEqual(['木村 翔', '林 浩二'].sort());
		// The host is never assigned; someone of the main room stays unmatched by the plan.
		expect(plan.unmatched.map((p) => p.participantUUID)).toEqual(['z3', 'z4']);
		expect(plan.selfMove).toEqual([]);
		expect(plan.tooManyRooms).toBe(false);
	});

	it('tells the host their own room instead of assigning them', () => {
		const { w, two } = planned();
		w.must(w.organiser, { type: 'member.add', name: '山口 健', roomId: two, role: 'organiser' });
		const plan = pushPlan(w.state, [{ participantUUID: 'z-host', screenName: '山口 健' }, { participantUUID: 'z5', screenName: '木村 翔' }], ['z-host']);
		expect(plan.selfMove.map((p) => [p.member.name, p.roomName])).toEqual([['山口 健', 'ルーム2']]);
		expect(plan.rooms[1].placed.map((p) => p.participantUUID)).toEqual(['z5']);
		expect(plan.notInZoom.map((m) => m.name)).not.toContain('山口 健');
		expect(plan.unmatched).toEqual([]);
	});

	it('never gives one Zoom participant to two entries, and an email match wins over a name match', () => {
		const w = new World();
		const one = w.room('ルーム1');
		const two = w.room('ルーム2');
		w.must(w.organiser, { type: 'member.add', name: '佐藤 一郎', roomId: one });
		w.must(w.organiser, { type: 'member.add', name: '佐藤 二郎', roomId: two, email: 'jiro@example.jp' });
		// The Zoom user shows the first one's name but has the second one's email.
		const plan = pushPlan(w.state, [{ participantUUID: 'z1', screenName: '佐藤 一郎', email: 'jiro@example.jp' }]);
		expect(plan.rooms.map((r) => r.placed.map((p) => [p.member.name, p.by]))).toEqual([[], [['佐藤 二郎', 'email']]]);
		expect(plan.notInZoom.map((m) => m.name)).toEqual(['佐藤 一郎']);
	});

	it('uses each room’s Zoom name, and says when the rooms are more than Zoom creates at once', () => {
		const w = new World();
		const rooms = Array.from({ length: ZOOM_SDK_ROOMS + 1 }, (_, i) => w.room(`ルーム${i + 1}`));
		w.must(w.organiser, { type: 'room.update', roomId: rooms[0], zoomName: 'A 会場' });
		const plan = pushPlan(w.state, []);
		expect(plan.rooms[0].zoomName).toBe('A 会場');
		expect(plan.tooManyRooms).toBe(true);
		expect(pushPlan({ ...w.state, rooms: Object.fromEntries(Object.entries(w.state.rooms).slice(0, ZOOM_SDK_ROOMS)) }, []).tooManyRooms).toBe(false);
	});
});
