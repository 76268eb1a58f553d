/**
 * Property: for random command sequences (seeded, so a failure replays) and every viewer, the events
 * the server would send, reduced onto the viewer's snapshot, give the viewer's state —
 * `reduceAll(visibleState(s_k, v), sent(v, k..N)) == visibleState(s_N, v)` — and nothing a
 * non-organiser receives names an anonymous author or another member's vote.
 *
 * `sent` mirrors the fan-out of server/sockets.ts (onCommitted): per batch, each role room gets
 * `visibleEvent(e, { role, memberId: null })`; a member named by `personalAudience` of the batch gets
 * `visibleEvent(e, { role, memberId })` of every event of the batch instead (the role being the one
 * their token acts as). Commands come from the registry and go through parse → decide → reduce
 * (tests/helpers/world.ts); most pick ids that exist, so they are accepted, some are refused.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { personalAudience, visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import { ALL_COMMANDS } from '../../src/lib/shared/meeting/commands.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { MEMBER_ROLES } from '../../src/lib/shared/meeting/roles.js';
import { SLICES } from '../../src/lib/shared/meeting/slices.js';
import { ROLES, type Actor, type MeetingState, type Role } from '../../src/lib/shared/meeting/types.js';
import { PLENARY_VIEWS } from '../../src/lib/shared/plenary/types.js';
import { QUESTION_STATUSES } from '../../src/lib/shared/questions/types.js';
import { exampleCommand, NO_SUCH_ID } from '../helpers/command-examples.js';
import type { CommandSpec } from '../../src/lib/shared/meeting/command-kit.js';
import { MEETING_ID, NOW, World } from '../helpers/world.js';

const SEED = 0x5eed_0010;
const SEQUENCES = 500;
const STEPS = { min: 20, max: 70 };

/** mulberry32: small, fast, good enough to pick commands. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
	const chance = (p: number) => next() < p;
	const pick = <T>(list: readonly T[]): T | undefined => (list.length ? list[int(0, list.length - 1)] : undefined);
	return { next, int, chance, pick };
}
type Rng = ReturnType<typeof prng>;

interface Viewer {
	role: Role;
	memberId: string | null;
}

/** Joined members: who they are and the link (so the role) their token acts as. */
interface Joined {
	memberId: string;
	linkId: string;
}

function actorsOf(w: World, joined: readonly Joined[]): Actor[] {
	const live = Object.values(w.state.links).filter((l) => !l.revoked);
	const bare = live.map((l) => ({ role: l.role, memberId: null, linkId: l.id, roomId: l.roomId }));
	const members = joined.flatMap((j) => {
		const link = w.state.links[j.linkId];
		return link && !link.revoked && w.state.members[j.memberId] ? [{ role: link.role, memberId: j.memberId, linkId: link.id, roomId: link.roomId }] : [];
	});
	return [...bare, ...members];
}

type Fields = Record<string, unknown>;
type Gen = (s: MeetingState, r: Rng, actor: Actor) => Fields;

