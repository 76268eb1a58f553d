/**
 * decide/reduce tables for every core command: the events an accepted command produces, what they
 * do to the state, and the refusal codes users and integrators see.
 * Ids are deterministic: a new meeting's links are id1 (organiser), id2 (participant),
 * id3 (ministry), id4 (display); the next ids are handed out in order.
 */
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../src/lib/shared/meeting/commands.js';
import { emptyState, reduce, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { ROLES, type Actor, type Role } from '../../src/lib/shared/meeting/types.js';
import { NOW, memberActor, outcome, World } from '../helpers/world.js';

/** A world with one room (id5, facilitator link id6), one roster entry (id7) and one joined participant (id8, token tok1). */
function populated() {
	const w = new World();
	w.must(w.organiser, { type: 'room.add', name: 'ルーム1', purpose: '自立相談支援' });
	w.must(w.organiser, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', department: '保護課' });
	w.must(w.participantLink, { type: 'member.join', name: '佐々木 亮', organisation: '札幌市社協', category: 'agency' });
	const facilitatorLink: Actor = { role: 'facilitator', memberId: null, linkId: 'id6', roomId: 'id5' };
	return { w, facilitatorLink, participant: memberActor(w.participantLink, 'id8') };
}

describe('meeting.update', () => {
	it('emits only the fields given and reduce applies them', () => {
		const w = new World();
		const d = w.run(w.organiser, { type: 'meeting.update', title: ' 第2回 情報交換会 ', method: 'Teams', endsAt: null });
		expect(d).toEqual({ ok: true, events: [{ type: 'meeting.updated', patch: { title: '第2回 情報交換会', method: 'Teams', endsAt: null } }] });
		expect(w.state.meeting).toMatchObject({ title: '第2回 情報交換会', method: 'Teams', endsAt: null, startsAt: '2021-06-04T14:00:00+09:00', id: 'meeting1' });
	});

	it.each(['participant', 'ministry', 'display'] as const)('a %s link is not allowed', (role) => {
		const w = new World();
		const actor = { participant: w.participantLink, ministry: w.ministryLink, display: w.display }[role];
		expect(outcome(w.decide(actor, { type: 'meeting.update', title: '乗っ取り' }))).toBe('not_allowed');
	});
});

describe('room.add', () => {
	it('adds the room with its facilitator link, answers both ids and grants the link token', () => {
		const w = new World();
		const d = w.run(w.organiser, { type: 'room.add', name: 'ルーム1', purpose: '受託の自立相談支援機関' });
		expect(d).toEqual({
			ok: true,
			events: [
				{ type: 'room.added', room: { id: 'id5', name: 'ルーム1', purpose: '受託の自立相談支援機関', editPolicy: 'facilitators', order: 1 } },
				{ type: 'link.created', link: { id: 'id6', role: 'facilitator', roomId: 'id5', createdAt: NOW, revoked: false } }
			],
			result: { id: 'id5', linkId: 'id6' },
			grants: [{ token: 'link-id6-facilitator', role: 'facilitator', linkId: 'id6', roomId: 'id5', memberId: null }]
		});
		expect(w.state.rooms.id5.name).toBe('ルーム1');
		expect(w.state.links.id6).toMatchObject({ role: 'facilitator', roomId: 'id5', revoked: false });
	});

	it('orders rooms in the order they were added', () => {
		const w = new World();
		const a = w.must(w.organiser, { type: 'room.add', name: 'ルーム1' });
		const b = w.must(w.organiser, { type: 'room.add', name: 'ルーム2' });
		expect(w.state.rooms[a.id as string].order).toBe(1);
		expect(w.state.rooms[b.id as string].order).toBe(2);
	});
});

describe('room.update', () => {
	it('patches the given fields only', () => {
		const { w } = populated();
		expect(w.run(w.organiser, { type: 'room.update', roomId: 'id5', name: 'ルームA', editPolicy: 'members' })).toEqual({
			ok: true,
			events: [{ type: 'room.updated', id: 'id5', patch: { name: 'ルームA', editPolicy: 'members' } }]
		});
		expect(w.state.rooms.id5).toEqual({ id: 'id5', name: 'ルームA', purpose: '自立相談支援', order: 1, editPolicy: 'members' });
	});

	it('answers not_found for an unknown room', () => {
		const w = new World();
		expect(outcome(w.decide(w.organiser, { type: 'room.update', roomId: 'nope', name: 'x' }))).toBe('not_found');
	});
});

describe('room.remove', () => {
	it('revokes the room’s facilitator links, unassigns its members and removes it', () => {
		const { w } = populated();
		w.must(w.organiser, { type: 'member.assign', memberId: 'id7', roomId: 'id5' });
		const d = w.run(w.organiser, { type: 'room.remove', roomId: 'id5' });
		expect(d).toEqual({ ok: true, events: [{ type: 'link.revoked', id: 'id6' }, { type: 'room.removed', id: 'id5' }] });
		expect(w.state.rooms.id5).toBeUndefined();
		expect(w.state.links.id6.revoked).toBe(true);
		expect(w.state.members.id7.roomId).toBeNull();
	});

	it('answers not_found for an unknown room, and for a room removed already', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.organiser, { type: 'room.remove', roomId: 'nope' }))).toBe('not_found');
		w.must(w.organiser, { type: 'room.remove', roomId: 'id5' });
		expect(outcome(w.decide(w.organiser, { type: 'room.remove', roomId: 'id5' }))).toBe('not_found');
	});
});

