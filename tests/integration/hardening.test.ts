/**
 * Regression tests for the hardening findings (issue 9): each one tried the running server the way
 * an attacker or a first-time user did, and each fails on the code before its fix.
 */
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import * as Y from 'yjs';
import WebSocket from 'ws';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { parseOutline } from '../../src/lib/shared/notes/outline.js';
import { MAX_BOARD_BYTES } from '../../src/lib/shared/notes/access.js';
import { PROTOCOL_VERSION } from '../../src/lib/shared/protocol.js';
import { boardClient, createDemo } from '../helpers/notes.js';
import { startRedis } from '../helpers/redis-server.js';
import { api, ConnectError, connectSocket, cookiePair, createMeeting, eventually, handshakeOutcome, mustCommand, postCommand, roomNames, sendCommand, startTestServer, teardownEach, tempDir } from '../helpers/server.js';
import type { PageHandler } from '../../server/start.js';

const t = teardownEach();

/** Like adapter-node's handler when no page matches: answers 404 itself, synchronously. */
const pagesLikeSvelteKit = (seen: string[]): PageHandler => (req, res) => {
	seen.push(req.url ?? '');
	res.writeHead(404, { 'content-type': 'text/plain' });
	res.end('Not found');
};

/** Sends raw bytes on a new TCP connection and resolves with the whole response. */
function rawRequest(port: number, raw: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = tcpConnect(port, '127.0.0.1', () => socket.end(raw));
		let out = '';
		socket.on('data', (c) => (out += c.toString()));
		socket.on('end', () => resolve(out));
		socket.on('error', reject);
	});
}