/** Payloads that mostly name things that exist; a command without an entry uses its schema example. */
function generators(): Record<string, Gen> {
	const some = <T>(r: Rng, list: readonly T[]): T | string => (r.chance(0.05) ? NO_SUCH_ID : (r.pick(list) ?? NO_SUCH_ID));
	const rooms = (s: MeetingState) => Object.keys(s.rooms);
	const members = (s: MeetingState) => Object.keys(s.members);
	const items = (s: MeetingState) => Object.keys(s.agenda.items);
	const questions = (s: MeetingState) => Object.values(s.questions.items);
	const qid = (s: MeetingState, r: Rng) => some(r, questions(s).map((q) => q.id));
	const themes = (s: MeetingState) => Object.keys(s.plenary.summary.themes);
	const itemKey = (s: MeetingState, r: Rng) => `${r.pick(rooms(s)) ?? 'room0'}:${r.int(1, 3)}`;
	const text = (r: Rng, base: string) => `${base}${r.int(1, 99)}`;
	return {
		'meeting.update': (_s, r) => (r.chance(0.5) ? { title: text(r, '情報交換会') } : { departments: ['生活困窮者自立支援室', '地域福祉課'] }),
		'room.add': (_s, r) => ({ name: text(r, 'ルーム') }),
		'room.update': (s, r) => ({ roomId: some(r, rooms(s)), name: text(r, 'ルーム') }),
		'room.remove': (s, r) => ({ roomId: some(r, rooms(s)) }),
		'member.add': (s, r) => ({ name: text(r, '青木 '), organisation: '厚生労働省', roomId: r.pick(rooms(s)) ?? null, role: r.pick(ROLES) }),
		'member.update': (s, r, a) =>
			a.role === 'organiser' && r.chance(0.3)
				? { memberId: some(r, members(s)), role: r.pick(ROLES) }
				: { memberId: a.memberId && r.chance(0.8) ? a.memberId : some(r, members(s)), name: text(r, '佐々木 ') },
		'member.assign': (s, r) => ({ memberId: some(r, members(s)), roomId: r.chance(0.3) ? null : some(r, rooms(s)) }),
		'member.join': (_s, r) => ({ name: text(r, '参加者'), organisation: '札幌市社協', category: 'agency' }),
		'member.claim': (s, r) => ({ memberId: some(r, Object.values(s.members).filter((m) => !m.selfJoined && !m.claim).map((m) => m.id)) }),
		'roster.invite': (s, r) => (r.chance(0.5) ? {} : { memberIds: [some(r, members(s))] }),
		'roster.setPolicy': (_s, r) => (r.chance(0.5) ? { offerRoster: r.chance(0.7) } : { roomChoice: r.pick(['assigned', 'choose', 'both']) }),
		'member.remove': (s, r) => ({ memberId: some(r, members(s)) }),
		'member.chooseRoom': (s, r) => ({ roomId: some(r, rooms(s)) }),
		'attendance.record': (s, r) => ({
			source: { meetingId: '123 4567 8901', topic: '情報交換会', start: '', end: '' },
			present: members(s).slice(0, 2).map((memberId) => ({ memberId, minutes: r.int(1, 120), joins: r.int(1, 3) })),
			unmatched: r.chance(0.5) ? [{ name: '電話参加', email: '', minutes: 30, joins: 1 }] : []
		}),
		'roster.import': (s, r) => ({
			entries: [
				{ name: text(r, '岩見 '), organisation: '岩見沢市', category: 'municipality', department: '', role: r.pick(ROLES), roomId: r.pick(rooms(s)) ?? null, email: '' },
				...(r.chance(0.5) ? [{ name: text(r, '名寄 '), organisation: '', category: 'agency', department: '', role: 'participant', roomId: null, email: 'n@example.jp', memberId: some(r, members(s)) }] : [])
			]
		}),
		'member.merge': (s, r) => ({ memberId: some(r, members(s)), intoId: some(r, members(s)) }),
		'link.create': (s, r) => {
			const role = r.pick(ROLES)!;
			const personal = r.chance(0.3) ? { memberId: some(r, members(s)) } : {};
			return role === 'facilitator' ? { role, roomId: some(r, rooms(s)), ...personal } : { role, ...personal };
		},
		'link.revoke': (s, r, a) => ({ linkId: some(r, Object.keys(s.links).filter((id) => id !== a.linkId && s.links[id].role !== 'organiser')) }),
		'agenda.add': (_s, r) => ({ title: text(r, '議題'), durationMinutes: r.int(1, 30), kind: r.pick(['plenary', 'breakout', 'break', 'other']) }),
		'agenda.update': (s, r) => ({ itemId: some(r, items(s)), title: text(r, '議題') }),
		'agenda.move': (s, r) => ({ itemId: some(r, items(s)), toIndex: r.int(0, items(s).length) }),
		'agenda.remove': (s, r) => ({ itemId: some(r, items(s)) }),
		'agenda.start': (s, r) => ({ itemId: some(r, items(s)), rehearsal: r.chance(0.3) }),
		'agenda.pause': () => ({}),
		'agenda.resume': () => ({}),
		'agenda.finish': () => ({}),
		'agenda.reopen': () => ({}),
		'agenda.reset': () => ({}),
		'agenda.extend': (_s, r) => ({ minutes: r.int(1, 10) }),
		'agenda.next': (s, r) => (r.chance(0.5) ? {} : { itemId: some(r, items(s)) }),
		'broadcast.send': (s, r) => ({ text: text(r, 'あと5分です'), roomId: r.chance(0.5) ? null : some(r, rooms(s)), ...(r.chance(0.5) ? { showSeconds: 60 } : {}) }),
		'question.ask': (s, r, a) => ({
			text: text(r, '質問'),
			anonymous: r.chance(0.5),
			direction: a.role === 'ministry' && r.chance(0.5) ? 'from_ministry' : 'to_ministry',
			...(r.chance(0.3) ? { department: r.pick(s.meeting.departments) ?? null } : {})
		}),
		'question.fromBoard': (s, r, a) => ({
			roomId: a.roomId ?? some(r, rooms(s)),
			lines: [{ text: text(r, 'ボードの質問'), direction: r.chance(0.3) ? 'from_ministry' : 'to_ministry', section: r.chance(0.5) ? '住まい' : null, line: r.int(0, 40) }]
		}),
		'question.vote': (s, r) => ({ questionId: qid(s, r) }),
		'question.unvote': (s, r, a) => ({ questionId: some(r, Object.keys(s.questions.voters).filter((q) => s.questions.voters[q].includes(a.memberId ?? ''))) }),
		'question.edit': (s, r, a) => ({
			questionId: a.memberId && r.chance(0.7) ? some(r, questions(s).filter((q) => q.authorId === a.memberId).map((q) => q.id)) : qid(s, r),
			text: text(r, '質問（修正）')
		}),
		'question.reply': (s, r) => ({ questionId: some(r, questions(s).filter((q) => q.direction === 'from_ministry').map((q) => q.id)), text: text(r, '回答') }),
		'question.status': (s, r) => ({ questionId: qid(s, r), status: r.pick(QUESTION_STATUSES) }),
		'question.answer': (s, r) => ({ questionId: qid(s, r), text: text(r, '回答') }),
		'question.moderation': (_s, r) => ({ mode: r.chance(0.5) ? 'approve' : 'off' }),
		'question.approve': (s, r) => ({ questionId: some(r, questions(s).filter((q) => !q.approved).map((q) => q.id)) }),
		'question.hide': (s, r) => {
			const q = r.pick(questions(s).filter((x) => x.replies.length));
			if (q && r.chance(0.5)) return { questionId: q.id, replyId: r.pick(q.replies)!.id, hidden: r.chance(0.7) };
			return { questionId: qid(s, r), hidden: r.chance(0.7) };
		},
		'question.merge': (s, r) => ({ questionId: qid(s, r), intoId: qid(s, r) }),
		'question.pin': (s, r) => ({ questionId: qid(s, r), pinned: r.chance(0.7) }),
		'question.import': (_s, r) => ({
			text: text(r, '前回の質問'),
			direction: 'to_ministry',
			department: null,
			status: r.chance(0.5) ? 'open' : 'deferred',
			fromMeetingId: 'previous1',
			fromQuestionId: `pq${r.int(1, 1000)}`,
			askedAt: NOW - 86_400_000,
			votes: r.int(0, 5),
			authorLabel: r.chance(0.5) ? null : '札幌市'
		}),
		'question.carry': (s, r) => ({ nextMeetingId: 'next1', questionIds: questions(s).filter(() => r.chance(0.5)).map((q) => q.id) }),
		'plenary.view': (_s, r) => ({ view: r.pick(PLENARY_VIEWS) }),
		'plenary.spotlight': (s, r) => ({ roomId: r.chance(0.3) ? null : some(r, rooms(s)) }),
		'plenary.item.hide': (s, r) => ({ key: itemKey(s, r), hidden: r.chance(0.7) }),
		'plenary.item.pin': (s, r) => ({ key: itemKey(s, r), pinned: r.chance(0.7) }),
		'plenary.item.clear': (s, r, actor) => ({ key: r.chance(0.8) && actor.roomId ? `${actor.roomId}:${r.int(1, 3)}` : itemKey(s, r), cleared: r.chance(0.7) }),
		'privacy.retention': (_s, r) => ({ days: r.chance(0.3) ? null : r.int(1, 90) }),
		'privacy.recordExport': (_s, r) => ({ what: r.pick(['minutes.md', 'minutes.docx']), version: r.pick(['internal', 'public']), includedConfidential: r.chance(0.2) }),
		'privacy.recordPurge': (_s, r) => ({ boards: r.int(0, 5) }),
		'plenary.questions': (_s, r) => ({ top: r.int(1, 10) }),
		'plenary.clock': (_s, r) => ({ show: r.chance(0.5) }),
		'plenary.qr': (s, r) => ({ linkId: r.chance(0.3) ? null : some(r, Object.keys(s.links)) }),
		'plenary.language': (_s, r) => ({ language: r.pick(['ja', 'en']) }),
		'summary.theme.add': (_s, r) => ({ text: text(r, '次回テーマ') }),
		'summary.theme.edit': (s, r) => ({ id: some(r, themes(s)), text: text(r, '次回テーマ') }),
		'summary.theme.remove': (s, r) => ({ id: some(r, themes(s)) }),
		'summary.theme.vote': (s, r) => ({ id: some(r, themes(s)) }),
		'summary.theme.unvote': (s, r) => ({ id: some(r, themes(s)) }),
		'summary.nextDate.set': (_s, r) => (r.chance(0.5) ? { startsAt: '2021-07-16T14:00:00+09:00' } : { startsAt: null, tentative: '7月中旬予定' }),
		'summary.link.add': (_s, r) => ({ title: text(r, '支援情報'), url: `https://example.org/${r.int(1, 99)}` }),
		'summary.link.remove': (s, r) => ({ id: some(r, Object.keys(s.plenary.summary.links)) })
	};
}