describe('member.add', () => {
	it('adds a roster entry with defaults and answers its id', () => {
		const w = new World();
		const d = w.run(w.organiser, { type: 'member.add', name: '青木 誠' });
		expect(d).toEqual({
			ok: true,
			events: [
				{
					type: 'member.added',
					member: { id: 'id5', name: '青木 誠', organisation: '', category: 'other', department: '', roomId: null, role: 'participant', selfJoined: false, createdAt: NOW }
				}
			],
			result: { id: 'id5' }
		});
		expect(w.state.members.id5.name).toBe('青木 誠');
	});

	it('puts the member in a room and role when asked', () => {
		const { w } = populated();
		const r = w.must(w.organiser, { type: 'member.add', name: '久保 綾', organisation: '厚生労働省', category: 'ministry', roomId: 'id5', role: 'ministry' });
		expect(w.state.members[r.id as string]).toMatchObject({ roomId: 'id5', role: 'ministry', category: 'ministry' });
	});

	it('answers not_found for an unknown room and adds nobody', () => {
		const w = new World();
		expect(w.run(w.organiser, { type: 'member.add', name: '青木', roomId: 'nope' })).toMatchObject({ ok: false, code: 'not_found' });
		expect(w.state.members).toEqual({});
	});
});

describe('member.update', () => {
	it('an organiser edits anyone, including their role', () => {
		const { w } = populated();
		expect(w.run(w.organiser, { type: 'member.update', memberId: 'id8', name: '佐々木 亮介', role: 'facilitator' })).toEqual({
			ok: true,
			events: [{ type: 'member.updated', id: 'id8', patch: { name: '佐々木 亮介', role: 'facilitator' } }]
		});
		expect(w.state.members.id8).toMatchObject({ name: '佐々木 亮介', role: 'facilitator', selfJoined: true });
	});

	it('a joined member edits their own name, organisation, category and department', () => {
		const { w, participant } = populated();
		w.must(participant, { type: 'member.update', memberId: 'id8', organisation: '札幌市社会福祉協議会', department: '相談係' });
		expect(w.state.members.id8).toMatchObject({ organisation: '札幌市社会福祉協議会', department: '相談係', role: 'participant' });
	});

	it('a member cannot change their own role', () => {
		const { w, participant } = populated();
		expect(outcome(w.decide(participant, { type: 'member.update', memberId: 'id8', role: 'organiser' }))).toBe('not_allowed');
	});

	it('a member cannot edit someone else', () => {
		const { w, participant } = populated();
		expect(outcome(w.decide(participant, { type: 'member.update', memberId: 'id7', name: '偽名' }))).toBe('not_allowed');
	});

	it('a bare shared link (not joined) edits nobody', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.participantLink, { type: 'member.update', memberId: 'id8', name: '偽名' }))).toBe('not_allowed');
		expect(outcome(w.decide(w.ministryLink, { type: 'member.update', memberId: 'id7', name: '偽名' }))).toBe('not_allowed');
	});

	it('the display is not allowed, even for a member that exists', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.display, { type: 'member.update', memberId: 'id7', name: 'x' }))).toBe('not_allowed');
	});

	it('answers not_found for an unknown member', () => {
		const w = new World();
		expect(outcome(w.decide(w.organiser, { type: 'member.update', memberId: 'nope', name: 'x' }))).toBe('not_found');
	});
});

