/**
 * A page's live copy of one board: the Y.Doc (kept in IndexedDB for writers, so edits made offline
 * survive a closed tab and merge when the link comes back), the y-websocket connection (the session
 * cookie picked by `as`; over socket.io where WebSockets are blocked), presence, and what the page should tell the user: online or offline, a
 * refused change, or a closed board.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Role } from '$lib/shared/meeting/types';
import { BOARD_TEXT } from '$lib/shared/notes/access';
import { YJS_CLOSE } from '$lib/shared/notes/wire';
import { BoardSocket } from '../transport.svelte';
import { UnconfirmedJournal } from './unconfirmed-journal';

export type BoardStatus = 'connecting' | 'online' | 'offline';
/** Why the server closed the board for good (the page says so; no reconnect). */
export type BoardClosed = 'revoked' | 'room_removed' | 'purged' | null;

export interface Peer {
	clientId: number;
	name: string;
	role: string;
	color: string;
	/** Has a cursor in the text (is editing or reading at a place). */
	active: boolean;
}

/** Colours for cursors: all readable with white text (contrast ≥ 4.5:1). */
const COLORS = ['#1d4e89', '#a4161a', '#1b6e3a', '#6b3fa0', '#8a4b08', '#0f6470', '#9d174d', '#3f4b5b'];

export class BoardConnection {
	status = $state<BoardStatus>('connecting');
	/** Synced with the server at least once since the page opened. */
	synced = $state(false);
	/** The local copy (IndexedDB) has been read. */
	storedLocally = $state(false);
	/** That local copy had text (this device edited or read the board before). */
	private hasLocalCopy = $state(false);
	closed = $state<BoardClosed>(null);
	/** The server refused a message as too large (close code 1009). */
	tooLarge = $state(false);
	/** It kept refusing it: the connection was stopped and this device's copy dropped (reload to continue). */
	gaveUp = $state(false);
	private refusedInARow = 0;
	private connectedAt = 0;
	peers = $state<Peer[]>([]);

	readonly doc = new Y.Doc();
	readonly text: Y.Text;
	readonly provider: WebsocketProvider;
	private persistence: IndexeddbPersistence | null = null;
	private journal: UnconfirmedJournal | null = null;
	private readonly cleanups: (() => void)[] = [];

	constructor(
		readonly meetingId: string,
		/** `room/<roomId>` or `summary`. */
		readonly docPath: string,
		role: Role
	) {
		this.text = this.doc.getText(BOARD_TEXT);
		const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
		this.provider = new WebsocketProvider(`${proto}//${location.host}/yjs`, `${meetingId}/${docPath}`, this.doc, {
			connect: false,
			params: { as: role },
			disableBc: true,
			maxBackoffTime: 5000,
			// A real WebSocket where the network allows, else the same frames over socket.io.
			WebSocketPolyfill: BoardSocket as unknown as typeof WebSocket
		});
		const color = COLORS[this.doc.clientID % COLORS.length];
		this.provider.awareness.setLocalStateField('user', { color, colorLight: `${color}33` });
	}

	/**
	 * The text can be edited: the server's copy arrived, or this device has its own copy (or is
	 * offline with an empty one). Typing into a board that has not arrived yet would put the text
	 * before everything that arrives later.
	 */
	get ready(): boolean {
		return this.synced || (this.storedLocally && (this.hasLocalCopy || this.status === 'offline'));
	}

	get awareness() {
		return this.provider.awareness;
	}

	/**
	 * Keeps a copy of the board in this browser (IndexedDB), so edits made offline survive a closed
	 * tab. Only for people who write: the notes may hold personal information, so readers' devices
	 * keep nothing.
	 */
	keepLocally(): void {
		if (this.persistence) return;
		try {
			const name = `yoriai:${this.meetingId}/${this.docPath}`;
			const persistence = new IndexeddbPersistence(name, this.doc);
			const journal = new UnconfirmedJournal(name, this.doc, persistence, (origin) => origin !== this.provider && origin !== persistence);
			this.persistence = persistence;
			this.journal = journal;
			persistence.once('synced', () => {
				journal.restore();
				this.hasLocalCopy = this.text.length > 0;
				this.storedLocally = true;
			});
		} catch {
			this.persistence = null; // no IndexedDB (private mode): the board still works online
			this.journal = null;
		}
	}

	/** Opens the connection (browser only). */
	start(): void {
		const p = this.provider;
		const onStatus = ({ status }: { status: string }) => {
			if (status === 'connected') {
				this.status = 'online';
				this.connectedAt = Date.now();
			}
			else if (this.synced || status === 'disconnected') this.status = 'offline';
		};
		const onSync = (s: boolean) => {
			if (s) this.synced = true;
		};
		const onClose = (event: CloseEvent | null) => {
			if (event?.code !== YJS_CLOSE.tooLarge) return;
			this.tooLarge = true;
			// The change is in this device's copy and is sent again at every reconnect: after three
			// refusals in a row, stop, and drop the local copy so a reload starts from the server's.
			this.refusedInARow = Date.now() - this.connectedAt < 5000 ? this.refusedInARow + 1 : 1;
			if (this.refusedInARow >= 3) {
				this.gaveUp = true;
				p.disconnect();
				this.dropLocalCopy();
			}
		};
		const onClosed = ({ code }: { code: number }) => {
			this.closed = code === YJS_CLOSE.roomRemoved ? 'room_removed' : code === YJS_CLOSE.purged ? 'purged' : 'revoked';
			// Access is gone: do not keep this board on the device.
			this.dropLocalCopy();
		};
		p.on('status', onStatus);
		p.on('sync', onSync);
		p.on('connection-close', onClose);
		p.on('closed', onClosed);
		const onChange = () => this.refreshPeers();
		this.awareness.on('change', onChange);
		// The browser knows it is offline before the socket times out: stop and resume at once.
		const offline = () => {
			this.status = 'offline';
			p.disconnect();
		};
		const online = () => {
			if (!this.closed && !this.gaveUp) p.connect();
		};
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		this.cleanups.push(
			() => window.removeEventListener('offline', offline),
			() => window.removeEventListener('online', online),
			() => this.awareness.off('change', onChange)
		);
		if (navigator.onLine !== false) p.connect();
		else this.status = 'offline';
	}

	private refreshPeers() {
		const peers: Peer[] = [];
		this.awareness.getStates().forEach((state, clientId) => {
			if (clientId === this.doc.clientID) return;
			const user = (state.user ?? {}) as { name?: string; role?: string; color?: string };
			peers.push({ clientId, name: user.name ?? '', role: user.role ?? '', color: user.color ?? COLORS[0], active: state.cursor != null });
		});
		this.peers = peers.sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.clientId - b.clientId);
	}

	/** Deletes this device's copy of the board: IndexedDB and the journal beside it. */
	private dropLocalCopy(): void {
		this.journal?.clear();
		void this.persistence?.clearData();
	}

	/** Disconnects and frees everything (the local copy stays in IndexedDB). */
	destroy(): void {
		for (const c of this.cleanups) c();
		this.journal?.stop();
		this.provider.destroy();
		void this.persistence?.destroy();
		this.doc.destroy();
	}
}