const GENERATORS = generators();
const SPECS = ALL_COMMANDS as unknown as readonly CommandSpec[];

/** One random sequence: answers the batches as committed (creation first) and the joined members. */
function randomMeeting(r: Rng, accepted: Set<string>) {
	const w = new World();
	const batches: LoggedEvent[][] = [[...w.log]];
	const joined: Joined[] = [];
	const steps = r.int(STEPS.min, STEPS.max);
	for (let i = 0; i < steps; i++) {
		// Early on, favour joining and asking so later commands have someone and something to act on.
		// A finished meeting is sometimes reopened (else reopening depends on luck of the draw).
		const early =
			i < 4 && r.chance(0.6) ? (r.chance(0.5) ? 'member.join' : 'question.ask') : w.state.agenda.run.status === 'finished' && r.chance(0.2) ? 'agenda.reopen' : null;
		const spec = early ? SPECS.find((c) => c.type === early)! : r.pick(SPECS)!;
		const actors = actorsOf(w, joined);
		const fit = actors.filter((a) => spec.roles.includes(a.role) && (!spec.needsMember || a.memberId));
		const actor = (r.chance(0.9) && r.pick(fit)) || r.pick(actors)!;
		const gen = GENERATORS[spec.type];
		const raw = gen ? { type: spec.type, ...gen(w.state, r, actor) } : exampleCommand(spec);
		const before = w.log.length;
		// Server-only commands (audit entries) are issued by the server itself, as the actor it serves.
		const d = w.run(actor, raw, spec.roles.length === 0);
		if (!d.ok) continue;
		accepted.add(spec.type);
		if (spec.type === 'member.join') joined.push({ memberId: String(d.result!.memberId), linkId: actor.linkId });
		// A claim acts through the claim's own link (the one `link.created` of its batch made).
		if (spec.type === 'member.claim') joined.push({ memberId: String(d.result!.memberId), linkId: (d.events[0] as { link: { id: string } }).link.id });
		if (w.log.length > before) batches.push(w.log.slice(before));
	}
	return { w, batches, joined };
}

