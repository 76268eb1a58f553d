/**
 * Presence (awareness) of one board, without flooding: client updates are checked (a connection
 * speaks only for its own client ids, its name is the one the server knows, states are small) and
 * applied to the server's Awareness; changes are coalesced and sent to every connection as one
 * message per flush (every few ms for small rooms, up to 150 ms for large ones) instead of one
 * message per client per change, which is what stalls the reference server at ~500 clients.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { awarenessMessage, decodeAwareness, encodeAwareness } from './protocol.js';

/** Origin of awareness changes that came from another instance (not published again). */
export const RELAY_ORIGIN = Symbol('relay');

/** Who a connection is, as far as presence goes. */
export interface PresencePeer {
	readonly presence: { name: string; role: string };
	/** Client ids this connection speaks for. */
	readonly owned: Set<number>;
	send(message: Uint8Array): void;
}

const MAX_STATE_BYTES = 8192;
const MAX_IDS_PER_CONNECTION = 4;
const COLOR = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;

export interface HubOptions {
	/** Flush delay for `n` connections, in ms. */
	flushDelay?: (connections: number) => number;
	/** Sends a coalesced update of local clients to other instances. */
	publish?: (update: Uint8Array) => void;
}

export class AwarenessHub {
	readonly awareness: Awareness;
	private owners = new Map<number, PresencePeer>();
	private pendingLocal = new Set<number>();
	private pendingRelay = new Set<number>();
	private timer: NodeJS.Timeout | null = null;

	constructor(
		doc: Y.Doc,
		private readonly peers: () => Iterable<PresencePeer> & { size: number },
		private readonly opts: HubOptions = {}
	) {
		this.awareness = new Awareness(doc);
		this.awareness.setLocalState(null); // the server is not a peer
		this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
			const into = origin === RELAY_ORIGIN ? this.pendingRelay : this.pendingLocal;
			for (const id of [...added, ...updated, ...removed]) into.add(id);
			this.schedule();
		});
	}

	/** The full presence of the board, for a connection that just arrived (null when empty). */
	snapshot(): Uint8Array | null {
		const ids = [...this.awareness.getStates().keys()];
		return ids.length ? awarenessMessage(encodeAwarenessUpdate(this.awareness, ids)) : null;
	}

	/**
	 * Applies a client's awareness update after checking it: entries for client ids another connection
	 * owns are dropped, the name and role are the server's, colours must be hex. Throws MalformedFrame.
	 */
	applyFromClient(peer: PresencePeer, update: Uint8Array): void {
		const entries = decodeAwareness(update, MAX_STATE_BYTES, (clientId) => {
			const owner = this.owners.get(clientId);
			if (owner === peer) return true;
			// Claim only ids nobody presents now: a client's own id (new, or back after a reconnect). The
			// presence of others that y-websocket clients echo back is skipped without parsing.
			if (owner || this.awareness.states.has(clientId) || peer.owned.size >= MAX_IDS_PER_CONNECTION) return false;
			this.owners.set(clientId, peer);
			peer.owned.add(clientId);
			return true;
		});
		if (!entries.length) return;
		for (const e of entries) {
			if (e.state === null || typeof e.state !== 'object' || Array.isArray(e.state)) {
				e.state = null;
				continue;
			}
			const s = e.state as Record<string, unknown>;
			const user = (typeof s.user === 'object' && s.user !== null ? s.user : {}) as Record<string, unknown>;
			s.user = {
				name: peer.presence.name,
				role: peer.presence.role,
				color: typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#1d4e89',
				colorLight: typeof user.colorLight === 'string' && COLOR.test(user.colorLight) ? user.colorLight : '#1d4e8933'
			};
		}
		applyAwarenessUpdate(this.awareness, encodeAwareness(entries), peer);
	}

	/** Applies an update relayed from another instance. */
	applyFromRelay(update: Uint8Array): void {
		applyAwarenessUpdate(this.awareness, update, RELAY_ORIGIN);
	}

	/** Removes a leaving connection's clients (others are told at the next flush). */
	removePeer(peer: PresencePeer): void {
		const ids = [...peer.owned];
		for (const id of ids) this.owners.delete(id);
		peer.owned.clear();
		removeAwarenessStates(this.awareness, ids, peer);
	}

	/** Sends what is pending now. */
	flush(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const local = [...this.pendingLocal];
		const all = [...new Set([...local, ...this.pendingRelay])];
		this.pendingLocal.clear();
		this.pendingRelay.clear();
		if (!all.length) return;
		const message = awarenessMessage(encodeAwarenessUpdate(this.awareness, all));
		for (const p of this.peers()) p.send(message);
		if (local.length && this.opts.publish) this.opts.publish(encodeAwarenessUpdate(this.awareness, local));
	}

	destroy(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.awareness.destroy();
	}

	private schedule() {
		if (this.timer) return;
		const n = this.peers().size;
		const delay = this.opts.flushDelay ? this.opts.flushDelay(n) : Math.min(150, 10 + n);
		this.timer = setTimeout(() => this.flush(), delay);
	}
}
