/**
 * The privacy gate on a real server, on SQLite and on Redis: shared lines with possible personal
 * information are held back from the display until a writer confirms them; 守秘 sections and rooms
 * never reach the display (every frame it receives is checked) and stand as 【守秘】 in the internal
 * minutes; the public minutes mask and leave 守秘 out; exports are audited; the retention job purges
 * a meeting's boards for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import type { PlenaryRoom, PlenarySnapshot } from '../../src/lib/shared/plenary/projection.js';
import { YJS_CLOSE } from '../../src/lib/shared/notes/wire.js';
import { api, connectSocket, eventually, getView, mustCommand, postCommand, startTestServer, teardownAll, upgradeStatus, type TestServer, type TestSocket } from '../helpers/server.js';
import { boardClient, createDemo, textEventually, type DemoMeeting } from '../helpers/notes.js';
import { startRedis } from '../helpers/redis-server.js';

const DAY = 86_400_000;
/** The text of a shared item (the board line adds the kind prefix 要望：). */
const PERSONAL = '田中さん(73歳・独居)の家賃を何とかしたい 090-1111-2222';
const CLEAN = '一時的な住まいを広域で確保してほしい';
const SECRET = '個別世帯の事情：借金の額と家族の事情';

const texts = (rooms: PlenaryRoom[]) => rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.text)));

