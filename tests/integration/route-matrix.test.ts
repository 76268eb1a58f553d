/**
 * Role × route matrix, generated from the route table (server/http/routes.ts): every meeting route
 * (view, commands, notes, comments, minutes, .ics, QR, carry-over, the rooms' activity) × every role's bare link, a
 * joined member of every joinable role, another meeting's token and no token. A role the table does
 * not list is refused `not_allowed`; a listed one is never refused for permission; outsiders get
 * `unauthorized`. A route added to the table is covered the day it is added.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { startYoriai, type Running } from '../../server/start.js';
import type { MeetingRoute } from '../../server/http/routes.js';
import { MEMBER_ROLES } from '../../src/lib/shared/meeting/roles.js';
import { ROLES, type Role } from '../../src/lib/shared/meeting/types.js';
import { api, tempDir, Teardown } from '../helpers/server.js';
import { createDemo, type DemoMeeting } from '../helpers/notes.js';

const t = new Teardown();
let running: Running;
let demo: DemoMeeting;
let other: DemoMeeting;
const tokens = new Map<string, { role: Role | null; token: string | null; name: string }>();

beforeAll(async () => {
	const dataDir = tempDir();
	t.add(dataDir, (d) => rmSync(d, { recursive: true, force: true }));
	running = t.add(await startYoriai(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), null), (r) => r.stop());
	demo = await createDemo(running.url);
	other = await createDemo(running.url);
	const linkOf = (role: Role) => {
		const link = Object.values(demo.view.state.links).find((l) => l.role === role && !l.revoked && (role !== 'facilitator' || l.roomId === demo.rooms[0]))!;
		return new URL(demo.view.linkUrls[link.id] ?? `http://x/j/${demo.organiserToken}`).pathname.slice(3);
	};
	for (const role of ROLES) tokens.set(`${role} link`, { role, name: `${role} link`, token: role === 'organiser' ? demo.organiserToken : decodeURIComponent(linkOf(role)) });
	for (const role of MEMBER_ROLES) {
		const member = role === 'facilitator' ? null : await demo.joinMember(`${role}の人`, 0, role as 'participant' | 'ministry');
		if (member) tokens.set(`${role} member`, { role, name: `${role} member`, token: member.token });
	}
	tokens.set("another meeting's token", { role: null, name: 'other', token: other.organiserToken });
	tokens.set('no token', { role: null, name: 'none', token: null });
});
afterAll(() => t.run());

/** A concrete path for a route: its named groups filled with this meeting's ids. */
function pathFor(route: MeetingRoute): string {
	const values: Record<string, string> = { meetingId: demo.id, roomId: demo.rooms[0], format: 'md', no: '1' };
	const src = route.path.source.replace(/^\^/, '').replace(/\\\/\?\$$|\/\?\$$|\$$/, '');
	return src
		.replace(/\(\?<(\w+)>[^)]*\)/g, (_m, name: string) => {
			if (!(name in values)) throw new Error(`route ${route.name}: no example for ${name}`);
			return values[name];
		})
		.replace(/\\\//g, '/')
		.replace(/\\\./g, '.');
}

describe('role × route matrix', () => {
	it('every route × every caller is refused or served as the route table says', async () => {
		const failures: string[] = [];
		let cells = 0;
		for (const route of running.realtime.routes) {
			const path = pathFor(route);
			for (const [name, who] of tokens) {
				cells++;
				const res = await api(running.url, path, { method: route.method, token: who.token ?? undefined, body: route.method === 'POST' ? (route.name === 'command' ? { type: 'room.add', name: '部屋' } : route.name === 'notes-comment' ? { text: 'コメント' } : {}) : undefined });
				const code = res.json?.code as string | undefined;
				if (who.role === null) {
					if (res.status !== 401 || code !== 'unauthorized') failures.push(`${route.name} ${name}: expected 401 unauthorized, got ${res.status} ${code}`);
				} else if (!route.roles.includes(who.role)) {
					if (res.status !== 403 || code !== 'not_allowed') failures.push(`${route.name} ${name}: expected 403 not_allowed, got ${res.status} ${code}`);
				} else if (res.status >= 500 || code === 'unauthorized' || (code === 'not_allowed' && route.name !== 'command' && route.name !== 'notes' && route.name !== 'notes-comment')) {
					// Commands, board reads and comments refine access per command or per room after the role step.
					failures.push(`${route.name} ${name}: listed role refused with ${res.status} ${code}`);
				}
			}
		}
		console.log(`route matrix: ${cells} cells (${running.realtime.routes.length} routes × ${tokens.size} callers)`);
		expect(failures).toEqual([]);
		expect(running.realtime.routes.map((r) => r.name)).toEqual(expect.arrayContaining(['view', 'command', 'notes', 'notes-comment', 'minutes', 'next.ics', 'plenary-qr', 'carry-over', 'summary', 'minutes-versions', 'minutes-version-save', 'minutes-version', 'minutes-version-finalise', 'rooms-activity']));
	});
});