describe('member.assign', () => {
	it('puts a member in a room and back to none', () => {
		const { w } = populated();
		expect(w.run(w.organiser, { type: 'member.assign', memberId: 'id7', roomId: 'id5' })).toEqual({
			ok: true,
			events: [{ type: 'member.assigned', id: 'id7', roomId: 'id5' }]
		});
		expect(w.state.members.id7.roomId).toBe('id5');
		w.must(w.organiser, { type: 'member.assign', memberId: 'id7', roomId: null });
		expect(w.state.members.id7.roomId).toBeNull();
	});

	it('answers not_found for an unknown member or room', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.organiser, { type: 'member.assign', memberId: 'nope', roomId: 'id5' }))).toBe('not_found');
		expect(outcome(w.decide(w.organiser, { type: 'member.assign', memberId: 'id7', roomId: 'nope' }))).toBe('not_found');
	});

	it('needs roomId (null to unassign), so a forgotten field is invalid rather than an unassignment', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.organiser, { type: 'member.assign', memberId: 'id7' }))).toBe('invalid');
	});
});

describe('member.join', () => {
	it('a participant link makes a self-joined participant and answers the member’s own token', () => {
		const w = new World();
		const d = w.run(w.participantLink, { type: 'member.join', name: '佐々木 亮', organisation: '札幌市社協', category: 'agency' });
		expect(d).toEqual({
			ok: true,
			events: [
				{
					type: 'member.added',
					member: {
						id: 'id5',
						name: '佐々木 亮',
						organisation: '札幌市社協',
						category: 'agency',
						department: '',
						roomId: null,
						role: 'participant',
						selfJoined: true,
						createdAt: NOW
					}
				}
			],
			result: { memberId: 'id5', id: 'id5', token: 'tok1' },
			grants: [{ token: 'tok1', role: 'participant', linkId: 'id2', roomId: null, memberId: 'id5' }]
		});
	});

	it('a facilitator link joins into its room with the facilitator role', () => {
		const { w, facilitatorLink } = populated();
		const r = w.must(facilitatorLink, { type: 'member.join', name: '鈴木 大輔' });
		expect(w.state.members[r.memberId as string]).toMatchObject({ role: 'facilitator', roomId: 'id5', selfJoined: true });
	});

	it('a ministry link joins as ministry', () => {
		const w = new World();
		const r = w.must(w.ministryLink, { type: 'member.join', name: '久保 綾', organisation: '厚生労働省', category: 'ministry' });
		expect(w.state.members[r.memberId as string].role).toBe('ministry');
	});

	it.each(['organiser', 'display'] as const)('the %s link cannot join', (role) => {
		const w = new World();
		const actor = role === 'organiser' ? w.organiser : w.display;
		expect(outcome(w.decide(actor, { type: 'member.join', name: '名無し' }))).toBe('not_allowed');
	});

	it('a member who already joined cannot join again as a second member', () => {
		const w = new World();
		const r = w.must(w.participantLink, { type: 'member.join', name: '佐々木 亮' });
		const member = memberActor(w.participantLink, String(r.memberId));
		expect(outcome(w.decide(member, { type: 'member.join', name: '佐々木 亮' }))).toBe('already_exists');
		expect(Object.keys(w.state.members)).toHaveLength(1);
	});

	it('a revoked link cannot join', () => {
		const w = new World();
		w.must(w.organiser, { type: 'link.revoke', linkId: w.participantLink.linkId });
		expect(outcome(w.decide(w.participantLink, { type: 'member.join', name: '遅刻者' }))).toBe('unauthorized');
	});
});

describe('link.create', () => {
	it('creates a shared link and answers its id and token', () => {
		const w = new World();
		const d = w.run(w.organiser, { type: 'link.create', role: 'participant' });
		expect(d).toEqual({
			ok: true,
			events: [{ type: 'link.created', link: { id: 'id5', role: 'participant', roomId: null, createdAt: NOW, revoked: false } }],
			result: { id: 'id5', token: 'link-id5-participant' },
			grants: [{ token: 'link-id5-participant', role: 'participant', linkId: 'id5', roomId: null, memberId: null }]
		});
		expect(w.state.links.id5.role).toBe('participant');
	});

	it('a facilitator link needs an existing room', () => {
		const { w } = populated();
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'facilitator' }))).toBe('invalid');
		expect(outcome(w.decide(w.organiser, { type: 'link.create', role: 'facilitator', roomId: 'nope' }))).toBe('not_found');
		const r = w.must(w.organiser, { type: 'link.create', role: 'facilitator', roomId: 'id5' });
		expect(w.state.links[r.id as string]).toMatchObject({ role: 'facilitator', roomId: 'id5' });
	});

	it('other roles are not bound to a room', () => {
		const { w } = populated();
		const r = w.must(w.organiser, { type: 'link.create', role: 'display', roomId: 'id5' });
		expect(w.state.links[r.id as string].roomId).toBeNull();
	});
});

