/**
 * Yoriai as a Zoom App, in Chromium with a fake Zoom client at the one SDK boundary: every page
 * route answers its HTML with the headers Zoom requires; the organiser links the Zoom meeting from
 * the panel; someone without a session gets nothing from the Zoom meeting id and joins with a code;
 * the panel follows Zoom's breakout room into room 2's board and back without a reload; the host
 * pushes the room plan and the fake records the rooms and assignments; the console edits the link;
 * outside Zoom no SDK loads.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../helpers/app.js';
import { startApp } from '../helpers/app.js';
import { a11yViolations, closeAppAndBrowser, joinAs, newUser, screenshot, screenshotBoth, startAppAndBrowser } from '../helpers/browser.js';
import { zoomCalls, zoomContext, zoomEmit, type ZoomScene } from '../helpers/fake-zoom.js';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';

const ZOOM_ID = '81234567890';
const meeting = { meetingID: ZOOM_ID, meetingTopic: '生活困窮者支援 情報交換会' };
const breakoutRooms = [
	{ breakoutRoomId: 'bo-1', name: 'ルーム1' },
	{ breakoutRoomId: 'bo-2', name: 'ルーム2' },
	{ breakoutRoomId: 'bo-3', name: 'ルーム3' }
];
const hostScene: ZoomScene = {
	meeting,
	user: { screenName: '森 優子', participantUUID: 'p-host', role: 'host' },
	breakoutRooms,
	participants: [
		{ participantUUID: 'p-host', screenName: '森 優子' },
		{ participantUUID: 'p-sasaki', screenName: '佐々木 亮' },
		{ participantUUID: 'p-seto', screenName: '瀬戸美咲' },
		{ participantUUID: 'p-taka', screenName: 'Osamu T.', email: 'takahashi@example.jp' },
		{ participantUUID: 'p-guest', screenName: 'ゲスト 1' }
	]
};
const attendeeScene: ZoomScene = { meeting, user: { screenName: '瀬戸 美咲', participantUUID: 'p-seto', role: 'attendee' }, breakoutRooms };

/** The page routes under src/routes (every +page.svelte), with `[param]` segments as named. */
function pageRoutes(dir = join(process.cwd(), 'src', 'routes')): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...pageRoutes(full));
		else if (name === '+page.svelte') {
			const rel = relative(join(process.cwd(), 'src', 'routes'), dir).split('/').filter((s) => s && !/^\(.*\)$/.test(s));
			out.push('/' + rel.join('/'));
		}
	}
	return out.sort();
}

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
let org: Page;
let meetingId = '';
let rooms: string[] = [];

async function track(ctx: BrowserContext): Promise<Page> {
	contexts.push(ctx);
	return ctx.newPage();
}

beforeAll(async () => {
	({ app, browser } = await startAppAndBrowser({ ZOOM_APP: '1' }));
	// The organiser creates the demo meeting inside the Zoom client's panel (380 px).
	org = await track(await zoomContext(browser, hostScene));
	await org.goto(app.url);
	await org.getByRole('button', { name: 'デモ会議を作成' }).click();
	await org.waitForURL(/\/console$/);
	meetingId = /\/m\/([^/]+)\/console$/.exec(org.url())![1];
	const view = (await (await org.request.get(`${app.url}/api/v1/meetings/${meetingId}`)).json()) as SessionView;
	rooms = sortedRooms(view.state).map((r) => r.id);
	const takahashi = Object.values(view.state.members).find((m) => m.name === '高橋 修')!;
	const set = await org.request.post(`${app.url}/api/v1/meetings/${meetingId}/commands`, { data: { type: 'member.update', memberId: takahashi.id, email: 'takahashi@example.jp' }, headers: { origin: app.url } });
	expect(set.status()).toBe(200);
});

afterAll(async () => {
	for (const c of contexts) await c.close();
	await closeAppAndBrowser(app, browser);
});