/**
 * What each viewer receives of each batch, as server/sockets.ts fans it out: the role's copy, unless
 * the viewer is a member named by the batch's `personalAudience` (then their own). Role copies are
 * computed once per batch and role, as the server does.
 */
function fanOut(batches: readonly LoggedEvent[][], states: readonly MeetingState[]) {
	const personal = batches.map((b, i) => new Set(b.flatMap(personalAudience).filter((m) => states[i + 1].members[m])));
	const roleCopies = new Map<Role, LoggedEvent[][]>();
	const copy = (batch: readonly LoggedEvent[], viewer: Viewer) => batch.map((e) => visibleEvent(e, viewer)).filter((e) => e !== null);
	const ofRole = (role: Role) => {
		let copies = roleCopies.get(role);
		if (!copies) roleCopies.set(role, (copies = batches.map((b) => copy(b, { role, memberId: null }))));
		return copies;
	};
	return (viewer: Viewer): LoggedEvent[][] => {
		const mayHoldMembers = viewer.role !== 'organiser' && MEMBER_ROLES.includes(viewer.role);
		return batches.map((b, i) =>
			viewer.memberId !== null && mayHoldMembers && personal[i].has(viewer.memberId) ? copy(b, viewer) : ofRole(viewer.role)[i]
		);
	};
}

/**
 * Anything naming an anonymous author or a voter other than the viewer, anywhere in `value` (events
 * or a state): answers the paths of the leaks.
 */
