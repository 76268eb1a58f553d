/**
 * The HTTP API on a real server (port 0, SQLite in a temp dir): creating meetings, sending commands
 * with a Bearer token, reading the role's view, and the status codes integrators rely on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';
import { api, createMeeting, getView, meetingBody, mustCommand, postCommand, serverForSuite, tokenOfUrl } from '../helpers/server.js';

/** The token of the first live shared link of `role` in an organiser's view. */
function linkToken(view: SessionView, role: Role): string {
	const link = Object.values(view.state.links).find((l) => l.role === role && !l.revoked && view.linkUrls[l.id]);
	if (!link) throw new Error(`no ${role} link`);
	return tokenOfUrl(view.linkUrls[link.id]);
}

const server = serverForSuite();

describe('POST /api/v1/meetings', () => {
	it('creates a meeting: 201 with its id, the organiser token and the organiser link', async () => {
		const res = await api(server.url, '/api/v1/meetings', { body: meetingBody({ title: '第1回 情報交換会' }) });
		expect(res.status).toBe(201);
		expect(res.json).toEqual({ id: expect.any(String), organiserToken: expect.any(String), links: { organiser: `${server.url}/j/${res.json.organiserToken}` } });
		// ≥ 128 bits of randomness, URL-safe.
		expect(res.json.organiserToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
		expect(res.json.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
		// The creating browser is the organiser from now on.
		expect(res.setCookies.join('\n')).toContain(`yoriai_organiser_${res.json.id}=`);

		const view = await getView(server.url, res.json.id, res.json.organiserToken);
		expect(view.me).toMatchObject({ role: 'organiser', memberId: null });
		expect(view.state.meeting).toMatchObject({
			id: res.json.id,
			title: '第1回 情報交換会',
			startsAt: '2021-06-04T14:00:00+09:00',
			endsAt: '2021-06-04T15:45:00+09:00',
			timezone: 'Asia/Tokyo',
			method: 'Zoom'
		});
		// The shared role links are there and shown as URLs; the organiser's own link is never shown again.
		const roles = Object.values(view.state.links).map((l) => l.role).sort();
		expect(roles).toEqual(['display', 'ministry', 'organiser', 'participant']);
		expect(Object.keys(view.linkUrls)).toHaveLength(3);
		expect(Object.values(view.linkUrls).join(' ')).not.toContain(res.json.organiserToken);
	});

	it('fills defaults from a minimal body', async () => {
		const m = await createMeeting(server.url, { title: '最小', startsAt: '2021-06-04T14:00:00+09:00' });
		const view = await getView(server.url, m.id, m.organiserToken);
		expect(view.state.meeting).toMatchObject({ title: '最小', endsAt: null, timezone: 'Asia/Tokyo', method: 'Zoom', description: '' });
	});

	it.each([
		['no title', { startsAt: '2021-06-04T14:00:00+09:00' }],
		['an empty title', meetingBody({ title: '' })],
		['a blank title', meetingBody({ title: '   ' })],
		['a title over 200 characters', meetingBody({ title: 'あ'.repeat(201) })],
		['a date without time', meetingBody({ startsAt: '2021-06-04' })],
		['a numeric start', meetingBody({ startsAt: 1622782800000 })],
		['an unknown time zone', meetingBody({ timezone: 'Asia/Atlantis' })],
		['an unknown field', meetingBody({ organiserName: '森' })],
		['malformed JSON', '{"title": "x", '],
		['a JSON array', '[]'],
		['JSON null', 'null'],
		['a JSON string', '"meeting"'],
		['an empty body', '']
	])('refuses %s with 400 invalid', async (_label, body) => {
		const res = await api(server.url, '/api/v1/meetings', { method: 'POST', body });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('refuses a body over 64 KB with 413 too_large', async () => {
		const res = await api(server.url, '/api/v1/meetings', { body: meetingBody({ description: 'a'.repeat(65 * 1024) }) });
		expect(res.status).toBe(413);
		expect(res.json).toEqual({ ok: false, code: 'too_large' });
	});

	it('refuses an oversized body sent without Content-Length (chunked) with 413', async () => {
		const chunk = new TextEncoder().encode('a'.repeat(16 * 1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ < 8) controller.enqueue(chunk);
				else controller.close();
			}
		});
		const res = await fetch(`${server.url}/api/v1/meetings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect(res.status).toBe(413);
		expect(await res.json()).toEqual({ ok: false, code: 'too_large' });
		// The half-read connection is closed, not left to hang the client's next request.
		expect(res.headers.get('connection')).toBe('close');
		expect((await api(server.url, '/healthz')).status).toBe(200);
	});

	it('refuses a cross-site form post (another Origin)', async () => {
		const res = await api(server.url, '/api/v1/meetings', { body: meetingBody(), headers: { origin: 'https://evil.example' } });
		expect(res.status).toBe(403);
		expect(res.json).toMatchObject({ ok: false, code: 'not_allowed' });
	});
});

describe('with ADMIN_TOKEN set', () => {
	const ADMIN = 'admin-token-0123456789';
	const locked = serverForSuite({ env: { ADMIN_TOKEN: ADMIN } });

	it('says so in /api/v1/config, so the landing page can ask for it', async () => {
		expect((await api(locked.url, '/api/v1/config')).json).toEqual({ adminTokenRequired: true, store: 'sqlite' });
		expect((await api(server.url, '/api/v1/config')).json).toEqual({ adminTokenRequired: false, store: 'sqlite' });
	});

	it('creating a meeting needs Authorization: Bearer <ADMIN_TOKEN>', async () => {
		const none = await api(locked.url, '/api/v1/meetings', { body: meetingBody() });
		expect(none.status).toBe(401);
		expect(none.json).toMatchObject({ ok: false, code: 'unauthorized' });
		const wrong = await api(locked.url, '/api/v1/meetings', { body: meetingBody(), token: `${ADMIN}x` });
		expect(wrong.status).toBe(401);
		const demo = await api(locked.url, '/api/v1/meetings/demo', { method: 'POST' });
		expect(demo.status).toBe(401);
		const ok = await api(locked.url, '/api/v1/meetings', { body: meetingBody(), token: ADMIN });
		expect(ok.status).toBe(201);
		// The meeting's own tokens work as usual afterwards.
		const view = await getView(locked.url, ok.json.id, ok.json.organiserToken);
		expect(view.me.role).toBe('organiser');
	});
});

describe('commands over HTTP', () => {
	let meeting: { id: string; organiserToken: string };
	beforeAll(async () => {
		meeting = await createMeeting(server.url);
	});
	const send = (command: unknown, token = meeting.organiserToken) => postCommand(server.url, meeting.id, token, command);

	it('room.add, member.add, member.assign and link.create answer their ids, and GET shows them', async () => {
		const room = await send({ type: 'room.add', name: 'ルーム1', purpose: '受託の自立相談支援機関・北海道' });
		expect(room.status).toBe(200);
		expect(room.json).toEqual({ ok: true, seq: expect.any(Number), result: { id: expect.any(String), linkId: expect.any(String) } });
		const roomId = room.json.result.id;

		const member = await send({ type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', department: '生活困窮者自立支援室', role: 'ministry' });
		expect(member.status).toBe(200);
		expect(member.json.seq).toBeGreaterThan(room.json.seq);
		const memberId = member.json.result.id;

		const assigned = await send({ type: 'member.assign', memberId, roomId });
		expect(assigned.status).toBe(200);
		expect(assigned.json).toEqual({ ok: true, seq: member.json.seq + 1 });

		const link = await send({ type: 'link.create', role: 'display' });
		expect(link.status).toBe(200);
		expect(link.json.result).toEqual({ id: expect.any(String), token: expect.any(String), url: `${server.url}/j/${link.json.result.token}` });

		const view = await getView(server.url, meeting.id, meeting.organiserToken);
		expect(view.state.seq).toBe(link.json.seq);
		expect(view.state.rooms[roomId]).toMatchObject({ name: 'ルーム1', purpose: '受託の自立相談支援機関・北海道', order: 1 });
		expect(view.state.members[memberId]).toMatchObject({ name: '青木 誠', organisation: '厚生労働省', category: 'ministry', roomId, role: 'ministry', selfJoined: false });
		expect(view.state.links[link.json.result.id]).toMatchObject({ role: 'display', revoked: false });
		// The room's facilitator link and the new display link are both listed for the organiser.
		expect(view.linkUrls[room.json.result.linkId]).toMatch(new RegExp(`^${server.url}/j/`));
		expect(view.linkUrls[link.json.result.id]).toBe(link.json.result.url);
		// The new link works at once.
		const asDisplay = await getView(server.url, meeting.id, link.json.result.token);
		expect(asDisplay.me.role).toBe('display');
	});

	it('meeting.update changes what everyone reads', async () => {
		const r = await send({ type: 'meeting.update', title: '情報交換会（改）', method: 'Zoom ウェビナー' });
		expect(r.status).toBe(200);
		const organiserView = await getView(server.url, meeting.id, meeting.organiserToken);
		const participantView = await getView(server.url, meeting.id, linkToken(organiserView, 'participant'));
		expect(participantView.state.meeting).toMatchObject({ title: '情報交換会（改）', method: 'Zoom ウェビナー' });
	});

	it('401 without a token, with an unknown token, or with a malformed Authorization header', async () => {
		const none = await api(server.url, `/api/v1/meetings/${meeting.id}/commands`, { body: { type: 'room.add', name: 'x' } });
		expect(none.status).toBe(401);
		expect(none.json).toMatchObject({ ok: false, code: 'unauthorized' });
		expect((await send({ type: 'room.add', name: 'x' }, 'not-a-real-token')).status).toBe(401);
		expect((await api(server.url, `/api/v1/meetings/${meeting.id}`, { headers: { authorization: `Basic ${meeting.organiserToken}` } })).status).toBe(401);
		expect((await api(server.url, `/api/v1/meetings/${meeting.id}`)).status).toBe(401);
	});

	it('403 when a participant link sends an organiser command, and nothing changes', async () => {
		const before = await getView(server.url, meeting.id, meeting.organiserToken);
		const participant = linkToken(before, 'participant');
		for (const command of [
			{ type: 'room.add', name: '勝手なルーム' },
			{ type: 'member.add', name: '勝手な人' },
			{ type: 'link.create', role: 'organiser' },
			{ type: 'meeting.update', title: '乗っ取り' }
		]) {
			const r = await send(command, participant);
			expect(r.status, command.type).toBe(403);
			expect(r.json).toMatchObject({ ok: false, code: 'not_allowed' });
		}
		const after = await getView(server.url, meeting.id, meeting.organiserToken);
		expect(after.state.seq).toBe(before.state.seq);
	});

	it('404 for a meeting that does not exist, and for refusals about unknown things', async () => {
		const res = await api(server.url, '/api/v1/meetings/NoSuchMeeting123/commands', { body: { type: 'room.add', name: 'x' } });
		expect(res.status).toBe(404);
		expect(res.json).toMatchObject({ ok: false, code: 'not_found' });
		expect((await api(server.url, '/api/v1/meetings/NoSuchMeeting123')).status).toBe(404);
		const unknownRoom = await send({ type: 'room.update', roomId: 'NoSuchRoom', name: 'x' });
		expect(unknownRoom.status).toBe(404);
		expect(unknownRoom.json).toMatchObject({ ok: false, code: 'not_found' });
		expect((await api(server.url, '/api/v1/nothing-here')).status).toBe(404);
	});

	it('400 invalid for unknown commands, unknown fields, wrong types and junk bodies', async () => {
		for (const body of [
			{ type: 'meeting.delete' },
			{ type: 'room.add', name: 'x', admin: true },
			{ type: 'room.add', name: 42 },
			{ type: 'room.add', name: '' },
			{ name: 'no type' },
			'[1,2,3]',
			'"room.add"',
			'{"type":"room.add",',
			'null'
		]) {
			const r = await api(server.url, `/api/v1/meetings/${meeting.id}/commands`, { method: 'POST', token: meeting.organiserToken, body });
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(r.json).toMatchObject({ ok: false, code: 'invalid' });
		}
	});

	it('409 wrong_state when revoking a link twice', async () => {
		const link = await mustCommand(server.url, meeting.id, meeting.organiserToken, { type: 'link.create', role: 'participant' });
		expect((await send({ type: 'link.revoke', linkId: link.result.id })).status).toBe(200);
		const again = await send({ type: 'link.revoke', linkId: link.result.id });
		expect(again.status).toBe(409);
		expect(again.json).toMatchObject({ ok: false, code: 'wrong_state' });
	});

	it('a token of meeting A neither reads nor changes meeting B', async () => {
		const a = meeting;
		const b = await createMeeting(server.url, meetingBody({ title: '別の会議' }));
		const bBefore = await getView(server.url, b.id, b.organiserToken);
		const read = await api(server.url, `/api/v1/meetings/${b.id}`, { token: a.organiserToken });
		expect(read.status).toBe(401);
		expect(read.text).not.toContain('別の会議');
		const write = await postCommand(server.url, b.id, a.organiserToken, { type: 'meeting.update', title: '乗っ取り' });
		expect(write.status).toBe(401);
		const viaLink = await postCommand(server.url, b.id, linkToken(await getView(server.url, a.id, a.organiserToken), 'participant'), {
			type: 'member.join',
			name: '侵入者'
		});
		expect(viaLink.status).toBe(401);
		const bAfter = await getView(server.url, b.id, b.organiserToken);
		expect(bAfter.state).toEqual(bBefore.state);
		// And an unknown meeting id with a valid token of A does not reveal whether it exists.
		expect((await api(server.url, '/api/v1/meetings/NoSuchMeeting123', { token: a.organiserToken })).status).toBe(401);
	});

	it('the organiser cookie from creation works without a Bearer token', async () => {
		const created = await api(server.url, '/api/v1/meetings', { body: meetingBody({ title: 'クッキー' }) });
		const cookie = created.setCookies[0].split(';')[0];
		const view = await api<SessionView>(server.url, `/api/v1/meetings/${created.json.id}`, { cookie });
		expect(view.status).toBe(200);
		expect(view.json.me.role).toBe('organiser');
		const tampered = cookie.slice(0, -2) + (cookie.endsWith('AA') ? 'BB' : 'AA');
		expect((await api(server.url, `/api/v1/meetings/${created.json.id}`, { cookie: tampered })).status).toBe(401);
	});
});

describe('POST /api/v1/meetings/demo', () => {
	it('creates a full meeting: 8 programme items, 3 rooms, 27 people in four categories', async () => {
		const res = await api(server.url, '/api/v1/meetings/demo', { method: 'POST' });
		expect(res.status).toBe(201);
		const view = await getView(server.url, res.json.id, res.json.organiserToken);
		const { state } = view;
		expect(state.meeting.title).toContain('デモ');
		expect(state.meeting.timezone).toBe('Asia/Tokyo');

		const items = Object.values(state.agenda.items).sort((a, b) => a.order - b.order);
		expect(items).toHaveLength(8);
		expect(items.map((i) => i.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		// Scheduled from now (the demo tests with a fixed clock are in time.test.ts).
		expect(items[0].startsAt).toBe(state.meeting.startsAt);
		expect(Date.parse(items[0].startsAt!) - Date.now()).toBeLessThan(7 * 60_000);
		expect(items.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(105);

		const rooms = Object.values(state.rooms).sort((a, b) => a.order - b.order);
		expect(rooms.map((r) => r.name)).toEqual(['ルーム1', 'ルーム2', 'ルーム3']);

		const members = Object.values(state.members);
		expect(members).toHaveLength(27);
		const count = (c: string) => members.filter((m) => m.category === c).length;
		expect([count('ministry'), count('agency'), count('municipality'), count('organiser')]).toEqual([10, 10, 5, 2]);
		for (const r of rooms) expect(members.some((m) => m.roomId === r.id)).toBe(true);

		// Participant, ministry, display and one facilitator link per room, ready to share.
		const shared = Object.values(state.links).filter((l) => view.linkUrls[l.id]);
		expect(shared.map((l) => l.role).sort()).toEqual(['display', 'facilitator', 'facilitator', 'facilitator', 'ministry', 'participant']);
	});
});

describe('health and headers', () => {
	it('GET /healthz answers 200 with the store kind', async () => {
		const res = await api(server.url, '/healthz');
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ ok: true, store: 'sqlite' });
	});

	it('every response carries the security headers, and API replies are not cached', async () => {
		for (const path of ['/healthz', '/api/v1/config', '/api/v1/meetings/NoSuchMeeting123', '/some/page']) {
			const res = await api(server.url, path);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
			expect(res.headers.get('strict-transport-security'), path).toBeNull();
		}
		expect((await api(server.url, '/api/v1/config')).headers.get('cache-control')).toBe('no-store');
	});

	it('adds HSTS when served over HTTPS behind a proxy', async () => {
		const res = await api(server.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
		expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
	});
});
