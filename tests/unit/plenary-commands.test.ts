/**
 * Plenary and summary commands through parseCommand → decide → reduce: who may drive the display,
 * hide/pin by stable key, the QR link rules, next themes with one vote per person, the next date and links.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import { rankedThemes } from '../../src/lib/shared/plenary/types.js';
import type { Actor } from '../../src/lib/shared/meeting/types.js';
import { referenceMeeting } from '../fixtures/reference-meeting.js';
import type { World } from '../helpers/world.js';

let meeting: World;
let roomIds: string[];
let participant: Actor;
let ministry: Actor;
let facilitator: Actor;
const displayActor = (m: World): Actor => ({ role: 'display', memberId: null, linkId: Object.values(m.state.links).find((l) => l.role === 'display')!.id, roomId: null });
const unjoined = (m: World): Actor => ({ role: 'participant', memberId: null, linkId: Object.values(m.state.links).find((l) => l.role === 'participant')!.id, roomId: null });

beforeEach(() => {
	({ meeting, roomIds } = referenceMeeting());
	const members = Object.values(meeting.state.members);
	participant = meeting.actorOf(members.find((m) => m.role === 'participant')!.id);
	ministry = meeting.actorOf(members.find((m) => m.role === 'ministry')!.id);
	facilitator = meeting.actorOf(members.find((m) => m.role === 'facilitator')!.id);
});

describe('driving the display', () => {
	it('lets only organisers change the view, spotlight, clock, questions and QR', () => {
		for (const cmd of [
			{ type: 'plenary.view', view: 'themes' },
			{ type: 'plenary.spotlight', roomId: null },
			{ type: 'plenary.clock', show: true },
			{ type: 'plenary.questions', top: 3 },
			{ type: 'plenary.qr', linkId: null }
		])
			for (const actor of [participant, ministry, facilitator, displayActor(meeting)]) expect(meeting.run(actor, cmd)).toMatchObject({ ok: false, code: 'not_allowed' });
		meeting.must(meeting.organiser, { type: 'plenary.view', view: 'themes' });
		meeting.must(meeting.organiser, { type: 'plenary.spotlight', roomId: roomIds[1] });
		meeting.must(meeting.organiser, { type: 'plenary.clock', show: true });
		expect(meeting.state.plenary).toMatchObject({ view: 'themes', spotlightRoomId: roomIds[1], showClock: true });
		meeting.must(meeting.organiser, { type: 'plenary.questions', top: 3 });
		expect(meeting.state.plenary).toMatchObject({ view: 'questions', topQuestions: 3 });
	});

	it('refuses unknown views, rooms and out-of-range counts', () => {
		expect(meeting.run(meeting.organiser, { type: 'plenary.view', view: 'secret' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(meeting.organiser, { type: 'plenary.spotlight', roomId: 'nope' })).toMatchObject({ ok: false, code: 'not_found' });
		expect(meeting.run(meeting.organiser, { type: 'plenary.questions', top: 0 })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(meeting.organiser, { type: 'plenary.questions', top: 11 })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(meeting.organiser, { type: 'plenary.view', view: 'rooms', extra: 1 })).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('shows the QR of a participant or ministry link only, and not of a revoked one', () => {
		const links = Object.values(meeting.state.links);
		const participantLink = links.find((l) => l.role === 'participant')!;
		expect(meeting.run(meeting.organiser, { type: 'plenary.qr', linkId: links.find((l) => l.role === 'facilitator')!.id })).toMatchObject({ ok: false, code: 'not_found' });
		expect(meeting.run(meeting.organiser, { type: 'plenary.qr', linkId: links.find((l) => l.role === 'organiser')!.id })).toMatchObject({ ok: false, code: 'not_found' });
		meeting.must(meeting.organiser, { type: 'plenary.qr', linkId: participantLink.id });
		expect(meeting.state.plenary.qrLinkId).toBe(participantLink.id);
		meeting.must(meeting.organiser, { type: 'link.revoke', linkId: participantLink.id });
		expect(meeting.run(meeting.organiser, { type: 'plenary.qr', linkId: participantLink.id })).toMatchObject({ ok: false, code: 'not_found' });
	});

	it('hides and pins items by a key that survives line moves, and the two exclude each other', () => {
		const key = itemKey(roomIds[0], '住居喪失した方を受け入れる仕組み');
		expect(itemKey(roomIds[0], '  住居喪失した方を受け入れる仕組み ')).toBe(key);
		expect(itemKey(roomIds[1], '住居喪失した方を受け入れる仕組み')).not.toBe(key);
		meeting.must(meeting.organiser, { type: 'plenary.item.pin', key, pinned: true });
		expect(meeting.state.plenary.pinned).toEqual([key]);
		meeting.must(meeting.organiser, { type: 'plenary.item.hide', key, hidden: true });
		expect(meeting.state.plenary).toMatchObject({ hidden: [key], pinned: [] });
		meeting.must(meeting.organiser, { type: 'plenary.item.pin', key, pinned: true });
		expect(meeting.state.plenary).toMatchObject({ hidden: [], pinned: [key] });
		expect(meeting.run(meeting.organiser, { type: 'plenary.item.hide', key: 'not a key', hidden: true })).toMatchObject({ ok: false, code: 'invalid' });
	});
});

describe('next themes', () => {
	it('any member proposes (with their own vote) and upvotes once; the display cannot', () => {
		const id = String(meeting.must(participant, { type: 'summary.theme.add', text: '緊急時の給付金のあり方' }).id);
		expect(meeting.state.plenary.summary.themes[id].votes).toEqual([participant.memberId]);
		expect(meeting.run(participant, { type: 'summary.theme.vote', id })).toMatchObject({ ok: false, code: 'already_voted' });
		meeting.must(ministry, { type: 'summary.theme.vote', id });
		meeting.must(meeting.organiser, { type: 'summary.theme.vote', id });
		expect(meeting.state.plenary.summary.themes[id].votes).toHaveLength(3);
		expect(meeting.run(displayActor(meeting), { type: 'summary.theme.vote', id })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(meeting.run(unjoined(meeting), { type: 'summary.theme.vote', id })).toMatchObject({ ok: false, code: 'join_required' });
		meeting.must(ministry, { type: 'summary.theme.unvote', id });
		expect(meeting.run(ministry, { type: 'summary.theme.unvote', id })).toMatchObject({ ok: false, code: 'not_voted' });
		expect(meeting.run(facilitator, { type: 'summary.theme.add', text: '緊急時の給付金のあり方' })).toMatchObject({ ok: false, code: 'already_exists' });
	});

	it('ranks by votes, lets the proposer or an organiser remove, and organisers reword', () => {
		const a = String(meeting.must(participant, { type: 'summary.theme.add', text: '各地域をつなぐ場' }).id);
		meeting.now += 1000;
		const b = String(meeting.must(ministry, { type: 'summary.theme.add', text: 'オンライン相談の広げ方' }).id);
		meeting.must(facilitator, { type: 'summary.theme.vote', id: b });
		expect(rankedThemes(meeting.state.plenary.summary).map((t) => t.id)).toEqual([b, a]);
		expect(meeting.run(participant, { type: 'summary.theme.remove', id: b })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(meeting.run(participant, { type: 'summary.theme.edit', id: a, text: '別の文言' })).toMatchObject({ ok: false, code: 'not_allowed' });
		meeting.must(meeting.organiser, { type: 'summary.theme.edit', id: a, text: '全道をつなぐプラットフォーム' });
		meeting.must(participant, { type: 'summary.theme.remove', id: a });
		meeting.must(meeting.organiser, { type: 'summary.theme.remove', id: b });
		expect(meeting.state.plenary.summary.themes).toEqual({});
	});
});

describe('next date and links', () => {
	it('takes an exact date or a tentative phrase, and refuses an end before the start', () => {
		meeting.must(meeting.organiser, { type: 'summary.nextDate.set', startsAt: null, tentative: '7月中旬予定' });
		expect(meeting.state.plenary.summary.nextDate).toEqual({ startsAt: null, endsAt: null, tentative: '7月中旬予定' });
		expect(meeting.run(meeting.organiser, { type: 'summary.nextDate.set', startsAt: '2021-07-16T14:00:00+09:00', endsAt: '2021-07-16T13:00:00+09:00' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(meeting.organiser, { type: 'summary.nextDate.set', startsAt: 'mid July' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(participant, { type: 'summary.nextDate.set', startsAt: null, tentative: '未定' })).toMatchObject({ ok: false, code: 'not_allowed' });
	});

	it('accepts only http(s) links, from organisers', () => {
		const id = String(meeting.must(meeting.organiser, { type: 'summary.link.add', title: '支援情報ナビ', url: 'https://corona.go.jp/info-navi/' }).id);
		expect(meeting.run(meeting.organiser, { type: 'summary.link.add', title: 'x', url: 'javascript:alert(1)' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(meeting.organiser, { type: 'summary.link.add', title: 'x', url: 'data:text/html,hi' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(meeting.run(facilitator, { type: 'summary.link.add', title: 'x', url: 'https://example.org' })).toMatchObject({ ok: false, code: 'not_allowed' });
		meeting.must(meeting.organiser, { type: 'summary.link.remove', id });
		expect(meeting.run(meeting.organiser, { type: 'summary.link.remove', id })).toMatchObject({ ok: false, code: 'not_found' });
	});

	it('keeps who voted and who proposed private: others see counts, each member sees their own vote', () => {
		const a = String(meeting.must(participant, { type: 'summary.theme.add', text: '緊急時の給付金のあり方' }).id);
		meeting.must(ministry, { type: 'summary.theme.vote', id: a });
		meeting.must(facilitator, { type: 'summary.theme.vote', id: a });
		meeting.must(ministry, { type: 'summary.theme.unvote', id: a });
		meeting.must(meeting.organiser, { type: 'summary.theme.vote', id: a });
		for (const viewer of [participant, ministry, facilitator, displayActor(meeting)]) {
			const seen = visibleState(meeting.state, viewer).plenary.summary.themes[a];
			expect(seen.votes).toHaveLength(3);
			expect(seen.votes.filter((v) => v !== '')).toEqual(viewer.memberId && meeting.state.plenary.summary.themes[a].votes.includes(viewer.memberId) ? [viewer.memberId] : []);
			expect(seen.proposedBy).toBe(viewer === participant ? participant.memberId : '');
			// Reducing what the viewer was sent gives what the viewer may see.
			const replayed = reduceAll(emptyState(meeting.state.meeting.id), meeting.log.map((e) => visibleEvent(e, viewer)).filter((e) => e !== null));
			expect(replayed.plenary).toEqual(visibleState(meeting.state, viewer).plenary);
			const sent = meeting.log.filter((e) => e.event.type.startsWith('summary.')).map((e) => visibleEvent(e, viewer));
			for (const e of sent) if (e?.actor) expect(e.actor).toBe(viewer.memberId);
		}
		expect(visibleState(meeting.state, meeting.organiser).plenary.summary.themes[a].votes).toEqual([participant.memberId, facilitator.memberId, `link:${meeting.organiser.linkId}`]);
	});

	it('shows the display the summary fields (they are meant for the screen)', () => {
		meeting.must(participant, { type: 'summary.theme.add', text: '緊急時の給付金のあり方' });
		const seen = visibleState(meeting.state, { role: 'display', memberId: null });
		expect(Object.values(seen.plenary.summary.themes).map((t) => t.text)).toEqual(['緊急時の給付金のあり方']);
	});
});
