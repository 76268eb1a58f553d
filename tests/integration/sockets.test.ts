/**
 * socket.io against a real server: commands with acks, events fanned out to every client of the
 * meeting with the same seq, per-role filtering, and revocation that reaches sockets already open.
 */
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type EventBatch } from '../../src/lib/shared/protocol.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import {
	api,
	ConnectError,
	connectSocket,
	cookiePair,
	createMeeting,
	getView,
	mustCommand,
	postCommand,
	sendCommand,
	serverForSuite,
	teardownEach,
	tokenOfUrl,
	type TestSocket
} from '../helpers/server.js';

const server = serverForSuite();
const sockets = teardownEach();

async function setUp() {
	const m = await createMeeting(server.url);
	const view = await getView(server.url, m.id, m.organiserToken);
	const tokenOf = (role: Role) => {
		const link = Object.values(view.state.links).find((l) => l.role === role && view.linkUrls[l.id])!;
		return tokenOfUrl(view.linkUrls[link.id]);
	};
	return { ...m, participant: tokenOf('participant'), display: tokenOf('display'), ministry: tokenOf('ministry') };
}

/** Connects and closes the socket after the test. */
async function connect(meetingId: string, token: string): Promise<TestSocket> {
	return sockets.add(await connectSocket(server.url, { meetingId, token }), (s) => s.close());
}

describe('connecting', () => {
	it('sends the role’s view first: the organiser with link URLs, a participant without links', async () => {
		const m = await setUp();
		const organiser = await connect(m.id, m.organiserToken);
		expect(organiser.view.me).toMatchObject({ role: 'organiser', memberId: null });
		expect(organiser.view.state.meeting.id).toBe(m.id);
		expect(Object.keys(organiser.view.linkUrls)).toHaveLength(3);
		expect(typeof organiser.view.serverNow).toBe('number');

		const participant = await connect(m.id, m.participant);
		expect(participant.view.me).toMatchObject({ role: 'participant', memberId: null });
		expect(participant.view.state.links).toEqual({});
		expect(participant.view.linkUrls).toEqual({});
	});

	it('a browser connects with its session cookie instead of a token', async () => {
		const m = await setUp();
		const opened = await api(server.url, `/j/${m.participant}`);
		const s = sockets.add(await connectSocket(server.url, { meetingId: m.id, role: 'participant', cookie: cookiePair(opened.setCookies[0]) }), (x) => x.close());
		expect(s.view.me.role).toBe('participant');
	});

	it('refuses a missing or unknown token, a token of another meeting, and an old protocol, each with its code', async () => {
		const m = await setUp();
		const other = await setUp();
		const refusal = (p: Promise<unknown>) =>
			p.then(
				() => 'connected',
				(e: unknown) => (e instanceof ConnectError ? e.code : String(e))
			);
		expect(await refusal(connectSocket(server.url, { meetingId: m.id }))).toBe('unauthorized');
		expect(await refusal(connectSocket(server.url, { meetingId: m.id, token: 'nope' }))).toBe('unauthorized');
		expect(await refusal(connectSocket(server.url, { meetingId: m.id, token: other.organiserToken }))).toBe('unauthorized');
		expect(await refusal(connectSocket(server.url, { meetingId: m.id, token: m.organiserToken, protocol: 0 }))).toBe('protocol_outdated');
	});

	it('answers clock pings with the server time and resync with a fresh view', async () => {
		const m = await setUp();
		const s = await connect(m.id, m.organiserToken);
		const before = Date.now();
		const serverNow = await s.socket.timeout(10_000).emitWithAck('clock.ping');
		expect(serverNow).toBeGreaterThanOrEqual(before - 1000);
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const view = (await s.socket.timeout(10_000).emitWithAck('resync')) as SessionView;
		expect(Object.values(view.state.rooms).map((r) => r.name)).toEqual(['ルーム1']);
	});
});