describe('served as a Zoom App', () => {
	it('answers every page route with HSTS, nosniff, a CSP framed by Zoom only and a referrer policy', async () => {
		const routes = pageRoutes();
		expect(routes).toContain('/zoom');
		expect(routes.length).toBeGreaterThanOrEqual(8);
		const paths = routes.map((r) => r.replace('[id]', meetingId).replace('[roomId]', rooms[0]));
		for (const path of paths) {
			const res = await org.request.get(app.url + path);
			expect(res.status(), path).toBe(200);
			const h = res.headers();
			expect(h['content-type'], path).toMatch(/^text\/html/);
			expect(h['strict-transport-security'], path).toMatch(/max-age=\d+/);
			expect(h['x-content-type-options'], path).toBe('nosniff');
			expect(h['referrer-policy'], path).toBe('no-referrer');
			const frame = /frame-ancestors ([^;]*)/.exec(h['content-security-policy'] ?? '')?.[1];
			expect(frame, path).toBe('https://zoom.us https://*.zoom.us');
			expect(h['content-security-policy'], path).toMatch(/script-src 'self'/);
		}
	});

	it('keeps HSTS to https for a plain browser deployment (ZOOM_APP unset)', async () => {
		const plain = await startApp();
		try {
			const res = await fetch(`${plain.url}/zoom`);
			expect(res.status).toBe(200);
			expect(res.headers.get('strict-transport-security')).toBeNull();
			expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://zoom.us https://*.zoom.us');
			const proxied = await fetch(`${plain.url}/zoom`, { headers: { 'x-forwarded-proto': 'https' } });
			expect(proxied.headers.get('strict-transport-security')).toMatch(/max-age/);
		} finally {
			await plain.stop();
		}
	});
});