describe('link.revoke', () => {
	it('marks the link revoked', () => {
		const w = new World();
		expect(w.run(w.organiser, { type: 'link.revoke', linkId: 'id2' })).toEqual({ ok: true, events: [{ type: 'link.revoked', id: 'id2' }] });
		expect(w.state.links.id2.revoked).toBe(true);
	});

	it('answers not_found, wrong_state when already revoked, and not_allowed for one’s own link', () => {
		const w = new World();
		expect(outcome(w.decide(w.organiser, { type: 'link.revoke', linkId: 'nope' }))).toBe('not_found');
		w.must(w.organiser, { type: 'link.revoke', linkId: 'id2' });
		expect(outcome(w.decide(w.organiser, { type: 'link.revoke', linkId: 'id2' }))).toBe('wrong_state');
		expect(outcome(w.decide(w.organiser, { type: 'link.revoke', linkId: 'id1' }))).toBe('not_allowed');
	});
});

describe('agenda.add', () => {
	it('appends programme items in order with defaults', () => {
		const w = new World();
		const d = w.run(w.organiser, { type: 'agenda.add', title: 'SOSプロジェクトの説明', durationMinutes: 30, startsAt: '2021-06-04T14:00:00+09:00', presenter: '運営' });
		expect(d).toEqual({
			ok: true,
			events: [
				{
					type: 'agenda.added',
					item: {
						id: 'id5',
						title: 'SOSプロジェクトの説明',
						durationMinutes: 30,
						kind: 'plenary',
						startsAt: '2021-06-04T14:00:00+09:00',
						presenter: '運営',
						notes: '',
						attendance: '',
						order: 1,
						spans: [],
						pauses: [],
						extensions: []
					}
				}
			],
			result: { id: 'id5' }
		});
		const second = w.must(w.organiser, { type: 'agenda.add', title: 'グループ討議', durationMinutes: 40, kind: 'breakout' });
		expect(w.state.agenda.items[second.id as string]).toMatchObject({ order: 2, kind: 'breakout', startsAt: null });
	});

	it('is organiser-only', () => {
		const { w, participant } = populated();
		expect(outcome(w.decide(participant, { type: 'agenda.add', title: 'x', durationMinutes: 5 }))).toBe('not_allowed');
	});
});

