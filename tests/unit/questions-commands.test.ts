// The question queue's commands as members, ministry respondents and organisers use them: asking,
// voting (one vote per member, also across merges), editing, moderation, status and answers.
import { describe, expect, it } from 'vitest';
import { questionsWorld, type WorldOptions } from '../helpers/world.js';

function setup(opts: WorldOptions = {}) {
	const w = questionsWorld(opts);
	const room1 = w.room('ルーム1');
	const room3 = w.room('ルーム3');
	const sato = w.member('participant', '佐藤', { roomId: room1 });
	const tanaka = w.member('participant', '田中', { roomId: room3 });
	const suzuki = w.member('facilitator', '鈴木', { roomId: room1 });
	const aoki = w.member('ministry', '青木', { department: '生活困窮者自立支援室' });
	const kubo = w.member('ministry', '久保', { department: '保護課' });
	return { w, room1, room3, sato, tanaka, suzuki, aoki, kubo };
}

describe('question.ask', () => {
	it('adds a question to the ministry, from the asker’s room, with the id in the result', () => {
		const { w, sato, room1 } = setup();
		const reply = w.run(sato, { type: 'question.ask', text: '  一時生活支援事業の広域実施について伺いたいです。 ', department: '生活困窮者自立支援室' });
		expect(reply.ok).toBe(true);
		const id = String(reply.ok && reply.result?.id);
		expect(w.q(id)).toMatchObject({
			text: '一時生活支援事業の広域実施について伺いたいです。',
			direction: 'to_ministry',
			department: '生活困窮者自立支援室',
			roomId: room1,
			authorId: sato.memberId,
			anonymous: false,
			status: 'open',
			approved: true,
			votes: 0,
			tags: []
		});
	});

	it('tags questions asked before the meeting starts as 事前 (pre-hearing sheet)', () => {
		const { w, sato } = setup({ startsAt: '2021-06-04T14:00:00+09:00', now: Date.parse('2021-06-03T10:00:00+09:00') });
		const early = w.ask(sato, 'オンライン相談の個人情報保護について');
		w.now = Date.parse('2021-06-04T14:05:00+09:00');
		const during = w.ask(sato, 'フードバンクの活用例はありますか');
		expect(w.q(early).tags).toEqual(['pre']);
		expect(w.q(during).tags).toEqual([]);
	});

	it('lets a member choose no room, another room, or anonymity; refuses unknown rooms and departments', () => {
		const { w, sato, room3 } = setup();
		expect(w.q(w.ask(sato, '質問A', { roomId: null })).roomId).toBeNull();
		expect(w.q(w.ask(sato, '質問B', { roomId: room3, anonymous: true }))).toMatchObject({ roomId: room3, anonymous: true });
		expect(w.run(sato, { type: 'question.ask', text: '質問C', roomId: 'nope' })).toMatchObject({ ok: false, code: 'not_found' });
		expect(w.run(sato, { type: 'question.ask', text: '質問D', department: '存在しない課' })).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('refuses empty, blank and over-long text, and unknown fields, at the schema', () => {
		const { w, sato } = setup();
		for (const text of ['', '   ', 'あ'.repeat(1001)])
			expect(w.run(sato, { type: 'question.ask', text })).toMatchObject({ ok: false, code: 'invalid' });
		expect(w.run(sato, { type: 'question.ask', text: 'ok', authorId: 'someone' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(Object.keys(w.state.questions.items)).toHaveLength(0);
	});

	it('allows questions from the ministry to the field only to ministry respondents', () => {
		const { w, sato, aoki } = setup();
		expect(w.run(sato, { type: 'question.ask', text: '現場ではどうしていますか', direction: 'from_ministry' })).toMatchObject({ ok: false, code: 'not_allowed' });
		const id = w.ask(aoki, 'LINEボットを使ってみた感想を聞かせてください', { direction: 'from_ministry' });
		expect(w.q(id)).toMatchObject({ direction: 'from_ministry', department: '生活困窮者自立支援室', authorId: aoki.memberId });
	});

	it('is refused to organisers (no member) and to a link that has not joined', () => {
		const { w } = setup();
		expect(w.run(w.organiser, { type: 'question.ask', text: 'x' })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(w.run({ role: 'participant', memberId: null, linkId: 'l', roomId: null }, { type: 'question.ask', text: 'x' })).toMatchObject({
			ok: false,
			code: 'join_required'
		});
	});
});

describe('votes', () => {
	it('counts one vote per member; voting twice and unvoting without a vote are refused', () => {
		const { w, sato, tanaka, aoki } = setup();
		const id = w.ask(sato, '級地区分の見直しをお願いしたい');
		w.must(tanaka, { type: 'question.vote', questionId: id });
		w.must(aoki, { type: 'question.vote', questionId: id });
		expect(w.run(tanaka, { type: 'question.vote', questionId: id })).toMatchObject({ ok: false, code: 'already_voted' });
		expect(w.q(id).votes).toBe(2);
		w.must(tanaka, { type: 'question.unvote', questionId: id });
		expect(w.run(tanaka, { type: 'question.unvote', questionId: id })).toMatchObject({ ok: false, code: 'not_voted' });
		expect(w.run(sato, { type: 'question.unvote', questionId: id })).toMatchObject({ ok: false, code: 'not_voted' });
		expect(w.q(id).votes).toBe(1);
		expect(w.state.questions.voters[id]).toEqual([aoki.memberId]);
		expect(w.run(tanaka, { type: 'question.vote', questionId: 'missing' })).toMatchObject({ ok: false, code: 'not_found' });
	});

	it('keeps the count equal to the number of distinct voters through any mix of votes and unvotes', () => {
		const { w, sato } = setup();
		const voters = Array.from({ length: 15 }, (_, i) => w.member('participant', `参加者${i}`));
		const ids = [w.ask(sato, '質問1'), w.ask(sato, '質問2'), w.ask(sato, '質問3')];
		let seed = 7;
		const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let step = 0; step < 600; step++) {
			const who = voters[rand(voters.length)];
			const qid = ids[rand(ids.length)];
			w.run(who, { type: rand(2) ? 'question.vote' : 'question.unvote', questionId: qid });
			if (step % 150 === 0 && step > 0 && ids.length > 1) w.must(w.organiser, { type: 'question.merge', questionId: ids.pop()!, intoId: ids[0] });
			for (const q of Object.values(w.state.questions.items)) {
				const list = w.state.questions.voters[q.id] ?? [];
				expect(new Set(list).size).toBe(list.length);
				expect(q.votes).toBe(list.length);
			}
		}
	});

	it('refuses votes on hidden, unapproved and merged questions, and leaves their count alone', () => {
		const { w, sato, tanaka } = setup();
		const hidden = w.ask(sato, '非表示にされる質問');
		w.must(tanaka, { type: 'question.vote', questionId: hidden });
		w.must(w.organiser, { type: 'question.hide', questionId: hidden });
		expect(w.run(tanaka, { type: 'question.unvote', questionId: hidden })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.run(sato, { type: 'question.vote', questionId: hidden })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.q(hidden).votes).toBe(1);
		w.must(w.organiser, { type: 'question.moderation', mode: 'approve' });
		const pending = w.ask(sato, '承認待ちの質問');
		expect(w.run(tanaka, { type: 'question.vote', questionId: pending })).toMatchObject({ ok: false, code: 'wrong_state' });
	});
});

describe('question.merge', () => {
	it('combines votes without counting a member who voted for both twice', () => {
		const { w, sato, tanaka, suzuki, aoki } = setup();
		const a = w.ask(sato, 'オンライン相談で個人情報をどう守るか');
		const b = w.ask(tanaka, 'オンライン相談の個人情報保護について教えてください');
		w.must(tanaka, { type: 'question.vote', questionId: a });
		w.must(suzuki, { type: 'question.vote', questionId: a });
		w.must(suzuki, { type: 'question.vote', questionId: b });
		w.must(aoki, { type: 'question.vote', questionId: b });
		w.must(w.organiser, { type: 'question.merge', questionId: b, intoId: a });
		expect(w.q(a).votes).toBe(3);
		expect(new Set(w.state.questions.voters[a])).toEqual(new Set([tanaka.memberId, suzuki.memberId, aoki.memberId]));
		expect(w.q(a).mergedFrom).toEqual([b]);
		expect(w.q(b)).toMatchObject({ mergedInto: a, votes: 0 });
		expect(w.state.questions.voters[b]).toBeUndefined();
		// The merged voters count as voters of the target from now on.
		expect(w.run(aoki, { type: 'question.vote', questionId: a })).toMatchObject({ ok: false, code: 'already_voted' });
		w.must(aoki, { type: 'question.unvote', questionId: a });
		expect(w.q(a).votes).toBe(2);
		expect(w.run(sato, { type: 'question.vote', questionId: b })).toMatchObject({ ok: false, code: 'wrong_state' });
	});

	it('refuses merging into itself, twice, or into a question that is not public', () => {
		const { w, sato } = setup();
		const a = w.ask(sato, 'A');
		const b = w.ask(sato, 'B');
		const c = w.ask(sato, 'C');
		expect(w.run(w.organiser, { type: 'question.merge', questionId: a, intoId: a })).toMatchObject({ ok: false, code: 'invalid' });
		w.must(w.organiser, { type: 'question.hide', questionId: c });
		expect(w.run(w.organiser, { type: 'question.merge', questionId: a, intoId: c })).toMatchObject({ ok: false, code: 'wrong_state' });
		w.must(w.organiser, { type: 'question.merge', questionId: a, intoId: b });
		expect(w.run(w.organiser, { type: 'question.merge', questionId: a, intoId: b })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.run(w.organiser, { type: 'question.merge', questionId: b, intoId: a })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.run(sato, { type: 'question.merge', questionId: b, intoId: c })).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('question.edit', () => {
	it('lets the author fix their own open question and organisers fix any', () => {
		const { w, sato, tanaka, room3 } = setup();
		const id = w.ask(sato, 'フードバンクの活用例はありまか');
		w.must(sato, { type: 'question.edit', questionId: id, text: 'フードバンクの活用例はありますか', department: '保護課' });
		expect(w.q(id)).toMatchObject({ text: 'フードバンクの活用例はありますか', department: '保護課', editedAt: w.now });
		expect(w.run(tanaka, { type: 'question.edit', questionId: id, text: '書き換え' })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(w.run(sato, { type: 'question.edit', questionId: id, roomId: room3 })).toMatchObject({ ok: false, code: 'not_allowed' });
		w.must(w.organiser, { type: 'question.edit', questionId: id, roomId: room3, text: 'フードバンクの活用例はありますか。' });
		expect(w.q(id)).toMatchObject({ roomId: room3, text: 'フードバンクの活用例はありますか。' });
	});

	it('stops the author once the ministry is answering', () => {
		const { w, sato, aoki } = setup();
		const id = w.ask(sato, '車の保有要件について');
		w.must(aoki, { type: 'question.status', questionId: id, status: 'answering' });
		expect(w.run(sato, { type: 'question.edit', questionId: id, text: '変更' })).toMatchObject({ ok: false, code: 'wrong_state' });
	});

	it('keeps anonymous authors unable to edit questions that are not theirs', () => {
		const { w, sato, tanaka } = setup();
		const id = w.ask(sato, '匿名の質問', { anonymous: true });
		expect(w.run(tanaka, { type: 'question.edit', questionId: id, text: 'x' })).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('moderation', () => {
	it('holds questions for approval in approve-first mode (ministry questions excepted)', () => {
		const { w, sato, aoki } = setup();
		w.must(w.organiser, { type: 'question.moderation', mode: 'approve' });
		const id = w.ask(sato, '承認待ち');
		const fromMinistry = w.ask(aoki, '現場への質問', { direction: 'from_ministry' });
		expect(w.q(id).approved).toBe(false);
		expect(w.q(fromMinistry).approved).toBe(true);
		w.must(w.organiser, { type: 'question.approve', questionId: id });
		expect(w.q(id).approved).toBe(true);
		expect(w.run(w.organiser, { type: 'question.approve', questionId: id })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.run(sato, { type: 'question.approve', questionId: id })).toMatchObject({ ok: false, code: 'not_allowed' });
	});

	it('hides and shows questions and replies, pins and unpins', () => {
		const { w, sato, aoki } = setup();
		const id = w.ask(sato, '質問');
		w.must(w.organiser, { type: 'question.pin', questionId: id });
		expect(w.q(id).pinned).toBe(true);
		w.must(w.organiser, { type: 'question.hide', questionId: id });
		expect(w.q(id)).toMatchObject({ hidden: true, pinned: false });
		expect(w.run(w.organiser, { type: 'question.pin', questionId: id })).toMatchObject({ ok: false, code: 'wrong_state' });
		w.must(w.organiser, { type: 'question.hide', questionId: id, hidden: false });
		expect(w.q(id).hidden).toBe(false);
		const asked = w.ask(aoki, '現場では？', { direction: 'from_ministry' });
		const replyId = String(w.must(sato, { type: 'question.reply', questionId: asked, text: 'こうしています' }).id);
		w.must(w.organiser, { type: 'question.hide', questionId: asked, replyId });
		expect(w.q(asked).replies[0]).toMatchObject({ id: replyId, hidden: true });
	});
});

describe('status and answers', () => {
	it('moves through answering to answered with a written answer, shown as answered', () => {
		const { w, sato, aoki } = setup();
		const id = w.ask(sato, '広域実施は都道府県が主導すべきか');
		w.now += 60_000;
		w.must(aoki, { type: 'question.status', questionId: id, status: 'answering' });
		expect(w.q(id)).toMatchObject({ status: 'answering', statusAt: w.now });
		w.must(aoki, { type: 'question.answer', questionId: id, text: '協定を結んでいる自治体の例を参考にしてください。' });
		expect(w.q(id)).toMatchObject({ status: 'answered', answer: { text: '協定を結んでいる自治体の例を参考にしてください。', byId: aoki.memberId } });
		expect(w.run(aoki, { type: 'question.status', questionId: id, status: 'answered' })).toMatchObject({ ok: false, code: 'wrong_state' });
	});

	it('defers a question to a later written reply and lets it be answered later', () => {
		const { w, sato, kubo } = setup();
		const id = w.ask(sato, '級地区分の見直し予定は', { department: '保護課' });
		w.must(kubo, { type: 'question.status', questionId: id, status: 'deferred' });
		expect(w.q(id).status).toBe('deferred');
		w.must(w.organiser, { type: 'question.answer', questionId: id, text: '後日、書面で回答します。' });
		expect(w.q(id)).toMatchObject({ status: 'answered', answer: { byId: null } });
	});

	it('is for ministry respondents and organisers only; answers are for questions to the ministry', () => {
		const { w, sato, tanaka, aoki } = setup();
		const id = w.ask(sato, '質問');
		expect(w.run(tanaka, { type: 'question.status', questionId: id, status: 'answering' })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(w.run(tanaka, { type: 'question.answer', questionId: id, text: '回答' })).toMatchObject({ ok: false, code: 'not_allowed' });
		const asked = w.ask(aoki, '現場の工夫は？', { direction: 'from_ministry' });
		expect(w.run(aoki, { type: 'question.answer', questionId: asked, text: 'x' })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(w.run(aoki, { type: 'question.answer', questionId: id, text: '' })).toMatchObject({ ok: false, code: 'invalid' });
	});
});

describe('replies to questions from the ministry', () => {
	it('attach the field’s replies to the ministry’s question, signed', () => {
		const { w, sato, suzuki, aoki } = setup();
		const asked = w.ask(aoki, 'オンライン相談の実施状況を教えてください', { direction: 'from_ministry' });
		w.must(sato, { type: 'question.reply', questionId: asked, text: 'メールでの相談が中心です。' });
		w.must(suzuki, { type: 'question.reply', questionId: asked, text: '初回は対面にしています。' });
		expect(w.q(asked).replies.map((r) => [r.authorId, r.text])).toEqual([
			[sato.memberId, 'メールでの相談が中心です。'],
			[suzuki.memberId, '初回は対面にしています。']
		]);
		const toMinistry = w.ask(sato, '質問');
		expect(w.run(suzuki, { type: 'question.reply', questionId: toMinistry, text: 'x' })).toMatchObject({ ok: false, code: 'wrong_state' });
	});
});
