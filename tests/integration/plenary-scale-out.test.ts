/**
 * The plenary feed across two instances on one real Redis: a line shared on a board edited through
 * instance A reaches a display connected to instance B, an unshared one never does, and hiding an
 * item through A's HTTP API (where no screen is connected) still updates the display on B.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../server/start.js';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import type { PlenarySnapshot } from '../../src/lib/shared/plenary/projection.js';
import { connectSocket, eventually, mustCommand, teardownAll } from '../helpers/server.js';
import { boardClient, demoOnTwoInstances, type DemoMeeting } from '../helpers/notes.js';

const t = teardownAll();
let a: Running, b: Running, demo: DemoMeeting;
beforeAll(async () => {
	({ a, b, demo } = await demoOnTwoInstances(t));
});

describe('two instances', () => {
	it('pushes shared lines typed through A to the display on B, and a hide decided on A', async () => {
		const display = t.add(await connectSocket(b.url, { meetingId: demo.id, token: demo.displayToken() }), (s) => s.close());
		const frames: string[] = [];
		display.socket.onAny((event, ...args) => frames.push(`${event} ${JSON.stringify(args)}`));
		const board = t.add(boardClient(a.url, demo.id, `room/${demo.rooms[2]}`, demo.facilitatorToken(2)), (c) => c.destroy());
		await board.synced;
		board.text.insert(board.text.length, '\n■別の地域の話\n● 個別の世帯の事情はここだけ\n★● 要望：広域で使える一時的な住まいを確保してほしい');
		await eventually(() => expect(frames.some((f) => f.startsWith('plenary.rooms') && f.includes('広域で使える一時的な住まい'))).toBe(true), 15_000);
		expect(frames.join('\n')).not.toContain('個別の世帯の事情');

		const key = itemKey(demo.rooms[2], '広域で使える一時的な住まいを確保してほしい');
		const before = frames.length;
		await mustCommand(a.url, demo.id, demo.organiserToken, { type: 'plenary.item.hide', key, hidden: true });
		await eventually(() => expect(frames.slice(before).some((f) => f.startsWith('plenary.rooms'))).toBe(true), 15_000);
		expect(frames.slice(before).join('\n')).not.toContain('広域で使える一時的な住まい');
		const snapshot = (await display.socket.timeout(10_000).emitWithAck('plenary.sync')) as PlenarySnapshot;
		const texts = snapshot.rooms.flatMap((r) => r.sections.flatMap((s) => s.items.map((i) => i.text)));
		expect(texts).not.toContain('広域で使える一時的な住まいを確保してほしい');
		expect(texts.length).toBeGreaterThan(0);
	});
});
