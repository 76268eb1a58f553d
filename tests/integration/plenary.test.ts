/**
 * The plenary feed and the minutes on a real server with real Yjs boards: the display receives only
 * lines marked for sharing (on sync and live), never an unshared line, never a hidden one; other
 * roles get nothing; the summary board follows; minutes, .ics and the join QR answer only the roles
 * that may have them; what was typed is still there after a restart.
 */
import { rmSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlenaryRoom, PlenarySnapshot } from '../../src/lib/shared/plenary/projection.js';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import { boardClient, createDemo, type BoardClient, type DemoMeeting } from '../helpers/notes.js';
import { api, connectSocket, eventually, mustCommand, startTestServer, tempDir, Teardown, tokenOfUrl, type TestServer, type TestSocket } from '../helpers/server.js';

const SHARED_DEMO = '一時生活支援事業を広域で行う場合、都道府県が主導すべきか';
const UNSHARED_DEMO = '民間団体の協力で一時的な宿泊先を確保しているが、正式に依頼できる仕組みがない';
const TYPED_SHARED = '夜間や休日の相談窓口を広げてほしい';
const TYPED_UNSHARED = '相談者Bさんの住所と連絡先は個別メモへ';

const teardown = new Teardown();
let dataDir: string;
let server: TestServer;
let demo: DemoMeeting;

/** A socket that records every payload it receives, as text, in order. */
async function recorder(token: string): Promise<TestSocket & { frames: string[] }> {
	const s = await connectSocket(server.url, { meetingId: demo.id, token });
	const frames: string[] = [];
	s.socket.onAny((event, ...args) => frames.push(`${event} ${JSON.stringify(args)}`));
	teardown.add(s, (x) => x.close());
	return Object.assign(s, { frames });
}

async function sync(s: TestSocket): Promise<PlenarySnapshot | { ok: false; code: string }> {
	return s.socket.timeout(10_000).emitWithAck('plenary.sync');
}

const texts = (rooms: PlenaryRoom[]) => rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.text)));
const headings = (rooms: PlenaryRoom[]) => rooms.flatMap((r) => r.sections.map((s) => s.heading)).filter(Boolean);

async function type(board: BoardClient, line: string) {
	board.text.insert(board.text.length, `\n${line}`);
}

beforeAll(async () => {
	dataDir = tempDir();
	server = await startTestServer({ dataDir });
	demo = await createDemo(server.url);
});

