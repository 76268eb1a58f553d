/**
 * The rooms' activity on a real server: real Yjs clients type into two rooms' boards (one over a
 * WebSocket, one over the socket.io long-polling fallback, as behind a proxy that blocks WebSockets),
 * a member asks a question from a room, the sampler counts, and the organiser's activity route
 * answers the counts the figure draws; a facilitator, a member, the display and outsiders are
 * refused. On two instances over Redis, the lines typed and the people connected through the other
 * instance are counted too, and a person connected through both counts once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLines, countShared, type RoomsActivity } from '../../src/lib/shared/notes/activity.js';
import { parseOutline } from '../../src/lib/shared/notes/outline.js';
import { roomsFigure } from '../../src/lib/shared/figures/rooms.js';
import { figureWords } from '../../src/lib/shared/figures/words.js';
import * as roomWords from '../../src/lib/i18n/messages/figures-rooms.js';
import { sortedItems } from '../../src/lib/shared/agenda/types.js';
import { boardClient, createDemo, demoOnTwoInstances, textEventually, type BoardClient, type DemoMeeting } from '../helpers/notes.js';
import { api, eventually, getView, mustCommand, startTestServer, Teardown, type TestServer } from '../helpers/server.js';

const t = new Teardown();
let server: TestServer;
let demo: DemoMeeting;
/** Board clients still open after the test that opened them. */
const open: BoardClient[] = [];
afterAll(() => t.run());

beforeAll(async () => {
	server = t.add(await startTestServer(), (s) => s.stop());
	demo = await createDemo(server.url);
});

/** Starts the demo's breakout item (グループ討議). */
async function startBreakout(url: string, d: DemoMeeting) {
	const item = sortedItems(d.view.state.agenda).find((i) => i.kind === 'breakout')!;
	await mustCommand(url, d.id, d.organiserToken, { type: 'agenda.start', itemId: item.id });
}

async function activity(url: string, d: DemoMeeting, token = d.organiserToken) {
	return api<RoomsActivity & { code?: string }>(url, `/api/v1/meetings/${d.id}/rooms/activity`, { token });
}

/** Types `lines` at the end of a board, one transaction each, as a person would. */
function type(board: BoardClient, lines: string[]) {
	for (const l of lines) board.text.insert(board.text.length, `${board.text.toString().endsWith('\n') ? '' : '\n'}${l}\n`);
}

