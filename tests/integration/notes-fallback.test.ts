/**
 * The boards' socket.io fallback (for networks that block WebSockets) keeps the WebSocket
 * endpoint's rules: the same admission (and cookie origin rule), the same frame checks and size
 * limits, and it meets WebSocket clients on the same board. notes-yjs.test.ts runs the y-websocket
 * behaviour on both transports; this file covers what only a raw client can send.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { LIMITS } from '../../src/lib/shared/schemas.js';
import { MAX_BOARD_BYTES } from '../../src/lib/shared/notes/access.js';
import { api, cookiePair, eventually, startTestServer, teardownAll, teardownEach, type TestServer } from '../helpers/server.js';
import { boardClient, createDemo, textEventually, updateFrame, type DemoMeeting } from '../helpers/notes.js';

const suite = teardownAll();
const perTest = teardownEach();
let server: TestServer;
let demo: DemoMeeting;
beforeAll(async () => {
	server = suite.add(await startTestServer(), (s) => s.stop());
	demo = await createDemo(server.url);
});

/** A raw socket.io client on a board namespace (long-polling only), with what the server said when closing. */
function rawBoard(doc: string, auth: Record<string, string>, headers: Record<string, string> = {}) {
	const socket: Socket = io(`${server.url}/yjs/${doc}`, { path: '/socket.io/', transports: ['polling'], reconnection: false, forceNew: true, auth, extraHeaders: headers });
	perTest.add(socket, (s) => s.close());
	const frames: Uint8Array[] = [];
	socket.on('y', (data: ArrayBuffer | Uint8Array) => frames.push(new Uint8Array(data as ArrayBuffer)));
	const outcome = new Promise<{ connected: boolean; code?: string | number; reason?: string }>((resolve) => {
		socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve({ connected: false, code: err.data?.code }));
		socket.on('y.close', (code: number, reason: string) => resolve({ connected: true, code, reason }));
	});
	const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
	return { socket, frames, outcome, connected };
}


describe('admission', () => {
	it('refuses what the WebSocket endpoint refuses, with codes: display, other rooms, unknown tokens, no such room', async () => {
		const room = `${demo.id}/room/${demo.rooms[0]}`;
		expect((await rawBoard(room, { token: demo.displayToken() }).outcome).code).toBe('not_allowed');
		expect((await rawBoard(room, { token: demo.facilitatorToken(1) }).outcome).code).toBe('not_allowed');
		expect((await rawBoard(room, { token: 'no-such-token' }).outcome).code).toBe('unauthorized');
		expect((await rawBoard(room, {}).outcome).code).toBe('unauthorized');
		expect((await rawBoard(`${demo.id}/room/nosuchroom`, { token: demo.organiserToken }).outcome).code).toBe('not_found');
		const ok = rawBoard(room, { token: demo.organiserToken });
		await ok.connected;
		await eventually(() => expect(ok.frames.length).toBeGreaterThan(0)); // the server's sync step 1
	});

	it('takes the session cookie only from our own origin', async () => {
		const opened = await api(server.url, `/j/${demo.facilitatorToken(0)}`);
		const cookie = cookiePair(opened.setCookies[0]);
		const room = `${demo.id}/room/${demo.rooms[0]}`;
		expect((await rawBoard(room, { as: 'facilitator' }, { cookie, origin: 'http://evil.example' }).outcome).code).toBe('not_allowed');
		const own = rawBoard(room, { as: 'facilitator' }, { cookie, origin: server.url });
		await own.connected;
	});
});

describe('frames', () => {
	it('closes only the sender for a text payload (1003), a frame that does not decode (1007) and one over the limit (1009)', async () => {
		const room = `${demo.id}/room/${demo.rooms[1]}`;
		const writer = perTest.add(boardClient(server.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1), { transport: 'socket.io' }), (c) => c.destroy());
		await writer.synced;
		const cases: [unknown, number][] = [
			['{"hello":"text"}', 1003],
			[new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255]), 1007],
			[new Uint8Array([9]), 1007]
		];
		for (const [payload, code] of cases) {
			const raw = rawBoard(room, { token: demo.organiserToken });
			await raw.connected;
			raw.socket.emit('y', payload);
			expect((await raw.outcome).code, String(payload)).toBe(code);
		}
		const big = new Y.Doc();
		big.getText('text').insert(0, 'あ'.repeat(Math.ceil(LIMITS.yjsMessageBytes / 3) + 100));
		const raw = rawBoard(room, { token: demo.organiserToken });
		await raw.connected;
		raw.socket.emit('y', updateFrame(Y.encodeStateAsUpdate(big)));
		expect(await raw.outcome).toMatchObject({ code: 1009, reason: 'too_large' });
		// The writer on the fallback was never disturbed.
		writer.text.insert(writer.text.length, '\n● 迂回経路でも書ける');
		await eventually(async () => expect((await api(server.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[1]}/notes`, { token: demo.organiserToken })).json.text).toContain('迂回経路でも書ける'));
		expect(writer.closes).toEqual([]);
	});

	it('refuses a change that would pass the board limit with 1009 board_full', async () => {
		const m = await createDemo(server.url);
		const writer = perTest.add(boardClient(server.url, m.id, `room/${m.rooms[0]}`, m.facilitatorToken(0), { transport: 'socket.io' }), (c) => c.destroy());
		await writer.synced;
		writer.provider.shouldConnect = false;
		const before = writer.text.toString();
		// Many small changes in a row: each fits a message, together they pass the board limit.
		const chunk = 'い'.repeat(60_000);
		for (let i = 0; i * chunk.length * 3 < MAX_BOARD_BYTES + chunk.length * 3; i++) writer.text.insert(writer.text.length, chunk);
		await eventually(() => expect(writer.closes.map((c) => [c.code, c.reason])).toContainEqual([1009, 'board_full']));
		const stored = (await api(server.url, `/api/v1/meetings/${m.id}/rooms/${m.rooms[0]}/notes`, { token: m.organiserToken })).json.text as string;
		expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(MAX_BOARD_BYTES);
		expect(stored.startsWith(before)).toBe(true);
	});
});

describe('both transports on one board', () => {
	it('a WebSocket writer and a fallback writer see each other, with presence', async () => {
		const ws = perTest.add(boardClient(server.url, demo.id, `room/${demo.rooms[2]}`, demo.facilitatorToken(2)), (c) => c.destroy());
		const fb = perTest.add(boardClient(server.url, demo.id, `room/${demo.rooms[2]}`, demo.organiserToken, { transport: 'socket.io' }), (c) => c.destroy());
		await Promise.all([ws.synced, fb.synced]);
		fb.text.insert(fb.text.length, '\n● 低速モードからの記録');
		await textEventually(ws, (t) => t.includes('低速モードからの記録'));
		ws.text.insert(ws.text.length, '\n● WebSocketからの記録');
		await textEventually(fb, (t) => t.includes('WebSocketからの記録'));
		fb.provider.awareness.setLocalStateField('cursor', { at: 1 });
		await eventually(() => expect(ws.provider.awareness.getStates().has(fb.doc.clientID)).toBe(true));
	});
});
