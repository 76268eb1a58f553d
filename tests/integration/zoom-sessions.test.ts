/**
 * `GET /api/v1/zoom/sessions` on a real server: the Zoom meeting id is never a credential. It
 * answers only this browser's own sessions (its signed cookies) of the meeting linked to the Zoom
 * meeting; a cookie copied under another meeting's name, a tampered one or none at all read nothing;
 * organisers see their unlinked meetings to link, nobody else does. `/j/<token>?then=zoom` binds the
 * browser and comes back to the panel's home.
 */
import { describe, expect, it } from 'vitest';
import { api, cookiePair, createMeeting, getView, mustCommand, serverForSuite, tokenOfUrl } from '../helpers/server.js';

const server = serverForSuite();
const ZOOM_ID = '81234567890';

/** A new meeting, linked to `zoomMeetingId` unless null, with the organiser's cookie and the participant link's token. */
async function meeting(zoomMeetingId: string | null, title = '情報交換会') {
	const m = await createMeeting(server.url, { title, startsAt: '2021-06-04T14:00:00+09:00' });
	if (zoomMeetingId) await mustCommand(server.url, m.id, m.organiserToken, { type: 'meeting.update', zoomMeetingId });
	const opened = await api(server.url, `/j/${m.organiserToken}`);
	const view = await getView(server.url, m.id, m.organiserToken);
	const link = Object.values(view.state.links).find((l) => l.role === 'participant' && !l.revoked)!;
	return { ...m, organiserCookie: cookiePair(opened.setCookies[0]), participantToken: tokenOfUrl(view.linkUrls[link.id]) };
}

const sessions = (cookie: string | undefined, id = ZOOM_ID) => api(server.url, `/api/v1/zoom/sessions?zoomMeetingId=${encodeURIComponent(id)}`, { cookie });

describe('GET /api/v1/zoom/sessions', () => {
	it('answers nothing for the Zoom meeting id alone', async () => {
		await meeting(ZOOM_ID);
		const res = await sessions(undefined);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ ok: true, linked: [], unlinked: [] });
	});

	it('answers this browser’s organiser session of the linked meeting, with its rooms, whatever way Zoom writes the id', async () => {
		const m = await meeting('81234567891');
		const room = await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' });
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'room.update', roomId: room.result.id, zoomName: 'Room A' });
		const res = await sessions(m.organiserCookie, '812 3456 7891');
		expect(res.json).toEqual({
			ok: true,
			linked: [{ meetingId: m.id, title: '情報交換会', role: 'organiser', home: `/m/${m.id}/console`, rooms: [{ id: room.result.id, name: 'ルーム1', zoomName: 'Room A' }] }],
			unlinked: []
		});
	});

	it('answers a participant’s session with their home, and lists unlinked meetings to organisers only', async () => {
		const linked = await meeting('81234567892');
		const opened = await api(server.url, `/j/${linked.participantToken}`);
		const participant = cookiePair(opened.setCookies[0]);
		const unlinked = await meeting(null, '未連携の会議');
		const both = `${participant}; ${unlinked.organiserCookie}`;
		const res = await sessions(both, '81234567892');
		expect(res.json.linked).toEqual([expect.objectContaining({ meetingId: linked.id, role: 'participant', home: `/m/${linked.id}` })]);
		expect(res.json.unlinked).toEqual([{ meetingId: unlinked.id, title: '未連携の会議', role: 'organiser' }]);
		// The participant's own cookie alone lists no meeting to link.
		expect((await sessions(participant, '81234567899')).json).toEqual({ ok: true, linked: [], unlinked: [] });
	});

	it('reads nothing from a cookie copied under another meeting’s name or a tampered one', async () => {
		const mine = await meeting(null);
		const target = await meeting('81234567893');
		const value = mine.organiserCookie.slice(mine.organiserCookie.indexOf('=') + 1);
		const copied = `yoriai_organiser_${target.id}=${value}`;
		expect((await sessions(copied, '81234567893')).json).toEqual({ ok: true, linked: [], unlinked: [] });
		const tampered = target.organiserCookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
		expect((await sessions(tampered, '81234567893')).json).toEqual({ ok: true, linked: [], unlinked: [] });
	});

	it('refuses what is not a Zoom meeting id', async () => {
		for (const bad of ['', '123', 'abc', '1'.repeat(13)]) {
			const res = await sessions(undefined, bad);
			expect(res.status).toBe(400);
			expect(res.json).toMatchObject({ ok: false, code: 'invalid' });
		}
	});
});

describe('/j/<token>?then=zoom', () => {
	it('binds the browser and comes back to the Zoom App panel’s home', async () => {
		const m = await meeting(ZOOM_ID);
		const res = await api(server.url, `/j/${m.participantToken}?then=zoom`);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/zoom');
		expect(res.setCookies.join('\n')).toContain(`yoriai_participant_${m.id}=`);
		// Anything else opens the role's page as before.
		expect((await api(server.url, `/j/${m.participantToken}?then=https://evil.example`)).headers.get('location')).toBe(`/m/${m.id}`);
	});
});
