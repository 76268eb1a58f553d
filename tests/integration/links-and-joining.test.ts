/**
 * Opening role links and joining, as a browser does it: /j/<token> sets a session cookie and
 * redirects to the role's page; the participant joins with that cookie and keeps being the same
 * member when they open the link again. A shared link alone reads and joins, nothing more.
 */
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';
import { api, cookiePair, createMeeting, getView, mustCommand, postCommand, serverForSuite, tokenOfUrl } from '../helpers/server.js';

const server = serverForSuite();

/** A meeting with one room; answers the tokens of its shared links. */
async function setUp() {
	const m = await createMeeting(server.url);
	const room = await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
	const view = await getView(server.url, m.id, m.organiserToken);
	const tokenOf = (role: Role) => {
		const link = Object.values(view.state.links).find((l) => l.role === role && view.linkUrls[l.id])!;
		return tokenOfUrl(view.linkUrls[link.id]);
	};
	return {
		...m,
		roomId: room.result.id as string,
		participant: tokenOf('participant'),
		ministry: tokenOf('ministry'),
		display: tokenOf('display'),
		facilitator: tokenOf('facilitator')
	};
}

/** Opens /j/<token> like a browser with `cookie`; answers the redirect and the cookie it sets. */
async function openLink(token: string, cookie?: string) {
	const res = await api(server.url, `/j/${encodeURIComponent(token)}`, { cookie });
	return { res, location: res.headers.get('location'), setCookie: res.setCookies[0] ?? null, cookie: res.setCookies[0] ? cookiePair(res.setCookies[0]) : null };
}

/** Joins as a browser: POST commands?as=participant with the session cookie and no Origin header. */
function joinWithCookie(meetingId: string, cookie: string, name: string, organisation = '') {
	return api(server.url, `/api/v1/meetings/${meetingId}/commands?as=participant`, { method: 'POST', cookie, body: { type: 'member.join', name, organisation } });
}

describe('/j/<token>', () => {
	it('sets an httpOnly, SameSite=Lax session cookie and 303-redirects to the role’s page', async () => {
		const m = await setUp();
		const cases: [string, Role, string][] = [
			[m.organiserToken, 'organiser', `/m/${m.id}/console`],
			[m.participant, 'participant', `/m/${m.id}`],
			[m.ministry, 'ministry', `/m/${m.id}/ministry`],
			[m.display, 'display', `/m/${m.id}/display`],
			[m.facilitator, 'facilitator', `/m/${m.id}/rooms/${m.roomId}`]
		];
		for (const [token, role, path] of cases) {
			const { res, location, setCookie } = await openLink(token);
			expect(res.status, role).toBe(303);
			expect(location, role).toBe(path);
			expect(setCookie, role).toMatch(new RegExp(`^yoriai_${role}_${m.id}=`));
			expect(setCookie).toMatch(/;\s*HttpOnly/i);
			expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
			expect(setCookie).toMatch(/;\s*Path=\//i);
			// Plain http: a Secure cookie would be dropped by the browser.
			expect(setCookie).not.toMatch(/;\s*Secure/i);
			// The cookie is signed, not the bare token.
			expect(decodeURIComponent(setCookie!.split(';')[0].split('=').slice(1).join('='))).not.toBe(token);
			// The URL carries a token: it must not leak through Referer or caches.
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('cache-control')).toBe('no-store');
		}
	});

	it('sends an unknown or mangled token to the start page instead of failing', async () => {
		for (const token of ['unknown-token', 'x'.repeat(500), '%E0%A4%A']) {
			const res = await api(server.url, `/j/${token}`);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/?link=invalid');
			expect(res.setCookies).toEqual([]);
		}
	});

	it('a revoked link no longer opens', async () => {
		const m = await setUp();
		const link = await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'participant' });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: link.result.id });
		const { location, setCookie } = await openLink(link.result.token);
		expect(location).toBe('/?link=invalid');
		expect(setCookie).toBeNull();
	});
});

