/**
 * Boards survive: a clean restart and a SIGKILL keep everything clients had sent; the update log is
 * compacted without losing concurrent appends; a board whose stored log cannot be read is refused,
 * never stored over; boards leave memory when the last client leaves.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { readConfig } from '../../server/config.js';
import { startYoriai, type Running } from '../../server/start.js';
import { openSqliteStore } from '../../server/storage/sqlite.js';
import { DocRegistry } from '../../server/yjs/docs.js';
import { roomDocName } from '../../src/lib/shared/notes/access.js';
import { api, eventually, spawnServerProcess, teardownEach, tempDir, upgradeStatus } from '../helpers/server.js';
import { boardClient, createDemo, textEventually } from '../helpers/notes.js';
import { join } from 'node:path';

const t = teardownEach();
const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
	const d = tempDir();
	dirs.push(d);
	return d;
}

async function start(dataDir: string): Promise<Running> {
	return startYoriai(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), null);
}

describe('restart', () => {
	it('a clean restart on the same DATA_DIR keeps every edit', async () => {
		const dataDir = dir();
		const first = await start(dataDir);
		const demo = await createDemo(first.url);
		const a = boardClient(first.url, demo.id, `room/${demo.rooms[0]}`, demo.facilitatorToken(0));
		await a.synced;
		a.text.insert(a.text.length, '\n■まとめ\n● 各地域をまとめた場があるとよい');
		await eventually(async () => expect(await first.realtime.yjs.readRoomText(demo.id, demo.rooms[0])).toContain('各地域をまとめた場'));
		const expected = a.text.toString();
		a.destroy();
		await first.stop();

		const second = t.add(await start(dataDir), (r) => r.stop());
		const b = t.add(boardClient(second.url, demo.id, `room/${demo.rooms[0]}`, demo.organiserToken), (c) => c.destroy());
		await b.synced;
		expect(b.text.toString()).toBe(expected);
	});

	it('a killed server process loses nothing another client had received', async () => {
		const dataDir = dir();
		const p1 = await spawnServerProcess({ dataDir });
		const demo = await createDemo(p1.url);
		const writer = boardClient(p1.url, demo.id, `room/${demo.rooms[1]}`, demo.facilitatorToken(1));
		const watcher = boardClient(p1.url, demo.id, `room/${demo.rooms[1]}`, demo.organiserToken);
		await Promise.all([writer.synced, watcher.synced]);
		for (const line of ['\n● フードバンクの利用が増えている', '\n● 市の備蓄食料の提供もある']) writer.text.insert(writer.text.length, line);
		await textEventually(watcher, (s) => s.includes('市の備蓄食料の提供もある'));
		const expected = watcher.text.toString();
		writer.provider.disconnect();
		watcher.provider.disconnect();
		await p1.stop('SIGKILL');
		writer.destroy();
		watcher.destroy();

		const p2 = t.add(await spawnServerProcess({ dataDir }), (p) => p.stop());
		const reader = t.add(boardClient(p2.url, demo.id, `room/${demo.rooms[1]}`, demo.organiserToken), (c) => c.destroy());
		await reader.synced;
		expect(reader.text.toString()).toBe(expected);
	});
});

describe('update log', () => {
	it('compacts past the threshold, one at a time, without losing appends made meanwhile', async () => {
		const store = t.add(openSqliteStore(join(dir(), 'y.sqlite')), (s) => s.close());
		const registry = new DocRegistry({ store, log: pino({ level: 'silent' }), relay: null, compactEvery: 10, unloadDelayMs: 0 });
		const name = 'm1/room/r1';
		await Promise.all(Array.from({ length: 45 }, (_, i) => registry.appendLine(name, `● 項目${i}`)));
		const lines = (await registry.readText(name)).trim().split('\n');
		expect(lines).toHaveLength(45);
		await eventually(async () => expect(registry.size).toBe(0)); // unloaded (and compacted) once unused
		const stored = await store.readUpdates(name);
		expect(stored.length).toBeLessThan(10);
		const fresh = new DocRegistry({ store, log: pino({ level: 'silent' }), relay: null });
		expect((await fresh.readText(name)).trim().split('\n').sort()).toEqual(lines.sort());
		await registry.close();
		await fresh.close();
	});

	it('a board whose log cannot be read is refused (503) and never stored over', async () => {
		const dataDir = dir();
		const running = t.add(await start(dataDir), (r) => r.stop());
		const demo = await createDemo(running.url);
		const name = roomDocName(demo.id, demo.rooms[0]);
		await running.store.appendUpdate(name, new Uint8Array([1, 2, 3, 4, 5]));
		const before = await running.store.readUpdates(name);
		expect(await upgradeStatus(running.url, `/yjs/${demo.id}/room/${demo.rooms[0]}?token=${demo.organiserToken}`)).toBe(503);
		expect((await api(running.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes`, { token: demo.organiserToken })).status).toBe(503);
		const member = await demo.joinMember('札幌 太郎', 0);
		expect((await api(running.url, `/api/v1/meetings/${demo.id}/rooms/${demo.rooms[0]}/notes/comments`, { method: 'POST', token: member.token, body: { text: 'x' } })).status).toBe(503);
		expect(await running.store.readUpdates(name)).toEqual(before);
		// Other boards of the meeting still work.
		expect(await upgradeStatus(running.url, `/yjs/${demo.id}/room/${demo.rooms[1]}?token=${demo.organiserToken}`)).toBe(101);
	});

	it('a board leaves memory after its last client leaves and comes back from the store', async () => {
		const running = t.add(await start(dir()), (r) => r.stop());
		const demo = await createDemo(running.url);
		const a = boardClient(running.url, demo.id, `room/${demo.rooms[2]}`, demo.organiserToken);
		await a.synced;
		a.text.insert(0, '● 最初の行\n');
		expect(running.realtime.yjs.stats().docs).toBe(1);
		a.destroy();
		await eventually(() => expect(running.realtime.yjs.stats().docs).toBe(0));
		const b = t.add(boardClient(running.url, demo.id, `room/${demo.rooms[2]}`, demo.organiserToken), (c) => c.destroy());
		await b.synced;
		expect(b.text.toString().startsWith('● 最初の行\n■食べるもの')).toBe(true);
	});
});
