/**
 * The boards without WebSockets: the y-websocket protocol carried over socket.io (namespace
 * `/yjs/<meetingId>/room/<roomId>` or `/yjs/<meetingId>/summary`), so it rides the meeting's own
 * socket.io connection and its long-polling fallback. Admission, reader rules, size limits and
 * persistence are the WebSocket endpoint's own: the handshake goes through the same `admit`, and
 * frames go through the same `Connection`. On the wire: `y` carries one binary y-websocket frame
 * each way; `y.close` (code, reason) tells the client why the server closed, like a WebSocket close.
 */
import type { Socket } from 'socket.io';
import { YJS_CLOSE } from '../../src/lib/shared/notes/wire.js';
import type { Logger } from '../log.js';
import type { YoriaiServer } from '../sockets.js';
import type { Admission, BoardRequest } from './admission.js';
import type { BoardLink, LinkPeer } from './connection.js';
import type { DocEntry } from './docs.js';

/** Namespaces of boards: the same paths as the WebSocket endpoint. */
export const BOARD_NAMESPACE = /^\/yjs\/[A-Za-z0-9_-]{1,64}\/(?:room\/[A-Za-z0-9_-]{1,64}|summary)$/;

/** The refusal codes a handshake answers, for the HTTP statuses admission uses. */
const CODE_FOR_STATUS: Record<number, string> = { 401: 'unauthorized', 403: 'not_allowed', 404: 'not_found', 503: 'unavailable' };

type Admitted = Extract<Admission, { ok: true }>;

export interface BoardNamespaceDeps {
	admit(request: BoardRequest): Promise<Admission | { ok: false; status: 503 }>;
	acquire(docName: string): Promise<DocEntry | null>;
	release(entry: DocEntry): void;
	open(link: BoardLink, entry: DocEntry, admission: Admitted): void;
	log: Logger;
}

/** Registers the board namespaces on `io`. */
export function attachBoardNamespace(io: YoriaiServer, deps: BoardNamespaceDeps): void {
	const admitted = new WeakMap<Socket, Admitted>();
	const boards = io.of(BOARD_NAMESPACE);

	boards.use((socket, next) => {
		const auth = (socket.handshake.auth ?? {}) as { token?: unknown; as?: unknown };
		const request: BoardRequest = {
			pathname: socket.nsp.name,
			token: typeof auth.token === 'string' ? auth.token : null,
			as: typeof auth.as === 'string' ? auth.as : null,
			headers: socket.handshake.headers
		};
		deps.admit(request).then(
			(admission) => {
				if (!admission.ok) return next(Object.assign(new Error(CODE_FOR_STATUS[admission.status] ?? 'invalid'), { data: { code: CODE_FOR_STATUS[admission.status] ?? 'invalid' } }));
				admitted.set(socket as Socket, admission);
				next();
			},
			(err: unknown) => {
				deps.log.error({ err }, 'yjs fallback: admission failed');
				next(Object.assign(new Error('internal'), { data: { code: 'internal' } }));
			}
		);
	});

	boards.on('connection', (socket) => {
		const admission = admitted.get(socket as Socket);
		if (!admission) return void socket.disconnect();
		// The link buffers frames until the board is loaded: nothing the client sends at once is lost.
		const link = socketLink(socket as Socket);
		deps.acquire(admission.docName).then(
			(entry) => {
				if (!entry) return link.close(YJS_CLOSE.tryAgainLater, 'unavailable');
				if (!socket.connected) return deps.release(entry);
				deps.open(link, entry, admission);
			},
			(err: unknown) => {
				deps.log.error({ err }, 'yjs fallback: could not open the board');
				link.close(YJS_CLOSE.tryAgainLater, 'unavailable');
			}
		);
	});
}

/** A socket.io socket of a board namespace as a BoardLink. */
function socketLink(socket: Socket): BoardLink {
	let peer: LinkPeer | null = null;
	const early: [Uint8Array, boolean][] = [];
	let queued = 0;
	// Bytes emitted since the transport last drained: what a slow (long-polling) client still owes us.
	socket.conn.on('drain', () => {
		queued = 0;
	});
	socket.on('y', (data: unknown) => {
		const frame = toFrame(data);
		const item: [Uint8Array, boolean] = frame ?? [new Uint8Array(0), false];
		if (peer) peer.frame(...item);
		else early.push(item);
	});
	return {
		get open() {
			return socket.connected;
		},
		get buffered() {
			return queued;
		},
		send(frame, done) {
			queued += frame.byteLength;
			socket.emit('y', Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
			done();
		},
		close(code, reason) {
			if (!socket.connected) return;
			socket.emit('y.close', code, reason);
			socket.disconnect(); // this namespace only: the meeting's connection stays
		},
		terminate: () => void socket.disconnect(),
		// socket.io keeps its own heartbeat on the connection: a connected socket is alive.
		ping() {
			if (socket.connected) peer?.pong();
		},
		// Frames over the limit reach Connection, which closes with 1009 (engine.io refuses far larger ones).
		attach(p) {
			peer = p;
			socket.on('disconnect', () => p.ended());
			for (const item of early.splice(0)) p.frame(...item);
		}
	};
}

/** A binary payload as bytes (isBinary true); anything else is a "text frame" (null). */
function toFrame(data: unknown): [Uint8Array, true] | null {
	if (data instanceof Uint8Array) return [data, true];
	if (data instanceof ArrayBuffer) return [new Uint8Array(data), true];
	return null;
}
