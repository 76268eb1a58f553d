// The question queue on real servers: an outside tool posting over HTTP with a member token, many
// socket.io clients voting at once (one process, and two processes sharing one real Redis), what each
// member's live replica shows, abuse limits, carry-over to the next meeting, the demo's questions.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { Replica } from '../helpers/questions-clients.js';
import { api, createMeeting, joinMembers, meetingBody, postCommand, serverForSuite, startTestServer, tempDir, waitFor, type TestServer } from '../helpers/server.js';

describe('questions over HTTP (an outside tool with a participant member token)', () => {
	const server = serverForSuite();

	it('posts a question, reads it back, and is refused bad input with codes', async () => {
		const { id, organiserToken } = await createMeeting(server.url);
		const [bot, reader] = await joinMembers(server.url, id, organiserToken, 2, 'participant', 'LINE連携');
		const asked = await postCommand(server.url, id, bot.token, { type: 'question.ask', text: 'LINE経由の質問：フードバンクの利用条件は？', department: '生活困窮者自立支援室', anonymous: true });
		expect(asked.status).toBe(200);
		expect(asked.json).toMatchObject({ ok: true, result: { id: expect.any(String) } });
		const qid = asked.json.result.id;

		const seenByReader = await api(server.url, `/api/v1/meetings/${id}`, { token: reader.token });
		expect(seenByReader.json.state.questions.items[qid]).toMatchObject({ text: 'LINE経由の質問：フードバンクの利用条件は？', authorId: null, anonymous: true });
		const seenByAuthor = await api(server.url, `/api/v1/meetings/${id}`, { token: bot.token });
		expect(seenByAuthor.json.state.questions.items[qid].authorId).toBe(bot.memberId);

		expect(await postCommand(server.url, id, bot.token, { type: 'question.ask', text: '' })).toMatchObject({ status: 400, json: { ok: false, code: 'invalid' } });
		expect(await postCommand(server.url, id, bot.token, { type: 'question.ask', text: 'あ'.repeat(1001) })).toMatchObject({ status: 400, json: { code: 'invalid' } });
		expect(await postCommand(server.url, id, reader.token, { type: 'question.vote', questionId: qid })).toMatchObject({ status: 200 });
		expect(await postCommand(server.url, id, reader.token, { type: 'question.vote', questionId: qid })).toMatchObject({ status: 409, json: { code: 'already_voted' } });
		expect(await postCommand(server.url, id, bot.token, { type: 'question.unvote', questionId: qid })).toMatchObject({ status: 409, json: { code: 'not_voted' } });
		expect(await postCommand(server.url, id, reader.token, { type: 'question.edit', questionId: qid, text: '改ざん' })).toMatchObject({ status: 403, json: { code: 'not_allowed' } });
		const after = await api(server.url, `/api/v1/meetings/${id}`, { token: organiserToken });
		expect(after.json.state.questions.items[qid]).toMatchObject({ text: 'LINE経由の質問：フードバンクの利用条件は？', votes: 1 });
	});

	it('limits flooding per member and per meeting with rate_limited, and nothing else changes', async () => {
		const { id, organiserToken } = await createMeeting(server.url);
		const members = await joinMembers(server.url, id, organiserToken, 12);
		const replies = [];
		for (let i = 0; i < 12; i++) replies.push(await postCommand(server.url, id, members[0].token, { type: 'question.ask', text: `連投${i}` }));
		const limited = replies.filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		for (const r of limited) expect(r.json).toEqual({ ok: false, code: 'rate_limited' });
		const accepted = replies.filter((r) => r.status === 200).length;
		// Someone else in the meeting can still ask: the limit is per member first…
		expect((await postCommand(server.url, id, members[1].token, { type: 'question.ask', text: '別の人の質問' })).status).toBe(200);
		// …and the meeting as a whole stops a crowd of members flooding together.
		let meetingLimited = 0;
		for (const m of members.slice(1)) for (let i = 0; i < 7; i++) if ((await postCommand(server.url, id, m.token, { type: 'question.ask', text: `大量${i}` })).status === 429) meetingLimited++;
		expect(meetingLimited).toBeGreaterThan(0);
		const state = (await api(server.url, `/api/v1/meetings/${id}`, { token: organiserToken })).json.state;
		const own = Object.values(state.questions.items as Record<string, { authorId: string }>).filter((q) => q.authorId === members[0].memberId);
		expect(own).toHaveLength(accepted);
		expect(Object.keys(state.questions.items).length).toBeLessThanOrEqual(60 + 12);
	});

	it('carries open and deferred questions over to a new meeting, once, for organisers only', async () => {
		const { id, organiserToken } = await createMeeting(server.url, meetingBody({ title: '情報交換会 第1回' }));
		const [asker] = await joinMembers(server.url, id, organiserToken, 1);
		const [ministry] = await joinMembers(server.url, id, organiserToken, 1, 'ministry', '厚労省');
		const ask = async (text: string, extra = {}) => (await postCommand(server.url, id, asker.token, { type: 'question.ask', text, ...extra })).json.result.id as string;
		const open = await ask('未回答のまま終わる質問', { department: '保護課' });
		const deferred = await ask('後日回答になる質問');
		const answered = await ask('当日回答される質問');
		await postCommand(server.url, id, ministry.token, { type: 'question.status', questionId: deferred, status: 'deferred' });
		await postCommand(server.url, id, ministry.token, { type: 'question.answer', questionId: answered, text: '回答しました' });

		expect(await api(server.url, `/api/v1/meetings/${id}/carry-over`, { token: asker.token, body: {} })).toMatchObject({ status: 403, json: { code: 'not_allowed' } });
		const res = await api(server.url, `/api/v1/meetings/${id}/carry-over`, { token: organiserToken, body: {} });
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ ok: true, carried: 2, links: { organiser: expect.stringContaining('/j/') } });

		const next = (await api(server.url, `/api/v1/meetings/${res.json.id}`, { token: res.json.organiserToken })).json.state;
		expect(next.meeting).toMatchObject({ title: '情報交換会 第1回（次回）', previousMeetingId: id, startsAt: '2021-07-04T14:00:00+09:00', endsAt: '2021-07-04T15:45:00+09:00' });
		const carried = Object.values(next.questions.items as Record<string, any>).sort((a, b) => a.origin.askedAt - b.origin.askedAt);
		expect(carried.map((q) => [q.text, q.status, q.tags, q.department])).toEqual([
			['未回答のまま終わる質問', 'open', ['carried'], '保護課'],
			['後日回答になる質問', 'deferred', ['carried'], null]
		]);
		const old = (await api(server.url, `/api/v1/meetings/${id}`, { token: organiserToken })).json.state;
		expect(old.meeting.nextMeetingId).toBe(res.json.id);
		expect(old.questions.items[open].carriedTo).toBe(res.json.id);
		expect(old.questions.items[answered].carriedTo).toBeNull();
		// The old meeting's tokens do not open the new one.
		expect((await api(server.url, `/api/v1/meetings/${res.json.id}`, { token: organiserToken })).status).toBe(401);
		expect(await api(server.url, `/api/v1/meetings/${id}/carry-over`, { token: organiserToken, body: {} })).toMatchObject({ status: 409, json: { code: 'wrong_state' } });
		expect(await api(server.url, `/api/v1/meetings/${id}/carry-over`, { token: organiserToken, body: { startsAt: 'tomorrow' } })).toMatchObject({ status: 400 });
	});

	it('builds the demo meeting with pre-meeting questions to both departments and one from the ministry', async () => {
		const res = await api(server.url, '/api/v1/meetings/demo', { body: {} });
		expect(res.status).toBe(201);
		const state = (await api(server.url, `/api/v1/meetings/${res.json.id}`, { token: res.json.organiserToken })).json.state;
		const qs = Object.values(state.questions.items as Record<string, any>);
		expect(qs.length).toBeGreaterThanOrEqual(6);
		expect(qs.every((q) => q.tags.includes('pre') && q.askedAt < Date.parse(state.meeting.startsAt))).toBe(true);
		expect(qs.filter((q) => q.department === '生活困窮者自立支援室' && q.direction === 'to_ministry').length).toBeGreaterThanOrEqual(2);
		expect(qs.filter((q) => q.department === '保護課').length).toBeGreaterThanOrEqual(2);
		const fromMinistry = qs.filter((q) => q.direction === 'from_ministry');
		expect(fromMinistry).toHaveLength(1);
		expect(fromMinistry[0].replies.length).toBeGreaterThan(0);
		for (const q of qs) expect(q.votes).toBe((state.questions.voters[q.id] ?? []).length);
	});
});