describe('the side panel', () => {
	it('lets the organiser link the Zoom meeting once, then shows the host tools', async () => {
		await org.goto(`${app.url}/zoom`);
		await org.getByRole('button', { name: '「生活困窮者支援 情報交換会（デモ）」に結び付ける' }).click();
		await org.getByRole('heading', { name: /主催者のパネル/ }).waitFor();
		expect(await zoomCalls(org, 'config')).toMatchObject([{ arg: { capabilities: expect.arrayContaining(['onBreakoutRoomChange', 'createBreakoutRooms', 'assignParticipantToBreakoutRoom']) } }]);
		const view = (await (await org.request.get(`${app.url}/api/v1/meetings/${meetingId}`)).json()) as SessionView;
		expect(view.state.meeting.zoomMeetingId).toBe(ZOOM_ID);
		expect(await a11yViolations(org)).toEqual([]);
		await screenshot(org, 'zoom-host-380');
	});

	it('gives someone without a session nothing for the Zoom meeting id, and asks for their link or code', async () => {
		const page = await track(await zoomContext(browser, attendeeScene));
		await page.goto(`${app.url}/zoom`);
		await page.getByRole('heading', { name: 'この Zoom 会議に結び付いた寄り合いの会議を、このパネルではまだ開いていません。' }).waitFor();
		expect(await page.getByTestId('join-by-code').count()).toBe(1);
		expect(await page.getByRole('heading', { name: /結び付ける/ }).count()).toBe(0);
		const answer = await (await page.request.get(`${app.url}/api/v1/zoom/sessions?zoomMeetingId=${ZOOM_ID}`)).json();
		expect(answer).toEqual({ ok: true, linked: [], unlinked: [] });
		expect(await a11yViolations(page)).toEqual([]);
		await screenshot(page, 'zoom-no-session-380');
	});

	it('opens the person’s page after a join code, follows Zoom into room 2’s board and back without a reload, and again after one', async () => {
		const codes = (await (await org.request.get(`${app.url}/api/v1/meetings/${meetingId}/join-codes`)).json()) as { codes: Record<string, string> };
		const view = (await (await org.request.get(`${app.url}/api/v1/meetings/${meetingId}`)).json()) as SessionView;
		const shared = Object.values(view.state.links).find((l) => l.role === 'participant' && !l.revoked && !l.memberId)!;
		const page = await track(await zoomContext(browser, attendeeScene));
		await page.goto(`${app.url}/zoom`);
		await page.getByRole('textbox', { name: '参加コード' }).fill(codes.codes[shared.id]);
		await page.getByTestId('join-by-code').getByRole('button', { name: '参加する' }).click();
		// The link binds this browser, comes back to the panel, and the panel opens the person's page.
		await page.waitForURL(new RegExp(`/m/${meetingId}$`));
		await joinAs(page, '瀬戸 美咲');
		await page.getByTestId('me').filter({ hasText: '瀬戸 美咲' }).waitFor();
		await page.getByTestId('zoom-bar').filter({ hasText: 'Zoom：メインルーム' }).waitFor();
		await screenshot(page, 'zoom-participant-home-380');

		await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
		await zoomEmit(page, 'onBreakoutRoomChange', { action: 'join', breakoutRoomUUID: 'bo-2', timestamp: 1 });
		await page.waitForURL((u) => u.pathname === `/m/${meetingId}/rooms/${rooms[1]}`);
		await page.getByTestId('zoom-bar').filter({ hasText: 'Zoom：ルーム2' }).waitFor();
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
		await page.locator('.cm-content').first().waitFor();
		expect(await a11yViolations(page)).toEqual([]);
		await screenshot(page, 'zoom-room-board-380');

		await zoomEmit(page, 'onBreakoutRoomChange', { action: 'leave', breakoutRoomUUID: 'bo-2', timestamp: 2 });
		await page.waitForURL((u) => u.pathname === `/m/${meetingId}`);
		await page.getByTestId('zoom-bar').filter({ hasText: 'Zoom：メインルーム' }).waitFor();
		expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

		// A full reload away from /zoom (the person pressed reload): the panel starts again on that
		// page, with its bar, and goes on following Zoom.
		await page.reload();
		await page.getByTestId('zoom-bar').filter({ hasText: 'Zoom：メインルーム' }).waitFor();
		await zoomEmit(page, 'onBreakoutRoomChange', { action: 'join', breakoutRoomUUID: 'bo-2', timestamp: 4 });
		await page.waitForURL((u) => u.pathname === `/m/${meetingId}/rooms/${rooms[1]}`);
		await page.getByTestId('zoom-bar').filter({ hasText: 'Zoom：ルーム2' }).waitFor();
		expect(await page.getByTestId('zoom-bar').count()).toBe(1);
		await page.locator('.cm-content').first().waitFor();
		await screenshot(page, 'zoom-room-board-after-reload-380');
		await zoomEmit(page, 'onBreakoutRoomChange', { action: 'leave', breakoutRoomUUID: 'bo-2', timestamp: 5 });
		await page.waitForURL((u) => u.pathname === `/m/${meetingId}`);

		// A Zoom room no Yoriai room matches: the panel stays and says so.
		await zoomEmit(page, 'onBreakoutRoomChange', { action: 'join', breakoutRoomUUID: 'unknown', timestamp: 3 });
		await page.getByTestId('zoom-bar').filter({ hasText: 'に当たる寄り合いのルームがありません' }).waitFor();
		expect(new URL(page.url()).pathname).toBe(`/m/${meetingId}`);
	});

	it('lets the host preview the room plan against the Zoom meeting, push it, and see who was not placed', async () => {
		await org.goto(`${app.url}/zoom`);
		const push = org.getByTestId('zoom-push');
		await push.getByRole('button', { name: 'Zoom の参加者と照合する（プレビュー）' }).click();
		const preview = org.getByTestId('zoom-preview');
		// 高橋 修 is found once his email arrives (Zoom asks him to consent first).
		await preview.filter({ hasText: '高橋 修' }).waitFor();
		expect(await preview.textContent()).toContain('ルーム1：1名');
		expect(await preview.textContent()).toContain('ルーム2：2名');
		expect(await preview.textContent()).toContain('名簿と一致しない Zoom の参加者（そのまま残ります）：1名');
		expect(await preview.textContent()).toContain('森 優子さん（ホスト）はルーム1です。');
		expect(await a11yViolations(org)).toEqual([]);
		await screenshot(org, 'zoom-push-preview-380');

		await preview.getByRole('button', { name: 'Zoom にルームを作って割り当てる（3名）' }).click();
		await org.getByTestId('zoom-push-report').filter({ hasText: '3室を作り、3名を割り当てました。' }).waitFor();
		expect(await org.getByTestId('zoom-push-report').textContent()).toContain('割り当てられなかった人');
		expect((await zoomCalls(org, 'createBreakoutRooms')).map((c) => c.arg)).toEqual([{ numberOfRooms: 3, names: ['ルーム1', 'ルーム2', 'ルーム3'], assign: 'manually' }]);
		const assigned = (await zoomCalls(org, 'assignParticipantToBreakoutRoom')).map((c) => c.arg as { uuid: string; participantUUID: string });
		expect(assigned.sort((a, b) => a.participantUUID.localeCompare(b.participantUUID))).toEqual([
			{ uuid: 'zoom-bo-1', participantUUID: 'p-sasaki' },
			{ uuid: 'zoom-bo-2', participantUUID: 'p-seto' },
			{ uuid: 'zoom-bo-2', participantUUID: 'p-taka' }
		]);
		// The host is never assigned (Zoom moves hosts themselves).
		expect(assigned.some((a) => a.participantUUID === 'p-host')).toBe(false);
		await screenshot(org, 'zoom-push-report-380');
	});
});

