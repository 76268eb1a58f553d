/**
 * One y-websocket connection to one board, on either transport (a WebSocket on /yjs/…, or the
 * socket.io fallback, both behind `BoardLink`): answers sync, applies a writer's updates, drops (and
 * counts) a reader's, checks presence, and closes with a clear code on a frame that is too large
 * (1009), not binary (1003) or does not decode (1007). Whatever a client sends, only its own
 * connection is affected. This is the one place the board rules run.
 */
import type { RawData, WebSocket } from 'ws';
import type { BoardAccess } from '../../src/lib/shared/notes/access.js';
import { YJS_CLOSE, YJS_CLOSE_REASON } from '../../src/lib/shared/notes/wire.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';
import type { Logger } from '../log.js';
import type { TokenClaims } from '../storage/types.js';
import type { DocEntry, DocPeer, DocRegistry } from './docs.js';
import { boardUpdateBytes, decodeMessage, isEmptyUpdate, MalformedFrame, syncStep1, syncStep2 } from './protocol.js';
import { BOARD_TEXT } from '../../src/lib/shared/notes/access.js';

/** Counters kept for operators and tests. */
export interface YjsStats {
	connections: number;
	/** Update messages from readers that carried changes and were dropped. */
	droppedReaderUpdates: number;
	closedTooLarge: number;
	closedMalformed: number;
	/** Updates refused because the board would pass MAX_BOARD_BYTES. */
	refusedBoardFull: number;
	/** Updates from writers applied. */
	appliedUpdates: number;
}

/** Who is connected, resolved before the upgrade and re-checked when the meeting changes. */
export interface ConnectionInfo {
	meetingId: string;
	/** null for the summary board. */
	roomId: string | null;
	/** What the token stands for (not its hash): re-checked against the meeting as it changes. */
	record: TokenClaims;
	role: Role;
	access: BoardAccess;
	/** Display name shown in presence. */
	name: string;
}

/** Close a connection whose unsent data grows past this (a stalled client). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** A transport a board connection runs on: a WebSocket (`wsLink`) or a socket.io socket (socketio.ts). */
export interface BoardLink {
	/** True while frames can be sent. */
	readonly open: boolean;
	/** Bytes queued for this client and not sent yet. */
	readonly buffered: number;
	send(frame: Uint8Array, done: (err?: Error) => void): void;
	close(code: number, reason: string): void;
	/** Drops the connection without a close handshake. */
	terminate(): void;
	/** Asks for a sign of life; the peer's `pong` runs when it comes. */
	ping(): void;
	/** Hands every later happening of the transport to `peer` (called once). */
	attach(peer: LinkPeer): void;
}

/** What a BoardLink tells its connection. */
export interface LinkPeer {
	frame(frame: Uint8Array, isBinary: boolean): void;
	pong(): void;
	ended(): void;
	/** The transport refused a frame over its own size limit (then closes by itself). */
	tooLarge(): void;
}

/**
 * A `ws` WebSocket as a BoardLink. A class, not an object of closures: its methods live once on the
 * prototype, so a connection costs only this object and its two fields (an object literal of ten
 * closures and getters, the first version, took about 3 KB per connection).
 */
export class WsLink implements BoardLink {
	constructor(
		private readonly ws: WebSocket,
		private readonly log: Logger
	) {}

	get open(): boolean {
		return this.ws.readyState === this.ws.OPEN;
	}

	get buffered(): number {
		return this.ws.bufferedAmount;
	}

	send(frame: Uint8Array, done: (err?: Error) => void): void {
		this.ws.send(frame, { binary: true }, done);
	}

	close(code: number, reason: string): void {
		try {
			this.ws.close(code, reason);
		} catch {
			this.ws.terminate();
		}
	}

	terminate(): void {
		this.ws.terminate();
	}

	ping(): void {
		try {
			this.ws.ping();
		} catch {
			/* closing */
		}
	}

	attach(peer: LinkPeer): void {
		const { ws, log } = this;
		ws.on('message', (data, isBinary) => peer.frame(toBytes(data), isBinary));
		ws.on('pong', () => peer.pong());
		ws.on('close', () => peer.ended());
		ws.on('error', (err: Error & { code?: string }) => {
			// ws closes with 1009 by itself when a frame exceeds maxPayload.
			if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') peer.tooLarge();
			else log.debug({ err }, 'yjs: socket error');
		});
	}
}

