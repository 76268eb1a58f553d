/**
 * Two instances on one real Redis behind a real nginx rendered from deploy/nginx/yoriai.conf:
 * socket.io's long-polling (the fallback where WebSockets are blocked) stays on one instance per
 * browser thanks to the config's sticky cookie, WebSockets (socket.io and /yjs/) pass the proxy,
 * and events and board edits committed through the other instance reach clients behind it.
 */
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../server/start.js';
import { LIMITS } from '../../src/lib/shared/schemas.js';
import { PROTOCOL_VERSION, type EventBatch, type SessionView } from '../../src/lib/shared/protocol.js';
import { boardClient, createDemo, textEventually } from '../helpers/notes.js';
import { startProxy, type Proxy } from '../helpers/proxy.js';
import {
	api,
	type ClientSocket,
	cookiePair,
	createMeeting,
	eventually,
	getView,
	mustCommand,
	sendCommand,
	startTwoInstancesOnRedis,
	teardownAll,
	upgradeStatus
} from '../helpers/server.js';

const t = teardownAll();
let a: Running;
let b: Running;
let proxy: Proxy;
/** Instance by the `host:port` nginx logs as upstream. */
const byUpstream = new Map<string, 'a' | 'b'>();

beforeAll(async () => {
	({ a, b } = await startTwoInstancesOnRedis(t));
	proxy = t.add(await startProxy([a.port, b.port]), (p) => p.stop());
	byUpstream.set(`127.0.0.1:${a.port}`, 'a').set(`127.0.0.1:${b.port}`, 'b');
});

interface Client {
	socket: ClientSocket;
	view: SessionView;
	batches: EventBatch[];
	/** Errors and disconnects the client saw after connecting (none expected). */
	troubles: string[];
	close(): void;
}

/**
 * A socket.io client through the proxy with socket.io's defaults (polling first, then upgrade)
 * unless `extra` says otherwise. `withCredentials` makes the Node client keep cookies like a
 * browser does on its own origin (engine.io-client's cookie jar): the sticky cookie needs it.
 */
function connect(url: string, meetingId: string, token: string, extra: Partial<ManagerOptions & SocketOptions> = {}): Promise<Client> {
	const socket: ClientSocket = io(url, {
		reconnection: false,
		forceNew: true,
		withCredentials: true,
		auth: { meetingId, token, protocol: PROTOCOL_VERSION },
		...extra
	});
	const batches: EventBatch[] = [];
	const troubles: string[] = [];
	socket.on('events', (batch) => batches.push(batch));
	return new Promise((resolve, reject) => {
		socket.once('connect_error', (err: Error & { description?: unknown }) => {
			socket.close();
			// engine.io-client puts the HTTP status of a failed poll in `description`.
			reject(new Error(`socket.io through ${url}: ${err.message}${err.description !== undefined ? ` (${String(err.description)})` : ''}`));
		});
		socket.once('view', (view) => {
			socket.on('connect_error', (err) => troubles.push(`connect_error: ${err.message}`));
			socket.on('disconnect', (reason) => troubles.push(`disconnect: ${reason}`));
			resolve({
				socket,
				view,
				batches,
				troubles,
				close() {
					socket.off('disconnect');
					socket.close();
				}
			});
		});
	});
}

/** Resolves once `client` received a batch with `seq`. */
function seen(client: Client, seq: number, timeoutMs = 15_000): Promise<EventBatch> {
	return eventually(() => {
		const found = client.batches.find((x) => x.seq === seq);
		if (!found) throw new Error(`no batch with seq ${seq} yet (got ${JSON.stringify(client.batches.map((x) => x.seq))})`);
		return found;
	}, timeoutMs);
}

/** The engine.io session id of a connected client. */
const sidOf = (c: Client) => (c.socket.io.engine as unknown as { id: string }).id;

/** Log entries of one engine.io session. */
const requestsOf = (sid: string) => proxy.accessLog().filter((e) => e.sid === sid);

