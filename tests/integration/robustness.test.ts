/**
 * Junk never crashes the server: malformed HTTP bodies, garbage socket messages (with and without
 * an ack), oversized socket frames, and WebSocket upgrades to /yjs/ that are wrong or unauthorised.
 * After each barrage the server still answers /healthz and still runs commands.
 */
import { describe, expect, it } from 'vitest';
import { api, connectSocket, createMeeting, getView, handshakeOutcome, mustCommand, sendCommand, serverForSuite, teardownEach, upgradeStatus } from '../helpers/server.js';
import { PROTOCOL_VERSION } from '../../src/lib/shared/protocol.js';

const server = serverForSuite();
const perTest = teardownEach();

/** The server still answers and still runs commands for `meeting`. */
async function stillServes(meeting: { id: string; organiserToken: string }) {
	expect((await api(server.url, '/healthz')).status).toBe(200);
	await mustCommand(server.url, meeting.id, meeting.organiserToken, { type: 'member.add', name: '確認' });
}

describe('HTTP junk', () => {
	it('answers malformed and hostile bodies with 400 and keeps serving', async () => {
		const m = await createMeeting(server.url);
		const bodies = [
			'{',
			'{"type":',
			'\u0000\u0001\u0002',
			'{"type":"room.add","name":"x"}garbage',
			'[]',
			'[{"type":"room.add","name":"x"}]',
			'1e309',
			'"just a string"',
			'true',
			'null',
			'{"type":"room.add","name":"x","__proto__":{"admin":true}}',
			'{"type":"room.add","name":"x","constructor":{"prototype":{"polluted":true}}}',
			JSON.stringify({ type: { toString: 'room.add' } }),
			JSON.stringify({ type: 'room.add', name: ['x'] }),
			JSON.stringify({ type: 'member.add', name: 'x'.repeat(10_000) })
		];
		for (const body of bodies) {
			const r = await api(server.url, `/api/v1/meetings/${m.id}/commands`, { method: 'POST', token: m.organiserToken, body });
			expect(r.status, body.slice(0, 40)).toBe(400);
			expect(r.json).toMatchObject({ ok: false, code: 'invalid' });
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		await stillServes(m);
	});

	it('does not fall over on odd paths, methods and headers', async () => {
		const m = await createMeeting(server.url);
		const odd: [string, Parameters<typeof api>[2]][] = [
			[`/api/v1/meetings/${m.id}/commands`, { method: 'GET', token: m.organiserToken }],
			[`/api/v1/meetings/${m.id}`, { method: 'DELETE', token: m.organiserToken }],
			[`/api/v1/meetings/${'x'.repeat(100)}`, { token: m.organiserToken }],
			['/api/v1/meetings/..%2F..%2Fetc%2Fpasswd', {}],
			[`/api/v1/meetings/${m.id}`, { token: 'x'.repeat(5000) }],
			[`/api/v1/meetings/${m.id}`, { cookie: `yoriai_organiser_${m.id}=%E0%A4%A; other=1` }],
			[`/api/v1/meetings/${m.id}`, { cookie: `yoriai_organiser_${m.id}=${m.organiserToken}` }],
			[`/api/v1/meetings/${m.id}?as=__proto__`, {}],
			['/j/', {}],
			['/j/%', {}]
		];
		for (const [path, opts] of odd) {
			const r = await api(server.url, path, opts);
			expect(r.status, path).toBeGreaterThanOrEqual(300);
			expect(r.status, path).toBeLessThan(500);
		}
		await stillServes(m);
	});
});

describe('socket junk', () => {
	it('answers garbage commands with invalid when there is an ack, and ignores them when there is none', async () => {
		const m = await createMeeting(server.url);
		const s = perTest.add(await connectSocket(server.url, { meetingId: m.id, token: m.organiserToken }), (x) => x.close());
		const junk: unknown[] = [null, 42, 'room.add', [], [{ type: 'room.add', name: 'x' }], {}, { type: 42 }, { type: 'meeting.delete' }, { type: 'room.add' }, { type: 'room.add', name: 'x', extra: true }];
		for (const payload of junk) expect(await sendCommand(s.socket, payload), JSON.stringify(payload)).toMatchObject({ ok: false, code: 'invalid' });
		// No ack: fire-and-forget garbage, and events the server does not know.
		const raw = s.socket as unknown as { emit(event: string, ...args: unknown[]): void };
		raw.emit('command', { type: 'room.add', name: 'no ack' });
		raw.emit('command');
		raw.emit('command', null, 'not a function');
		raw.emit('clock.ping', 'not a function');
		raw.emit('resync');
		raw.emit('no.such.event', { a: 1 });
		// The same socket still works.
		expect(await sendCommand(s.socket, { type: 'room.add', name: 'ルーム1' })).toMatchObject({ ok: true });
		const view = await getView(server.url, m.id, m.organiserToken);
		expect(Object.values(view.state.rooms).map((r) => r.name)).toContain('ルーム1');
		await stillServes(m);
	});

	it('drops a socket that sends a message over the size limit, and keeps serving others', async () => {
		const m = await createMeeting(server.url);
		const big = perTest.add(await connectSocket(server.url, { meetingId: m.id, token: m.organiserToken }), (x) => x.close());
		const other = perTest.add(await connectSocket(server.url, { meetingId: m.id, token: m.organiserToken }), (x) => x.close());
		big.socket.emit('command', { type: 'meeting.update', description: 'x'.repeat(200 * 1024) }, () => undefined);
		expect(await big.disconnected).toMatch(/transport (close|error)/);
		expect(await sendCommand(other.socket, { type: 'room.add', name: 'ルーム1' })).toMatchObject({ ok: true });
		await stillServes(m);
	});

	it('survives handshakes with junk auth', async () => {
		const m = await createMeeting(server.url);
		const auths: unknown[] = [
			{},
			{ protocol: PROTOCOL_VERSION },
			{ protocol: PROTOCOL_VERSION, meetingId: 42, token: m.organiserToken },
			{ protocol: PROTOCOL_VERSION, meetingId: 'x'.repeat(1000), token: m.organiserToken },
			{ protocol: PROTOCOL_VERSION, meetingId: m.id, token: { $ne: null } },
			{ protocol: PROTOCOL_VERSION, meetingId: m.id, role: 'organiser' },
			{ protocol: PROTOCOL_VERSION, meetingId: m.id, role: '__proto__' },
			{ protocol: String(PROTOCOL_VERSION), meetingId: m.id, token: m.organiserToken }
		];
		for (const auth of auths) {
			const code = await handshakeOutcome(server.url, { transports: ['websocket'], auth: auth as object });
			expect(code, JSON.stringify(auth)).toMatch(/^(invalid|unauthorized|protocol_outdated)$/);
		}
		await stillServes(m);
	});
});

describe('/yjs/ upgrades', () => {
	it('404 for a path that is not a document', async () => {
		const m = await createMeeting(server.url);
		for (const path of ['/yjs/', '/yjs/bad', `/yjs/${m.id}`, `/yjs/${m.id}/room/`, `/yjs/${m.id}/other/x`, `/yjs/${m.id}/room/a/b`, '/yjs/../../etc/passwd'])
			expect(await upgradeStatus(server.url, `${path}?token=${m.organiserToken}`), path).toBe(404);
	});

	it('401 without a token, with an unknown token, or with a token of another meeting', async () => {
		const m = await createMeeting(server.url);
		const other = await createMeeting(server.url);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/room/r1`)).toBe(401);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/summary`)).toBe(401);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/room/r1?token=nope`)).toBe(401);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/room/r1?token=${other.organiserToken}`)).toBe(401);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/room/r1`, { cookie: `yoriai_organiser_${m.id}=forged.signature` })).toBe(401);
	});

	it('refuses upgrades to paths nobody serves instead of leaving them hanging', async () => {
		for (const path of ['/', '/other', '/api/v1/meetings', '/j/x']) expect(await upgradeStatus(server.url, path), path).toBe(404);
	});

	it('opens for a valid token, so the refusals above are about the token', async () => {
		const m = await createMeeting(server.url);
		expect(await upgradeStatus(server.url, `/yjs/${m.id}/summary?token=${m.organiserToken}`)).toBe(101);
		await stillServes(m);
	});
});
