/**
 * Restarts and crashes with real server processes on one DATA_DIR: what was acknowledged is kept,
 * links, cookies and member tokens keep working, SIGTERM shuts down cleanly, and a bad setting
 * stops start-up with one clear line.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { freePort } from '../helpers/daemon.js';
import {
	api,
	connectSocket,
	cookiePair,
	createMeeting,
	getView,
	mustCommand,
	spawnNode,
	spawnServerProcess,
	teardownEach,
	tempDir,
	tokenOfUrl
} from '../helpers/server.js';

const teardown = teardownEach();

/** A temporary DATA_DIR removed after the test. */
function dataDir(): string {
	return teardown.add(tempDir(), (d) => rmSync(d, { recursive: true, force: true }));
}

/** A server process stopped (SIGKILL if need be) after the test. */
async function serverOn(dir: string, env: Record<string, string> = {}) {
	return teardown.add(await spawnServerProcess({ dataDir: dir, env }), (p) => p.stop('SIGKILL'));
}

/** The link URLs of a view with the origin cut off (ports differ between processes). */
function linkPaths(view: SessionView): Record<string, string> {
	return Object.fromEntries(Object.entries(view.linkUrls).map(([id, url]) => [id, new URL(url).pathname]));
}

describe('crash and restart', () => {
	it('keeps everything acknowledged before a SIGKILL: meeting, rooms, roster, links, members, cookies', async () => {
		const dir = dataDir();
		const first = await serverOn(dir);
		const m = await createMeeting(first.url);
		const organiserCookie = cookiePair((await api(first.url, `/j/${m.organiserToken}`)).setCookies[0]);
		const r1 = await mustCommand(first.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1', purpose: '受託機関' });
		const r2 = await mustCommand(first.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム2' });
		const aoki = await mustCommand(first.url, m.id, m.organiserToken, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry', roomId: r1.result.id });
		await mustCommand(first.url, m.id, m.organiserToken, { type: 'member.add', name: '野口 聡', organisation: '北海道庁', category: 'municipality' });
		const before = await getView(first.url, m.id, m.organiserToken);
		const participantToken = tokenOfUrl(Object.entries(before.linkUrls).find(([id]) => before.state.links[id].role === 'participant')![1]);
		const joined = await mustCommand(first.url, m.id, participantToken, { type: 'member.join', name: '佐々木 亮', organisation: '札幌市社協' });
		// The last acknowledged command, then the crash right away.
		const last = await mustCommand(first.url, m.id, m.organiserToken, { type: 'member.assign', memberId: aoki.result.id, roomId: r2.result.id });
		first.child.kill('SIGKILL');
		expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

		expect(existsSync(join(dir, 'yoriai.sqlite'))).toBe(true);
		const second = await serverOn(dir);
		const after = await getView(second.url, m.id, m.organiserToken);
		expect(after.state.seq).toBe(last.seq);
		expect(after.state.meeting).toEqual(before.state.meeting);
		expect(Object.values(after.state.rooms).map((r) => r.name).sort()).toEqual(['ルーム1', 'ルーム2']);
		expect(after.state.members[aoki.result.id]).toMatchObject({ name: '青木 誠', roomId: r2.result.id });
		expect(after.state.members[joined.result.memberId]).toMatchObject({ name: '佐々木 亮', selfJoined: true });
		expect(Object.keys(after.state.members)).toHaveLength(3);
		expect(after.state.links).toEqual(before.state.links);
		// Shared links are the same URLs: what was sent out by mail still works.
		expect(linkPaths(after)).toEqual(linkPaths(before));
		expect((await getView(second.url, m.id, participantToken)).me.role).toBe('participant');
		// The member's own token and the browser's signed cookie survive (the session secret is kept).
		expect((await getView(second.url, m.id, joined.result.token)).me.memberId).toBe(joined.result.memberId);
		const byCookie = await api<SessionView>(second.url, `/api/v1/meetings/${m.id}`, { cookie: organiserCookie });
		expect(byCookie.status).toBe(200);
		expect(byCookie.json.me.role).toBe('organiser');
		// The log continues without gaps or duplicates.
		const next = await mustCommand(second.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム3' });
		expect(next.seq).toBe(last.seq + 2);
	});
});

describe('SIGTERM', () => {
	it('shuts down cleanly (exit 0) with a socket connected, and keeps the data', async () => {
		const dir = dataDir();
		const proc = await serverOn(dir);
		const m = await createMeeting(proc.url);
		const room = await mustCommand(proc.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		const socket = teardown.add(await connectSocket(proc.url, { meetingId: m.id, token: m.organiserToken }), (s) => s.close());
		const exit = await proc.stop('SIGTERM');
		expect(exit).toEqual({ code: 0, signal: null });
		expect(await socket.disconnected).toMatch(/io server disconnect|transport close/);
		expect(proc.output().stderr).toBe('');

		const again = await serverOn(dir);
		expect((await getView(again.url, m.id, m.organiserToken)).state.rooms[room.result.id].name).toBe('ルーム1');
	});
});

describe('bad configuration', () => {
	// Four tsx start-ups: run side by side, with a hang guard long enough for a loaded machine.
	it('the production entry stops with one clear line for a bad PORT, REDIS_URL or short SESSION_SECRET', { timeout: 120_000 }, async () => {
		const cases = [
			[{ PORT: 'abc' }, 'PORT'],
			[{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
			[{ PUBLIC_URL: 'yoriai.example.jp' }, 'PUBLIC_URL'],
			[{ SESSION_SECRET: 'short' }, 'SESSION_SECRET']
		] as const;
		const runs = await Promise.all(
			cases.map(async ([env, mention]) => {
				const p = spawnNode(['server/index.ts'], { ...env, DATA_DIR: dataDir() });
				const exit = await p.exited;
				return { mention, exit, ...p.output() };
			})
		);
		for (const { mention, exit, stdout, stderr } of runs) {
			expect(exit.code, mention).toBe(2);
			expect(stdout).toBe('');
			const lines = stderr.trim().split('\n');
			expect(lines, stderr).toHaveLength(1);
			expect(lines[0]).toMatch(new RegExp(`^yoriai: ${mention} `));
		}
	});

	it('a Redis that is not there stops start-up with one line, without the password', async () => {
		const port = await freePort();
		const p = spawnNode(['tests/helpers/server-main.ts'], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir(), REDIS_URL: `redis://:hunter2secret@127.0.0.1:${port}` });
		const exit = await p.exited;
		const { stderr } = p.output();
		expect(exit.code).toBe(1);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toContain('cannot connect to Redis at redis://');
		expect(stderr).not.toContain('hunter2secret');
	});
});