describe('who may send what', () => {
	/** The roles each command is meant for. A new command must be added here. */
	const ALLOWED: Record<string, readonly Role[]> = {
		'meeting.update': ['organiser'],
		'room.add': ['organiser'],
		'room.update': ['organiser'],
		'room.remove': ['organiser'],
		'member.add': ['organiser'],
		'member.update': ['organiser', 'facilitator', 'participant', 'ministry'],
		'member.assign': ['organiser'],
		'member.join': ['facilitator', 'participant', 'ministry'],
		'member.claim': ['facilitator', 'participant', 'ministry'],
		'roster.invite': ['organiser'],
		'roster.import': ['organiser'],
		'attendance.record': ['organiser'],
		'member.chooseRoom': ['participant', 'ministry'],
		'member.remove': ['organiser'],
		'member.merge': ['organiser'],
		'roster.setPolicy': ['organiser'],
		'link.create': ['organiser'],
		'link.revoke': ['organiser'],
		'agenda.add': ['organiser'],
		'agenda.update': ['organiser'],
		'agenda.move': ['organiser'],
		'agenda.remove': ['organiser'],
		'agenda.start': ['organiser'],
		'agenda.pause': ['organiser'],
		'agenda.resume': ['organiser'],
		'agenda.extend': ['organiser'],
		'agenda.next': ['organiser'],
		'agenda.finish': ['organiser'],
		'agenda.reopen': ['organiser'],
		'agenda.reset': ['organiser'],
		'broadcast.send': ['organiser'],
		'plenary.view': ['organiser'],
		'plenary.spotlight': ['organiser'],
		'plenary.item.hide': ['organiser'],
		'plenary.item.pin': ['organiser'],
		'plenary.item.clear': ['organiser', 'facilitator'],
		'privacy.retention': ['organiser'],
		'privacy.recordExport': [],
		'privacy.recordPurge': [],
		'plenary.questions': ['organiser'],
		'plenary.clock': ['organiser'],
		'plenary.qr': ['organiser'],
		'plenary.language': ['organiser'],
		'summary.theme.add': ['organiser', 'facilitator', 'participant', 'ministry'],
		'summary.theme.edit': ['organiser'],
		'summary.theme.remove': ['organiser', 'facilitator', 'participant', 'ministry'],
		'summary.theme.vote': ['organiser', 'facilitator', 'participant', 'ministry'],
		'summary.theme.unvote': ['organiser', 'facilitator', 'participant', 'ministry'],
		'summary.nextDate.set': ['organiser'],
		'summary.link.add': ['organiser'],
		'summary.link.remove': ['organiser'],
		'question.ask': ['facilitator', 'participant', 'ministry'],
		'question.fromBoard': ['organiser', 'facilitator'],
		'question.vote': ['facilitator', 'participant', 'ministry'],
		'question.unvote': ['facilitator', 'participant', 'ministry'],
		'question.edit': ['organiser', 'facilitator', 'participant', 'ministry'],
		'question.reply': ['facilitator', 'participant', 'ministry'],
		'question.status': ['organiser', 'ministry'],
		'question.answer': ['organiser', 'ministry'],
		'question.moderation': ['organiser'],
		'question.approve': ['organiser'],
		'question.hide': ['organiser'],
		'question.merge': ['organiser'],
		'question.pin': ['organiser'],
		'question.import': ['organiser'],
		'question.carry': ['organiser']
	};

	it('the table covers every registered command', () => {
		expect(Object.keys(ALLOWED).sort()).toEqual(ALL_COMMANDS.map((c) => c.type).sort());
	});

	/** A valid payload of each command for `actor`, on the populated world. */
	const payload = (type: string, actor: Actor): Record<string, unknown> =>
		({
			'meeting.update': { title: '新しい題' },
			'room.add': { name: 'ルーム2' },
			'room.update': { roomId: 'id5', name: 'ルームA' },
			'room.remove': { roomId: 'id5' },
			'member.add': { name: '新人' },
			'member.update': { memberId: actor.memberId ?? 'id7', department: '新しい課' },
			'member.assign': { memberId: 'id7', roomId: 'id5' },
			'member.join': { name: '参加者' },
			'member.claim': { memberId: 'id7' },
			'roster.invite': {},
			'attendance.record': { source: { meetingId: '123 4567 8901', topic: '情報交換会', start: '', end: '' }, present: [{ memberId: 'id7', minutes: 95, joins: 2 }], unmatched: [] },
			'member.chooseRoom': { roomId: 'id5' },
			'roster.import': { entries: [{ name: '岩見 沢子', organisation: '岩見沢市', category: 'municipality', department: '', role: 'participant', roomId: null, email: '' }] },
			'member.remove': { memberId: 'id7' },
			'member.merge': { memberId: 'id7', intoId: 'id8' },
			'roster.setPolicy': { offerRoster: false },
			'link.create': { role: 'participant' },
			'link.revoke': { linkId: 'id3' },
			'agenda.add': { title: '閉会', durationMinutes: 5 },
			'agenda.update': { itemId: 'item1', title: '閉会' },
			'agenda.move': { itemId: 'item1', toIndex: 0 },
			'agenda.remove': { itemId: 'item1' },
			'agenda.start': { itemId: 'item1' },
			'agenda.pause': {},
			'agenda.resume': {},
			'agenda.extend': { minutes: 5 },
			'agenda.next': {},
			'agenda.finish': {},
			'agenda.reopen': {},
			'agenda.reset': {},
			'broadcast.send': { text: '残り5分です' },
			'plenary.view': { view: 'themes' },
			'plenary.spotlight': { roomId: null },
			'plenary.item.hide': { key: 'id5:abc', hidden: true },
			'plenary.item.pin': { key: 'id5:abc', pinned: true },
			'plenary.item.clear': { key: 'id5:abc', cleared: true },
			'privacy.retention': { days: 30 },
			'privacy.recordExport': { what: 'minutes.md', version: 'public', includedConfidential: false },
			'privacy.recordPurge': { boards: 2 },
			'plenary.questions': { top: 3 },
			'plenary.clock': { show: true },
			'plenary.qr': { linkId: null },
			'plenary.language': { language: 'en' },
			'summary.theme.add': { text: '次回のテーマ' },
			'summary.theme.edit': { id: 'theme1', text: '別の文言' },
			'summary.theme.remove': { id: 'theme1' },
			'summary.theme.vote': { id: 'theme1' },
			'summary.theme.unvote': { id: 'theme1' },
			'summary.nextDate.set': { startsAt: null, tentative: '7月中旬予定' },
			'summary.link.add': { title: '支援情報ナビ', url: 'https://corona.go.jp/info-navi/' },
			'summary.link.remove': { id: 'link1' },
			'question.ask': { text: '質問です' },
			'question.fromBoard': { roomId: actor.roomId ?? 'id5', lines: [{ text: '一時生活支援の広域実施は誰が主導しますか', section: '住居喪失者への対応', line: 3 }] },
			'question.vote': { questionId: 'q1' },
			'question.unvote': { questionId: 'q1' },
			'question.edit': { questionId: 'q1', text: '修正' },
			'question.reply': { questionId: 'q1', text: '返信' },
			'question.status': { questionId: 'q1', status: 'answering' },
			'question.answer': { questionId: 'q1', text: '回答' },
			'question.moderation': { mode: 'approve' },
			'question.approve': { questionId: 'q1' },
			'question.hide': { questionId: 'q1' },
			'question.merge': { questionId: 'q1', intoId: 'q2' },
			'question.pin': { questionId: 'q1' },
			'question.import': { text: '持ち越し', direction: 'to_ministry', department: null, status: 'open', fromMeetingId: 'm0', fromQuestionId: 'q0', askedAt: 0, votes: 0, authorLabel: null },
			'question.carry': { nextMeetingId: 'm2', questionIds: [] }
		})[type]!;

	it('every role gets not_allowed exactly for the commands it may not send', () => {
		const { w, facilitatorLink, participant } = populated();
		// Joined members of each joinable role, so that only the role decides.
		const ministry = memberActor(w.ministryLink, String(w.must(w.ministryLink, { type: 'member.join', name: '省の人' }).memberId));
		const facilitator = memberActor(facilitatorLink, String(w.must(facilitatorLink, { type: 'member.join', name: '進行役' }).memberId));
		const actors: Record<Role, Actor> = { organiser: w.organiser, facilitator, participant, ministry, display: w.display };
		expect(Object.keys(actors).sort()).toEqual([...ROLES].sort());
		const table: string[] = [];
		for (const type of Object.keys(ALLOWED))
			for (const role of ROLES) {
				const got = outcome(w.decide(actors[role], { type, ...payload(type, actors[role]) }));
				// Only the role check matters here; other refusals (e.g. a member joining twice) pass it.
				table.push(`${type} ${role} → ${got === 'not_allowed' ? 'not_allowed' : 'role ok'}`);
			}
		const expected = Object.entries(ALLOWED).flatMap(([type, roles]) => ROLES.map((role) => `${type} ${role} → ${roles.includes(role) ? 'role ok' : 'not_allowed'}`));
		expect(table).toEqual(expected);
	});
});