describe('commands and events', () => {
	it('a command acked on one socket reaches the others as an events batch with the same seq', async () => {
		const m = await setUp();
		const a = await connect(m.id, m.organiserToken);
		const b = await connect(m.id, m.organiserToken);
		const ack = await sendCommand(a.socket, { type: 'room.add', name: 'ルーム1', purpose: '受託機関' });
		expect(ack).toEqual({ ok: true, seq: expect.any(Number), result: { id: expect.any(String), linkId: expect.any(String) } });
		if (!ack.ok) return;
		const batch = await b.waitForBatch((x) => x.seq === ack.seq);
		expect(batch.events.map((e) => e.event.type)).toEqual(['room.added', 'link.created']);
		expect(batch.events.map((e) => e.seq)).toEqual([ack.seq - 1, ack.seq]);
		expect(batch.events[0].event).toMatchObject({ type: 'room.added', room: { id: ack.result!.id, name: 'ルーム1' } });
		// The sender's own socket gets the same batch (its replica advances the same way).
		expect((await a.waitForBatch((x) => x.seq === ack.seq)).events).toEqual(batch.events);
	});

	it('commands sent at once (committed together when they queue) are each answered with the seq of their own event', async () => {
		const m = await setUp();
		const s = await connect(m.id, m.organiserToken);
		const start = s.view.state.seq;
		const N = 15; // within one sender's burst (20)
		// Sent together over one socket: they queue behind each other and share appends.
		const acks = await Promise.all(Array.from({ length: N }, (_, i) => sendCommand(s.socket, { type: 'member.add', name: `同時${i}` })));
		expect(acks.every((a) => a.ok)).toBe(true);
		const seqs = acks.map((a) => (a.ok ? a.seq : 0));
		expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => start + i + 1));
		await s.waitForBatch((x) => x.seq === start + N);
		const events = s.batches.flatMap((b) => b.events);
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: N }, (_, i) => start + i + 1)); // each once, in order
		for (const [i, seq] of seqs.entries()) expect(events.find((e) => e.seq === seq)?.event).toMatchObject({ type: 'member.added', member: { name: `同時${i}` } });
	});

	it('commands over HTTP reach sockets too, in order and without gaps', async () => {
		const m = await setUp();
		const s = await connect(m.id, m.organiserToken);
		const start = s.view.state.seq;
		let last = 0;
		for (let i = 1; i <= 5; i++) last = (await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name: `参加者${i}` })).seq;
		await s.waitForBatch((x) => x.seq === last);
		const seqs = s.batches.flatMap((b) => b.events.map((e) => e.seq));
		expect(seqs).toEqual(Array.from({ length: last - start }, (_, i) => start + i + 1));
	});

	it('a client reconnecting with its last seq gets only the events it missed, not a full view', async () => {
		const m = await setUp();
		const first = await connect(m.id, m.participant);
		const since = first.view.state.seq;
		first.close();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name: '不在中に追加' });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'display' });
		const socket = io(server.url, {
			path: '/socket.io/',
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			auth: { meetingId: m.id, token: m.participant, protocol: PROTOCOL_VERSION, sinceSeq: since }
		});
		sockets.add(socket, (s) => s.close());
		let sawView = false;
		socket.on('view', () => (sawView = true));
		const batch = await new Promise<EventBatch>((resolve) => socket.once('events', resolve));
		expect(batch.fromSeq).toBe(since);
		expect(batch.seq).toBe(since + 2);
		// The participant sees the roster change but never the link event it may not see.
		expect(batch.events.map((e) => e.event.type)).toEqual(['member.added']);
		expect(sawView).toBe(false);
	});

	it('a client claiming a seq ahead of the server gets a full view instead', async () => {
		const m = await setUp();
		const socket = io(server.url, {
			path: '/socket.io/',
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			auth: { meetingId: m.id, token: m.participant, protocol: PROTOCOL_VERSION, sinceSeq: 10_000 }
		});
		sockets.add(socket, (s) => s.close());
		const view = await new Promise<SessionView>((resolve) => socket.once('view', resolve));
		expect(view.state.meeting.id).toBe(m.id);
	});

	it('a participant’s socket does not receive link events', async () => {
		const m = await setUp();
		const organiser = await connect(m.id, m.organiserToken);
		const participant = await connect(m.id, m.participant);
		const room = await sendCommand(organiser.socket, { type: 'room.add', name: 'ルーム1' });
		const link = await sendCommand(organiser.socket, { type: 'link.create', role: 'ministry' });
		const member = await sendCommand(organiser.socket, { type: 'member.add', name: '青木 誠' });
		if (!room.ok || !link.ok || !member.ok) throw new Error('refused');
		expect(link.result!.url).toBe(`${server.url}/j/${link.result!.token}`);
		await participant.waitForBatch((b) => b.seq === member.seq);
		const seen = participant.batches.flatMap((b) => b.events.map((e) => e.event.type));
		expect(seen).toEqual(['room.added', 'member.added']);
		expect(JSON.stringify(participant.batches)).not.toContain(link.result!.token as string);
		// The organiser saw all of it.
		await organiser.waitForBatch((b) => b.seq === member.seq);
		expect(organiser.batches.flatMap((b) => b.events.map((e) => e.event.type))).toEqual(['room.added', 'link.created', 'link.created', 'member.added']);
	});

	it('the display receives roster changes without names', async () => {
		const m = await setUp();
		const display = await connect(m.id, m.display);
		const added = await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry' });
		const batch = await display.waitForBatch((b) => b.seq === added.seq);
		expect(batch.events[0].event).toMatchObject({ type: 'member.added', member: { name: '', organisation: '厚生労働省', category: 'ministry' } });
		expect(JSON.stringify(display.batches)).not.toContain('青木');
	});

	it('refusals come back in the ack with a code', async () => {
		const m = await setUp();
		const participant = await connect(m.id, m.participant);
		expect(await sendCommand(participant.socket, { type: 'room.add', name: 'x' })).toEqual({ ok: false, code: 'not_allowed' });
		expect(await sendCommand(participant.socket, { type: 'room.add', name: 'x', extra: 1 })).toMatchObject({ ok: false, code: 'invalid' });
		const organiser = await connect(m.id, m.organiserToken);
		expect(await sendCommand(organiser.socket, { type: 'room.remove', roomId: 'NoSuchRoom' })).toEqual({ ok: false, code: 'not_found' });
	});

	it('a participant joins over the socket and can then edit themselves', async () => {
		const m = await setUp();
		const s = await connect(m.id, m.participant);
		const joined = await sendCommand(s.socket, { type: 'member.join', name: '佐々木 亮', organisation: '札幌市社協', category: 'agency' });
		expect(joined).toMatchObject({ ok: true, result: { memberId: expect.any(String), token: expect.any(String) } });
		if (!joined.ok) return;
		const asMember = await connect(m.id, joined.result!.token as string);
		expect(asMember.view.me.memberId).toBe(joined.result!.memberId);
		expect(await sendCommand(asMember.socket, { type: 'member.update', memberId: joined.result!.memberId, department: '相談係' })).toMatchObject({ ok: true });
	});
});

