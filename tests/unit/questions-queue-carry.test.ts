// The order every screen shows the queue in, and what carries over to the next meeting.
import { describe, expect, it } from 'vitest';
import { importPayload, questionsToCarry } from '../../src/lib/shared/questions/carry.js';
import { orderQueue } from '../../src/lib/shared/questions/queue.js';
import { questionsWorld } from '../helpers/world.js';

function queueWorld() {
	const w = questionsWorld();
	const room = w.room('ルーム1');
	const a = w.member('participant', '佐藤', { roomId: room });
	const voters = [1, 2, 3].map((i) => w.member('participant', `参加者${i}`));
	const ministry = w.member('ministry', '久保', { department: '保護課' });
	return { w, room, a, voters, ministry };
}

describe('orderQueue', () => {
	it('puts pinned first, then the question being answered, then by votes; answered sink to the end', () => {
		const { w, a, voters, ministry } = queueWorld();
		const first = w.ask(a, '最初の質問');
		w.now += 1000;
		const popular = w.ask(a, '賛同の多い質問');
		w.now += 1000;
		const answered = w.ask(a, '回答済みの質問');
		w.now += 1000;
		const pinned = w.ask(a, 'ピン留めの質問');
		w.now += 1000;
		const now = w.ask(a, '回答中の質問');
		for (const v of voters) w.must(v, { type: 'question.vote', questionId: popular });
		for (const v of voters) w.must(v, { type: 'question.vote', questionId: answered });
		w.must(ministry, { type: 'question.answer', questionId: answered, text: '回答' });
		w.must(ministry, { type: 'question.status', questionId: now, status: 'answering' });
		w.must(w.organiser, { type: 'question.pin', questionId: pinned });
		const items = Object.values(w.state.questions.items);
		expect(orderQueue(items, {}, 'votes').map((q) => q.id)).toEqual([pinned, now, popular, first, answered]);
		expect(orderQueue(items, {}, 'time').map((q) => q.id)).toEqual([pinned, now, answered, popular, first]);
	});

	it('filters by department, room and status, and puts a respondent’s department first', () => {
		const { w, a, room } = queueWorld();
		const hogo = w.ask(a, '保護課への質問', { department: '保護課', roomId: null });
		w.now += 1000;
		const jiritsu = w.ask(a, '自立支援室への質問', { department: '生活困窮者自立支援室' });
		w.now += 1000;
		const none = w.ask(a, '部署指定なし');
		const items = Object.values(w.state.questions.items);
		expect(orderQueue(items, { department: '保護課' }, 'time').map((q) => q.id)).toEqual([hogo]);
		expect(orderQueue(items, { department: '-' }, 'time').map((q) => q.id)).toEqual([none]);
		expect(orderQueue(items, { roomId: room }, 'time').map((q) => q.id)).toEqual([none, jiritsu]);
		expect(orderQueue(items, { roomId: '-' }, 'time').map((q) => q.id)).toEqual([hogo]);
		expect(orderQueue(items, { status: 'answered' }, 'time')).toEqual([]);
		expect(orderQueue(items, {}, 'time', '保護課').map((q) => q.id)).toEqual([hogo, none, jiritsu]);
	});
});

describe('carry-over', () => {
	it('takes open, answering and deferred public questions; not answered, hidden, pending or merged ones', () => {
		const { w, a, voters, ministry } = queueWorld();
		const open = w.ask(a, '未回答', { department: '保護課' });
		const deferred = w.ask(a, '後日回答');
		const answering = w.ask(a, '回答中');
		const answered = w.ask(a, '回答済み');
		const hidden = w.ask(a, '非表示');
		const merged = w.ask(a, '重複');
		w.must(voters[0], { type: 'question.vote', questionId: open });
		w.must(ministry, { type: 'question.status', questionId: deferred, status: 'deferred' });
		w.must(ministry, { type: 'question.status', questionId: answering, status: 'answering' });
		w.must(ministry, { type: 'question.answer', questionId: answered, text: '回答' });
		w.must(w.organiser, { type: 'question.hide', questionId: hidden });
		w.must(w.organiser, { type: 'question.merge', questionId: merged, intoId: open });
		w.must(w.organiser, { type: 'question.moderation', mode: 'approve' });
		w.ask(a, '承認待ち');
		expect(questionsToCarry(w.state).map((q) => q.id)).toEqual([open, deferred, answering]);
		expect(importPayload(w.state, w.q(open))).toMatchObject({
			type: 'question.import',
			text: '未回答',
			department: '保護課',
			status: 'open',
			votes: 1,
			fromMeetingId: 'meeting1',
			fromQuestionId: open,
			authorLabel: '佐藤'
		});
		expect(importPayload(w.state, w.q(deferred)).status).toBe('deferred');
	});

	it('imports a question into the next meeting tagged 持ち越し, without the old author’s member id', () => {
		const old = queueWorld();
		const id = old.w.ask(old.a, '級地区分の見直し', { anonymous: true });
		const payload = importPayload(old.w.state, old.w.q(id));
		expect(payload.authorLabel).toBeNull();
		const next = questionsWorld();
		const newId = String(next.must(next.organiser, payload).id);
		expect(next.q(newId)).toMatchObject({
			text: '級地区分の見直し',
			tags: ['carried'],
			status: 'open',
			authorId: null,
			anonymous: true,
			votes: 0,
			approved: true,
			origin: { meetingId: 'meeting1', questionId: id, votes: 0, authorLabel: null }
		});
		const participant = next.member('participant', '佐藤');
		expect(next.run(participant, payload)).toMatchObject({ ok: false, code: 'not_allowed' });
	});

	it('links the old meeting to the next one and marks the carried questions, once', () => {
		const { w, a } = queueWorld();
		const id = w.ask(a, '未回答');
		w.must(w.organiser, { type: 'question.carry', nextMeetingId: 'next1', questionIds: [id] });
		expect(w.state.meeting.nextMeetingId).toBe('next1');
		expect(w.q(id).carriedTo).toBe('next1');
		expect(questionsToCarry(w.state)).toEqual([]);
		expect(w.run(w.organiser, { type: 'question.carry', nextMeetingId: 'next2', questionIds: [] })).toMatchObject({ ok: false, code: 'wrong_state' });
	});
});
