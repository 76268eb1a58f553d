/**
 * Helpers for notes tests: a demo meeting with tokens for each kind of person, and real Node
 * y-websocket clients (WebsocketProvider over `ws`) connected to a board.
 */
import WebSocket from 'ws';
import { Manager } from 'socket.io-client';
import { boardSocketClass } from '../../src/lib/client/board-socket.js';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type { SessionView } from '../../src/lib/shared/protocol.js';
import { sortedRooms } from '../../src/lib/shared/meeting/types.js';
import type { Running } from '../../server/start.js';
import { api, eventually, getView, mustCommand, startTwoInstancesOnRedis, tokenOfUrl, type Teardown } from './server.js';

export interface DemoMeeting {
	id: string;
	organiserToken: string;
	/** Room ids in order (ルーム1, ルーム2, ルーム3). */
	rooms: string[];
	view: SessionView;
	/** Token of the facilitator link of room `i` (not joined by name). */
	facilitatorToken(i: number): string;
	/** Token of the display link. */
	displayToken(): string;
	/** Joins through the participant (or ministry) link with `name` and puts the member in room `i` (null: no room). */
	joinMember(name: string, room: number | null, role?: 'participant' | 'ministry'): Promise<{ token: string; memberId: string }>;
}

/** Creates the demo meeting over HTTP (3 rooms with starter notes). */
export async function createDemo(url: string): Promise<DemoMeeting> {
	const res = await api(url, '/api/v1/meetings/demo', { method: 'POST' });
	if (res.status !== 201) throw new Error(`demo: ${res.status} ${res.text}`);
	const { id, organiserToken } = res.json as { id: string; organiserToken: string };
	const view = await getView(url, id, organiserToken);
	const rooms = sortedRooms(view.state).map((r) => r.id);
	const linkToken = (pred: (l: SessionView['state']['links'][string]) => boolean) => {
		const link = Object.values(view.state.links).find((l) => !l.revoked && pred(l));
		if (!link) throw new Error('link not found');
		return tokenOfUrl(view.linkUrls[link.id]);
	};
	return {
		id,
		organiserToken,
		rooms,
		view,
		facilitatorToken: (i) => linkToken((l) => l.role === 'facilitator' && l.roomId === rooms[i]),
		displayToken: () => linkToken((l) => l.role === 'display'),
		async joinMember(name, room, role = 'participant') {
			const joined = await mustCommand(url, id, linkToken((l) => l.role === role), { type: 'member.join', name });
			const memberId = String(joined.result!.memberId);
			if (room !== null) await mustCommand(url, id, organiserToken, { type: 'member.assign', memberId, roomId: rooms[room] });
			return { token: String(joined.result!.token), memberId };
		}
	};
}

/** Two in-process instances on one real Redis (torn down by `t`) and the demo meeting, created through A: the scale-out suites' start. */
export async function demoOnTwoInstances(t: Teardown): Promise<{ a: Running; b: Running; demo: DemoMeeting }> {
	const { a, b } = await startTwoInstancesOnRedis(t);
	return { a, b, demo: await createDemo(a.url) };
}

export interface BoardClient {
	doc: Y.Doc;
	text: Y.Text;
	provider: WebsocketProvider;
	/** Close events the provider saw (code, reason). */
	closes: { code: number; reason: string }[];
	/** Resolves once the first sync with the server completed. */
	synced: Promise<void>;
	destroy(): void;
}

/** How a board client reaches the server: a WebSocket on /yjs/, or the socket.io fallback (long-polling only). */
export type BoardTransport = 'websocket' | 'socket.io';
export const BOARD_TRANSPORTS: BoardTransport[] = ['websocket', 'socket.io'];

/**
 * The WebSocket class a Node y-websocket client uses: `ws` itself, or the product's BoardSocket
 * forced onto the socket.io fallback over a long-polling-only connection (as behind a proxy that
 * blocks WebSockets).
 */
export function boardSocketFor(url: string, transport: BoardTransport, headers: Record<string, string> = {}): typeof globalThis.WebSocket {
	if (transport === 'websocket') return WebSocket as unknown as typeof globalThis.WebSocket;
	const manager = new Manager(url, { path: '/socket.io/', transports: ['polling'], reconnection: false, extraHeaders: headers });
	return boardSocketClass({ manager: () => manager, useFallback: () => true, onWebSocketFailed: () => undefined }) as unknown as typeof globalThis.WebSocket;
}

/** Connects a Node y-websocket client to a board (`room/<id>` or `summary`) with a token. */
export function boardClient(
	url: string,
	meetingId: string,
	doc: string,
	token: string,
	opts: { connect?: boolean; transport?: BoardTransport } = {}
): BoardClient {
	const ydoc = new Y.Doc();
	const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, `${meetingId}/${doc}`, ydoc, {
		WebSocketPolyfill: boardSocketFor(url, opts.transport ?? 'websocket'),
		params: { token },
		disableBc: true,
		connect: opts.connect ?? true,
		maxBackoffTime: 300
	});
	const closes: { code: number; reason: string }[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: String(event.reason ?? '') });
	});
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) resolve();
		provider.on('sync', (s: boolean) => s && resolve());
	});
	return {
		doc: ydoc,
		text: ydoc.getText('text'),
		provider,
		closes,
		synced,
		destroy() {
			provider.destroy();
			ydoc.destroy();
		}
	};
}

/** Waits until `client`'s board text satisfies `pred`. */
export function textEventually(client: BoardClient, pred: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
	return eventually(() => {
		const t = client.text.toString();
		if (!pred(t)) throw new Error(`text not as expected yet: ${JSON.stringify(t.slice(0, 200))}`);
		return t;
	}, timeoutMs);
}

/** A y-websocket sync-update frame carrying `update` (for raw clients). */
export function updateFrame(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}