function leaks(value: unknown, viewer: Viewer): string[] {
	const me = viewer.memberId;
	const mine = (id: unknown) => id === null || id === '' || (me !== null && id === me);
	const found: string[] = [];
	const path: string[] = ['$'];
	const leak = (key: string) => found.push([...path, key].join('.'));
	const walk = (value: unknown) => {
		if (value === null || typeof value !== 'object') return;
		const o = value as Record<string, unknown>;
		// A question: an anonymous one shows its author only to the author.
		if (o.anonymous === true && 'authorId' in o && !mine(o.authorId)) leak('authorId');
		// A next theme: votes and proposer are blanked but for the viewer's own.
		if ('proposedBy' in o && Array.isArray(o.votes)) {
			if (!mine(o.proposedBy)) leak('proposedBy');
			(o.votes as unknown[]).forEach((v, i) => !mine(v) && leak(`votes[${i}]`));
		}
		// The questions slice's voters: only the viewer's own votes.
		if (o.voters && typeof o.voters === 'object' && !Array.isArray(o.voters))
			for (const [q, list] of Object.entries(o.voters as Record<string, string[]>)) list.forEach((v, i) => !mine(v) && leak(`voters.${q}[${i}]`));
		// Vote events name the voter; a logged question or theme event names who acted.
		if ((o.type === 'question.voted' || o.type === 'question.unvoted') && !mine(o.memberId)) leak('memberId');
		if ((o.type === 'summary.themeVoted' || o.type === 'summary.themeUnvoted') && !mine(o.voter)) leak('voter');
		const t = 'actor' in o && typeof (o.event as { type?: unknown } | undefined)?.type === 'string' ? (o.event as { type: string }).type : '';
		if ((t.startsWith('question.') || (t.startsWith('summary.theme') && t !== 'summary.themeEdited')) && !mine(o.actor)) leak('actor');
		for (const k in o) {
			path.push(k);
			walk(o[k]);
			path.pop();
		}
	};
	walk(value);
	return found;
}

describe('visibility, as a property of random meetings', () => {
	it(`holds for ${SEQUENCES} seeded command sequences and every viewer`, () => {
		const r = prng(SEED);
		const accepted = new Set<string>();
		const seen = new Set<string>();
		let checks = 0;
		let events = 0;
		for (let n = 0; n < SEQUENCES; n++) {
			const { w, batches, joined } = randomMeeting(r, accepted);
			events += w.log.length;
			for (const e of w.log) seen.add(e.event.type);
			// The state after each batch: states[k] is s_k (s_0 empty, before the meeting existed).
			const states = [emptyState(MEETING_ID)];
			for (const b of batches) states.push(reduceAll(states[states.length - 1], b));
			const final = states[states.length - 1];
			if (!isDeepStrictEqual(final, w.state)) expect(final).toEqual(w.state);
			const viewers: Viewer[] = [
				...ROLES.map((role) => ({ role, memberId: null })),
				// A member removed from the roster stops receiving anything; one merged into another entry
				// resyncs and is that entry from then on (meeting-client.ts): neither keeps a replica.
				...joined.filter((j) => w.state.members[j.memberId]).map((j) => ({ role: w.state.links[j.linkId].role, memberId: j.memberId }))
			];
			const sent = fanOut(batches, states);
			for (const viewer of viewers) {
				const received = sent(viewer);
				const expected = visibleState(final, viewer);
				for (const k of [0, r.int(0, batches.length)]) {
					const replica = reduceAll(visibleState(states[k], viewer), received.slice(k).flat());
					// The replica's seq comes with each batch (the server sends it), not from events it may not see.
					const got = { ...replica, seq: final.seq };
					if (!isDeepStrictEqual(got, expected)) expect(got, `sequence ${n}, ${viewer.role} ${viewer.memberId ?? 'link'}, from batch ${k}`).toEqual(expected);
					checks++;
				}
				if (viewer.role === 'organiser') continue;
				// Anonymous authors and voters live in the questions and plenary slices of a state.
				const found = leaks({ received, state: { questions: expected.questions, plenary: expected.plenary } }, viewer);
				expect(found, `sequence ${n}, ${viewer.role} ${viewer.memberId ?? 'link'}`).toEqual([]);
				checks++;
			}
		}
		// The property only means something if the sequences reach every event and command.
		const types = Object.values(SLICES).flatMap((s) => [...s.types]);
		expect(types.filter((t) => !seen.has(t)), 'event types no sequence produced').toEqual([]);
		expect(SPECS.map((s) => s.type).filter((t) => !accepted.has(t)), 'commands never accepted').toEqual([]);
		expect(checks).toBeGreaterThan(SEQUENCES * 10);
		console.log(`visibility property: ${SEQUENCES} sequences, ${events} events, ${checks} checks`);
	}, 60_000);
});
