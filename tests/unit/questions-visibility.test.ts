// Who sees what of the question queue: anonymous authors, hidden and pending questions, votes. And the
// guarantee every browser replica relies on: the events a viewer receives, reduced onto the state it
// was sent, give exactly the state the server would send it now.
import { describe, expect, it } from 'vitest';
import { personalAudience, visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState } from '../../src/lib/shared/meeting/types.js';
import { questionsWorld } from '../helpers/world.js';

/** What the server's fan-out sends `viewer` for one event (its own copy when it is in the audience). */
function received(logged: LoggedEvent, viewer: Actor): LoggedEvent | null {
	const own = viewer.memberId !== null && personalAudience(logged).includes(viewer.memberId);
	return visibleEvent(logged, own ? viewer : { role: viewer.role, memberId: null });
}

function replica(start: MeetingState, log: LoggedEvent[], viewer: Actor): MeetingState {
	const events = log.filter((e) => e.seq > start.seq).map((e) => received(e, viewer)).filter((e) => e !== null);
	return { ...reduceAll(visibleState(start, viewer), events), seq: 0 };
}

function scene() {
	const w = questionsWorld();
	const room = w.room('ルーム1');
	const author = w.member('participant', '佐藤', { roomId: room });
	const other = w.member('participant', '田中');
	const ministry = w.member('ministry', '青木', { department: '生活困窮者自立支援室' });
	const display: Actor = { role: 'display', memberId: null, linkId: 'display-link', roomId: null };
	return { w, author, other, ministry, display };
}

describe('question visibility', () => {
	it('hides the author of an anonymous question from everyone but organisers and the author', () => {
		const { w, author, other, ministry, display } = scene();
		const id = w.ask(author, '匿名で聞きたいことがあります', { anonymous: true });
		expect(visibleState(w.state, w.organiser).questions.items[id].authorId).toBe(author.memberId);
		expect(visibleState(w.state, author).questions.items[id].authorId).toBe(author.memberId);
		for (const viewer of [other, ministry, display]) expect(visibleState(w.state, viewer).questions.items[id].authorId).toBeNull();
		// …also through the event's actor, which would otherwise name them.
		const asked = w.log.at(-1)!;
		for (const viewer of [other, ministry, display]) expect(received(asked, viewer)!.actor).toBeNull();
		expect(received(asked, author)!.actor).toBe(author.memberId);
	});

	it('shows signed questions with their author to everyone', () => {
		const { w, author, other } = scene();
		const id = w.ask(author, '名前を出して聞きます');
		expect(visibleState(w.state, other).questions.items[id].authorId).toBe(author.memberId);
	});

	it('shows hidden and pending questions only to organisers and their author', () => {
		const { w, author, other, ministry, display } = scene();
		w.must(w.organiser, { type: 'question.moderation', mode: 'approve' });
		const pending = w.ask(author, '承認待ちの質問');
		const hidden = w.ask(other, 'あとで非表示にされる質問');
		w.must(w.organiser, { type: 'question.approve', questionId: hidden });
		w.must(w.organiser, { type: 'question.hide', questionId: hidden });
		expect(Object.keys(visibleState(w.state, w.organiser).questions.items).sort()).toEqual([pending, hidden].sort());
		expect(Object.keys(visibleState(w.state, author).questions.items)).toEqual([pending]);
		expect(Object.keys(visibleState(w.state, other).questions.items)).toEqual([hidden]);
		for (const viewer of [ministry, display]) expect(visibleState(w.state, viewer).questions.items).toEqual({});
		// The text of a hidden question never travels to others, not even in the hide event.
		const hideEvent = w.log.at(-1)!;
		expect(JSON.stringify(received(hideEvent, ministry))).not.toContain('あとで非表示');
	});

	it('shows members only their own votes, and organisers everyone’s', () => {
		const { w, author, other, ministry } = scene();
		const id = w.ask(author, '質問');
		w.must(other, { type: 'question.vote', questionId: id });
		w.must(ministry, { type: 'question.vote', questionId: id });
		expect(visibleState(w.state, other).questions.voters).toEqual({ [id]: [other.memberId] });
		expect(visibleState(w.state, author).questions.voters).toEqual({});
		expect(visibleState(w.state, author).questions.items[id].votes).toBe(2);
		expect(visibleState(w.state, w.organiser).questions.voters[id]).toHaveLength(2);
		const vote = w.log.at(-1)!;
		expect(received(vote, author)!.event).toMatchObject({ type: 'question.voted', memberId: null, votes: 2 });
		expect(received(vote, ministry)!.event).toMatchObject({ memberId: ministry.memberId });
	});

	it('drops hidden replies for everyone but organisers', () => {
		const { w, author, ministry } = scene();
		const id = w.ask(ministry, '現場での工夫は？', { direction: 'from_ministry' });
		const replyId = String(w.must(author, { type: 'question.reply', questionId: id, text: '個人名を含む返信' }).id);
		w.must(w.organiser, { type: 'question.hide', questionId: id, replyId });
		expect(visibleState(w.state, author).questions.items[id].replies).toEqual([]);
		expect(visibleState(w.state, w.organiser).questions.items[id].replies).toHaveLength(1);
	});

	it('keeps every viewer’s replica equal to its view through a long mixed session', () => {
		const { w, author, other, ministry, display } = scene();
		const third = w.member('facilitator', '鈴木');
		const start = w.state;
		const members = [author, other, ministry, third];
		let seed = 11;
		const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const ids: string[] = [];
		const pick = () => ids[rand(ids.length)];
		for (let step = 0; step < 400; step++) {
			const who = members[rand(members.length)];
			const r = rand(14);
			if (r === 0 || ids.length < 2) {
				const reply = w.run(who, { type: 'question.ask', text: `質問${step}`, anonymous: rand(2) === 1, ...(who.role === 'ministry' && rand(2) ? { direction: 'from_ministry' } : {}) });
				if (reply.ok) ids.push(String(reply.result!.id));
			} else if (r <= 4) w.run(who, { type: rand(3) ? 'question.vote' : 'question.unvote', questionId: pick() });
			else if (r === 5) w.run(w.organiser, { type: 'question.hide', questionId: pick(), hidden: rand(2) === 0 });
			else if (r === 6) w.run(w.organiser, { type: 'question.merge', questionId: pick(), intoId: pick() });
			else if (r === 7) w.run(w.organiser, { type: 'question.moderation', mode: rand(2) ? 'approve' : 'off' });
			else if (r === 8) w.run(w.organiser, { type: 'question.approve', questionId: pick() });
			else if (r === 9) w.run(ministry, { type: 'question.status', questionId: pick(), status: (['open', 'answering', 'answered', 'deferred'] as const)[rand(4)] });
			else if (r === 10) w.run(who, { type: 'question.reply', questionId: pick(), text: `返信${step}` });
			else if (r === 11) w.run(who, { type: 'question.edit', questionId: pick(), text: `修正${step}` });
			else if (r === 12) w.run(w.organiser, { type: 'question.pin', questionId: pick(), pinned: rand(2) === 0 });
			else w.run(ministry, { type: 'question.answer', questionId: pick(), text: `回答${step}` });
		}
		expect(Object.keys(w.state.questions.items).length).toBeGreaterThan(10);
		for (const viewer of [w.organiser, author, other, ministry, third, display])
			expect(replica(start, w.log, viewer)).toEqual({ ...visibleState(w.state, viewer), seq: 0 });
	});
});