describe('reduce', () => {
	it('advances seq with every event and rebuilds the same state from the log', () => {
		const { w } = populated();
		expect(w.state.seq).toBe(w.log.length);
		expect(reduceAll(emptyState('meeting1'), w.log)).toEqual(w.state);
	});

	it('never mutates the state it is given', () => {
		const { w } = populated();
		const before = structuredClone(w.state);
		const frozen = w.state;
		reduce(frozen, { seq: frozen.seq + 1, at: NOW, actor: null, event: { type: 'room.removed', id: 'id5' } });
		reduce(frozen, { seq: frozen.seq + 1, at: NOW, actor: null, event: { type: 'member.updated', id: 'id7', patch: { name: 'x' } } });
		reduce(frozen, { seq: frozen.seq + 1, at: NOW, actor: null, event: { type: 'link.revoked', id: 'id2' } });
		expect(frozen).toEqual(before);
	});

	it('ignores updates of things that no longer exist', () => {
		const w: World = new World();
		const s = w.state;
		const next = reduceAll(s, [
			{ seq: s.seq + 1, at: NOW, actor: null, event: { type: 'room.updated', id: 'gone', patch: { name: 'x' } } },
			{ seq: s.seq + 2, at: NOW, actor: null, event: { type: 'member.updated', id: 'gone', patch: { name: 'x' } } },
			{ seq: s.seq + 3, at: NOW, actor: null, event: { type: 'member.assigned', id: 'gone', roomId: null } },
			{ seq: s.seq + 4, at: NOW, actor: null, event: { type: 'link.revoked', id: 'gone' } }
		]);
		expect({ ...next, seq: s.seq }).toEqual(s);
		expect(next.seq).toBe(s.seq + 4);
	});
});