describe('joining with the session cookie', () => {
	it('member.join answers {memberId, token} and sets the member’s own cookie', async () => {
		const m = await setUp();
		const { cookie } = await openLink(m.participant);
		const res = await joinWithCookie(m.id, cookie!, '佐々木 亮', '札幌市社会福祉協議会');
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ ok: true, seq: expect.any(Number), result: { memberId: expect.any(String), id: expect.any(String), token: expect.any(String) } });
		const { memberId, token } = res.json.result;
		expect(token).not.toBe(m.participant);
		const memberCookie = cookiePair(res.setCookies[0]);
		expect(memberCookie.startsWith(`yoriai_participant_${m.id}=`)).toBe(true);
		expect(memberCookie).not.toBe(cookie);
		expect(res.setCookies[0]).toMatch(/HttpOnly/i);

		// The browser is now that member…
		const me = await api<SessionView>(server.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie: memberCookie });
		expect(me.status).toBe(200);
		expect(me.json.me).toMatchObject({ role: 'participant', memberId });
		expect(me.json.state.members[memberId]).toMatchObject({ name: '佐々木 亮', organisation: '札幌市社会福祉協議会', role: 'participant', selfJoined: true });
		// …and the organiser sees them on the roster.
		const organiserView = await getView(server.url, m.id, m.organiserToken);
		expect(organiserView.state.members[memberId].name).toBe('佐々木 亮');
		// The member token works as a Bearer token too (non-browser clients).
		expect((await getView(server.url, m.id, token)).me.memberId).toBe(memberId);
	});

	it('opening the same link again in that browser resumes the same member', async () => {
		const m = await setUp();
		const first = await openLink(m.participant);
		const joined = await joinWithCookie(m.id, first.cookie!, '田中 直子');
		const memberCookie = cookiePair(joined.setCookies[0]);

		const again = await openLink(m.participant, memberCookie);
		expect(again.res.status).toBe(303);
		expect(again.location).toBe(`/m/${m.id}`);
		expect(again.cookie).toBe(memberCookie);
		const me = await api<SessionView>(server.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie: again.cookie! });
		expect(me.json.me.memberId).toBe(joined.json.result.memberId);
	});

	it('another browser opening the same link is nobody until it joins', async () => {
		const m = await setUp();
		const a = await openLink(m.participant);
		await joinWithCookie(m.id, a.cookie!, '田中 直子');
		const b = await openLink(m.participant);
		const me = await api<SessionView>(server.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie: b.cookie! });
		expect(me.json.me).toMatchObject({ role: 'participant', memberId: null });
	});

	it('a cross-site request cannot use the cookie (CSRF)', async () => {
		const m = await setUp();
		const { cookie } = await openLink(m.participant);
		const res = await api(server.url, `/api/v1/meetings/${m.id}/commands?as=participant`, {
			method: 'POST',
			cookie: cookie!,
			headers: { origin: 'https://evil.example' },
			body: { type: 'member.join', name: '偽物' }
		});
		expect(res.status).toBe(403);
		expect(res.json).toMatchObject({ ok: false, code: 'not_allowed' });
		const view = await getView(server.url, m.id, m.organiserToken);
		expect(Object.values(view.state.members).map((x) => x.name)).not.toContain('偽物');
	});

	it('a whole meeting’s worth of people can join through one link at the same time', async () => {
		const m = await setUp();
		const names = Array.from({ length: 30 }, (_, i) => `参加者${i + 1}`);
		const replies = await Promise.all(names.map((name) => postCommand(server.url, m.id, m.participant, { type: 'member.join', name })));
		expect(replies.map((r) => r.status)).toEqual(names.map(() => 200));
		const ids = new Set(replies.map((r) => r.json.result.memberId));
		expect(ids.size).toBe(30);
		const view = await getView(server.url, m.id, m.organiserToken);
		expect(Object.values(view.state.members).map((x) => x.name).sort()).toEqual([...names].sort());
	});
});

describe('flooding', () => {
	it('a link used to flood the roster is cut off with 429 rate_limited', async () => {
		const m = await setUp();
		const replies = await Promise.all(Array.from({ length: 150 }, (_, i) => postCommand(server.url, m.id, m.participant, { type: 'member.join', name: `bot${i}` })));
		const limited = replies.filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		expect(limited[0].json).toEqual({ ok: false, code: 'rate_limited' });
		expect(replies.every((r) => r.status === 200 || r.status === 429)).toBe(true);
	});
});

describe('a shared link alone', () => {
	it('can read the meeting and join, but cannot act as a member', async () => {
		const m = await setUp();
		const someone = await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省' });
		const view = await getView(server.url, m.id, m.participant);
		expect(view.me).toMatchObject({ role: 'participant', memberId: null });
		expect(view.state.members[someone.result.id].name).toBe('青木 誠');
		expect(view.state.links).toEqual({});
		expect(view.linkUrls).toEqual({});

		const edit = await postCommand(server.url, m.id, m.participant, { type: 'member.update', memberId: someone.result.id, name: '改ざん' });
		expect(edit.status).toBe(403);
		expect(edit.json).toMatchObject({ ok: false, code: 'not_allowed' });

		const joined = await postCommand(server.url, m.id, m.participant, { type: 'member.join', name: '自分' });
		expect(joined.status).toBe(200);
		// Joined, the person edits themselves but still not someone else.
		const own = await postCommand(server.url, m.id, joined.json.result.token, { type: 'member.update', memberId: joined.json.result.memberId, department: '相談係' });
		expect(own.status).toBe(200);
		const other = await postCommand(server.url, m.id, joined.json.result.token, { type: 'member.update', memberId: someone.result.id, name: '改ざん' });
		expect(other.status).toBe(403);
		expect((await getView(server.url, m.id, m.organiserToken)).state.members[someone.result.id].name).toBe('青木 誠');
	});

	it('the display link reads organisations but no names', async () => {
		const m = await setUp();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name: '青木 誠', organisation: '厚生労働省', category: 'ministry' });
		const res = await api<SessionView>(server.url, `/api/v1/meetings/${m.id}`, { token: m.display });
		expect(res.status).toBe(200);
		expect(res.text).not.toContain('青木');
		expect(Object.values(res.json.state.members).map((x) => x.organisation)).toEqual(['厚生労働省']);
		const join = await postCommand(server.url, m.id, m.display, { type: 'member.join', name: '画面' });
		expect(join.status).toBe(403);
	});
});