describe('nginx in front of two instances', () => {
	it('passes the Host header on, so links and origins are the proxy’s; sets the sticky cookie once', async () => {
		const health = await api(proxy.url, '/healthz');
		expect(health.json).toEqual({ ok: true, store: 'redis' });
		const [lb] = health.setCookies.filter((c) => c.startsWith('yoriai_lb='));
		expect(lb).toMatch(/^yoriai_lb=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
		// With the cookie, nginx sets no new one, and the request goes where the first went.
		const again = await api(proxy.url, '/healthz', { cookie: cookiePair(lb) });
		expect(again.setCookies.filter((c) => c.startsWith('yoriai_lb='))).toEqual([]);
		// nginx writes its access log line after the response: wait for both.
		const [first, second] = await eventually(() => {
			const lines = proxy.accessLog().filter((e) => e.path === '/healthz');
			if (lines.length < 2) throw new Error('access log not written yet');
			return lines.slice(-2);
		});
		expect(second.upstream).toBe(first.upstream);
		expect(second.lb).toBe(cookiePair(lb).slice('yoriai_lb='.length));

		const m = await createMeeting(proxy.url);
		const view = await getView(proxy.url, m.id, m.organiserToken);
		for (const link of Object.values(view.linkUrls)) expect(link.startsWith(`${proxy.url}/j/`)).toBe(true);
	});

	it('lets bodies the instance limits reach the instance, which refuses the oversized one itself', async () => {
		const m = await createMeeting(a.url);
		const padded = (size: number) => {
			const head = JSON.stringify({ type: 'room.add', name: '' });
			return head.replace('""', `"${'x'.repeat(size - head.length)}"`);
		};
		const atLimit = await api(proxy.url, `/api/v1/meetings/${m.id}/commands`, { token: m.organiserToken, body: padded(LIMITS.messageBytes) });
		expect(Buffer.byteLength(padded(LIMITS.messageBytes))).toBe(LIMITS.messageBytes);
		// The instance parsed it (the name is too long for the schema): its JSON, not nginx's 413.
		expect(atLimit.status).toBe(400);
		expect(atLimit.json).toMatchObject({ ok: false, code: 'invalid' });
		const over = await api(proxy.url, `/api/v1/meetings/${m.id}/commands`, { token: m.organiserToken, body: padded(LIMITS.messageBytes + 1) });
		expect(over.status).toBe(413);
		expect(over.json).toMatchObject({ ok: false, code: 'too_large' });
	});

	it('a default socket.io client starts with long-polling through the proxy, upgrades, and all its requests reach one instance', async () => {
		const m = await createMeeting(a.url);
		const c = t.add(await connect(proxy.url, m.id, m.organiserToken), (x) => x.close());
		const sid = sidOf(c);
		const handshake = proxy.accessLog().find((e) => e.transport === 'polling' && e.sid === '' && e.status === 200);
		expect(handshake).toBeDefined();
		// socket.io's defaults: it upgrades to a WebSocket once the polling session works.
		await eventually(() => expect(c.socket.io.engine.transport.name).toBe('websocket'));

		const own = await sendCommand(c.socket, { type: 'room.add', name: 'プロキシ経由' });
		expect(own).toMatchObject({ ok: true });
		const viaA = await mustCommand(a.url, m.id, m.organiserToken, { type: 'room.add', name: 'A直接' });
		const viaB = await mustCommand(b.url, m.id, m.organiserToken, { type: 'room.add', name: 'B直接' });
		for (const r of [own as { seq: number }, viaA, viaB]) expect((await seen(c, r.seq)).events[0].event.type).toBe('room.added');

		c.close();
		// The upgrade request is logged when the WebSocket closes.
		const requests = await eventually(() => {
			const rs = requestsOf(sid);
			expect(rs.some((e) => e.transport === 'websocket')).toBe(true);
			return rs;
		});
		expect(requests.filter((e) => e.transport === 'polling').length).toBeGreaterThan(0);
		expect(requests.map((e) => e.status).filter((s) => s !== 200 && s !== 101)).toEqual([]);
		expect(new Set(requests.map((e) => e.upstream)).size).toBe(1);
		expect(requests.find((e) => e.transport === 'websocket')!.status).toBe(101);
		expect(c.troubles).toEqual([]);
	});

	it('a polling-only client (upgrade: false) sends commands and receives events committed on both instances', async () => {
		const m = await createMeeting(a.url);
		const c = t.add(await connect(proxy.url, m.id, m.organiserToken, { transports: ['polling'], upgrade: false }), (x) => x.close());
		const seqs: number[] = [];
		for (let i = 0; i < 3; i++) {
			const own = await sendCommand(c.socket, { type: 'member.add', name: `ポーリング${i}`, organisation: '市役所' });
			expect(own).toMatchObject({ ok: true });
			seqs.push((own as { seq: number }).seq);
			seqs.push((await mustCommand(i % 2 ? a.url : b.url, m.id, m.organiserToken, { type: 'member.add', name: `直接${i}`, organisation: '厚労省' })).seq);
		}
		for (const seq of seqs) await seen(c, seq);
		expect(c.socket.io.engine.transport.name).toBe('polling');
		const requests = requestsOf(sidOf(c));
		expect(requests.every((e) => e.transport === 'polling')).toBe(true);
		// At least one POST (command) and one GET (poll) per command sent.
		expect(requests.filter((e) => e.method === 'POST').length).toBeGreaterThanOrEqual(3);
		expect(requests.map((e) => e.status).filter((s) => s !== 200)).toEqual([]);
		expect(new Set(requests.map((e) => e.upstream)).size).toBe(1);

		// A long-polling POST as large as socket.io accepts passes nginx too (the instance answers).
		const big = await sendCommand(c.socket, { type: 'room.add', name: 'x'.repeat(LIMITS.messageBytes - 1024) });
		expect(big).toMatchObject({ ok: false, code: 'invalid' });
		expect(c.troubles).toEqual([]);
	});

	it('20 polling clients doing round trips: no "Session ID unknown", each stays on one instance, together they use both', async () => {
		const m = await createMeeting(a.url);
		const before = proxy.accessLog().length;
		const clients = await Promise.all(
			Array.from({ length: 20 }, () => connect(proxy.url, m.id, m.organiserToken, { transports: ['polling'], upgrade: false }).then((c) => t.add(c, (x) => x.close())))
		);
		const rounds = 4;
		const seqs: number[] = [];
		for (let round = 0; round < rounds; round++) {
			await Promise.all(
				clients.map(async (c) => {
					const serverNow = await c.socket.timeout(15_000).emitWithAck('clock.ping');
					expect(typeof serverNow).toBe('number');
					const view = await c.socket.timeout(15_000).emitWithAck('resync');
					expect((view as SessionView).state.seq).toBeGreaterThan(0);
				})
			);
			seqs.push((await mustCommand(round % 2 ? a.url : b.url, m.id, m.organiserToken, { type: 'room.add', name: `ラウンド${round}` })).seq);
		}
		for (const c of clients) for (const seq of seqs) await seen(c, seq);

		// Every socket.io request of these clients (handshakes included) was answered 200 by an instance.
		const sids = new Set(clients.map(sidOf));
		const theirs = proxy.accessLog().slice(before).filter((e) => e.path === '/socket.io/' && (sids.has(e.sid) || e.sid === ''));
		expect(theirs.filter((e) => e.sid === '').length).toBe(clients.length);
		expect(theirs.filter((e) => e.status !== 200 || e.upstream_status !== '200')).toEqual([]);
		const home = new Map<string, 'a' | 'b'>();
		for (const c of clients) {
			const requests = requestsOf(sidOf(c));
			// The handshake, then per round at least a POST each for ping and resync.
			expect(requests.filter((e) => e.method === 'POST').length).toBeGreaterThanOrEqual(rounds * 2);
			const upstreams = new Set(requests.map((e) => e.upstream));
			expect(upstreams.size).toBe(1);
			home.set(sidOf(c), byUpstream.get([...upstreams][0])!);
			expect(c.troubles).toEqual([]);
		}
		// Every client comes from 127.0.0.1: ip_hash would put all 20 on one instance. The cookie is
		// random per client, so both get some (all 20 on one would happen with probability 2^-19).
		expect(new Set(home.values())).toEqual(new Set(['a', 'b']));
	});

	it('where the network refuses WebSockets, a default client keeps working over long-polling through the proxy', async () => {
		const blocked = t.add(await startProxy([a.port, b.port], { blockWebSockets: true }), (p) => p.stop());
		expect(await upgradeStatus(blocked.url, '/socket.io/?EIO=4&transport=websocket')).toBe(403);
		const m = await createMeeting(a.url);
		const c = t.add(await connect(blocked.url, m.id, m.organiserToken), (x) => x.close());
		const own = await sendCommand(c.socket, { type: 'room.add', name: '遮断下' });
		expect(own).toMatchObject({ ok: true });
		const viaA = await mustCommand(a.url, m.id, m.organiserToken, { type: 'room.add', name: 'A直接' });
		const viaB = await mustCommand(b.url, m.id, m.organiserToken, { type: 'room.add', name: 'B直接' });
		for (const r of [own as { seq: number }, viaA, viaB]) await seen(c, r.seq);
		// The client tried to upgrade, was refused, and stayed on polling without losing its session.
		await eventually(() => expect(blocked.accessLog().some((e) => e.sid === sidOf(c) && e.transport === 'websocket' && e.status === 403)).toBe(true));
		expect(c.socket.io.engine.transport.name).toBe('polling');
		const requests = blocked.accessLog().filter((e) => e.sid === sidOf(c) && e.transport === 'polling');
		expect(requests.map((e) => e.status).filter((s) => s !== 200)).toEqual([]);
		expect(new Set(requests.map((e) => e.upstream)).size).toBe(1);
		expect(c.troubles).toEqual([]);
	});

	it('the instances do not share polling sessions: the sid of a session behind the proxy is unknown to the other instance', async () => {
		const m = await createMeeting(a.url);
		const c = t.add(await connect(proxy.url, m.id, m.organiserToken, { transports: ['polling'], upgrade: false }), (x) => x.close());
		const sid = sidOf(c);
		const home = byUpstream.get(requestsOf(sid)[0].upstream)!;
		const other = home === 'a' ? b : a;
		// What a non-sticky balancer would do with the next poll: the other instance refuses it.
		const res = await fetch(`${other.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '3' });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ code: 1, message: 'Session ID unknown' });
	});

	it('a WebSocket-only socket.io client works through the proxy', async () => {
		const m = await createMeeting(a.url);
		const c = t.add(await connect(proxy.url, m.id, m.organiserToken, { transports: ['websocket'] }), (x) => x.close());
		expect(c.socket.io.engine.transport.name).toBe('websocket');
		const own = await sendCommand(c.socket, { type: 'room.add', name: 'WS経由' });
		expect(own).toMatchObject({ ok: true });
		const viaA = await mustCommand(a.url, m.id, m.organiserToken, { type: 'room.add', name: 'A直接' });
		const viaB = await mustCommand(b.url, m.id, m.organiserToken, { type: 'room.add', name: 'B直接' });
		for (const r of [own as { seq: number }, viaA, viaB]) await seen(c, r.seq);
		expect(c.view.linkUrls && Object.values(c.view.linkUrls).every((u) => u.startsWith(proxy.url))).toBe(true);
		expect(c.troubles).toEqual([]);
	});

	it('a y-websocket board through the proxy sees edits made on both instances, and the others see its edits', async () => {
		const demo = await createDemo(a.url);
		const doc = `room/${demo.rooms[0]}`;
		const proxied = t.add(boardClient(proxy.url, demo.id, doc, demo.facilitatorToken(0)), (x) => x.destroy());
		const onA = t.add(boardClient(a.url, demo.id, doc, demo.organiserToken), (x) => x.destroy());
		const onB = t.add(boardClient(b.url, demo.id, doc, demo.organiserToken), (x) => x.destroy());
		await Promise.all([proxied.synced, onA.synced, onB.synced]);
		expect(proxied.text.toString()).toBe(onA.text.toString());

		onB.text.insert(onB.text.length, '\n● Bで直接追記');
		onA.text.insert(onA.text.length, '\n● Aで直接追記');
		await textEventually(proxied, (s) => s.includes('Bで直接追記') && s.includes('Aで直接追記'));
		proxied.text.insert(0, '★');
		await textEventually(onA, (s) => s.startsWith('★'));
		await textEventually(onB, (s) => s.startsWith('★'));
		expect(proxied.closes).toEqual([]);
	});

	it('a browser-style board connection (session cookie, same Origin) is admitted through the proxy; another Origin is not', async () => {
		const demo = await createDemo(a.url);
		const joined = await api(proxy.url, `/j/${demo.facilitatorToken(1)}`);
		const cookies = joined.setCookies.map(cookiePair).join('; ');
		expect(cookies).toMatch(/yoriai_facilitator_/);
		const path = `/yjs/${demo.id}/room/${demo.rooms[1]}`;
		expect(await upgradeStatus(proxy.url, path, { cookie: cookies, origin: proxy.url })).toBe(101);
		expect(await upgradeStatus(proxy.url, path, { cookie: cookies, origin: 'https://evil.example' })).toBe(403);
		// The token in a /j/ link never reaches nginx's log.
		expect(JSON.stringify(proxy.accessLog())).not.toContain(demo.facilitatorToken(1));
	});
});
