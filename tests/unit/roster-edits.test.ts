/**
 * Roster edits decided and reduced in memory: removing an entry keeps its questions and votes under
 * its organisation; merging a copy into the registered entry moves its questions, replies and answers
 * and counts every vote once (also on next themes), and nobody sees more than before.
 */
import { describe, expect, it } from 'vitest';
import { visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import { reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { claimableFor, currentMemberId } from '../../src/lib/shared/meeting/roster.js';
import type { Actor } from '../../src/lib/shared/meeting/types.js';
import { memberLabel } from '../../src/lib/components/questions/labels.js';
import { outcome, questionsWorld } from '../helpers/world.js';

/** 佐々木 亮 is on the roster and also joined by typing his name (a copy); both asked and voted. */
function doubled() {
	const w = questionsWorld();
	const registered = String(w.must(w.organiser, { type: 'member.add', name: '佐々木 亮', organisation: '札幌市社会福祉協議会', category: 'agency' }).id);
	w.must(w.organiser, { type: 'roster.setPolicy', offerRoster: false });
	const copyId = String(w.must(w.participantLink, { type: 'member.join', name: '佐々木', organisation: '札幌市社協', category: 'agency' }).memberId);
	const copy: Actor = { ...w.participantLink, memberId: copyId };
	const kept: Actor = { ...w.participantLink, memberId: registered };
	const other: Actor = { ...w.participantLink, memberId: String(w.must(w.participantLink, { type: 'member.join', name: '久保 綾', organisation: '釧路市' }).memberId) };
	const byCopy = w.ask(copy, '住居確保給付金の延長について');
	const byOther = w.ask(other, '緊急小口資金の特例について');
	w.must(kept, { type: 'question.vote', questionId: byOther });
	w.must(copy, { type: 'question.vote', questionId: byOther });
	w.must(copy, { type: 'question.vote', questionId: byCopy });
	const theme = String(w.must(copy, { type: 'summary.theme.add', text: '居住支援の連携' }).id);
	w.must(kept, { type: 'summary.theme.vote', id: theme });
	return { w, registered, copyId, copy, kept, other, byCopy, byOther, theme };
}

describe('member.merge', () => {
	it('moves the copy’s questions to the entry and counts every vote once', () => {
		const { w, registered, copyId, byCopy, byOther, theme } = doubled();
		expect(w.q(byOther).votes).toBe(2);
		w.must(w.organiser, { type: 'member.merge', memberId: copyId, intoId: registered });
		expect(w.state.members[copyId]).toBeUndefined();
		expect(w.q(byCopy).authorId).toBe(registered);
		expect(w.q(byOther).votes).toBe(1);
		expect(w.state.questions.voters[byOther]).toEqual([registered]);
		expect(w.state.questions.voters[byCopy]).toEqual([registered]);
		expect(w.state.plenary.summary.themes[theme].votes).toEqual([registered]);
		expect(currentMemberId(w.state, copyId)).toBe(registered);
		// The registered entry is held now (the person is here): it is not offered to anyone else.
		expect(w.state.members[registered].claim).toMatchObject({ via: 'claim' });
		expect(claimableFor(w.state, w.state.links[w.participantLink.linkId])).toEqual([]);
	});

	it('a participant’s replica reduced from their events equals their view of the merged meeting', () => {
		const { w, registered, copyId, other } = doubled();
		const before = w.log.length;
		const earlier = w.state;
		w.must(w.organiser, { type: 'member.merge', memberId: copyId, intoId: registered });
		for (const viewer of [other, w.display, { ...w.participantLink, memberId: registered }, { ...w.participantLink, memberId: copyId }]) {
			const events = w.log.slice(before).map((e) => visibleEvent(e, viewer)).filter((e) => e !== null);
			const replica = reduceAll(visibleState(earlier, viewer), events);
			expect(replica, `${viewer.role} ${viewer.memberId}`).toEqual(visibleState(w.state, viewer));
		}
		expect(w.log.slice(before).map((e) => e.event.type)).toEqual([
			'question.authorChanged',
			'question.unvoted',
			'question.unvoted',
			'question.voted',
			'summary.themeUnvoted',
			'member.claimed',
			'member.removed'
		]);
	});

	it('refuses merging an entry into itself or into nobody', () => {
		const { w, registered, copyId } = doubled();
		expect(outcome(w.decide(w.organiser, { type: 'member.merge', memberId: copyId, intoId: copyId }))).toBe('invalid');
		expect(outcome(w.decide(w.organiser, { type: 'member.merge', memberId: copyId, intoId: 'nobody' }))).toBe('not_found');
		expect(outcome(w.decide({ ...w.participantLink, memberId: registered }, { type: 'member.merge', memberId: copyId, intoId: registered }))).toBe('not_allowed');
	});
});

describe('member.remove', () => {
	it('keeps the questions and votes, shown under the organisation, and stops the entry’s invitation', () => {
		const { w, copyId, byCopy, byOther, registered } = doubled();
		const invitation = String(w.must(w.organiser, { type: 'link.create', role: 'participant', memberId: registered }).id);
		w.must(w.organiser, { type: 'member.remove', memberId: copyId });
		expect(w.state.members[copyId]).toBeUndefined();
		expect(w.q(byCopy).authorId).toBe(copyId);
		expect(w.q(byOther).votes).toBe(2);
		expect(memberLabel(w.state, copyId)).toBe('札幌市社協');
		expect(currentMemberId(w.state, copyId)).toBeNull();
		w.must(w.organiser, { type: 'member.remove', memberId: registered });
		expect(w.state.links[invitation].revoked).toBe(true);
		expect(outcome(w.decide(w.organiser, { type: 'member.remove', memberId: registered }))).toBe('not_found');
	});

	it('edits change name, organisation, category, department, email and room', () => {
		const { w, registered } = doubled();
		const room = w.room('Bルーム');
		w.must(w.organiser, { type: 'member.update', memberId: registered, name: '佐々木 亮介', organisation: '札幌市社協', category: 'municipality', department: '相談係', email: 'ryo@example.jp' });
		w.must(w.organiser, { type: 'member.assign', memberId: registered, roomId: room });
		expect(w.state.members[registered]).toMatchObject({ name: '佐々木 亮介', organisation: '札幌市社協', category: 'municipality', department: '相談係', email: 'ryo@example.jp', roomId: room });
		// A member edits their own entry, never its email.
		expect(outcome(w.decide({ ...w.participantLink, memberId: registered }, { type: 'member.update', memberId: registered, email: 'x@example.jp' }))).toBe('not_allowed');
	});
});

describe('rooms people choose (member.chooseRoom)', () => {
	it('follows the meeting’s room choice: assigned only, everyone, or the unassigned', () => {
		const { w, kept, other } = doubled();
		const a = w.room('Aルーム');
		const b = w.room('Bルーム');
		expect(outcome(w.decide(kept, { type: 'member.chooseRoom', roomId: a }))).toBe('wrong_state');
		w.must(w.organiser, { type: 'roster.setPolicy', roomChoice: 'choose' });
		w.must(kept, { type: 'member.chooseRoom', roomId: a });
		w.must(kept, { type: 'member.chooseRoom', roomId: b });
		expect(w.state.members[kept.memberId!].roomId).toBe(b);
		w.must(w.organiser, { type: 'roster.setPolicy', roomChoice: 'both' });
		// Assigned people keep the organiser's room; the unassigned pick one.
		expect(outcome(w.decide(kept, { type: 'member.chooseRoom', roomId: a }))).toBe('wrong_state');
		w.must(other, { type: 'member.chooseRoom', roomId: a });
		expect(w.state.members[other.memberId!].roomId).toBe(a);
		expect(outcome(w.decide(w.participantLink, { type: 'member.chooseRoom', roomId: a }))).toBe('join_required');
		expect(outcome(w.decide(other, { type: 'member.chooseRoom', roomId: 'nope' }))).toBe('not_found');
		expect(w.state.meeting.rosterPolicy).toEqual({ offerRoster: false, roomChoice: 'both' });
	});
});
