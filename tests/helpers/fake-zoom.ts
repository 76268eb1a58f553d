/**
 * A stand-in for the Zoom client, for e2e tests: a browser context whose user agent is the Zoom
 * embedded browser's and whose pages get `window.__yoriaiFakeZoomSdk` before any script runs (the
 * one boundary, src/lib/client/zoom/sdk.ts, takes it instead of @zoom/appssdk). The fake answers
 * the calls Yoriai makes from the scene given, fires events the test asks for, and records calls.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** What the fake Zoom client knows. */
export interface ZoomScene {
	meeting: { meetingID: string; meetingTopic: string };
	user: { screenName: string; participantUUID: string; role: 'host' | 'coHost' | 'attendee' };
	/** Breakout rooms as Zoom has them before any are created. */
	breakoutRooms?: { breakoutRoomId: string; name: string }[];
	/** People in the meeting (host only sees them); `email` is sent once they "consent". */
	participants?: { participantUUID: string; screenName: string; email?: string }[];
}

/** One recorded call. */
export interface ZoomCall {
	name: string;
	arg: unknown;
}

/** A user agent as Zoom's embedded browser sends it (Chromium's, with `ZoomApps/1.0`). */
export const ZOOM_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 ZoomApps/1.0';

/** The fake, run in the page before its scripts (serialised by playwright: self-contained). */
function installFake(scene: ZoomScene) {
	const calls: { name: string; arg: unknown }[] = [];
	const handlers: Record<string, ((e: unknown) => void)[]> = {};
	let rooms = (scene.breakoutRooms ?? []).map((r) => ({ ...r, participants: [] as unknown[] }));
	const record = (name: string, arg?: unknown) => calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
	const on = (name: string) => (h: (e: unknown) => void) => {
		(handlers[name] ??= []).push(h);
	};
	const emit = (name: string, e: unknown) => (handlers[name] ?? []).forEach((h) => h(e));
	(window as unknown as Record<string, unknown>).__yoriaiFakeZoomSdk = {
		calls,
		emit,
		async config(o: unknown) {
			record('config', o);
			return { runningContext: 'inMeeting', unsupportedApis: [], clientVersion: '6.3.0', browserVersion: 'fake', auth: { status: 'authorized', upgradable: false } };
		},
		async getRunningContext() {
			return { context: 'inMeeting' };
		},
		async getMeetingContext() {
			record('getMeetingContext');
			return scene.meeting;
		},
		async getUserContext() {
			record('getUserContext');
			return { ...scene.user, participantId: scene.user.participantUUID, status: 'authorized' };
		},
		async getBreakoutRoomList() {
			record('getBreakoutRoomList');
			return { rooms, state: 'open' };
		},
		onBreakoutRoomChange: on('onBreakoutRoomChange'),
		onParticipantEmail: on('onParticipantEmail'),
		async getMeetingParticipants() {
			record('getMeetingParticipants');
			return { participants: (scene.participants ?? []).map((p) => ({ participantUUID: p.participantUUID, participantId: p.participantUUID, screenName: p.screenName, role: 'attendee' })) };
		},
		async getMeetingParticipantsEmail(o: unknown) {
			record('getMeetingParticipantsEmail', o);
			setTimeout(() => {
				for (const p of scene.participants ?? []) if (p.email) emit('onParticipantEmail', { participantUUID: p.participantUUID, participantEmail: p.email, timestamp: 0 });
			}, 20);
			return { message: 'success' };
		},
		async createBreakoutRooms(o: { names: string[] }) {
			record('createBreakoutRooms', o);
			rooms = o.names.map((name, i) => ({ breakoutRoomId: `zoom-bo-${i + 1}`, name, participants: [] }));
			return { rooms, state: 'closed' };
		},
		async assignParticipantToBreakoutRoom(o: unknown) {
			record('assignParticipantToBreakoutRoom', o);
			return { message: 'success' };
		}
	};
}

/** A browser context that is "inside Zoom" at `width` px (the side panel), with the fake installed. */
export async function zoomContext(browser: Browser, scene: ZoomScene, opts: { width?: number; fake?: boolean } = {}): Promise<BrowserContext> {
	const ctx = await browser.newContext({
		locale: 'ja-JP',
		timezoneId: 'Asia/Tokyo',
		userAgent: ZOOM_USER_AGENT,
		viewport: { width: opts.width ?? 380, height: 760 },
		deviceScaleFactor: 1
	});
	if (opts.fake !== false) await ctx.addInitScript(installFake, scene);
	return ctx;
}

/** The calls the page's fake recorded (since the page's document loaded). */
export function zoomCalls(page: Page, name?: string): Promise<ZoomCall[]> {
	return page.evaluate((n) => {
		const calls = (window as unknown as { __yoriaiFakeZoomSdk: { calls: ZoomCall[] } }).__yoriaiFakeZoomSdk.calls;
		return n ? calls.filter((c) => c.name === n) : calls;
	}, name);
}

/** Fires a Zoom event in the page, as the Zoom client would. */
export function zoomEmit(page: Page, name: string, event: unknown): Promise<void> {
	return page.evaluate(([n, e]) => (window as unknown as { __yoriaiFakeZoomSdk: { emit(n: string, e: unknown): void } }).__yoriaiFakeZoomSdk.emit(n as string, e), [name, event] as const);
}
