/**
 * What each role may see: link tokens and link records only for organisers; the display (projected
 * on a shared screen) sees organisations but no names.
 */
import { describe, expect, it } from 'vitest';
import { can, visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { ROLES, type Role } from '../../src/lib/shared/meeting/types.js';
import { memberActor, NOW, World } from '../helpers/world.js';

function meetingWithPeople() {
	const w = new World();
	const room = w.must(w.organiser, { type: 'room.add', name: 'ルーム1' });
	w.must(w.organiser, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', roomId: room.id });
	const joined = w.must(w.participantLink, { type: 'member.join', name: '佐々木 亮', organisation: '札幌市社協', category: 'agency' });
	w.must(memberActor(w.participantLink, String(joined.memberId)), { type: 'member.update', memberId: joined.memberId, name: '佐々木 亮介' });
	w.must(w.organiser, { type: 'link.create', role: 'ministry' });
	w.must(w.organiser, { type: 'link.revoke', linkId: w.ministryLink.linkId });
	w.must(w.organiser, { type: 'agenda.add', title: '開会', durationMinutes: 5 });
	return w;
}

describe('visibleState', () => {
	it('the organiser sees everything, links included', () => {
		const w = meetingWithPeople();
		expect(visibleState(w.state, { role: 'organiser', memberId: null })).toEqual(w.state);
		expect(Object.keys(w.state.links).length).toBeGreaterThan(4);
	});

	it.each(['facilitator', 'participant', 'ministry', 'display'] as const)('a %s sees no links', (role) => {
		const w = meetingWithPeople();
		const v = visibleState(w.state, { role, memberId: null });
		expect(v.links).toEqual({});
		expect(v.rooms).toEqual(w.state.rooms);
		expect(v.agenda).toEqual(w.state.agenda);
		expect(v.meeting).toEqual(w.state.meeting);
	});

	it.each(['facilitator', 'participant', 'ministry'] as const)('a %s sees the roster with names', (role) => {
		const w = meetingWithPeople();
		expect(visibleState(w.state, { role, memberId: null }).members).toEqual(w.state.members);
	});

	it('the display sees organisations and categories but no names', () => {
		const w = meetingWithPeople();
		const v = visibleState(w.state, { role: 'display', memberId: null });
		const members = Object.values(v.members);
		expect(members).toHaveLength(2);
		for (const m of members) {
			expect(m.name).toBe('');
			expect(m.organisation).toBe(w.state.members[m.id].organisation);
			expect(m.category).toBe(w.state.members[m.id].category);
		}
		expect(JSON.stringify(v)).not.toContain('青木');
		expect(JSON.stringify(v)).not.toContain('佐々木');
	});

	it('does not change the state it is given', () => {
		const w = meetingWithPeople();
		const before = structuredClone(w.state);
		visibleState(w.state, { role: 'display', memberId: null });
		expect(w.state).toEqual(before);
	});
});

describe('visibleEvent', () => {
	const at = (event: any) => ({ seq: 9, at: NOW, actor: 'x', event });
	const link = { id: 'l1', role: 'participant' as const, roomId: null, createdAt: NOW, revoked: false };

	it('link events reach organisers only', () => {
		for (const role of ROLES) {
			const created = visibleEvent(at({ type: 'link.created', link }), { role, memberId: null });
			const revoked = visibleEvent(at({ type: 'link.revoked', id: 'l1' }), { role, memberId: null });
			if (role === 'organiser') {
				expect(created?.event.type).toBe('link.created');
				expect(revoked?.event.type).toBe('link.revoked');
			} else {
				expect(created, role).toBeNull();
				expect(revoked, role).toBeNull();
			}
		}
	});

	it('the display gets member events without names', () => {
		const member = { id: 'm1', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', department: '', roomId: null, role: 'ministry', selfJoined: false, createdAt: NOW };
		expect(visibleEvent(at({ type: 'member.added', member }), { role: 'display', memberId: null })?.event).toEqual({ type: 'member.added', member: { ...member, name: '' } });
		expect(visibleEvent(at({ type: 'member.updated', id: 'm1', patch: { name: '青木', department: '保護課' } }), { role: 'display', memberId: null })?.event).toEqual({
			type: 'member.updated',
			id: 'm1',
			patch: { name: '', department: '保護課' }
		});
		// A patch without a name stays as it is.
		expect(visibleEvent(at({ type: 'member.updated', id: 'm1', patch: { department: '保護課' } }), { role: 'display', memberId: null })?.event).toEqual({
			type: 'member.updated',
			id: 'm1',
			patch: { department: '保護課' }
		});
		expect(visibleEvent(at({ type: 'member.added', member }), { role: 'participant', memberId: null })?.event).toEqual({ type: 'member.added', member });
	});

	it.each(ROLES)('a %s replica built from visible events equals the visible state', (role: Role) => {
		const w = meetingWithPeople();
		const visibleLog = w.log.map((e) => visibleEvent(e, { role, memberId: null })).filter((e) => e !== null);
		const replica = reduceAll(emptyState('meeting1'), visibleLog);
		// The replica's seq comes from the batch (the server sends it with every batch), not from hidden events.
		expect({ ...replica, seq: w.state.seq }).toEqual(visibleState(w.state, { role, memberId: null }));
	});
});

describe('can', () => {
	it('refuses unknown command types as invalid', () => {
		expect(can({ role: 'organiser', memberId: null, linkId: 'l', roomId: null }, 'meeting.delete')).toBe('invalid');
	});

	it('lets a bare participant link join but not act on the roster', () => {
		const actor = { role: 'participant' as const, memberId: null, linkId: 'l', roomId: null };
		expect(can(actor, 'member.join')).toBeNull();
		expect(can(actor, 'member.add')).toBe('not_allowed');
		expect(can(actor, 'link.create')).toBe('not_allowed');
	});
});
