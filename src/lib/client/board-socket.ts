/**
 * Boards on any network: a WebSocket-compatible class for the y-websocket provider that uses a real
 * WebSocket, or — where WebSockets are blocked — the same y-websocket frames over a socket.io
 * connection (the server's `/yjs/<doc>` namespace). Plain TypeScript, used by the page
 * (transport.svelte.ts) and by the tests and benchmarks in Node.
 */
import { Socket, type Manager } from 'socket.io-client';

type Handler<E> = ((event: E) => void) | null;

export interface BoardSocketOptions {
	/** The socket.io connection the fallback rides on. */
	manager(): Manager;
	/** True when the next connection should skip WebSockets. */
	useFallback(): boolean;
	/** A WebSocket closed before any message arrived (blocked, or the server is down). */
	onWebSocketFailed(): void;
	/** The WebSocket class (the browser's, or `ws` in Node). */
	WebSocketImpl?: typeof WebSocket;
}

/**
 * A WebSocket class for y-websocket (`WebSocketPolyfill`): each instance opens a real WebSocket to
 * `/yjs/<doc>` unless `useFallback()`, else a socket.io socket on the namespace `/yjs/<doc>` that
 * carries the same frames (`y`, and `y.close` for the server's close codes).
 */
export function boardSocketClass(opts: BoardSocketOptions) {
	return class BoardSocket {
		static readonly CONNECTING = 0;
		static readonly OPEN = 1;
		static readonly CLOSING = 2;
		static readonly CLOSED = 3;
		readonly CONNECTING = 0;
		readonly OPEN = 1;
		readonly CLOSING = 2;
		readonly CLOSED = 3;
		binaryType: BinaryType = 'arraybuffer';
		readyState = 0;
		onopen: Handler<Event> = null;
		onmessage: Handler<MessageEvent> = null;
		onclose: Handler<CloseEvent | { code: number; reason: string }> = null;
		onerror: Handler<Event> = null;
		private ws: WebSocket | null = null;
		private sio: Socket | null = null;

		constructor(url: string) {
			if (opts.useFallback()) this.openFallback(url);
			else this.openWebSocket(url);
		}

		send(data: ArrayBufferLike | Uint8Array): void {
			if (this.ws) return this.ws.send(data);
			if (this.sio?.connected) this.sio.emit('y', data instanceof Uint8Array ? data : new Uint8Array(data));
		}

		close(): void {
			if (this.readyState >= this.CLOSING) return;
			this.readyState = this.CLOSING;
			this.ws?.close();
			if (this.sio) {
				this.sio.disconnect();
				this.finish(1000, '');
			}
		}

		private openWebSocket(url: string) {
			const ws = new (opts.WebSocketImpl ?? WebSocket)(url);
			ws.binaryType = 'arraybuffer';
			this.ws = ws;
			let heard = false;
			ws.onopen = (e) => {
				this.readyState = this.OPEN;
				this.onopen?.(e);
			};
			ws.onmessage = (e) => {
				heard = true;
				this.onmessage?.(e);
			};
			ws.onerror = (e) => this.onerror?.(e);
			ws.onclose = (e) => {
				if (!heard) opts.onWebSocketFailed();
				this.readyState = this.CLOSED;
				this.onclose?.(e);
			};
		}

		private openFallback(url: string) {
			const u = new URL(url);
			const as = u.searchParams.get('as');
			const token = u.searchParams.get('token');
			// Not registered with the manager (its sockets are the meeting's): it lives as long as this object.
			const socket = new Socket(opts.manager(), u.pathname, { auth: { ...(as ? { as } : {}), ...(token ? { token } : {}) } });
			this.sio = socket;
			socket.on('connect', () => {
				this.readyState = this.OPEN;
				this.onopen?.(new Event('open'));
			});
			socket.on('y', (data: ArrayBuffer) => this.onmessage?.(new MessageEvent('message', { data })));
			socket.on('y.close', (code: number, reason: string) => {
				socket.disconnect();
				this.finish(code, reason);
			});
			socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
				socket.disconnect();
				const code = err.data?.code;
				// As a WebSocket refused before the upgrade would, except that refusals we can name stop retries.
				this.finish(code === 'unauthorized' || code === 'not_allowed' ? 4403 : code === 'not_found' ? 4404 : 1006, code ?? '');
			});
			socket.on('disconnect', (reason) => {
				if (reason !== 'io client disconnect') this.finish(1006, reason);
			});
		}

		private finish(code: number, reason: string) {
			if (this.readyState === this.CLOSED) return;
			this.readyState = this.CLOSED;
			// This socket is done for good (y-websocket makes a new BoardSocket to reconnect).
			this.sio?.off();
			this.sio?.disconnect();
			this.onclose?.({ code, reason });
		}
	};
}