afterAll(async () => {
	await teardown.run();
	await server?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('plenary feed', () => {
	it('gives the display and organisers only the shared lines of every board, each under its heading', async () => {
		const display = await recorder(demo.displayToken());
		const snapshot = (await sync(display)) as PlenarySnapshot;
		expect(snapshot.rooms.map((r) => r.roomId)).toEqual(demo.rooms);
		expect(texts(snapshot.rooms)).toContain(SHARED_DEMO);
		expect(texts(snapshot.rooms)).not.toContain(UNSHARED_DEMO);
		expect(headings(snapshot.rooms)).toContain('厚労省への要望'); // heading marked #共有: its whole section
		// A shared line carries its section's heading as context; a section with no shared line stays in the room.
		expect(headings(snapshot.rooms)).toContain('住居を失った方への対応');
		expect(headings(snapshot.rooms)).not.toContain('住居を失ったときの対応');
		expect(display.frames.join('\n')).not.toContain(UNSHARED_DEMO);
		const item = snapshot.rooms[0].sections.flatMap((s) => s.items).find((i) => i.text === SHARED_DEMO)!;
		expect(item).toMatchObject({ kind: 'q_to_ministry', key: itemKey(demo.rooms[0], SHARED_DEMO) });
		expect(item).not.toHaveProperty('author');
	});

	it('refuses the feed to participants, ministry respondents and facilitators', async () => {
		const member = await demo.joinMember('千歳 次郎', 0);
		for (const token of [member.token, demo.facilitatorToken(0)]) {
			const s = await recorder(token);
			expect(await sync(s)).toMatchObject({ ok: false, code: 'not_allowed' });
		}
	});

	it('pushes a newly shared line within seconds; an unshared line never reaches the display', async () => {
		const display = await recorder(demo.displayToken());
		const organiser = await recorder(demo.organiserToken);
		const member = await demo.joinMember('江別 花子', 1);
		const reader = await recorder(member.token);
		await sync(display);
		const board = teardown.add(boardClient(server.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1)), (b) => b.destroy());
		await board.synced;
		// A new section that is not marked for sharing: its heading and unmarked lines stay in the room…
		await type(board, '■個別ケースのメモ');
		await type(board, `● ${TYPED_UNSHARED}`);
		await new Promise((r) => setTimeout(r, 800));
		expect(display.frames.join('\n')).not.toContain('個別ケースのメモ');
		// …until a line in it is shared: then the line comes with its heading as context.
		await type(board, `★● 要望：${TYPED_SHARED}`);
		await eventually(() => expect(display.frames.some((f) => f.startsWith('plenary.rooms') && f.includes(TYPED_SHARED))).toBe(true), 10_000);
		await eventually(() => expect(organiser.frames.some((f) => f.includes(TYPED_SHARED))).toBe(true), 10_000);
		// A few more keystrokes on the unshared line, then give the server time to have sent anything it would.
		await type(board, `● ${TYPED_UNSHARED}（追記）`);
		await new Promise((r) => setTimeout(r, 800));
		expect(display.frames.join('\n')).not.toContain('相談者Bさん');
		expect(organiser.frames.join('\n')).not.toContain('相談者Bさん'); // the feed carries shared lines only, to anyone
		expect(reader.frames.some((f) => f.startsWith('plenary.'))).toBe(false);
		const snapshot = (await sync(display)) as PlenarySnapshot;
		expect(texts(snapshot.rooms)).toContain(TYPED_SHARED);
		expect(snapshot.rooms[1].sections.find((sec) => sec.items.some((i) => i.text === TYPED_SHARED))?.heading).toBe('個別ケースのメモ');
		expect(texts(snapshot.rooms).join('\n')).not.toContain('相談者Bさん');
	});

	it('drops hidden items for the display and flags them for organisers', async () => {
		const display = await recorder(demo.displayToken());
		const organiser = await recorder(demo.organiserToken);
		const key = itemKey(demo.rooms[1], TYPED_SHARED);
		const before = display.frames.length;
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.item.hide', key, hidden: true });
		await eventually(() => expect(display.frames.length).toBeGreaterThan(before));
		const shown = (await sync(display)) as PlenarySnapshot;
		expect(texts(shown.rooms)).not.toContain(TYPED_SHARED);
		expect(display.frames.slice(before).join('\n')).not.toContain(TYPED_SHARED);
		const all = (await sync(organiser)) as PlenarySnapshot;
		expect(all.rooms[1].sections.flatMap((s) => s.items).find((i) => i.key === key)).toMatchObject({ hidden: true });
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.item.hide', key, hidden: false });
		await eventually(async () => expect(texts(((await sync(display)) as PlenarySnapshot).rooms)).toContain(TYPED_SHARED));
	});

	it('a burst of hides never leaves a hidden line on the screen (pushes keep their order)', async () => {
		const display = await recorder(demo.displayToken());
		const rooms: Record<string, PlenaryRoom> = {};
		display.socket.on('plenary.rooms', (p) => {
			if (p.full) for (const k of Object.keys(rooms)) delete rooms[k];
			for (const r of p.rooms) rooms[r.roomId] = r;
		});
		const snapshot = (await sync(display)) as PlenarySnapshot;
		for (const r of snapshot.rooms) rooms[r.roomId] = r;
		const keys = snapshot.rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.key))).slice(0, 4);
		expect(keys).toHaveLength(4);
		await Promise.all(keys.map((key) => mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.item.hide', key, hidden: true })));
		await eventually(() => expect(Object.values(rooms).flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.key))).filter((k) => keys.includes(k))).toEqual([]), 10_000);
		await new Promise((r) => setTimeout(r, 500)); // late pushes, if any, would arrive now
		expect(Object.values(rooms).flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.key))).filter((k) => keys.includes(k))).toEqual([]);
		for (const key of keys) await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.item.hide', key, hidden: false });
	});

	it('follows the summary board live', async () => {
		const display = await recorder(demo.displayToken());
		const summary = teardown.add(boardClient(server.url, demo.id, 'summary', demo.organiserToken), (b) => b.destroy());
		await summary.synced;
		await type(summary, '● 各地域をまとめる場があると、国としても声を聞きやすい');
		await eventually(() => expect(display.frames.some((f) => f.startsWith('plenary.summary') && f.includes('各地域をまとめる場'))).toBe(true), 10_000);
	});
});