/** What every connection of one endpoint shares (one object, not one per connection). */
export interface ConnectionContext {
	registry: DocRegistry;
	stats: YjsStats;
	log: Logger;
	maxMessageBytes: number;
	onClose(c: Connection): void;
}

export class Connection implements DocPeer, LinkPeer {
	readonly owned = new Set<number>();
	alive = true;
	private closed = false;

	constructor(
		readonly link: BoardLink,
		readonly entry: DocEntry,
		public info: ConnectionInfo,
		private readonly ctx: ConnectionContext
	) {}

	get presence() {
		return { name: this.info.name, role: this.info.role };
	}

	/** Starts the protocol: the server's state vector and the board's presence go first. */
	start(): void {
		this.link.attach(this);
		this.entry.peers.add(this);
		this.ctx.stats.connections++;
		this.send(syncStep1(this.entry.doc));
		const presence = this.entry.hub.snapshot();
		if (presence) this.send(presence);
	}

	send(message: Uint8Array): void {
		if (this.closed || !this.link.open) return;
		if (this.link.buffered > MAX_BUFFERED_BYTES) return this.close(YJS_CLOSE.tryAgainLater);
		this.link.send(message, (err) => {
			if (err) this.close(YJS_CLOSE.goingAway);
		});
	}

	/** Closes with one of YJS_CLOSE's codes and its reason. */
	close(code: number, reason = YJS_CLOSE_REASON[code] ?? ''): void {
		if (this.closed) return;
		this.link.close(code, reason);
		this.cleanup();
	}

	/** Sends a ping; a connection that did not answer the previous one is dropped. */
	heartbeat(): void {
		if (!this.alive) {
			this.link.terminate();
			this.cleanup();
			return;
		}
		this.alive = false;
		this.link.ping();
	}

	/** LinkPeer: the client answered a ping. */
	pong(): void {
		this.alive = true;
	}

	/** LinkPeer: the transport refused a frame over its size limit. */
	tooLarge(): void {
		this.ctx.stats.closedTooLarge++;
	}

	/** LinkPeer: the transport closed. */
	ended(): void {
		this.cleanup();
	}

	/** LinkPeer: one frame from the client. */
	frame(frame: Uint8Array, isBinary: boolean): void {
		if (this.closed) return;
		if (!isBinary) return this.close(YJS_CLOSE.unsupported);
		if (frame.byteLength > this.ctx.maxMessageBytes) {
			this.ctx.stats.closedTooLarge++;
			return this.close(YJS_CLOSE.tooLarge);
		}
		try {
			const msg = decodeMessage(frame);
			switch (msg.type) {
				case 'sync-step1':
					this.send(syncStep2(this.entry.doc, msg.stateVector));
					break;
				case 'update':
					if (this.info.access !== 'write') {
						if (!isEmptyUpdate(msg.update)) this.ctx.stats.droppedReaderUpdates++;
						break;
					}
					if (!this.ctx.registry.fits(this.entry, boardUpdateBytes(msg.update, BOARD_TEXT))) {
						// Over the board limit: refused whole; the writer is told (1009 board_full), the board and
						// every other connection stay as they were.
						this.ctx.stats.refusedBoardFull++;
						return this.close(YJS_CLOSE.tooLarge, 'board_full');
					}
					this.ctx.registry.applyClientUpdate(this.entry, msg.update, this);
					this.ctx.stats.appliedUpdates++;
					break;
				case 'awareness':
					this.entry.hub.applyFromClient(this, msg.update);
					break;
				case 'query-awareness': {
					const presence = this.entry.hub.snapshot();
					if (presence) this.send(presence);
					break;
				}
				case 'ignored':
					break;
			}
		} catch (err) {
			this.ctx.stats.closedMalformed++;
			this.ctx.log.info({ err: err instanceof MalformedFrame ? err.message : err, docName: this.entry.name }, 'yjs: malformed frame; closing that connection');
			this.close(YJS_CLOSE.malformed);
		}
	}

	private cleanup(): void {
		if (this.closed) return;
		this.closed = true;
		this.entry.peers.delete(this);
		this.entry.hub.removePeer(this);
		this.ctx.stats.connections--;
		this.ctx.onClose(this);
		this.ctx.registry.release(this.entry);
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
