/**
 * The roster's invitations and claims, decided and reduced in memory: a personal link acts as its
 * entry, a claim takes an open entry once, nothing gives one person a second member, and undoing
 * (revoking) releases the entry again.
 */
import { describe, expect, it } from 'vitest';
import { visibleState } from '../../src/lib/shared/meeting/access.js';
import { claimableFor, invitationRows } from '../../src/lib/shared/meeting/roster.js';
import type { Actor } from '../../src/lib/shared/meeting/types.js';
import { outcome, World } from '../helpers/world.js';

/** A meeting with the reference report's people on the roster: two participants, one ministry official. */
function rostered() {
	const w = new World();
	const room = w.room('Aルーム');
	const add = (name: string, organisation: string, role = 'participant', extra: Record<string, unknown> = {}) =>
		String(w.must(w.organiser, { type: 'member.add', name, organisation, role, category: role === 'ministry' ? 'ministry' : 'agency', ...extra }).id);
	const aoki = add('青木 誠', '厚生労働省', 'ministry', { email: 'aoki@example.go.jp' });
	const sasaki = add('佐々木 亮', '札幌市社会福祉協議会', 'participant', { email: 'sasaki@example.jp' });
	const kubo = add('久保 綾', '釧路市', 'participant');
	return { w, room, aoki, sasaki, kubo };
}

/** The actor a claim's token stands for: its own link, as the member. */
function claimer(w: World, linkEvent: unknown, memberId: string): Actor {
	const link = (linkEvent as { link: { id: string; role: Actor['role']; roomId: string | null } }).link;
	expect(w.state.links[link.id]).toBeDefined();
	return { role: link.role, memberId, linkId: link.id, roomId: link.roomId };
}

describe('personal invitations (link.create with memberId)', () => {
	it('makes a link that acts as the entry, and the entry is no longer offered', () => {
		const { w, sasaki } = rostered();
		const d = w.run(w.organiser, { type: 'link.create', role: 'participant', memberId: sasaki });
		expect(d.ok && d.grants).toEqual([expect.objectContaining({ role: 'participant', memberId: sasaki })]);
		const linkId = d.ok ? String(d.result!.id) : '';
		expect(w.state.links[linkId]).toMatchObject({ memberId: sasaki, role: 'participant', revoked: false });
		expect(w.state.members[sasaki].claim).toMatchObject({ linkId, via: 'invitation' });
		expect(claimableFor(w.state, w.state.links[w.participantLink.linkId]).map((m) => m.name)).toEqual(['久保 綾']);
		// One live invitation per entry; revoke it to issue another.
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'participant', memberId: sasaki }))).toBe('already_claimed');
		w.must(w.organiser, { type: 'link.revoke', linkId });
		expect(w.state.members[sasaki].claim).toBeNull();
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'participant', memberId: sasaki }))).toBe('accepted');
	});

	it('refuses roles nobody joins as, and unknown entries', () => {
		const { w, sasaki } = rostered();
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'display', memberId: sasaki }))).toBe('invalid');
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'facilitator', memberId: sasaki }))).toBe('invalid');
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'participant', memberId: 'nobody' }))).toBe('not_found');
	});

	it('a facilitator’s invitation is bound to the entry’s room', () => {
		const { w, room } = rostered();
		const fac = String(w.must(w.organiser, { type: 'member.add', name: '田中 花子', role: 'facilitator', roomId: room }).id);
		const linkId = String(w.must(w.organiser, { type: 'link.create', role: 'facilitator', memberId: fac }).id);
		expect(w.state.links[linkId]).toMatchObject({ role: 'facilitator', roomId: room, memberId: fac });
	});

	it('roster.invite issues every open entry’s link in one batch and the mail-merge rows list them', () => {
		const { w, aoki, sasaki, kubo } = rostered();
		const joined = String(w.must(w.participantLink, { type: 'member.join', name: '自分で参加' }).memberId);
		const d = w.run(w.organiser, { type: 'roster.invite' });
		expect(d.ok && d.result!.memberIds).toEqual([aoki, sasaki, kubo]);
		expect(d.ok && d.grants!.map((g) => g.memberId)).toEqual([aoki, sasaki, kubo]);
		expect(w.state.members[joined].claim).toBeUndefined();
		const urls = Object.fromEntries(Object.values(w.state.links).map((l) => [l.id, `https://yoriai.example/j/${l.id}`]));
		expect(invitationRows(w.state, urls)).toEqual([
			['青木 誠', '厚生労働省', 'aoki@example.go.jp', `https://yoriai.example/j/${w.state.members[aoki].claim!.linkId}`],
			['久保 綾', '釧路市', '', `https://yoriai.example/j/${w.state.members[kubo].claim!.linkId}`],
			['佐々木 亮', '札幌市社会福祉協議会', 'sasaki@example.jp', `https://yoriai.example/j/${w.state.members[sasaki].claim!.linkId}`]
		]);
		// Again: nothing left to invite.
		expect(w.run(w.organiser, { type: 'roster.invite' })).toMatchObject({ ok: true, events: [] });
	});
});