/** N members vote on one question at the same moment; every replica must end at N. */
async function votingRush(servers: TestServer[], voters: number) {
	const { id, organiserToken } = await createMeeting(servers[0].url);
	const members = await joinMembers(servers[0].url, id, organiserToken, voters);
	const [asker] = await joinMembers(servers[0].url, id, organiserToken, 1, 'participant', '質問者');
	const qid = (await postCommand(servers[0].url, id, asker.token, { type: 'question.ask', text: '一斉に賛同される質問' })).json.result.id as string;
	const clients = members.map((m, i) => new Replica(servers[i % servers.length].url, id, m.token));
	const watcher = new Replica(servers[servers.length - 1].url, id, organiserToken);
	try {
		await Promise.all([...clients, watcher].map((c) => c.ready()));
		const replies = await Promise.all(clients.map((c) => c.send({ type: 'question.vote', questionId: qid })));
		expect(replies.filter((r) => !r.ok)).toEqual([]);
		for (const c of [...clients, watcher]) await waitFor(() => c.state.questions.items[qid]?.votes === voters, 30_000, 'every replica to count every vote');
		// Every member's replica knows their own vote (and only theirs); the organiser's knows all.
		for (const [i, c] of clients.entries()) expect(c.state.questions.voters[qid]).toEqual([members[i].memberId]);
		expect(new Set(watcher.state.questions.voters[qid])).toEqual(new Set(members.map((m) => m.memberId)));
		// A second rush changes nothing: one vote per member.
		const again = await Promise.all(clients.map((c) => c.send({ type: 'question.vote', questionId: qid })));
		expect(again.every((r) => !r.ok && r.code === 'already_voted')).toBe(true);
		for (const s of servers) {
			const fresh = await api(s.url, `/api/v1/meetings/${id}`, { token: organiserToken });
			expect(fresh.json.state.questions.items[qid].votes).toBe(voters);
			expect(fresh.json.state.questions.voters[qid]).toHaveLength(voters);
		}
		// Half take their vote back at once.
		const half = clients.filter((_, i) => i % 2 === 0);
		expect((await Promise.all(half.map((c) => c.send({ type: 'question.unvote', questionId: qid })))).every((r) => r.ok)).toBe(true);
		for (const c of [...clients, watcher]) await waitFor(() => c.state.questions.items[qid].votes === voters - half.length, 30_000, 'unvotes everywhere');
	} finally {
		for (const c of [...clients, watcher]) c.close();
	}
}

