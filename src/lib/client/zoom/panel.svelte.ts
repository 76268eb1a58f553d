/**
 * The Zoom App side panel's state, one per page (loaded on demand, only inside Zoom): the Zoom
 * meeting and user from the SDK, this browser's own Yoriai sessions of the linked meeting, and the
 * following: when Zoom moves the person into a breakout room the panel opens that room's board, and
 * back on the plenary home when they return (client-side navigation, no reload). The Zoom bar is
 * mounted once beside the app's root, so it stays across those navigations while no page outside
 * Zoom carries any of this code.
 */
import { mount } from 'svelte';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { roomForZoomName, type ZoomSessions } from '$lib/shared/zoom/panel';
import { zoomSdk, type ZoomSdk } from './sdk';
import ZoomBar from '$lib/components/zoom/ZoomBar.svelte';

type Linked = ZoomSessions['linked'][number];

/** Where the panel is with Zoom: loading, ready, or the SDK refused (not in a meeting, an old client…). */
export type PanelStatus = 'starting' | 'ready' | 'failed';

/** Zoom's breakout room the person is in, and the Yoriai room it matched (null when none did). */
export interface BreakoutPlace {
	zoomName: string;
	roomId: string | null;
}

const ROLE_ORDER = ['organiser', 'facilitator', 'ministry', 'participant', 'display'];

export class ZoomPanel {
	status = $state<PanelStatus>('starting');
	zoomMeetingId = $state('');
	topic = $state('');
	/** The Zoom user: screen name, their participant id and Zoom role (`host`, `coHost`, `attendee`…). */
	user = $state<{ screenName: string; participantUUID: string; role: string } | null>(null);
	sessions = $state<ZoomSessions | null>(null);
	breakout = $state<BreakoutPlace | null>(null);
	sdk: ZoomSdk | null = null;

	/** The session the panel acts as (an organiser's first, when the browser has several). */
	get session(): Linked | null {
		const linked = this.sessions?.linked ?? [];
		return [...linked].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))[0] ?? null;
	}

	/** The panel's home of the session: the host tools for organisers, the role's page otherwise. */
	get home(): string | null {
		const s = this.session;
		return s ? (s.role === 'organiser' ? '/zoom' : s.home) : null;
	}

	/** Reads Zoom's context, finds the session and starts following breakout rooms. */
	async start(): Promise<void> {
		try {
			const sdk = await zoomSdk();
			this.sdk = sdk;
			const [meeting, user] = await Promise.all([sdk.getMeetingContext(), sdk.getUserContext()]);
			this.zoomMeetingId = meeting.meetingID;
			this.topic = meeting.meetingTopic;
			this.user = { screenName: user.screenName, participantUUID: user.participantUUID, role: user.role };
			sdk.onBreakoutRoomChange((e) => void this.follow(e.action, e.breakoutRoomUUID));
			await this.refresh();
			this.status = 'ready';
		} catch {
			this.status = 'failed';
		}
	}

	/** Asks the server again which of this browser's sessions belong to the Zoom meeting. */
	async refresh(): Promise<void> {
		const res = await fetch(`/api/v1/zoom/sessions?zoomMeetingId=${encodeURIComponent(this.zoomMeetingId)}`, { credentials: 'same-origin' });
		const body = (await res.json()) as ZoomSessions | { ok: false };
		this.sessions = body.ok ? body : { ok: true, linked: [], unlinked: [] };
	}

	/** Zoom moved the person: into breakout room `uuid` (`join`) or back to the main session (`leave`). */
	async follow(action: 'join' | 'leave', uuid: string): Promise<void> {
		const s = this.session;
		if (!s || !this.sdk) return;
		if (action === 'leave') {
			this.breakout = null;
			if (this.home && page.url.pathname !== this.home) await goto(this.home);
			return;
		}
		const list = await this.sdk.getBreakoutRoomList().catch(() => null);
		const zoomName = list?.rooms.find((r) => r.breakoutRoomId === uuid)?.name ?? '';
		const room = roomForZoomName(s.rooms, zoomName);
		this.breakout = { zoomName, roomId: room?.id ?? null };
		if (room) await goto(`/m/${s.meetingId}/rooms/${room.id}`);
	}
}

let panel: ZoomPanel | null = null;

/**
 * The page's panel, started on first use, with the Zoom bar mounted above the app's root (in the
 * contexts of the page that started it, for the language).
 */
export function zoomPanel(context: Map<unknown, unknown>): ZoomPanel {
	if (!panel) {
		const started = new ZoomPanel();
		panel = started;
		void started.start();
		const root = document.body.firstElementChild;
		const target = document.createElement('div');
		document.body.insertBefore(target, root);
		mount(ZoomBar, { target, props: { panel: started }, context });
	}
	return panel;
}
