/**
 * Real rosters on a real server, on SQLite and on a real Redis: a personal invitation opened as a
 * browser does lands as its roster entry; a person claims their entry through the shared link with
 * the session cookie, nobody can claim it again or join as a copy of it; undoing a claim cuts that
 * session at once and offers the entry again.
 */
import { describe, expect, it } from 'vitest';
import { api, connectSocket, cookiePair, createMeeting, getView, mustCommand, postCommand, sendCommand, serverForSuiteOn, tokenOfUrl } from '../helpers/server.js';

describe.each(['sqlite', 'redis'] as const)('roster on %s', (store) => {
	const server = serverForSuiteOn(store);

	/** A meeting with the reference report's people registered beforehand; answers their ids and the participant link's token. */
	async function rostered() {
		const m = await createMeeting(server.url);
		const add = async (name: string, organisation: string, role: string, email = '') =>
			(await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.add', name, organisation, role, email, category: role === 'ministry' ? 'ministry' : 'agency' })).result.id as string;
		const aoki = await add('青木 誠', '厚生労働省', 'ministry', 'aoki@example.go.jp');
		const sasaki = await add('佐々木 亮', '札幌市社会福祉協議会', 'participant', 'sasaki@example.jp');
		const kubo = await add('久保 綾', '釧路市', 'participant');
		const view = await getView(server.url, m.id, m.organiserToken);
		const shared = Object.values(view.state.links).find((l) => l.role === 'participant')!;
		return { ...m, aoki, sasaki, kubo, participant: tokenOfUrl(view.linkUrls[shared.id]) };
	}

	/** Opens /j/<token> as a fresh browser; answers the redirect and the session cookie. */
	async function open(token: string) {
		const res = await api(server.url, `/j/${encodeURIComponent(token)}`);
		return { status: res.status, location: res.headers.get('location'), cookie: cookiePair(res.setCookies[0]) };
	}

	/** A command as the browser sends it: the session cookie, `?as=<role>`, no Origin header. */
	function asBrowser(meetingId: string, cookie: string, command: unknown, role = 'participant') {
		return api(server.url, `/api/v1/meetings/${meetingId}/commands?as=${role}`, { method: 'POST', cookie, body: command });
	}

	it('a personal invitation opens as its entry: no name form, no second member, shown again in the console', async () => {
		const m = await rostered();
		const created = await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'ministry', memberId: m.aoki });
		expect(created.result.url).toMatch(/\/j\//);
		const opened = await open(tokenOfUrl(created.result.url));
		expect(opened).toMatchObject({ status: 303, location: `/m/${m.id}/ministry` });
		const seen = await api(server.url, `/api/v1/meetings/${m.id}?as=ministry`, { cookie: opened.cookie });
		expect(seen.json.me).toMatchObject({ role: 'ministry', memberId: m.aoki });
		expect(seen.json.state.members[m.aoki].email).toBeUndefined();
		// The official acts as themselves at once.
		expect((await asBrowser(m.id, opened.cookie, { type: 'question.ask', text: '支援会議の開催状況について', direction: 'from_ministry' }, 'ministry')).status).toBe(200);
		const organiser = await getView(server.url, m.id, m.organiserToken);
		expect(Object.keys(organiser.state.members)).toHaveLength(3);
		expect(organiser.linkUrls[created.result.id]).toBe(created.result.url);
		expect(organiser.state.members[m.aoki].claim).toMatchObject({ via: 'invitation', linkId: created.result.id });
	});

	it('roster.invite issues every entry’s link in one command; each link is revocable like any link', async () => {
		const m = await rostered();
		const invited = await mustCommand(server.url, m.id, m.organiserToken, { type: 'roster.invite' });
		expect(invited.result.memberIds.sort()).toEqual([m.aoki, m.sasaki, m.kubo].sort());
		const organiser = await getView(server.url, m.id, m.organiserToken);
		const kuboLink = organiser.state.members[m.kubo].claim!.linkId!;
		const kuboToken = tokenOfUrl(organiser.linkUrls[kuboLink]);
		const socket = await connectSocket(server.url, { meetingId: m.id, token: kuboToken });
		expect(socket.view.me.memberId).toBe(m.kubo);
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: kuboLink });
		await socket.disconnected;
		expect(socket.revoked).toBe(true);
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: kuboToken })).status).toBe(401);
		expect((await getView(server.url, m.id, m.organiserToken)).state.members[m.kubo].claim).toBeNull();
	});

	it('claiming through the shared link: one person per entry, no copies, and an undo that cuts the session', async () => {
		const m = await rostered();
		const first = await open(m.participant);
		const claimed = await asBrowser(m.id, first.cookie, { type: 'member.claim', memberId: m.sasaki });
		expect(claimed.status).toBe(200);
		// The browser now holds the member's own session cookie.
		const own = cookiePair(claimed.setCookies[0]);
		const mine = await api(server.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie: own });
		expect(mine.json.me.memberId).toBe(m.sasaki);
		expect(mine.json.state.members[m.sasaki].claim).toMatchObject({ via: 'claim' });

		const second = await open(m.participant);
		expect((await asBrowser(m.id, second.cookie, { type: 'member.claim', memberId: m.sasaki })).json).toMatchObject({ ok: false, code: 'already_claimed' });
		expect((await asBrowser(m.id, own, { type: 'member.claim', memberId: m.kubo })).json).toMatchObject({ ok: false, code: 'already_exists' });
		// Typing a registered name as someone new is sent back to the list.
		const copy = await asBrowser(m.id, second.cookie, { type: 'member.join', name: '久保　綾', organisation: '釧路市' });
		expect(copy).toMatchObject({ status: 409, json: { code: 'on_roster' } });
		expect(Object.keys((await getView(server.url, m.id, m.organiserToken)).state.members)).toHaveLength(3);

		// The organiser sees the claim and undoes it: the session stops, the entry is offered again.
		const organiser = await getView(server.url, m.id, m.organiserToken);
		const claimLink = organiser.state.members[m.sasaki].claim!.linkId!;
		expect(organiser.linkUrls[claimLink]).toBeUndefined();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: claimLink });
		expect((await api(server.url, `/api/v1/meetings/${m.id}?as=participant`, { cookie: own })).status).toBe(401);
		const again = await asBrowser(m.id, second.cookie, { type: 'member.claim', memberId: m.sasaki });
		expect(again.status).toBe(200);
	});

	it('with the roster turned off the shared link only joins as someone new', async () => {
		const m = await rostered();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'roster.setPolicy', offerRoster: false });
		const browser = await open(m.participant);
		expect((await asBrowser(m.id, browser.cookie, { type: 'member.claim', memberId: m.sasaki })).json).toMatchObject({ ok: false, code: 'not_allowed' });
		expect((await postCommand(server.url, m.id, m.participant, { type: 'member.join', name: '佐々木 亮' })).status).toBe(200);
	});

	it('merging a copy: its session acts as the registered entry, its question moves there, the vote counts once', async () => {
		const m = await rostered();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'roster.setPolicy', offerRoster: false });
		const copy = (await mustCommand(server.url, m.id, m.participant, { type: 'member.join', name: '佐々木', organisation: '札幌市社協' })).result;
		const invite = (await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.create', role: 'participant', memberId: m.sasaki })).result;
		const asked = (await mustCommand(server.url, m.id, copy.token, { type: 'question.ask', text: '住居確保給付金の延長について' })).result.id;
		await mustCommand(server.url, m.id, copy.token, { type: 'question.vote', questionId: asked });
		await mustCommand(server.url, m.id, invite.token, { type: 'question.vote', questionId: asked });
		const socket = await connectSocket(server.url, { meetingId: m.id, token: copy.token });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.merge', memberId: copy.memberId, intoId: m.sasaki });
		const after = await getView(server.url, m.id, copy.token);
		expect(after.me.memberId).toBe(m.sasaki);
		expect(after.state.members[copy.memberId]).toBeUndefined();
		expect(after.state.questions.items[asked]).toMatchObject({ authorId: m.sasaki, votes: 1 });
		// The live socket stays connected and now sends as the registered entry.
		expect(socket.revoked).toBe(false);
		const sent = await sendCommand(socket.socket, { type: 'question.ask', text: '一時生活支援事業の利用状況について' });
		if (!sent.ok) throw new Error(`question.ask refused: ${sent.code}`);
		const organiser = await getView(server.url, m.id, m.organiserToken);
		expect(organiser.state.questions.items[String(sent.result!.id)].authorId).toBe(m.sasaki);
		expect(Object.keys(organiser.state.members)).toHaveLength(3);
		socket.close();
	});

	it('removing an entry cuts its sessions at once; its question stays under its organisation', async () => {
		const m = await rostered();
		const opened = await open(m.participant);
		const claimed = await asBrowser(m.id, opened.cookie, { type: 'member.claim', memberId: m.kubo });
		const token = claimed.json.result.token as string;
		const asked = (await mustCommand(server.url, m.id, token, { type: 'question.ask', text: '緊急小口資金の特例について' })).result.id;
		const socket = await connectSocket(server.url, { meetingId: m.id, token });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'member.remove', memberId: m.kubo });
		await socket.disconnected;
		expect(socket.revoked).toBe(true);
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token })).status).toBe(401);
		const organiser = await getView(server.url, m.id, m.organiserToken);
		expect(organiser.state.questions.items[asked].authorId).toBe(m.kubo);
		expect(organiser.state.formerMembers?.[m.kubo]).toMatchObject({ organisation: '釧路市', mergedInto: null });
	});
});