/** POST /api/v1/meetings from a chosen loopback source address. */
function createFrom(port: number, localAddress: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const body = JSON.stringify({ title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00' });
		const req = request({ host: '127.0.0.1', port, path: '/api/v1/meetings', method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		req.end(body);
	});
}

describe('1. one owner per request', () => {
	it('a default (long-polling) socket.io request is answered by socket.io alone; the server keeps serving', async () => {
		const seen: string[] = [];
		const server = t.add(await startTestServer({ pages: pagesLikeSvelteKit(seen) }), (s) => s.stop());
		const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
		expect(handshake.status).toBe(200);
		expect(await handshake.text()).toMatch(/^0\{"sid":"/);
		await sleep(2500); // the crash came about 2 s later, when the engine.io session timed out
		expect((await api(server.url, '/healthz')).status).toBe(200);
		expect(seen.filter((u) => u.startsWith('/socket.io/'))).toEqual([]);
		// Pages still get what is theirs.
		expect((await fetch(`${server.url}/m/x`)).status).toBe(404);
		expect(seen).toEqual(['/m/x']);
	});

	it('a default socket.io client (polling, then upgrade) connects and runs commands', async () => {
		const server = t.add(await startTestServer({ pages: pagesLikeSvelteKit([]) }), (s) => s.stop());
		const m = await createMeeting(server.url);
		const socket = io(server.url, { reconnection: false, forceNew: true, auth: { meetingId: m.id, token: m.organiserToken, protocol: PROTOCOL_VERSION } });
		t.add(socket, (s) => s.close());
		await new Promise<void>((resolve) => socket.once('view', () => resolve()));
		expect(await socket.timeout(10_000).emitWithAck('command', { type: 'room.add', name: 'ルーム1' })).toMatchObject({ ok: true });
		const polling = io(server.url, { transports: ['polling'], reconnection: false, forceNew: true, auth: { meetingId: m.id, token: m.organiserToken, protocol: PROTOCOL_VERSION } });
		t.add(polling, (s) => s.close());
		await new Promise<void>((resolve) => polling.once('view', () => resolve()));
		expect(await polling.timeout(10_000).emitWithAck('command', { type: 'room.add', name: 'ルーム2' })).toMatchObject({ ok: true });
		expect(polling.io.engine.transport.name).toBe('polling');
	});

	it('a page handler that throws is answered 500 internal and the server keeps serving', async () => {
		const logs: string[] = [];
		const server = t.add(
			await startTestServer({
				logs,
				pages: () => {
					throw new Error('page exploded');
				}
			}),
			(s) => s.stop()
		);
		const res = await api(server.url, '/m/anything');
		expect(res.status).toBe(500);
		expect(res.json).toEqual({ ok: false, code: 'internal' });
		expect((await api(server.url, '/healthz')).status).toBe(200);
		const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
		expect(line?.reqId).toMatch(/\w+-\w+/);
	});
});

describe('2. the session cookie counts only from our own origin on socket.io', () => {
	it('refuses a cookie handshake from another origin with not_allowed; accepts our origin and explicit tokens from anywhere', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const created = await api(server.url, '/api/v1/meetings', { method: 'POST', body: { title: '会議', startsAt: '2021-06-04T14:00:00+09:00' } });
		const cookie = cookiePair(created.setCookies[0]);
		const id = created.json.id as string;
		const attempt = (headers: Record<string, string>, auth: Record<string, unknown>) =>
			handshakeOutcome(server.url, { transports: ['polling'], extraHeaders: headers, auth: { meetingId: id, protocol: PROTOCOL_VERSION, ...auth } }, 'view');
		const otherPort = server.port === 65535 ? 65534 : server.port + 1;
		expect(await attempt({ cookie, origin: `http://127.0.0.1:${otherPort}` }, { role: 'organiser' })).toBe('not_allowed');
		expect(await attempt({ cookie, origin: 'http://evil.example' }, { role: 'organiser' })).toBe('not_allowed');
		expect(await attempt({ cookie, origin: `http://127.0.0.1:${server.port}` }, { role: 'organiser' })).toBe('view');
		expect(await attempt({ cookie }, { role: 'organiser' })).toBe('view');
		expect(await attempt({ origin: 'http://evil.example' }, { token: created.json.organiserToken })).toBe('view');
	});
});

describe('3. only writers share lines', () => {
	it('a reader’s comment ending in #共有 or ★ tags never becomes a shared line', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const demo = await createDemo(server.url);
		const reader = await demo.joinMember('閲覧者', 0);
		for (const text of ['会場の様子を共有します #共有', '二つ目 ＃共有 #共有', 'share it #share']) {
			const res = await api(server.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes/comments`, { method: 'POST', token: reader.token, body: { text } });
			expect(res.status).toBe(200);
		}
		const notes = await api(server.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes`, { token: demo.organiserToken });
		const comments = parseOutline(notes.json.text).sections.flatMap((s) => s.items).filter((i) => i.text.includes('会場の様子') || i.text.includes('二つ目') || i.text.includes('share it'));
		expect(comments).toHaveLength(3);
		expect(comments.every((c) => !c.shared)).toBe(true);
	});
});

describe('4. the store is down', () => {
	it('Redis down: refuses at once with unavailable (HTTP 503 and socket acks), healthz 503, never applies a refused command, recovers by itself', async () => {
		const dir = tempDir('yoriai-redis-aof-');
		let redis = await startRedis({ dir });
		const port = redis.port;
		t.add(null, () => redis.stop());
		const server = t.add(await startTestServer({ redisUrl: redis.url }), (s) => s.stop());
		const m = await createMeeting(server.url);
		const sock = t.add(await connectSocket(server.url, { meetingId: m.id, token: m.organiserToken }), (s) => s.close());
		await redis.stop();

		const http = await Promise.all(Array.from({ length: 20 }, (_, i) => postCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: `停止中${i}` })));
		expect(http.map((r) => [r.status, r.json?.code])).toEqual(http.map(() => [503, 'unavailable']));
		const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => sendCommand(sock.socket, { type: 'room.add', name: `停止中S${i}` })));
		expect(acks.every((a) => !a.ok && a.code === 'unavailable')).toBe(true);
		expect(await sock.socket.timeout(10_000).emitWithAck('resync')).toEqual({ ok: false, code: 'unavailable' });
		const health = await api(server.url, '/healthz');
		expect([health.status, health.json?.code]).toEqual([503, 'unavailable']);

		redis = await startRedis({ port, dir });
		await eventually(async () => expect((await api(server.url, '/healthz')).status).toBe(200), 20_000);
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: '復旧後' });
		await sleep(500);
		expect(await roomNames(server.url, m.id, m.organiserToken)).toEqual(['復旧後']);
	});
});

describe('4b. the SQLite file is locked by another process', () => {
	it('answers unavailable while another writer holds the file, applies nothing it refused, and recovers', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const m = await createMeeting(server.url);
		const other = new Database(join(server.dataDir, 'yoriai.sqlite'));
		t.add(other, (db) => db.open && db.close());
		other.exec('BEGIN EXCLUSIVE');
		const refused = await postCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ロック中' });
		expect([refused.status, refused.json?.code]).toEqual([503, 'unavailable']);
		other.exec('ROLLBACK');
		other.close();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ロック解除後' });
		expect(await roomNames(server.url, m.id, m.organiserToken)).toEqual(['ロック解除後']);
	});
});