describe('many clients voting at once', () => {
	it('one server: 50 socket.io clients vote on one question at the same moment', async () => {
		const server = await startTestServer();
		try {
			await votingRush([server], 50);
		} finally {
			await server.stop();
		}
	});

	it('two server processes sharing one real Redis: the count is still the number of distinct voters', async () => {
		let redis: RedisServer | null = null;
		const servers: TestServer[] = [];
		try {
			redis = await startRedis();
			servers.push(await startTestServer({ redisUrl: redis.url }), await startTestServer({ redisUrl: redis.url }));
			await votingRush(servers, 50);
		} finally {
			for (const s of servers) await s.stop();
			await redis?.stop();
		}
	});
});

describe('what each member sees live', () => {
	it('marks an anonymous question as mine only on its author’s screen, and shows hidden ones only to the author', async () => {
		const server = await startTestServer();
		const clients: Replica[] = [];
		try {
			const { id, organiserToken } = await createMeeting(server.url);
			const [author, other] = await joinMembers(server.url, id, organiserToken, 2);
			const a = new Replica(server.url, id, author.token);
			const b = new Replica(server.url, id, other.token);
			const org = new Replica(server.url, id, organiserToken);
			clients.push(a, b, org);
			await Promise.all(clients.map((c) => c.ready()));
			const asked = await a.send({ type: 'question.ask', text: '匿名で聞きたい質問', anonymous: true });
			const qid = String(asked.ok && asked.result?.id);
			await waitFor(() => !!b.state.questions.items[qid] && !!a.state.questions.items[qid] && !!org.state.questions.items[qid]);
			expect(a.state.questions.items[qid].authorId).toBe(author.memberId);
			expect(b.state.questions.items[qid].authorId).toBeNull();
			expect(org.state.questions.items[qid].authorId).toBe(author.memberId);
			expect(await org.send({ type: 'question.hide', questionId: qid })).toMatchObject({ ok: true });
			await waitFor(() => !b.state.questions.items[qid] && a.state.questions.items[qid]?.hidden === true, 10_000, 'hide to reach both');
			expect(org.state.questions.items[qid].hidden).toBe(true);
		} finally {
			for (const c of clients) c.close();
			await server.stop();
		}
	});

	it('keeps acknowledged questions and votes across a restart', async () => {
		const dataDir = tempDir();
		let server = await startTestServer({ dataDir });
		const { id, organiserToken } = await createMeeting(server.url);
		const [asker, voter] = await joinMembers(server.url, id, organiserToken, 2);
		const qid = (await postCommand(server.url, id, asker.token, { type: 'question.ask', text: '再起動後も残る質問' })).json.result.id;
		expect((await postCommand(server.url, id, voter.token, { type: 'question.vote', questionId: qid })).status).toBe(200);
		await server.stop();
		server = await startTestServer({ dataDir });
		try {
			const state = (await api(server.url, `/api/v1/meetings/${id}`, { token: voter.token })).json.state;
			expect(state.questions.items[qid]).toMatchObject({ text: '再起動後も残る質問', votes: 1 });
			expect(state.questions.voters[qid]).toEqual([voter.memberId]);
		} finally {
			await server.stop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
