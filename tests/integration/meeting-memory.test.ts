/**
 * Meetings in memory are bounded (MEETINGS_IN_MEMORY, the most recently used): a meeting pushed out
 * is read again from the store when used, the retention pass reads every meeting without keeping
 * any, and on two instances a meeting pushed out of one instance's memory still reaches the people
 * connected there when the other instance commits to it. Real servers on SQLite and on a real Redis.
 */
import { describe, expect, it } from 'vitest';
import { startRedis } from '../helpers/redis-server.js';
import { connectSocket, createMeeting, getView, mustCommand, startTestServer, teardownAll } from '../helpers/server.js';

const teardown = teardownAll();

describe('meetings kept in memory', () => {
	it('keeps the most recently used; a meeting pushed out answers from the store; the retention pass keeps none', async () => {
		const server = teardown.add(await startTestServer({ env: { MEETINGS_IN_MEMORY: '2' } }), (s) => s.stop());
		const held = server.realtime.meetings;
		const first = await createMeeting(server.url);
		await mustCommand(server.url, first.id, first.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const second = await createMeeting(server.url);
		const third = await createMeeting(server.url);
		expect([first, second, third].map((m) => held.holds(m.id))).toEqual([false, true, true]);

		// Pushed out, and read again from the store, with everything it held.
		const view = await getView(server.url, first.id, first.organiserToken);
		expect(Object.values(view.state.rooms).map((r) => r.name)).toEqual(['ルーム1']);
		expect([first, second, third].map((m) => held.holds(m.id))).toEqual([true, false, true]);

		// The retention pass visits every meeting and leaves memory as it was.
		await server.realtime.retention.runOnce();
		expect([first, second, third].map((m) => held.holds(m.id))).toEqual([true, false, true]);
	});

	it('on two instances, a meeting pushed out of one still reaches the people connected there', async () => {
		const redis = teardown.add(await startRedis(), (r) => r.stop());
		const a = teardown.add(await startTestServer({ redisUrl: redis.url }), (s) => s.stop());
		const b = teardown.add(await startTestServer({ redisUrl: redis.url, env: { MEETINGS_IN_MEMORY: '2' } }), (s) => s.stop());
		const m = await createMeeting(a.url);
		const onB = teardown.add(await connectSocket(b.url, { meetingId: m.id, token: m.organiserToken }), (s) => s.close());
		expect(b.realtime.meetings.holds(m.id)).toBe(true);
		for (let i = 0; i < 2; i++) {
			const other = await createMeeting(b.url);
			await getView(b.url, other.id, other.organiserToken);
		}
		expect(b.realtime.meetings.holds(m.id)).toBe(false);

		const room = await mustCommand(a.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const batch = await onB.waitForBatch((x) => x.seq === room.seq, 15_000);
		expect(batch.events.map((e) => e.event.type)).toContain('room.added');
		expect(b.realtime.meetings.holds(m.id)).toBe(true);
	});
});