describe('5. the server enforces the board size limit', () => {
	it('refuses an update that would pass MAX_BOARD_BYTES: the writer is told (1009 board_full), the board and the others stay as they were', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const demo = await createDemo(server.url);
		const writer = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (c) => c.destroy());
		const other = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken), (c) => c.destroy());
		await Promise.all([writer.synced, other.synced]);
		const before = other.text.toString();
		writer.provider.shouldConnect = false; // see the refusal once; a browser retries a few times then stops
		writer.text.insert(writer.text.length, 'あ'.repeat(Math.ceil(MAX_BOARD_BYTES / 3) + 10)); // 3 bytes each
		await eventually(() => expect(writer.closes.map((c) => [c.code, c.reason])).toContainEqual([1009, 'board_full']));
		await sleep(300);
		expect(other.text.toString()).toBe(before);
		expect(other.provider.wsconnected).toBe(true);
		const stored = await api(server.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes`, { token: demo.organiserToken });
		expect(stored.json.text).toBe(before);
		// Ordinary edits still go through.
		other.text.insert(other.text.length, '\n・通常の追記');
		await eventually(async () => expect((await api(server.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes`, { token: demo.organiserToken })).json.text).toContain('通常の追記'));
	});

	it('refuses updates that write outside the board text (another type, a map) as malformed', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const demo = await createDemo(server.url);
		const writer = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (c) => c.destroy());
		await writer.synced;
		writer.provider.shouldConnect = false;
		writer.doc.getMap('elsewhere').set('big', 'x'.repeat(1000));
		await eventually(() => expect(writer.closes.map((c) => c.code)).toContain(1007));
		const probe = new Y.Doc();
		const again = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken), (c) => c.destroy());
		await again.synced;
		expect(again.doc.getMap('elsewhere').size).toBe(0);
		probe.destroy();
	});
});