describe('rooms activity', () => {
	it('answers nothing to draw before the breakout, and only the organiser may read it', async () => {
		const before = await activity(server.url, demo);
		expect(before.status).toBe(200);
		expect(before.json.rooms).toEqual({});
		expect(before.json.sampleMs).toBe(60_000);
		const member = await demo.joinMember('読む人', 0);
		for (const [who, token] of [
			['facilitator of the room', demo.facilitatorToken(0)],
			['facilitator of another room', demo.facilitatorToken(1)],
			['member of the room', member.token],
			['display', demo.displayToken()]
		] as const) {
			const res = await activity(server.url, demo, token);
			expect([who, res.status, res.json.code]).toEqual([who, 403, 'not_allowed']);
		}
		const anonymous = await api(server.url, `/api/v1/meetings/${demo.id}/rooms/activity`);
		expect([anonymous.status, anonymous.json.code]).toEqual([401, 'unauthorized']);
		const other = await createDemo(server.url);
		expect((await activity(server.url, demo, other.organiserToken)).status).toBe(401);
	});

	it('counts what two rooms type (WebSocket and long-polling), who is connected and the room’s questions', async () => {
		await startBreakout(server.url, demo);
		// The first read of a live breakout counts at once: every room, with the demo's starter notes.
		const first = await activity(server.url, demo);
		expect(Object.keys(first.json.rooms).sort()).toEqual([...demo.rooms].sort());
		const notes = await Promise.all(demo.rooms.map((r) => server.realtime.yjs.readRoomText(demo.id, r)));
		expect(demo.rooms.map((r) => first.json.rooms[r][0].lines)).toEqual(notes.map(countLines));

		const writer1 = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (b) => b.destroy());
		const writer2 = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1), { transport: 'socket.io' }), (b) => b.destroy());
		const reader = await demo.joinMember('佐藤', 1);
		const reading = t.add(boardClient(server.url, demo.id, `room/${demo.rooms[1]}`, reader.token, { transport: 'socket.io' }), (b) => b.destroy());
		await Promise.all([writer1.synced, writer2.synced, reading.synced]);
		open.push(writer1, writer2);
		type(writer1, ['■夜間の相談', '● 夜間は電話がつながりにくい', '★● 要望：休日の窓口を広げてほしい']);
		type(writer2, ['● フードバンクの在庫が足りない']);
		const text1 = await textEventually(writer1, (s) => s.includes('休日の窓口'));
		const text2 = await textEventually(writer2, (s) => s.includes('在庫が足りない'));
		await eventually(async () => expect(await server.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).toBe(text1));
		await eventually(async () => expect(await server.realtime.yjs.readRoomText(demo.id, demo.rooms[1])).toBe(text2));
		const asker = await demo.joinMember('鈴木', 0);
		await mustCommand(server.url, demo.id, asker.token, { type: 'question.ask', text: '夜間の相談体制への補助はあるか' });

		await server.realtime.activity.sampleAll();
		const res = await activity(server.url, demo);
		expect(res.status).toBe(200);
		const last = (roomId: string) => res.json.rooms[roomId][res.json.rooms[roomId].length - 1];
		expect(last(demo.rooms[0])).toMatchObject({ lines: countLines(text1), shared: countShared(demo.rooms[0], parseOutline(text1), false), connected: 1 });
		expect(last(demo.rooms[0]).lines - first.json.rooms[demo.rooms[0]][0].lines).toBe(3);
		expect(last(demo.rooms[0]).shared - first.json.rooms[demo.rooms[0]][0].shared).toBe(1);
		expect(last(demo.rooms[1])).toMatchObject({ lines: countLines(notes[1]) + 1, connected: 2 });
		expect(last(demo.rooms[2])).toMatchObject({ lines: countLines(notes[2]), connected: 0 });
		// No text of the boards in the answer: counts only.
		expect(res.text).not.toContain('休日の窓口');

		// What the organiser's console draws from it and its own view of the meeting.
		const view = await getView(server.url, demo.id, demo.organiserToken);
		const fig = roomsFigure({ state: view.state, samples: res.json.rooms, now: res.json.now, width: 960, words: figureWords(roomWords, 'ja') });
		expect(fig.rows.map((r) => [r.lines, r.connected])).toEqual([
			[countLines(text1), 1],
			[countLines(text2), 2],
			[countLines(notes[2]), 0]
		]);
		expect(fig.rows[0].questions).toBe(1);
		expect(fig.rows[0].lastNewLineAt).toBe(last(demo.rooms[0]).at);
		expect(fig.rows[2].status).toBe('quiet');

		// People who leave are no longer counted at the next sample.
		reading.destroy();
		await eventually(async () => expect((await server.realtime.yjs.connectedPeople(demo.id)).get(demo.rooms[1])).toBe(1));
		await server.realtime.activity.sampleAll();
		const after = await activity(server.url, demo);
		const list = after.json.rooms[demo.rooms[1]];
		expect(list[list.length - 1].connected).toBe(1);
	});

	it('goes on counting after the breakout while boards are open, and stops once nobody is connected', async () => {
		const count = async () => (await activity(server.url, demo)).json.rooms[demo.rooms[2]].length;
		const before = await count();
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'agenda.next' });
		await server.realtime.activity.sampleAll();
		expect(await count()).toBe(before + 1);
		for (const board of open.splice(0)) board.destroy();
		await eventually(() => expect(server.realtime.yjs.connectedMeetings()).not.toContain(demo.id));
		await server.realtime.activity.sampleAll();
		expect(await count()).toBe(before + 1);
	});
});

describe('rooms activity on two instances (Redis)', () => {
	it('counts lines typed and people connected through the other instance; a person on both counts once', async () => {
		const own = new Teardown();
		try {
			const { a, b, demo: d } = await demoOnTwoInstances(own);
			await startBreakout(a.url, d);
			const writer = own.add(boardClient(b.url, d.id, `room/${d.rooms[0]}`, d.facilitatorToken(0)), (c) => c.destroy());
			await writer.synced;
			type(writer, ['● 別のインスタンスで書いた行']);
			const text = await textEventually(writer, (s) => s.includes('別のインスタンス'));
			await eventually(async () => expect(await a.realtime.yjs.readRoomText(d.id, d.rooms[0])).toBe(text));
			/** The newest sample of room 0 on `instance`, sampled now. */
			const latest = async (instance: typeof a) => {
				await instance.realtime.activity.sampleAll();
				const res = await activity(instance.url, d);
				expect(res.status).toBe(200);
				const list = res.json.rooms[d.rooms[0]];
				return list[list.length - 1];
			};
			// The writer is connected to B only: A counts them too (B shares its people through Redis).
			await eventually(async () => expect(await latest(a)).toMatchObject({ lines: countLines(text), connected: 1 }));
			expect(await latest(b)).toMatchObject({ lines: countLines(text), connected: 1 });
			// The same facilitator opens the board on A as well: still one person, on both.
			const again = own.add(boardClient(a.url, d.id, `room/${d.rooms[0]}`, d.facilitatorToken(0)), (c) => c.destroy());
			await again.synced;
			await eventually(async () => expect(await b.realtime.yjs.connectedPeople(d.id)).toEqual(new Map([[d.rooms[0], 1]])));
			expect((await latest(a)).connected).toBe(1);
			// Whoever leaves is no longer counted, on either instance.
			writer.destroy();
			again.destroy();
			await eventually(async () => expect((await latest(a)).connected).toBe(0));
			await eventually(async () => expect((await latest(b)).connected).toBe(0));
		} finally {
			await own.run();
		}
	});
});