describe('revocation', () => {
	it('revoking a link disconnects its sockets and its members’ sockets at once; their tokens then get 401', async () => {
		const m = await setUp();
		const organiser = await connect(m.id, m.organiserToken);
		const link = await sendCommand(organiser.socket, { type: 'link.create', role: 'participant' });
		if (!link.ok) throw new Error('link.create refused');
		const linkToken = link.result!.token as string;
		const joined = await mustCommand(server.url, m.id, linkToken, { type: 'member.join', name: '佐々木 亮' });
		const memberToken = joined.result.token as string;

		const viaLink = await connect(m.id, linkToken);
		const viaMember = await connect(m.id, memberToken);
		const bystander = await connect(m.id, m.participant);

		const revoke = await sendCommand(organiser.socket, { type: 'link.revoke', linkId: link.result!.id });
		expect(revoke).toMatchObject({ ok: true });

		expect(await viaLink.disconnected).toBe('io server disconnect');
		expect(await viaMember.disconnected).toBe('io server disconnect');
		expect(viaLink.revoked).toBe(true);
		expect(viaMember.revoked).toBe(true);

		// The HTTP tokens stop working too, for reading and for commands.
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: linkToken })).status).toBe(401);
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: memberToken })).status).toBe(401);
		expect((await postCommand(server.url, m.id, memberToken, { type: 'member.update', memberId: joined.result.memberId, name: 'x' })).status).toBe(401);
		// Reconnecting is refused.
		await expect(connectSocket(server.url, { meetingId: m.id, token: memberToken })).rejects.toMatchObject({ code: 'unauthorized' });

		// Other links keep working.
		expect(bystander.socket.connected).toBe(true);
		expect(bystander.revoked).toBe(false);
		const later = await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム2' });
		await bystander.waitForBatch((b) => b.seq === later.seq);
	});

	it('removing a room disconnects its facilitator link’s sockets', async () => {
		const m = await setUp();
		const room = await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const view = await getView(server.url, m.id, m.organiserToken);
		const facilitatorToken = tokenOfUrl(view.linkUrls[room.result.linkId]);
		const facilitator = await connect(m.id, facilitatorToken);
		expect(facilitator.view.me).toMatchObject({ role: 'facilitator', roomId: room.result.id });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.remove', roomId: room.result.id });
		expect(await facilitator.disconnected).toBe('io server disconnect');
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: facilitatorToken })).status).toBe(401);
	});
});
