/**
 * Two server processes on one real Redis (REDIS_URL): events reach clients on the other instance
 * (one message per commit, redacted there per role and personal audience), concurrent commands to
 * both instances get distinct seqs and both end with the same state, and links, tokens and
 * revocations are shared; rate limits hold for both together (two instances do not allow twice as much).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { startRedis } from '../helpers/redis-server.js';
import { api, connectSocket, cookiePair, createMeeting, eventually, getView, joinMembers, meetingBody, mustCommand, postCommand, type ServerProcess, spawnServerProcess, teardownAll, tokenOfUrl } from '../helpers/server.js';

const teardown = teardownAll();
let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
	const redis = teardown.add(await startRedis(), (r) => r.stop());
	[a, b] = await Promise.all(
		[0, 1].map(() => spawnServerProcess({ env: { REDIS_URL: redis.url, TRUST_PROXY: '1' } }).then((p) => teardown.add(p, (x) => x.stop('SIGTERM'))))
	);
});

function participantToken(view: SessionView): string {
	const [, url] = Object.entries(view.linkUrls).find(([id]) => view.state.links[id].role === 'participant')!;
	return tokenOfUrl(url);
}

describe('two instances on one Redis', () => {
	it('both report the redis store as healthy', async () => {
		for (const p of [a, b]) expect((await api(p.url, '/healthz')).json).toEqual({ ok: true, store: 'redis' });
	});

	it('a meeting created on A is readable on B with the same tokens and link URLs', async () => {
		const m = await createMeeting(a.url);
		const onA = await getView(a.url, m.id, m.organiserToken);
		const onB = await getView(b.url, m.id, m.organiserToken);
		expect(onB.state).toEqual(onA.state);
		const path = (v: SessionView) => Object.values(v.linkUrls).map((u) => new URL(u).pathname).sort();
		expect(path(onB)).toEqual(path(onA));
		// A cookie set by A is accepted by B (the session secret is shared through Redis).
		const cookie = cookiePair((await api(a.url, `/j/${participantToken(onA)}`)).setCookies[0]);
		const viaB = await api<SessionView>(b.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie });
		expect(viaB.status).toBe(200);
		expect(viaB.json.me.role).toBe('participant');
	});

	it('a socket client on B receives the event of a command sent over HTTP to A', async () => {
		const m = await createMeeting(a.url);
		const onB = teardown.add(await connectSocket(b.url, { meetingId: m.id, token: m.organiserToken }), (s) => s.close());
		const participantOnB = teardown.add(await connectSocket(b.url, { meetingId: m.id, token: participantToken(onB.view) }), (s) => s.close());
		const room = await mustCommand(a.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const batch = await onB.waitForBatch((x) => x.seq === room.seq, 20_000);
		expect(batch.events.map((e) => e.event.type)).toEqual(['room.added', 'link.created']);
		expect(batch.events[0].event).toMatchObject({ room: { id: room.result.id, name: 'ルーム1' } });
		// Role filtering holds across instances too.
		const forParticipant = await participantOnB.waitForBatch((x) => x.seq === room.seq, 20_000);
		expect(forParticipant.events.map((e) => e.event.type)).toEqual(['room.added']);
	});

	it('concurrent commands to both instances all get distinct seqs, and both end with the same state', async () => {
		const m = await createMeeting(a.url);
		const watcher = teardown.add(await connectSocket(a.url, { meetingId: m.id, token: m.organiserToken }), (s) => s.close());
		const start = watcher.view.state.seq;
		const N = 20;
		const replies = await Promise.all(
			Array.from({ length: N }, (_, i) => postCommand(i % 2 ? b.url : a.url, m.id, m.organiserToken, { type: 'member.add', name: `参加者${i}`, organisation: i % 2 ? 'B経由' : 'A経由' }))
		);
		expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
		const seqs = replies.map((r) => r.json.seq as number).sort((x, y) => x - y);
		expect(seqs).toEqual(Array.from({ length: N }, (_, i) => start + i + 1));

		const [onA, onB] = await Promise.all([getView(a.url, m.id, m.organiserToken), getView(b.url, m.id, m.organiserToken)]);
		expect(onA.state.seq).toBe(start + N);
		expect(onB.state).toEqual(onA.state);
		expect(Object.values(onA.state.members).map((x) => x.name).sort()).toEqual(Array.from({ length: N }, (_, i) => `参加者${i}`).sort());
		// A client on A sees every event exactly once, including those committed on B. (Across
		// instances batches may arrive out of order; a client that sees a gap asks for `resync`.)
		await eventually(() => expect(watcher.batches.flatMap((x) => x.events.map((e) => e.seq)).sort((x, y) => x - y)).toEqual(seqs), 20_000);
	});

	it('a participant joins on B through a link made on A; revoking it on A disconnects their socket on B', async () => {
		const m = await createMeeting(a.url);
		const link = await mustCommand(a.url, m.id, m.organiserToken, { type: 'link.create', role: 'participant' });
		const joined = await mustCommand(b.url, m.id, link.result.token, { type: 'member.join', name: '佐々木 亮' });
		const memberOnB = teardown.add(await connectSocket(b.url, { meetingId: m.id, token: joined.result.token }), (s) => s.close());
		expect(memberOnB.view.me.memberId).toBe(joined.result.memberId);
		await mustCommand(a.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: link.result.id });
		expect(await memberOnB.disconnected).toBe('io server disconnect');
		expect((await api(b.url, `/api/v1/meetings/${m.id}`, { token: joined.result.token })).status).toBe(401);
		expect((await api(a.url, `/api/v1/meetings/${m.id}`, { token: link.result.token })).status).toBe(401);
	});

	it('every role and personal audience on B gets exactly what it gets on A: anonymous authors and votes stay private, frame by frame', async () => {
		const m = await createMeeting(a.url);
		const [author, voter, other] = await joinMembers(a.url, m.id, m.organiserToken, 3);
		const view = await getView(a.url, m.id, m.organiserToken);
		const displayToken = tokenOfUrl(Object.entries(view.linkUrls).find(([id]) => view.state.links[id].role === 'display')![1]);
		const audiences = { author: author.token, voter: voter.token, other: other.token, organiser: m.organiserToken, display: displayToken };
		// The same audiences on both instances: on A the commits are fanned out as on a single instance,
		// on B from the one message per commit. Every frame after the first view is kept, as sent.
		const frames = new Map<string, string[]>();
		const sockets = new Map<string, Awaited<ReturnType<typeof connectSocket>>>();
		for (const [where, url] of [['A', a.url], ['B', b.url]] as const)
			for (const [name, token] of Object.entries(audiences)) {
				const s = teardown.add(await connectSocket(url, { meetingId: m.id, token }), (x) => x.close());
				const seen: string[] = [];
				s.socket.onAny((event, ...args) => seen.push(`${event} ${JSON.stringify(args)}`));
				frames.set(`${name}@${where}`, seen);
				sockets.set(`${name}@${where}`, s);
			}
		const asked = await mustCommand(a.url, m.id, author.token, { type: 'question.ask', text: '匿名の質問です', anonymous: true });
		const questionId = String(asked.result.id);
		const voted = await mustCommand(a.url, m.id, voter.token, { type: 'question.vote', questionId });
		await Promise.all([...sockets.values()].map((s) => s.waitForBatch((x) => x.seq === voted.seq, 20_000)));
		const events = (key: string) => frames.get(key)!.filter((f) => f.startsWith('events '));
		for (const name of Object.keys(audiences)) {
			expect(events(`${name}@B`), name).toEqual(events(`${name}@A`));
			expect(events(`${name}@B`).length, name).toBeGreaterThan(0);
		}
		const question = (key: string) => sockets.get(key)!.batches.flatMap((x) => x.events).find((e) => e.event.type === 'question.asked');
		expect(question('author@B')?.event).toMatchObject({ question: { authorId: author.memberId } });
		expect(question('other@B')?.event).toMatchObject({ question: { authorId: null } });
		expect(question('voter@B')?.event).toMatchObject({ question: { authorId: null } });
		for (const name of ['voter', 'other', 'display']) expect(frames.get(`${name}@B`)!.join('\n'), name).not.toContain(author.memberId);
		for (const name of ['author', 'other', 'display']) expect(frames.get(`${name}@B`)!.join('\n'), name).not.toContain(voter.memberId);
		expect(frames.get('voter@B')!.join('\n')).toContain(voter.memberId); // their own vote, in their own copy
		expect(frames.get('organiser@B')!.join('\n')).toContain(author.memberId);
	});

	it('a member flooding both instances gets no more questions in than through one (the buckets are shared)', async () => {
		const m = await createMeeting(a.url);
		const [member] = await joinMembers(a.url, m.id, m.organiserToken, 1);
		// question.ask: a burst of 8, then one every 5 s, per member. Per instance, two would take 16 at once.
		const started = Date.now();
		const replies = await Promise.all(
			Array.from({ length: 24 }, (_, i) => postCommand(i % 2 ? a.url : b.url, m.id, member.token, { type: 'question.ask', text: `連投${i}` }))
		);
		const refillable = Math.floor(((Date.now() - started) / 1000) * 0.2) + 1;
		const accepted = replies.filter((r) => r.status === 200).length;
		expect(replies.every((r) => r.status === 200 || (r.status === 429 && r.json.code === 'rate_limited'))).toBe(true);
		expect(accepted).toBeGreaterThanOrEqual(8);
		expect(accepted).toBeLessThanOrEqual(8 + refillable);
		const view = await getView(b.url, m.id, m.organiserToken);
		expect(Object.keys(view.state.questions.items)).toHaveLength(accepted);
	});

	it('one client creating meetings through both instances is held to one client\'s allowance', async () => {
		// 20 at once, then one every 2 s, per client address (behind our proxy: X-Forwarded-For).
		const headers = { 'x-forwarded-for': '203.0.113.7' };
		const started = Date.now();
		const statuses = await Promise.all(
			Array.from({ length: 50 }, (_, i) => api(i % 2 ? a.url : b.url, '/api/v1/meetings', { method: 'POST', body: meetingBody(), headers }).then((r) => r.status))
		);
		const refillable = Math.floor(((Date.now() - started) / 1000) * 0.5) + 1;
		const created = statuses.filter((s) => s === 201).length;
		expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
		expect(created).toBeGreaterThanOrEqual(20);
		expect(created).toBeLessThanOrEqual(20 + refillable);
		// Another client is not held back by that one.
		expect((await api(a.url, '/api/v1/meetings', { method: 'POST', body: meetingBody(), headers: { 'x-forwarded-for': '198.51.100.2' } })).status).toBe(201);
	});

	it('starting series through both instances pays from the same allowance as creating meetings', async () => {
		const headers = { 'x-forwarded-for': '203.0.113.9' };
		const started = Date.now();
		const statuses = await Promise.all(
			Array.from({ length: 50 }, (_, i) => api(i % 2 ? a.url : b.url, '/api/v1/series', { body: { title: `連続開催${i}` }, headers }).then((r) => r.status))
		);
		const refillable = Math.floor(((Date.now() - started) / 1000) * 0.5) + 1;
		const created = statuses.filter((s) => s === 201).length;
		expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
		expect(created).toBeGreaterThanOrEqual(20);
		expect(created).toBeLessThanOrEqual(20 + refillable);
		// The same client's next meeting is held back too.
		expect((await api(b.url, '/api/v1/meetings', { method: 'POST', body: meetingBody(), headers })).status).toBe(429);
	});
});