describe('6. no token reaches a log line', () => {
	it('HEAD /j/<token> answers like GET without binding a session; POST is 405; nothing logged names a token', async () => {
		const logs: string[] = [];
		const server = t.add(await startTestServer({ logs, pages: pagesLikeSvelteKit([]) }), (s) => s.stop());
		const m = await createMeeting(server.url);
		const get = await api(server.url, `/j/${m.organiserToken}`);
		const head = await api(server.url, `/j/${m.organiserToken}`, { method: 'HEAD' });
		expect(head.status).toBe(get.status);
		expect(head.headers.get('location')).toBe(get.headers.get('location'));
		expect(get.setCookies).toHaveLength(1);
		expect(head.setCookies).toEqual([]);
		const post = await api(server.url, `/j/${m.organiserToken}`, { method: 'POST', body: {} });
		expect(post.status).toBe(405);
		await api(server.url, `/api/v1/meetings/${m.id}?token=${m.organiserToken}`);
		await api(server.url, `/j/${m.organiserToken}`, { headers: { authorization: `Bearer ${m.organiserToken}`, cookie: `x=${m.organiserToken}` } });
		// A failing request logs its URL: redacted.
		await rawRequest(server.port, `GET /j/${m.organiserToken}%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
		expect(logs.length).toBeGreaterThan(0);
		expect(logs.filter((l) => l.includes(m.organiserToken))).toEqual([]);
	});

	it('a request that fails during a store outage logs its URL without the token', async () => {
		const logs: string[] = [];
		const redis = await startRedis();
		t.add(redis, (r) => r.stop());
		const server = t.add(await startTestServer({ logs, redisUrl: redis.url }), (s) => s.stop());
		const m = await createMeeting(server.url);
		await redis.stop();
		const res = await api(server.url, `/j/${m.organiserToken}`);
		expect(res.status).toBe(503);
		expect(logs.some((l) => l.includes('/j/…'))).toBe(true);
		expect(logs.filter((l) => l.includes(m.organiserToken))).toEqual([]);
	});
});

describe('7. meeting creation is limited per client', () => {
	it('one client spending its bucket does not stop another creating meetings (the demo too)', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const statuses: number[] = [];
		for (let i = 0; i < 25; i++) statuses.push(await createFrom(server.port, '127.0.0.2'));
		expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(20);
		expect(statuses.at(-1)).toBe(429);
		expect(await createFrom(server.port, '127.0.0.3')).toBe(201);
		expect((await api(server.url, '/api/v1/meetings/demo', { method: 'POST' })).status).toBe(201);
	});
});

describe('8. malformed request targets', () => {
	it('answer 400 invalid and log nothing above debug', async () => {
		const logs: string[] = [];
		const server = t.add(await startTestServer({ logs, pages: pagesLikeSvelteKit([]) }), (s) => s.stop());
		for (const target of ['/\\evil%2500', 'http://[::1/', '*', 'http://[::1/socket.io/?EIO=4&transport=polling']) {
			const res = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
			expect(res, target).toMatch(/^HTTP\/1\.1 400 /);
			expect(res, target).toContain('"code":"invalid"');
		}
		expect((await api(server.url, '/healthz')).status).toBe(200);
		expect(logs.map((l) => JSON.parse(l)).filter((l) => l.level > 20)).toEqual([]);
	});
});

describe('9. redaction follows the token, like authorisation', () => {
	it('a participant whose roster role became organiser still gets a participant’s copy: no anonymous author ids', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const m = await createMeeting(server.url);
		const link = await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'participant' });
		const join = async (name: string) => (await mustCommand(server.url, m.id, String(link.result!.token), { type: 'member.join', name })).result!;
		const asker = await join('匿名の質問者');
		const watcher = await join('役割変更された人');
		// The watcher's own anonymous question puts them in the merge event's personal audience.
		const q1 = (await mustCommand(server.url, m.id, String(watcher.token), { type: 'question.ask', text: '匿名の質問その一', anonymous: true })).result!.id;
		const q2 = (await mustCommand(server.url, m.id, String(asker.token), { type: 'question.ask', text: '匿名の質問その二', anonymous: true })).result!.id;
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.update', memberId: watcher.memberId, role: 'organiser' });
		const sock = t.add(await connectSocket(server.url, { meetingId: m.id, token: String(watcher.token) }), (s) => s.close());
		expect(sock.view.me.role).toBe('participant');
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'question.merge', questionId: q1, intoId: q2 });
		const batch = await sock.waitForBatch((b) => b.events.some((e) => e.event.type === 'question.merged'));
		expect(JSON.stringify(batch)).not.toContain(String(asker.memberId));
		// Its token still acts as a participant.
		expect(await sendCommand(sock.socket, { type: 'room.add', name: '権限なし' })).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('10. socket handlers are there at once and own their errors', () => {
	it('events sent on `connect` are all answered, on Redis too', async () => {
		const redis = await startRedis();
		t.add(redis, (r) => r.stop());
		const server = t.add(await startTestServer({ redisUrl: redis.url }), (s) => s.stop());
		const m = await createMeeting(server.url);
		const replies = await Promise.all(
			Array.from({ length: 10 }, (_, i) => {
				const s = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { meetingId: m.id, token: m.organiserToken, protocol: PROTOCOL_VERSION } });
				t.add(s, (x) => x.close());
				return new Promise<unknown[]>((resolve) =>
					s.once('connect', () => {
						void Promise.all([
							s.timeout(10_000).emitWithAck('clock.ping'),
							s.timeout(10_000).emitWithAck('command', { type: 'room.add', name: `接続直後${i}` }),
							s.timeout(10_000).emitWithAck('resync')
						]).then(resolve, (err) => resolve([String(err)]));
					})
				);
			})
		);
		for (const [ping, cmd, view] of replies) {
			expect(typeof ping).toBe('number');
			expect(cmd).toMatchObject({ ok: true });
			expect(view).toHaveProperty('state');
		}
	});

	it('a raw WebSocket client that sends junk right after the handshake does not hurt the server', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
		await new Promise((r) => ws.once('open', r));
		ws.send('40{"meetingId":1}');
		ws.send('42["command",{"__proto__":{}}]');
		ws.send('\u0000garbage');
		await sleep(200);
		ws.close();
		expect((await api(server.url, '/healthz')).status).toBe(200);
		await expect(connectSocket(server.url, { meetingId: 'x', token: 'nope' })).rejects.toBeInstanceOf(ConnectError);
	});
});

describe('ids named like Object.prototype members (found by the fuzz suite)', () => {
	it('are refused by the schema and by paths, so nothing "finds" constructor or __proto__', async () => {
		const server = t.add(await startTestServer(), (s) => s.stop());
		const m = await createMeeting(server.url);
		for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '__lookupSetter__']) {
			for (const command of [
				{ type: 'summary.theme.edit', id, text: '例の文章' },
				{ type: 'room.update', roomId: id, name: '名前' },
				{ type: 'member.update', memberId: id, name: '名前' },
				{ type: 'link.revoke', linkId: id }
			]) {
				const res = await postCommand(server.url, m.id, m.organiserToken, command);
				expect([res.status, res.json?.code], `${command.type} ${id}`).toEqual([400, 'invalid']);
			}
			expect((await api(server.url, `/api/v1/meetings/${m.id}/rooms/${id}/notes`, { token: m.organiserToken })).status).toBe(404);
		}
		expect((await api(server.url, `/api/v1/meetings/${m.id}/minutes.md`, { token: m.organiserToken })).status).toBe(200);
	});
});
