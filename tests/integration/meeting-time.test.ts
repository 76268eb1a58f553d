/**
 * A meeting's time over the real HTTP API, on a server whose clock the test sets (18:30 Tokyo,
 * 1 December 2026): the demo is scheduled from that hour; impossible times are refused with
 * `invalid_time` (and nothing changes); a rehearsal on another day, its reset and reopening a
 * finished meeting, as integrators see them in the state.
 */
import { describe, expect, it } from 'vitest';
import { api, createMeeting, eventually, getView, meetingBody, mustCommand, postCommand, serverForSuite } from '../helpers/server.js';

const MIN = 60_000;
let clock = Date.parse('2026-12-01T18:30:00+09:00');
const server = serverForSuite({ now: () => clock });

describe('the demo on a server clock at 18:30', () => {
	it('starts at 18:35 and ends at 20:20, keeping the reference durations and the distances of its pinned starts', async () => {
		const res = await api(server.url, '/api/v1/meetings/demo', { method: 'POST' });
		expect(res.status).toBe(201);
		const { state } = await getView(server.url, res.json.id, res.json.organiserToken);
		expect([state.meeting.startsAt, state.meeting.endsAt]).toEqual(['2026-12-01T18:35:00+09:00', '2026-12-01T20:20:00+09:00']);
		const items = Object.values(state.agenda.items).sort((a, b) => a.order - b.order);
		expect(items.map((i) => i.startsAt)).toEqual([
			'2026-12-01T18:35:00+09:00',
			'2026-12-01T19:05:00+09:00',
			null,
			'2026-12-01T19:15:00+09:00',
			'2026-12-01T19:55:00+09:00',
			null,
			null,
			null
		]);
		expect(items.map((i) => i.durationMinutes)).toEqual([30, 5, 5, 40, 10, 10, 3, 2]);
	});
});

describe('impossible times', () => {
	it('POST /api/v1/meetings refuses an end before the start: 400 invalid_time naming endsAt', async () => {
		const res = await api(server.url, '/api/v1/meetings', { body: meetingBody({ startsAt: '2026-12-01T14:00:00+09:00', endsAt: '2026-12-01T13:00:00+09:00' }) });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ ok: false, code: 'invalid_time', detail: expect.stringMatching(/^endsAt/) });
	});

	it('meeting.update and agenda.add refuse impossible times and change nothing', async () => {
		const m = await createMeeting(server.url, meetingBody({ startsAt: '2026-12-04T14:00:00+09:00', endsAt: '2026-12-04T15:45:00+09:00' }));
		const before = await getView(server.url, m.id, m.organiserToken);
		const update = await postCommand(server.url, m.id, m.organiserToken, { type: 'meeting.update', endsAt: '2026-12-04T13:00:00+09:00' });
		expect([update.status, update.json.code]).toEqual([400, 'invalid_time']);
		const add = await postCommand(server.url, m.id, m.organiserToken, { type: 'agenda.add', title: '閉会', durationMinutes: 5, startsAt: '2026-12-04T16:00:00+09:00' });
		expect([add.status, add.json.code]).toEqual([400, 'invalid_time']);
		const after = await getView(server.url, m.id, m.organiserToken);
		expect(after.state.seq).toBe(before.state.seq);
		expect(after.state.meeting.endsAt).toBe('2026-12-04T15:45:00+09:00');
	});
});

describe('rehearse, reset, run, reopen', () => {
	it('a reset keeps the boards unless the organiser asks to empty them; then every board is empty', async () => {
		const res = await api(server.url, '/api/v1/meetings/demo', { method: 'POST' });
		const { id, organiserToken } = res.json as { id: string; organiserToken: string };
		const { state } = await getView(server.url, id, organiserToken);
		const first = Object.values(state.agenda.items).sort((a, b) => a.order - b.order)[0].id;
		const docs = [...Object.keys(state.rooms).map((r) => `${id}/room/${r}`), `${id}/summary`];
		const texts = () => Promise.all(docs.map((d) => server.realtime.yjs.readDocText(d)));
		const send = (command: Record<string, unknown>) => mustCommand(server.url, id, organiserToken, command);
		expect((await texts()).some((t) => t.length > 0)).toBe(true); // the demo's boards have notes

		await send({ type: 'agenda.start', itemId: first, rehearsal: true });
		await send({ type: 'agenda.reset' });
		const kept = await texts();
		expect(kept.some((t) => t.length > 0)).toBe(true);

		await send({ type: 'agenda.start', itemId: first, rehearsal: true });
		await send({ type: 'agenda.reset', clearBoards: true });
		await eventually(async () => expect(await texts()).toEqual(docs.map(() => '')));
	});

	it('a rehearsal three days early is marked, reset to the plan; the real run warns of another day; a finished meeting reopens', async () => {
		const m = await createMeeting(server.url, meetingBody({ startsAt: '2026-12-04T14:00:00+09:00', endsAt: '2026-12-04T15:45:00+09:00' }));
		const send = (command: Record<string, unknown>) => mustCommand(server.url, m.id, m.organiserToken, command);
		const first = (await send({ type: 'agenda.add', title: '趣旨説明', durationMinutes: 30 })).result.id;
		await send({ type: 'agenda.add', title: 'グループ討議', durationMinutes: 40, kind: 'breakout' });
		const state = async () => (await getView(server.url, m.id, m.organiserToken)).state;

		const rehearsal = await send({ type: 'agenda.start', itemId: first, rehearsal: true });
		expect(rehearsal.result).toBeUndefined();
		expect((await state()).agenda.run).toMatchObject({ status: 'running', rehearsal: true, startedAt: clock });
		clock += 10 * MIN;
		await send({ type: 'agenda.next' });
		await send({ type: 'agenda.reset' });
		const reset = await state();
		expect(reset.agenda.run).toEqual({ status: 'ready', currentId: null, startedAt: null, finishedAt: null });
		expect(Object.values(reset.agenda.items).map((i) => i.spans)).toEqual([[], []]);
		expect(reset.agenda.broadcasts).toEqual([]);

		// Started for real on the 1st for a meeting on the 4th: accepted, with the warning.
		const real = await send({ type: 'agenda.start', itemId: first });
		expect(real.result).toEqual({ otherDay: true });
		const refusedReset = await postCommand(server.url, m.id, m.organiserToken, { type: 'agenda.reset' });
		expect([refusedReset.status, refusedReset.json.code]).toEqual([409, 'wrong_state']);
		clock += MIN;
		await send({ type: 'agenda.finish' });
		clock += MIN;
		await send({ type: 'agenda.reopen' });
		expect((await state()).agenda.run).toMatchObject({ status: 'ready', finishedAt: null, startedAt: clock - 2 * MIN });
	});
});
