/**
 * Join codes over the real HTTP API: organisers read each shared link's code; `POST /api/v1/join`
 * turns a code typed any way into that link's URL, which then works; a revoked link's code stops with
 * it; guessing is rate-limited per client; a code is never a bearer token.
 */
import { describe, expect, it } from 'vitest';
import { api, createMeeting, getView, mustCommand, serverForSuite, tokenOfUrl } from '../helpers/server.js';

const server = serverForSuite();

async function meetingWithCodes() {
	const m = await createMeeting(server.url);
	const view = await getView(server.url, m.id, m.organiserToken);
	const participant = Object.values(view.state.links).find((l) => l.role === 'participant')!;
	const codes = await api(server.url, `/api/v1/meetings/${m.id}/join-codes`, { token: m.organiserToken });
	expect(codes.status).toBe(200);
	return { m, view, participant, code: codes.json.codes[participant.id] as string, codes: codes.json.codes as Record<string, string> };
}

describe('join codes', () => {
	it('give every shared link a distinct 8-symbol code, and none to the organiser’s own link', async () => {
		const { view, codes } = await meetingWithCodes();
		const shared = Object.values(view.state.links).filter((l) => l.role !== 'organiser');
		expect(Object.keys(codes).sort()).toEqual(shared.map((l) => l.id).sort());
		for (const code of Object.values(codes)) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
		expect(new Set(Object.values(codes)).size).toBe(shared.length);
	});

	it('resolve, typed in lower case without the hyphen, to the participant link, which opens the meeting', async () => {
		const { m, view, participant, code } = await meetingWithCodes();
		const res = await api(server.url, '/api/v1/join', { body: { code: code.replace('-', '').toLowerCase() } });
		expect(res.status).toBe(200);
		expect(res.json.url).toBe(view.linkUrls[participant.id]);
		const opened = await getView(server.url, m.id, tokenOfUrl(res.json.url));
		expect(opened.me.role).toBe('participant');
	});

	it('stop with their link: after link.revoke the code is not found', async () => {
		const { m, participant, code } = await meetingWithCodes();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'link.revoke', linkId: participant.id });
		const res = await api(server.url, '/api/v1/join', { body: { code } });
		expect([res.status, res.json.code]).toEqual([404, 'not_found']);
	});

	it('are not bearer tokens: a code opens nothing by itself', async () => {
		const { m, code } = await meetingWithCodes();
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: code })).status).toBe(401);
		expect((await api(server.url, `/api/v1/meetings/${m.id}`, { token: code.replace('-', '') })).status).toBe(401);
	});

	it('are shown by the display beside its QR code (plenary/qr answers the code with the URL)', async () => {
		const { m, view, participant, code } = await meetingWithCodes();
		await mustCommand(server.url, m.id, m.organiserToken, { type: 'plenary.qr', linkId: participant.id });
		const display = Object.values(view.state.links).find((l) => l.role === 'display')!;
		const qr = await api(server.url, `/api/v1/meetings/${m.id}/plenary/qr`, { token: tokenOfUrl(view.linkUrls[display.id]) });
		expect(qr.json).toMatchObject({ url: view.linkUrls[participant.id], code });
	});

	it('are only for organisers to list (a participant link gets 403)', async () => {
		const { m, view, participant } = await meetingWithCodes();
		const res = await api(server.url, `/api/v1/meetings/${m.id}/join-codes`, { token: tokenOfUrl(view.linkUrls[participant.id]) });
		expect(res.status).toBe(403);
	});

	it('refuse guessing: after 10 tries a client gets 429 rate_limited, even for a right code', async () => {
		const { code } = await meetingWithCodes();
		const headers = { 'x-forwarded-for': '203.0.113.9' }; // ignored (TRUST_PROXY=0): the limit is per peer
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) statuses.push((await api(server.url, '/api/v1/join', { body: { code: `ZZZZ-ZZ${'23456789ABCD'[i]}${'23456789ABCD'[i]}` }, headers })).status);
		expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(10);
		expect(statuses.at(-1)).toBe(429);
		const right = await api(server.url, '/api/v1/join', { body: { code } });
		expect([right.status, right.json.code]).toEqual([429, 'rate_limited']);
	});
});
