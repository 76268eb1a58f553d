/**
 * The agenda over real sockets on a real server (SQLite in a temp dir): two socket.io clients get the
 * same start timestamp; a client that reconnects mid-item computes the right remaining time from its
 * view; refusals leave the log unchanged; the run survives a restart; the ping-based offset estimate
 * of a client with a 3-minute-wrong clock lands within half a round trip of the truth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { readConfig } from '../../server/config.js';
import { startYoriai, type Running } from '../../server/start.js';
import { burst, OffsetEstimator } from '../../src/lib/client/clock-offset.js';
import { remainingMs } from '../../src/lib/shared/agenda/types.js';
import { reduce } from '../../src/lib/shared/meeting/reduce.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type CommandReply, type EventBatch, type ServerToClientEvents, type SessionView } from '../../src/lib/shared/protocol.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const MIN = 60_000;

/** A server clock the test moves by hand, starting at the reference meeting's 14:00. */
let fakeNow = Date.parse('2021-06-04T14:00:00+09:00');
const dataDir = mkdtempSync(join(tmpdir(), 'yoriai-agenda-'));
let server: Running;
const sockets: Client[] = [];

async function start(now?: () => number): Promise<Running> {
	const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
	return startYoriai(config, null, now ? { now } : {});
}

async function post(path: string, body: unknown, token?: string) {
	const res = await fetch(server.url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body)
	});
	return (await res.json()) as any;
}