describe('minutes, next date and QR over HTTP', () => {
	it('gives organisers the minutes as Markdown (all notes, or shared only), JSON and DOCX; no one else', async () => {
		const md = await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md`, { token: demo.organiserToken });
		expect(md.status).toBe(200);
		expect(md.headers.get('content-type')).toContain('text/markdown');
		expect(md.headers.get('content-disposition')).toContain("filename*=UTF-8''");
		expect(md.text).toContain('## 1. 開催概要');
		expect(md.text).toMatch(/厚生労働省 10名、生活困窮者支援機関 10名、自治体 5名（北海道・直営含む）、運営 2名、.*合計 \d+名/);
		expect(md.text).toContain(UNSHARED_DEMO);
		expect(md.text).toContain(TYPED_UNSHARED);
		const shared = await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md?shared=1`, { token: demo.organiserToken });
		expect(shared.text).toContain(SHARED_DEMO);
		expect(shared.text).not.toContain(UNSHARED_DEMO);
		expect(shared.text).not.toContain('相談者Bさん');
		const json = await api(server.url, `/api/v1/meetings/${demo.id}/minutes.json`, { token: demo.organiserToken });
		expect(json.json.overview.total).toBe(29); // the 27 of the demo and the two who joined above
		expect(json.json.programme).toHaveLength(8);

		const res = await fetch(`${server.url}/api/v1/meetings/${demo.id}/minutes.docx`, { headers: { authorization: `Bearer ${demo.organiserToken}` } });
		expect(res.status).toBe(200);
		const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
		const doc = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
		expect(doc).toContain('1. 開催概要');
		expect(doc).toContain('合計: 29名');

		const member = await demo.joinMember('室蘭 三郎', 2);
		for (const token of [member.token, demo.displayToken(), demo.facilitatorToken(0)])
			expect((await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md`, { token })).status).toBe(403);
		expect((await api(server.url, `/api/v1/meetings/${demo.id}/minutes.docx`)).status).toBe(401);
		const other = await createDemo(server.url);
		expect((await api(server.url, `/api/v1/meetings/${demo.id}/minutes.md`, { token: other.organiserToken })).status).toBe(401);
	});

	it('serves the next date as .ics once it is exact, to members but not the display', async () => {
		const path = `/api/v1/meetings/${demo.id}/next.ics`;
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'summary.nextDate.set', startsAt: null, tentative: '7月中旬予定' });
		expect((await api(server.url, path, { token: demo.organiserToken })).status).toBe(404);
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'summary.nextDate.set', startsAt: '2021-07-16T14:00:00+09:00', endsAt: '2021-07-16T15:40:00+09:00', tentative: '' });
		const member = await demo.joinMember('苫小牧 四郎', null);
		const ics = await api(server.url, path, { token: member.token });
		expect(ics.status).toBe(200);
		expect(ics.headers.get('content-type')).toContain('text/calendar');
		expect(ics.text).toContain('DTSTART:20210716T050000Z');
		expect((await api(server.url, path, { token: demo.displayToken() })).status).toBe(403);

		// Carrying the meeting over creates the next one on the date fixed in the summary.
		const carried = await api(server.url, `/api/v1/meetings/${demo.id}/carry-over`, { token: demo.organiserToken, body: {} });
		expect(carried.status).toBe(201);
		const next = await api(server.url, `/api/v1/meetings/${carried.json.id}`, { token: carried.json.organiserToken });
		expect(next.json.state.meeting).toMatchObject({ startsAt: '2021-07-16T14:00:00+09:00', endsAt: '2021-07-16T15:40:00+09:00' });
	});

	it('tells the display the URL of the join link the organiser chose for the QR code, and nothing else', async () => {
		const path = `/api/v1/meetings/${demo.id}/plenary/qr`;
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.qr', linkId: null });
		expect((await api(server.url, path, { token: demo.displayToken() })).status).toBe(404);
		const link = Object.values(demo.view.state.links).find((l) => l.role === 'participant')!;
		await mustCommand(server.url, demo.id, demo.organiserToken, { type: 'plenary.qr', linkId: link.id });
		const qr = await api(server.url, path, { token: demo.displayToken() });
		expect(qr.status).toBe(200);
		expect(tokenOfUrl(qr.json.url)).toBe(tokenOfUrl(demo.view.linkUrls[link.id]));
		const member = await demo.joinMember('札幌 五郎', null);
		expect((await api(server.url, path, { token: member.token })).status).toBe(403);
	});
});

describe('after a restart', () => {
	it('still shows the display what was shared', async () => {
		await teardown.run();
		await server.stop();
		server = await startTestServer({ dataDir });
		const display = await connectSocket(server.url, { meetingId: demo.id, token: demo.displayToken() });
		teardown.add(display, (x) => x.close());
		const snapshot = (await sync(display)) as PlenarySnapshot;
		expect(texts(snapshot.rooms)).toContain(TYPED_SHARED);
		expect(texts(snapshot.rooms)).not.toContain(TYPED_UNSHARED);
	});
});