describe('the console setting', () => {
	it('shows the linked Zoom meeting id, refuses one that is not, and saves it as digits', async () => {
		await org.goto(`${app.url}/m/${meetingId}/console`);
		await org.getByText('会議の設定').click();
		const field = org.getByRole('textbox', { name: /Zoom の会議 ID/ });
		expect(await field.inputValue()).toBe(ZOOM_ID);
		await field.fill('8123');
		await org.getByRole('button', { name: '保存', exact: true }).click();
		await org.getByTestId('field-error').filter({ hasText: 'Zoom の会議 ID は 9〜12 桁の数字です。' }).waitFor();
		expect(await a11yViolations(org)).toEqual([]);
		await screenshotBoth(org, 'zoom-console-setting');
		await field.fill('812-3456-7891');
		await org.getByRole('button', { name: '保存', exact: true }).click();
		await expect.poll(async () => ((await (await org.request.get(`${app.url}/api/v1/meetings/${meetingId}`)).json()) as SessionView).state.meeting.zoomMeetingId, { timeout: 15_000 }).toBe('81234567891');
	});

	it('maps a room to a Zoom breakout room of another name', async () => {
		const room = org.getByTestId('room').filter({ hasText: 'ルーム3' });
		await room.getByRole('button', { name: '編集: ルーム3' }).click();
		const form = org.getByTestId('room').filter({ has: org.getByRole('textbox', { name: /Zoom でのルーム名/ }) });
		await form.getByRole('textbox', { name: /Zoom でのルーム名/ }).fill('グループC');
		await form.getByRole('button', { name: '保存', exact: true }).click();
		await org.getByTestId('room').filter({ hasText: 'Zoom では「グループC」' }).waitFor();
		const answer = await (await org.request.get(`${app.url}/api/v1/zoom/sessions?zoomMeetingId=81234567891`)).json();
		expect(answer.linked[0].rooms[2]).toEqual({ id: rooms[2], name: 'ルーム3', zoomName: 'グループC' });
	});
});

describe('outside Zoom', () => {
	it('loads no Zoom SDK on any page, and /zoom says what it is for', async () => {
		const ctx = await newUser(browser);
		contexts.push(ctx);
		const page = await ctx.newPage();
		const scripts: Promise<string>[] = [];
		page.on('response', (r) => {
			if (r.url().endsWith('.js')) scripts.push(r.text());
		});
		await page.goto(`${app.url}/zoom`);
		await page.getByText('このページは Zoom アプリ').waitFor();
		await page.goto(app.url, { waitUntil: 'networkidle' });
		const bodies = await Promise.all(scripts);
		expect(bodies.length).toBeGreaterThan(5);
		expect(bodies.filter((b) => b.includes('js_api_lists'))).toEqual([]);
	});

	it('inside Zoom, the real SDK is what the panel loads when no fake is given', async () => {
		const page = await track(await zoomContext(browser, attendeeScene, { fake: false }));
		const scripts: Promise<string>[] = [];
		page.on('response', (r) => {
			if (r.url().endsWith('.js')) scripts.push(r.text());
		});
		await page.goto(`${app.url}/zoom`, { waitUntil: 'networkidle' });
		const bodies = await Promise.all(scripts);
		expect(bodies.filter((b) => b.includes('js_api_lists'))).toHaveLength(1);
	});
});