async function get(path: string, token: string) {
	return (await (await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
}

/** A connected client with its replica of the state, kept with the shared reduce like the browser does. */
async function connect(meetingId: string, token: string) {
	const socket: Client = io(server.url, { path: '/socket.io/', transports: ['websocket'], auth: { meetingId, token, protocol: PROTOCOL_VERSION }, forceNew: true });
	sockets.push(socket);
	const replica = { view: null as SessionView | null, batches: [] as EventBatch[] };
	socket.on('view', (v) => (replica.view = v));
	socket.on('events', (batch) => {
		replica.batches.push(batch);
		if (!replica.view || batch.fromSeq !== replica.view.state.seq) return;
		let state: MeetingState = replica.view.state;
		for (const e of batch.events) state = reduce(state, e);
		replica.view = { ...replica.view, state: { ...state, seq: batch.seq } };
	});
	await expect.poll(() => replica.view !== null).toBe(true);
	const send = (command: Record<string, unknown>) => socket.timeout(5000).emitWithAck('command', command) as Promise<CommandReply>;
	return { socket, replica, send };
}

/** A meeting with three items and a participant who joined; answers tokens and item ids. */
async function meetingWithProgramme() {
	const created = await post('/api/v1/meetings', { title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00' });
	const org = created.organiserToken as string;
	const ids: string[] = [];
	for (const [title, durationMinutes, kind] of [['説明', 30, 'plenary'], ['流れ', 10, 'plenary'], ['グループ討議', 40, 'breakout']] as const)
		ids.push((await post(`/api/v1/meetings/${created.id}/commands`, { type: 'agenda.add', title, durationMinutes, kind }, org)).result.id);
	const view = await get(`/api/v1/meetings/${created.id}`, org);
	const link = Object.values(view.state.links as Record<string, { id: string; role: string }>).find((l) => l.role === 'participant')!;
	const linkToken = decodeURIComponent(String(view.linkUrls[link.id]).split('/j/')[1]);
	const joined = await post(`/api/v1/meetings/${created.id}/commands`, { type: 'member.join', name: '江別 花子', organisation: '江別市社会福祉協議会' }, linkToken);
	return { meetingId: created.id as string, org, member: joined.result.token as string, ids };
}

beforeAll(async () => {
	server = await start(() => fakeNow);
});

afterEach(() => {
	for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
	await server?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('agenda over socket.io', () => {
	it('two clients receive the same start timestamp, the server clock at the command', async () => {
		const m = await meetingWithProgramme();
		const organiser = await connect(m.meetingId, m.org);
		const participant = await connect(m.meetingId, m.member);
		fakeNow += 3 * MIN + 417;
		const startedAt = fakeNow;
		expect(await organiser.send({ type: 'agenda.start', itemId: m.ids[0] })).toMatchObject({ ok: true });
		for (const c of [organiser, participant]) {
			await expect.poll(() => c.replica.view!.state.agenda.run.currentId).toBe(m.ids[0]);
			expect(c.replica.view!.state.agenda.items[m.ids[0]].spans).toEqual([{ start: startedAt, end: null }]);
			expect(c.replica.view!.state.agenda.run.startedAt).toBe(startedAt);
		}
		const started = (c: typeof organiser) => c.replica.batches.flatMap((b) => b.events).find((e) => e.event.type === 'agenda.started')!;
		expect(started(participant).at).toBe(started(organiser).at);
	});

	it('a client that reconnects mid-item computes the right remaining time from its view', async () => {
		const m = await meetingWithProgramme();
		const organiser = await connect(m.meetingId, m.org);
		const participant = await connect(m.meetingId, m.member);
		await organiser.send({ type: 'agenda.start', itemId: m.ids[1] }); // 10 minutes
		const t0 = fakeNow;
		fakeNow = t0 + 2 * MIN;
		participant.socket.disconnect();
		// While it is away: 2 more minutes, an extension of 3, a one-minute pause.
		fakeNow = t0 + 4 * MIN;
		expect(await organiser.send({ type: 'agenda.extend', minutes: 3 })).toMatchObject({ ok: true });
		fakeNow = t0 + 5 * MIN;
		await organiser.send({ type: 'agenda.pause' });
		fakeNow = t0 + 6 * MIN;
		await organiser.send({ type: 'agenda.resume' });
		fakeNow = t0 + 7 * MIN + 250;
		participant.replica.view = null;
		participant.socket.connect();
		await expect.poll(() => participant.replica.view !== null).toBe(true);
		const view = participant.replica.view!;
		expect(view.serverNow).toBe(fakeNow);
		const item = view.state.agenda.items[m.ids[1]];
		// 13 allotted minutes, 6 min 0.25 s run (7 min 0.25 s minus the pause).
		expect(remainingMs(item, view.serverNow)).toBe(7 * MIN - 250);
		expect(remainingMs(item, view.serverNow)).toBe(remainingMs(organiser.replica.view!.state.agenda.items[m.ids[1]], fakeNow));
	});

	it('refusals carry codes and append nothing: non-organiser, start while running, bad durations, restart after finish', async () => {
		const m = await meetingWithProgramme();
		const organiser = await connect(m.meetingId, m.org);
		const participant = await connect(m.meetingId, m.member);
		const seq = () => organiser.replica.view!.state.seq;
		const before = seq();
		expect(await participant.send({ type: 'agenda.start', itemId: m.ids[0] })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(await participant.send({ type: 'broadcast.send', text: '静かに' })).toMatchObject({ ok: false, code: 'not_allowed' });
		expect(await organiser.send({ type: 'agenda.add', title: 'x', durationMinutes: -10 })).toMatchObject({ ok: false, code: 'invalid' });
		expect(await organiser.send({ type: 'agenda.add', title: 'x', durationMinutes: 1e9 })).toMatchObject({ ok: false, code: 'invalid' });
		expect(await organiser.send({ type: 'agenda.extend', minutes: 5 })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(seq()).toBe(before);

		await organiser.send({ type: 'agenda.start', itemId: m.ids[0] });
		await expect.poll(seq).toBe(before + 1);
		expect(await organiser.send({ type: 'agenda.start', itemId: m.ids[1] })).toMatchObject({ ok: false, code: 'wrong_state' });
		fakeNow += MIN;
		expect(await organiser.send({ type: 'agenda.finish' })).toMatchObject({ ok: true });
		await expect.poll(() => organiser.replica.view!.state.agenda.run.status).toBe('finished');
		const finishedSeq = seq();
		expect(await organiser.send({ type: 'agenda.start', itemId: m.ids[0] })).toMatchObject({ ok: false, code: 'wrong_state' });
		expect(await organiser.send({ type: 'agenda.next' })).toMatchObject({ ok: false, code: 'wrong_state' });
		const view = await get(`/api/v1/meetings/${m.meetingId}`, m.org);
		expect(view.state.seq).toBe(finishedSeq);
	});

	it('a broadcast reaches the participant with the server time; the finished run survives a restart', async () => {
		const m = await meetingWithProgramme();
		const organiser = await connect(m.meetingId, m.org);
		const participant = await connect(m.meetingId, m.member);
		await organiser.send({ type: 'agenda.start', itemId: m.ids[2] });
		const startedAt = fakeNow;
		fakeNow += 2 * MIN;
		expect(await organiser.send({ type: 'broadcast.send', text: '残り5分です' })).toMatchObject({ ok: true });
		await expect.poll(() => participant.replica.view!.state.agenda.broadcasts.find((b) => b.kind === 'message')).toMatchObject({ text: '残り5分です', at: fakeNow, roomId: null });
		fakeNow += MIN;
		await organiser.send({ type: 'agenda.finish' });
		const finishedAt = fakeNow;
		await expect.poll(() => participant.replica.view!.state.agenda.run.status).toBe('finished');
		expect(participant.replica.view!.state.agenda.broadcasts.at(-1)).toMatchObject({ kind: 'return_to_plenary', at: finishedAt });

		for (const s of sockets.splice(0)) s.disconnect();
		await server.stop();
		server = await start(() => fakeNow);
		const view = await get(`/api/v1/meetings/${m.meetingId}`, m.member);
		expect(view.state.agenda.run).toEqual({ status: 'finished', currentId: null, startedAt, finishedAt });
		expect(view.state.agenda.items[m.ids[2]].spans).toEqual([{ start: startedAt, end: finishedAt }]);
	});
});

describe('clock offset against the real server clock', () => {
	beforeAll(async () => {
		await server.stop();
		server = await start();
	});

	it('a client whose clock is 3 minutes slow estimates the offset within half its best round trip', async () => {
		const m = await meetingWithProgramme();
		const { socket } = await connect(m.meetingId, m.member);
		const skew = -3 * MIN;
		const local = () => Date.now() + skew;
		const estimator = new OffsetEstimator();
		expect(await burst(estimator, () => socket.timeout(5000).emitWithAck('clock.ping'), local, 8, 20)).toBe(8);
		const best = estimator.best(local())!;
		expect(Math.abs(best.offset - -skew)).toBeLessThanOrEqual(best.rtt / 2 + 1);
	});
});
