/**
 * Room boards through the real server and real y-websocket clients: two writers sync, presence
 * carries the server's names, readers cannot write (their updates are dropped and counted),
 * revocation and room removal close connections, oversize and malformed frames close only their
 * own connection, upgrades are refused before they happen, and the notes API and comments work.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readConfig } from '../../server/config.js';
import { startYoriai, type Running } from '../../server/start.js';
import { LIMITS } from '../../src/lib/shared/schemas.js';
import type { Outline } from '../../src/lib/shared/notes/outline-types.js';
import { api, eventually, mustCommand, teardownAll, teardownEach, tempDir, upgradeStatus } from '../helpers/server.js';
import { BOARD_TRANSPORTS, boardClient, createDemo, textEventually, updateFrame, type BoardClient, type BoardTransport, type DemoMeeting } from '../helpers/notes.js';

const suite = teardownAll();
const perTest = teardownEach();
let running: Running;
let url: string;
let demo: DemoMeeting;

beforeAll(async () => {
	const dataDir = tempDir();
	suite.add(dataDir, (d) => rmSync(d, { recursive: true, force: true }));
	running = suite.add(await startYoriai(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), null), (r) => r.stop());
	url = running.url;
	demo = await createDemo(url);
});

function client(transport: BoardTransport, meetingId: string, doc: string, token: string): BoardClient {
	return perTest.add(boardClient(url, meetingId, doc, token, { transport }), (c) => c.destroy());
}

/** A raw WebSocket to a board, for frames no y-websocket client would send. */
function rawSocket(path: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`);
		perTest.add(ws, (w) => w.terminate());
		const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
		ws.once('open', () => resolve({ ws, closed }));
		ws.once('error', reject);
	});
}


describe('demo boards', () => {
	it('the three demo rooms start with Japanese notes, some shared', async () => {
		for (const roomId of demo.rooms) {
			const text = await running.realtime.yjs.readRoomText(demo.id, roomId);
			expect(text).toMatch(/^■/);
			expect(text).toContain('★');
		}
		expect(await running.realtime.yjs.readRoomText(demo.id, demo.rooms[1])).toContain('級地');
	});
});

// The same behaviour on both transports: a WebSocket, and the socket.io fallback over long-polling.
describe.each(BOARD_TRANSPORTS)('over %s', (transport) => {
	describe('two writers on one board', () => {
		it('the organiser and the room’s facilitator see each other’s edits', async () => {
			const org = client(transport, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken);
			const fac = client(transport, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0));
			await Promise.all([org.synced, fac.synced]);
			expect(fac.text.toString()).toBe(org.text.toString());
			expect(org.text.toString()).toContain('住居を失った方への対応');

			fac.text.insert(fac.text.length, '\n■次回テーマ\n● 緊急時の給付金のあり方');
			await textEventually(org, (t) => t.includes('緊急時の給付金のあり方'));
			org.text.insert(0, '★');
			await textEventually(fac, (t) => t === org.text.toString());
			// Both writers' edits reach the server (the board may already carry an earlier run's ★).
			await eventually(async () => expect(await running.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).toBe(org.text.toString()));
		});

		it('presence reaches the others with the name the server knows, not the one the client claims', async () => {
			const member = await demo.joinMember('恵庭 三郎', 1);
			const fac = client(transport, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1));
			const reader = client(transport, demo.id, `room/${demo.rooms[1]}`, member.token);
			await Promise.all([fac.synced, reader.synced]);
			reader.provider.awareness.setLocalStateField('user', { name: 'なりすまし', color: '#aa3355' });
			const seen = await eventually(() => {
				const s = fac.provider.awareness.getStates().get(reader.doc.clientID) as { user?: { name: string; color: string; role: string } } | undefined;
				if (!s?.user) throw new Error('no presence yet');
				return s.user;
			});
			expect(seen).toMatchObject({ name: '恵庭 三郎', color: '#aa3355', role: 'participant' });
			reader.destroy();
			await eventually(() => expect(fac.provider.awareness.getStates().has(reader.doc.clientID)).toBe(false));
		});

		it('onRoomText tells other features about a change, throttled, with the full text', async () => {
			const calls: { meetingId: string; roomId: string; text: string }[] = [];
			const off = running.realtime.yjs.onRoomText((meetingId, roomId, text) => calls.push({ meetingId, roomId, text }));
			perTest.add(off, (f) => f());
			const fac = client(transport, demo.id, `room/${demo.rooms[2]}`, demo.facilitatorToken(2));
			await fac.synced;
			for (const ch of '居場所づくり') fac.text.insert(fac.text.length, ch);
			const last = await eventually(() => {
				const c = calls.at(-1);
				if (!c?.text.endsWith('居場所づくり')) throw new Error('not yet');
				return c;
			});
			expect(last).toMatchObject({ meetingId: demo.id, roomId: demo.rooms[2] });
			expect(calls.length).toBeLessThan(6); // six keystrokes, coalesced
		});
	});

	describe('readers', () => {
		it('a room member reads; their updates are dropped and counted; the board is unchanged', async () => {
			const member = await demo.joinMember('石狩 四郎', 0);
			const fac = client(transport, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0));
			const reader = client(transport, demo.id, `room/${demo.rooms[0]}`, member.token);
			await Promise.all([fac.synced, reader.synced]);
			const before = fac.text.toString();
			expect(reader.text.toString()).toBe(before);
			const dropped = running.realtime.yjs.stats().droppedReaderUpdates;

			reader.text.insert(0, '書き換え');
			await eventually(() => expect(running.realtime.yjs.stats().droppedReaderUpdates).toBe(dropped + 1));
			// A writer's later edit still arrives at the reader, and nobody got the reader's text.
			fac.text.insert(fac.text.length, '\n● 後から追記');
			await textEventually(reader, (t) => t.includes('後から追記'));
			expect(fac.text.toString()).not.toContain('書き換え');
			expect(await running.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).not.toContain('書き換え');
		});

		it('when the organiser lets members edit, an open reader connection may write at once', async () => {
			const member = await demo.joinMember('当別 五郎', 1);
			const reader = client(transport, demo.id, `room/${demo.rooms[1]}`, member.token);
			await reader.synced;
			await mustCommand(url, demo.id, demo.organiserToken, { type: 'room.update', roomId: demo.rooms[1], editPolicy: 'members' });
			perTest.add(null, () => mustCommand(url, demo.id, demo.organiserToken, { type: 'room.update', roomId: demo.rooms[1], editPolicy: 'facilitators' }));
			reader.text.insert(reader.text.length, '\n● 会員からの追記');
			await eventually(async () => expect(await running.realtime.yjs.readRoomText(demo.id, demo.rooms[1])).toContain('会員からの追記'));
		});

		it('refuses before the upgrade: display, members of other rooms, unjoined links, other meetings', async () => {
			const room = `/yjs/${demo.id}/room/${demo.rooms[0]}`;
			expect(await upgradeStatus(url, `${room}?token=${demo.displayToken()}`)).toBe(403);
			expect(await upgradeStatus(url, `/yjs/${demo.id}/summary?token=${demo.displayToken()}`)).toBe(403);
			expect(await upgradeStatus(url, `${room}?token=${demo.facilitatorToken(1)}`)).toBe(403);
			const elsewhere = await demo.joinMember('千歳 六郎', 2);
			expect(await upgradeStatus(url, `${room}?token=${elsewhere.token}`)).toBe(403);
			const unassigned = await demo.joinMember('苫小牧 七郎', null);
			expect(await upgradeStatus(url, `${room}?token=${unassigned.token}`)).toBe(403);
			const other = await createDemo(url);
			expect(await upgradeStatus(url, `${room}?token=${other.organiserToken}`)).toBe(401);
			expect(await upgradeStatus(url, `/yjs/${other.id}/room/${demo.rooms[0]}?token=${other.organiserToken}`)).toBe(404);
			expect(await upgradeStatus(url, room)).toBe(401);
			expect(await upgradeStatus(url, `${room}?token=${demo.organiserToken}`)).toBe(101);
			expect(await upgradeStatus(url, `/yjs/${demo.id}/summary?token=${unassigned.token}`)).toBe(101);
		});
	});

	describe('revocation', () => {
		it('revoking a link closes its board connections with 4403 and they stay closed', async () => {
			const m = await createDemo(url);
			const member = await m.joinMember('江別 八郎', 0);
			const reader = client(transport, m.id, `room/${m.rooms[0]}`, member.token);
			const fac = client(transport, m.id, `room/${m.rooms[0]}`, m.organiserToken);
			await Promise.all([reader.synced, fac.synced]);
			const linkId = Object.values(m.view.state.links).find((l) => l.role === 'participant')!.id;
			await mustCommand(url, m.id, m.organiserToken, { type: 'link.revoke', linkId });
			await eventually(() => expect(reader.closes.map((c) => c.code)).toContain(4403));
			fac.text.insert(0, '取消後の追記\n');
			await new Promise((r) => setTimeout(r, 300));
			expect(reader.text.toString()).not.toContain('取消後の追記');
			expect(reader.provider.wsconnected).toBe(false);
		});

		it('removing a room closes its board connections with 4404', async () => {
			const m = await createDemo(url);
			const fac = client(transport, m.id, `room/${m.rooms[2]}`, m.facilitatorToken(2));
			await fac.synced;
			await mustCommand(url, m.id, m.organiserToken, { type: 'room.remove', roomId: m.rooms[2] });
			await eventually(() => expect(fac.closes.map((c) => c.code)).toContain(4404));
		});
	});
});

describe('bad frames', () => {
	it('a message over the limit closes that connection with 1009 and a reason; the board is unchanged', async () => {
		const fac = client('websocket', demo.id, `room/${demo.rooms[0]}`, demo.organiserToken);
		await fac.synced;
		const before = fac.text.toString();
		const big = new Y.Doc();
		big.getText('text').insert(0, 'あ'.repeat(Math.ceil(LIMITS.yjsMessageBytes / 3) + 100));
		const { ws, closed } = await rawSocket(`/yjs/${demo.id}/room/${demo.rooms[0]}?token=${demo.organiserToken}`);
		ws.send(updateFrame(Y.encodeStateAsUpdate(big)));
		expect(await closed).toEqual({ code: 1009, reason: 'too_large' });

		// 5 MB is cut off by the socket itself, also with 1009.
		const huge = await rawSocket(`/yjs/${demo.id}/room/${demo.rooms[0]}?token=${demo.organiserToken}`);
		huge.ws.send(Buffer.alloc(5 * 1024 * 1024, 1));
		expect((await huge.closed).code).toBe(1009);
		expect(running.realtime.yjs.stats().closedTooLarge).toBeGreaterThanOrEqual(2);

		fac.text.insert(fac.text.length, '\n● まだ動いている');
		await eventually(async () => expect(await running.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).toContain('まだ動いている'));
		expect(fac.text.toString().startsWith(before)).toBe(true);
		expect(fac.provider.wsconnected).toBe(true);
	});

	it('a malformed frame closes only its own connection', async () => {
		const fac = client('websocket', demo.id, `room/${demo.rooms[1]}`, demo.organiserToken);
		const other = client('websocket', demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1));
		await Promise.all([fac.synced, other.synced]);
		const frames: (Uint8Array | string)[] = [
			new Uint8Array([0, 2, 200, 200, 200, 200, 1]), // length beyond the frame
			new Uint8Array([0, 2, 5, 255, 255, 255, 255, 255]), // an update that does not decode
			new Uint8Array([0, 7, 0]), // unknown sync step
			new Uint8Array([9]), // unknown message type
			new Uint8Array([1, 3, 1, 2, 3]), // truncated awareness
			'{"hello":"text frame"}'
		];
		for (const frame of frames) {
			const { ws, closed } = await rawSocket(`/yjs/${demo.id}/room/${demo.rooms[1]}?token=${demo.organiserToken}`);
			ws.send(frame);
			expect((await closed).code, String(frame)).toBe(typeof frame === 'string' ? 1003 : 1007);
		}
		fac.text.insert(0, '● 正常\n');
		await textEventually(other, (t) => t.startsWith('● 正常'));
		expect(fac.closes).toEqual([]);
		expect(other.closes).toEqual([]);
	});
});

describe('notes API', () => {
	const notesPath = (m: string, r: string) => `/api/v1/meetings/${m}/rooms/${r}/notes`;

	it('answers { text, outline } to those who may read the board, and refuses the others', async () => {
		const res = await api<{ text: string; outline: Outline }>(url, notesPath(demo.id, demo.rooms[2]), { token: demo.organiserToken });
		expect(res.status).toBe(200);
		expect(res.json.text).toContain('デジタル化と個人情報');
		expect(res.json.outline.sections.map((s) => s.heading)).toContain('デジタル化と個人情報');
		expect(res.json.outline.sections.flatMap((s) => s.items).some((i) => i.shared && i.kind === 'issue')).toBe(true);

		const member = await demo.joinMember('室蘭 九郎', 2, 'ministry');
		expect((await api(url, notesPath(demo.id, demo.rooms[2]), { token: member.token })).status).toBe(200);
		expect((await api(url, notesPath(demo.id, demo.rooms[0]), { token: member.token })).status).toBe(403);
		expect((await api(url, notesPath(demo.id, demo.rooms[2]), { token: demo.displayToken() })).status).toBe(403);
		expect((await api(url, notesPath(demo.id, demo.rooms[2]))).status).toBe(401);
		expect((await api(url, notesPath(demo.id, 'nosuchroom'), { token: demo.organiserToken })).status).toBe(404);
	});

	it('a reader adds a comment at the end, which live clients see with its author', async () => {
		const member = await demo.joinMember('北広島 十子', 0);
		const fac = client('websocket', demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0));
		await fac.synced;
		const post = (token: string, body: unknown) => api(url, `${notesPath(demo.id, demo.rooms[0])}/comments`, { method: 'POST', token, body });
		expect((await post(member.token, { text: '当市でも<b>同じ</b>課題があります' })).status).toBe(200);
		await textEventually(fac, (t) => t.endsWith('コメント（北広島 十子）：当市でも<b>同じ</b>課題があります\n'));
		const res = await api<{ outline: Outline }>(url, notesPath(demo.id, demo.rooms[0]), { token: member.token });
		const item = res.json.outline.sections.flatMap((s) => s.items).at(-1)!;
		expect(item).toMatchObject({ author: '北広島 十子', text: '当市でも<b>同じ</b>課題があります' });

		expect((await post(member.token, { text: '' })).status).toBe(400);
		expect((await post(member.token, { text: 'あ'.repeat(501) })).status).toBe(400);
		expect((await post(demo.facilitatorToken(0), { text: '編集できる人はボードに書く' })).status).toBe(403);
		const other = await demo.joinMember('別室 花子', 1);
		expect((await post(other.token, { text: '他の部屋' })).status).toBe(403);
	});

	it('answers the summary board as { text, outline } to every person, live as the organiser writes it', async () => {
		const summaryPath = `/api/v1/meetings/${demo.id}/summary`;
		const writer = client('websocket', demo.id, 'summary', demo.organiserToken);
		await writer.synced;
		writer.text.insert(writer.text.length, '■全体のまとめ\n★・住まいの確保は各ルームに共通の課題\n・次回は就労支援を深める\n');
		const res = await eventually(async () => {
			const r = await api<{ text: string; outline: Outline }>(url, summaryPath, { token: demo.organiserToken });
			expect(r.json.text).toContain('次回は就労支援を深める');
			return r;
		});
		expect(res.status).toBe(200);
		const section = res.json.outline.sections.find((s) => s.heading === '全体のまとめ')!;
		expect(section.items.map((i) => i.text)).toEqual(['住まいの確保は各ルームに共通の課題', '次回は就労支援を深める']);
		expect(section.items[0].shared).toBe(true);
		const member = await demo.joinMember('千歳 一郎', 1);
		const ministry = await demo.joinMember('江別 二郎', null, 'ministry');
		for (const token of [member.token, ministry.token, demo.facilitatorToken(2)]) {
			const r = await api(url, summaryPath, { token });
			expect(r.status).toBe(200);
			expect(r.json.text).toBe(res.json.text);
		}
		expect((await api(url, summaryPath, { token: demo.displayToken() })).json).toEqual({ ok: false, code: 'not_allowed' });
		expect((await api(url, summaryPath)).status).toBe(401);
		const other = await createDemo(url);
		expect((await api(url, summaryPath, { token: other.organiserToken })).status).toBe(401);
	});
});