for (const kind of ['sqlite', 'redis'] as const) {
	describe(`the privacy gate on ${kind}`, () => {
		const t = teardownAll();
		let clock = Date.now();
		let server: TestServer;
		let demo: DemoMeeting;
		let display: TestSocket & { frames: string[] };

		beforeAll(async () => {
			const redisUrl = kind === 'redis' ? t.add(await startRedis(), (r) => r.stop()).url : undefined;
			server = t.add(await startTestServer({ redisUrl, now: () => clock }), (s) => s.stop());
			demo = await createDemo(server.url);
			const s = t.add(await connectSocket(server.url, { meetingId: demo.id, token: demo.displayToken() }), (x) => x.close());
			const frames: string[] = [];
			s.socket.onAny((event, ...args) => frames.push(`${event} ${JSON.stringify(args)}`));
			display = Object.assign(s, { frames });
		});
		afterAll(() => {
			// Whatever else happened, the screen never received a word of what was held back or 守秘.
			const all = display.frames.join('\n');
			expect(all).not.toContain('090-1111-2222');
			expect(all).not.toContain(SECRET);
		});

		const sync = async (token: string): Promise<PlenarySnapshot> => {
			const s = t.add(await connectSocket(server.url, { meetingId: demo.id, token }), (x) => x.close());
			return s.socket.timeout(10_000).emitWithAck('plenary.sync') as Promise<PlenarySnapshot>;
		};
		const minutes = async (query: string) => {
			const res = await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md${query}`, { token: demo.organiserToken });
			expect(res.status).toBe(200);
			return { text: res.text, disposition: decodeURIComponent(res.headers.get('content-disposition') ?? '') };
		};

		it('holds a shared line with personal information back from the display until its writer confirms it', async () => {
			const board = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (c) => c.destroy());
			await board.synced;
			board.text.insert(board.text.length, `\n★● 要望：${PERSONAL}\n★● ${CLEAN}`);
			await eventually(() => expect(display.frames.some((f) => f.includes(CLEAN))).toBe(true), 15_000);
			expect(display.frames.join('\n')).not.toContain('田中さん');

			const forOrganiser = await sync(demo.organiserToken);
			const held = forOrganiser.rooms.flatMap((r) => r.sections.flatMap((s) => s.items)).find((i) => i.text === PERSONAL);
			expect(held).toMatchObject({ personal: true, held: true });
			expect(texts((await sync(demo.displayToken())).rooms)).not.toContain(PERSONAL);

			// A facilitator of another room may not confirm it; the room's own facilitator may.
			const key = itemKey(demo.rooms[0], PERSONAL);
			const other = await postCommand(server.url, demo.id, demo.facilitatorToken(1), { type: 'plenary.item.clear', key, cleared: true });
			expect([other.status, other.json.code]).toEqual([403, 'not_allowed']);
			await mustCommand(server.url, demo.id, demo.facilitatorToken(0), { type: 'plenary.item.clear', key, cleared: true });
			await eventually(async () => expect(texts((await sync(demo.displayToken())).rooms)).toContain(PERSONAL), 15_000);
			// Withdrawn again, before anything else is checked: the display's frames must stay clean of it from here on.
			await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.item.clear', key, cleared: false });
			await eventually(async () => expect(texts((await sync(demo.displayToken())).rooms)).not.toContain(PERSONAL), 15_000);
			display.frames.length = 0; // what the display received while it was confirmed was meant for it
		});

		it('keeps 守秘 sections and rooms off the display, and out of the minutes unless asked', async () => {
			const board = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1)), (c) => c.destroy());
			await board.synced;
			board.text.insert(board.text.length, `\n■【守秘】個別の相談\n★● ${SECRET}\n■共有する話\n★● 相談窓口の周知が必要`);
			await eventually(() => expect(display.frames.some((f) => f.includes('相談窓口の周知が必要'))).toBe(true), 15_000);

			const room2 = (await sync(demo.displayToken())).rooms.find((r) => r.roomId === demo.rooms[2])!;
			expect(texts([room2]).length).toBeGreaterThan(0); // the demo shares some of room 3's lines
			await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'room.update', roomId: demo.rooms[2], confidential: true });
			await eventually(async () => expect((await sync(demo.displayToken())).rooms.find((r) => r.roomId === demo.rooms[2])!.sections).toEqual([]), 15_000);

			const internal = await minutes('');
			expect(internal.text.split('\n')[0]).toContain('（内部資料）');
			expect(internal.text).toContain('【守秘】');
			expect(internal.text).not.toContain(SECRET);
			for (const line of texts([room2])) expect(internal.text).not.toContain(line);
			expect((await minutes('?confidential=1')).text).toContain(SECRET);

			const pub = await minutes('?version=public');
			expect(pub.text.split('\n')[0]).toContain('（公開版）');
			expect(pub.disposition).toContain('公開版');
			expect(pub.text).not.toContain(SECRET);
			expect(pub.text).not.toContain('【守秘】');
			expect(pub.text).not.toContain('090-1111-2222');
			expect(pub.text).toContain('〇〇さん');

			const refused = await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md?version=public&confidential=1`, { token: demo.organiserToken });
			expect([refused.status, refused.json.code]).toEqual([400, 'invalid']);
		});

		it('records every export in an audit trail only organisers see, which no link can write', async () => {
			const view = await getView(server.url, demo.id, demo.organiserToken);
			const exports = view.state.privacy.audit.filter((a) => a.action === 'export');
			expect(exports.map((a) => [a.what, a.version, a.includedConfidential])).toEqual([
				['minutes.md', 'internal', false],
				['minutes.md', 'internal', true],
				['minutes.md', 'public', false]
			]);
			const member = await demo.joinMember('閲覧 太郎', 0);
			expect((await getView(server.url, demo.id, member.token)).state.privacy.audit).toEqual([]);
			const forged = await postCommand(server.url, demo.id, demo.organiserToken, { type: 'privacy.recordExport', what: 'minutes.md', version: 'public', includedConfidential: false });
			expect([forged.status, forged.json.code]).toEqual([403, 'not_allowed']);
		});

		it('purges the boards when the retention period has passed: connections closed, text gone, nobody reconnects', async () => {
			const board = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (c) => c.destroy());
			await textEventually(board, (s) => s.includes(CLEAN));
			await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'privacy.retention', days: 30 });
			expect(await server.realtime.retention.runOnce()).toEqual([]); // not due yet
			clock += 31 * DAY;
			expect(await server.realtime.retention.runOnce()).toEqual([demo.id]);
			await eventually(() => expect(board.closes.map((c) => c.code)).toContain(YJS_CLOSE.purged));
			board.destroy();
			for (const doc of [...demo.rooms.map((r) => `${demo.id}/room/${r}`), `${demo.id}/summary`]) expect(await server.realtime.yjs.readDocText(doc), doc).toBe('');
			expect(await upgradeStatus(server.url, `/yjs/${demo.id}/room/${demo.rooms[0]}?token=${demo.facilitatorToken(0)}`)).toBe(404);
			const view = await getView(server.url, demo.id, demo.organiserToken);
			expect(view.state.privacy.purgedAt).toBe(clock);
			expect(await server.realtime.retention.runOnce()).toEqual([]); // once only
		});
	});
}