describe('claim on join (member.claim)', () => {
	it('takes an open entry once: the member is that entry, and it is not offered again', () => {
		const { w, sasaki, kubo } = rostered();
		const d = w.run(w.participantLink, { type: 'member.claim', memberId: sasaki });
		expect(d).toMatchObject({ ok: true, result: { memberId: sasaki, token: 'tok1' } });
		const me = claimer(w, d.ok && d.events[0], sasaki);
		expect(w.state.links[me.linkId]).toMatchObject({ memberId: sasaki, viaLinkId: w.participantLink.linkId });
		expect(w.state.members[sasaki].claim).toMatchObject({ via: 'claim', linkId: me.linkId });
		expect(Object.keys(w.state.members)).toHaveLength(3);
		expect(outcome(w.decide(w.participantLink, { type: 'member.claim', memberId: sasaki }))).toBe('already_claimed');
		expect(outcome(w.decide(me, { type: 'member.claim', memberId: kubo }))).toBe('already_exists');
		expect(outcome(w.decide(me, { type: 'member.join', name: '二人目' }))).toBe('already_exists');
		expect(outcome(w.decide(me, { type: 'question.ask', text: '相談窓口の周知方法について' }))).toBe('accepted');
	});

	it('offers only entries of the link’s role, and nothing when the organiser turned the roster off', () => {
		const { w, aoki, sasaki } = rostered();
		expect(outcome(w.decide(w.participantLink, { type: 'member.claim', memberId: aoki }))).toBe('not_allowed');
		expect(outcome(w.decide(w.ministryLink, { type: 'member.claim', memberId: aoki }))).toBe('accepted');
		w.must(w.organiser, { type: 'roster.setPolicy', offerRoster: false });
		expect(outcome(w.decide(w.participantLink, { type: 'member.claim', memberId: sasaki }))).toBe('not_allowed');
	});

	it('joining as someone new with a name on the roster is refused while the roster is offered', () => {
		const { w, sasaki } = rostered();
		expect(w.decide(w.participantLink, { type: 'member.join', name: '佐々木　亮' })).toEqual({ ok: false, code: 'on_roster', detail: sasaki });
		w.must(w.organiser, { type: 'roster.setPolicy', offerRoster: false });
		expect(outcome(w.decide(w.participantLink, { type: 'member.join', name: '佐々木　亮' }))).toBe('accepted');
	});

	it('undoing a claim (revoking its link) releases the entry; revoking the shared link revokes its claims', () => {
		const { w, sasaki, kubo } = rostered();
		const first = w.run(w.participantLink, { type: 'member.claim', memberId: sasaki });
		const me = claimer(w, first.ok && first.events[0], sasaki);
		expect(w.run(w.organiser, { type: 'link.revoke', linkId: me.linkId })).toEqual({
			ok: true,
			events: [
				{ type: 'link.revoked', id: me.linkId },
				{ type: 'member.released', id: sasaki }
			]
		});
		expect(claimableFor(w.state, w.state.links[w.participantLink.linkId]).map((m) => m.id).sort()).toEqual([kubo, sasaki].sort());
		const again = w.run(w.participantLink, { type: 'member.claim', memberId: kubo });
		const kuboLink = claimer(w, again.ok && again.events[0], kubo).linkId;
		const revoked = w.run(w.organiser, { type: 'link.revoke', linkId: w.participantLink.linkId });
		expect(revoked.ok && revoked.events).toEqual([
			{ type: 'link.revoked', id: w.participantLink.linkId },
			{ type: 'link.revoked', id: kuboLink },
			{ type: 'member.released', id: kubo }
		]);
	});

	it('participants see who is held but never an email; the display sees no names', () => {
		const { w, sasaki } = rostered();
		w.must(w.participantLink, { type: 'member.claim', memberId: sasaki });
		const seen = visibleState(w.state, w.participantLink);
		expect(seen.members[sasaki]).toMatchObject({ name: '佐々木 亮', claim: { via: 'claim' } });
		expect(Object.values(seen.members).some((m) => 'email' in m)).toBe(false);
		expect(Object.values(visibleState(w.state, w.display).members).every((m) => m.name === '' && !('email' in m))).toBe(true);
		expect(visibleState(w.state, w.organiser).members[sasaki].email).toBe('sasaki@example.jp');
	});
});
