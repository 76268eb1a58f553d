/**
 * How this page reaches the server, on any network: one socket.io connection (long-polling first,
 * upgraded to a WebSocket when the network allows) shared by the meeting and every board on the
 * page, and `BoardSocket`, the WebSocket the y-websocket provider uses for a board: a real
 * WebSocket while they work, else the same y-websocket frames over the socket.io connection (the
 * server's `/yjs/<doc>` namespace). `transport` says which is in use, so the page can say that it
 * runs in a slower mode.
 */
import { Manager } from 'socket.io-client';
import { boardSocketClass } from './board-socket';

/** What the page knows about its network. */
class TransportState {
	/** The meeting connection's transport ('polling' until an upgrade succeeds). */
	meeting = $state<'polling' | 'websocket' | null>(null);
	/** WebSockets failed while the server was reachable: boards use the socket.io fallback. */
	websocketBlocked = $state(false);
	/** The meeting connection has been open long enough to have upgraded if it could. */
	private settled = $state(false);

	/** True when something on the page runs over HTTP long-polling (slower, but it works). */
	get slow(): boolean {
		return this.websocketBlocked || (this.settled && this.meeting === 'polling');
	}

	markSettled(): void {
		this.settled = true;
	}
}

export const transport = new TransportState();

/** engine.io waits this long for the WebSocket probe before staying on polling. */
const UPGRADE_SETTLE_MS = 5000;
let manager: Manager | null = null;

/** The page's socket.io connection (the meeting session's), created on first use (browser only). */
export function pageManager(): Manager {
	return manager ?? newPageManager();
}

/**
 * A fresh connection for a new meeting session: its socket `/` must be the first one made on it
 * (`manager.socket('/')`), since socket.io closes a connection once its registered sockets are gone.
 */
export function newPageManager(): Manager {
	const m = new Manager(location.origin, { path: '/socket.io/', reconnectionDelayMax: 5000, autoConnect: true });
	transport.meeting = null;
	m.on('open', () => {
		const engine = m.engine;
		transport.meeting = engine.transport.name === 'websocket' ? 'websocket' : 'polling';
		engine.on('upgrade', (t: { name: string }) => {
			transport.meeting = t.name === 'websocket' ? 'websocket' : 'polling';
		});
		engine.on('upgradeError', () => {
			transport.websocketBlocked = true;
		});
		setTimeout(() => transport.markSettled(), UPGRADE_SETTLE_MS);
	});
	manager = m;
	return m;
}

/** True while the socket.io connection to the server is open (the server is reachable). */
function serverReachable(): boolean {
	return manager?.engine?.readyState === 'open';
}

/**
 * The WebSocket y-websocket uses for a board (`WebSocketPolyfill`): a real WebSocket until they are
 * known to be blocked, then the socket.io fallback on this page's connection.
 */
export const BoardSocket = boardSocketClass({
	manager: pageManager,
	useFallback: () => transport.websocketBlocked,
	onWebSocketFailed() {
		if (serverReachable()) transport.websocketBlocked = true;
	}
});
