/**
 * Boards across two instances on one real Redis: edits and presence reach clients on the other
 * instance, a revocation decided on one closes connections on the other, and a client that joins
 * later on either instance gets the whole board from the shared log. The plenary feed likewise: a
 * line shared on a board edited through A reaches a display on B, an unshared one never does, and
 * hiding an item through A's HTTP API (where no screen is connected) still updates the display on B.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../server/start.js';
import { itemKey } from '../../src/lib/shared/plenary/keys.js';
import type { PlenarySnapshot } from '../../src/lib/shared/plenary/projection.js';
import { connectSocket, eventually, mustCommand, teardownAll } from '../helpers/server.js';
import { boardClient, demoOnTwoInstances, textEventually, type DemoMeeting } from '../helpers/notes.js';

const t = teardownAll();
let a: Running, b: Running, demo: DemoMeeting;
beforeAll(async () => {
	({ a, b, demo } = await demoOnTwoInstances(t));
});

describe('two instances: boards', () => {
	it('relays edits both ways and serves late joiners the whole board', async () => {
		const onA = t.add(boardClient(a.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0)), (c) => c.destroy());
		const onB = t.add(boardClient(b.url, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken), (c) => c.destroy());
		await Promise.all([onA.synced, onB.synced]);
		expect(onB.text.toString()).toContain('住居を失った方への対応');
		onA.text.insert(onA.text.length, '\n● Aからの追記');
		await textEventually(onB, (s) => s.includes('Aからの追記'));
		onB.text.insert(0, '★');
		await textEventually(onA, (s) => s.startsWith('★'));

		const late = t.add(boardClient(b.url, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken), (c) => c.destroy());
		await late.synced;
		expect(late.text.toString()).toBe(onA.text.toString());
		expect(await a.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).toBe(onA.text.toString());
	});

	it('relays presence', async () => {
		const onA = t.add(boardClient(a.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1)), (c) => c.destroy());
		const onB = t.add(boardClient(b.url, demo.id, `room/${demo.rooms[1]}`, demo.organiserToken), (c) => c.destroy());
		await Promise.all([onA.synced, onB.synced]);
		onA.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
		await eventually(() => expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({ cursor: { anchor: 1 }, user: { role: 'facilitator' } }));
	});

	it('a link revoked through A closes its board connection on B', async () => {
		const member = await demo.joinMember('恵庭 一郎', 2);
		const onB = t.add(boardClient(b.url, demo.id, `room/${demo.rooms[2]}`, member.token), (c) => c.destroy());
		await onB.synced;
		const linkId = Object.values(demo.view.state.links).find((l) => l.role === 'participant')!.id;
		await mustCommand(a.url, demo.id, demo.organiserToken, { type: 'link.revoke', linkId });
		await eventually(() => expect(onB.closes.map((c) => c.code)).toContain(4403));
	});
});

describe('two instances: the plenary feed', () => {
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
