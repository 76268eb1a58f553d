/**
 * Wire-level clients for the fuzz suite: raw HTTP over a TCP socket (so request lines and headers
 * reach the server exactly as written, malformed or not), the board (Yjs) transports as one
 * interface, and the fuzz server as a child process whose death and memory the test can observe.
 */
import { connect } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { spawnServerProcess, tempDir, type ServerProcess } from './server.js';

// ---------------------------------------------------------------------------------------------
// Raw HTTP

export interface RawResponse {
	/** 0 when nothing parseable came back. */
	status: number;
	headers: Record<string, string>;
	body: string;
	/** True when the server answered nothing before closing or the timeout. */
	empty: boolean;
	timedOut: boolean;
	/** A connection error (ECONNREFUSED, ECONNRESET…), if any. */
	error: string | null;
}

/**
 * Writes `request` (bytes or latin1 text) on a fresh TCP connection and collects what comes back
 * until the server closes the connection, a full response is in (by Content-Length or the final
 * chunk), or `timeoutMs` passes.
 */
export function rawHttp(port: number, request: string | Buffer, timeoutMs = 3000): Promise<RawResponse> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let error: string | null = null;
		let done = false;
		const sock = connect({ port, host: '127.0.0.1' });
		const finish = (timedOut: boolean) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			resolve({ ...parseResponse(Buffer.concat(chunks)), timedOut, error });
		};
		const timer = setTimeout(() => finish(true), timeoutMs);
		sock.on('connect', () => sock.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request));
		sock.on('data', (c) => {
			chunks.push(c);
			if (complete(Buffer.concat(chunks))) finish(false);
		});
		sock.on('error', (err: Error & { code?: string }) => {
			error = err.code ?? err.message;
			finish(false);
		});
		sock.on('close', () => finish(false));
	});
}

function splitHead(buf: Buffer): { head: string; body: Buffer } | null {
	const i = buf.indexOf('\r\n\r\n');
	if (i < 0) return null;
	return { head: buf.subarray(0, i).toString('latin1'), body: buf.subarray(i + 4) };
}

function headersOf(head: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const line of head.split('\r\n').slice(1)) {
		const i = line.indexOf(':');
		if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return out;
}

/** True once a whole response is in (we never pipeline, so the first one is all we want). */
function complete(buf: Buffer): boolean {
	const parts = splitHead(buf);
	if (!parts) return false;
	const h = headersOf(parts.head);
	const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(parts.head)?.[1] ?? 0);
	if (status === 204 || status === 304 || (status >= 100 && status < 200 && status !== 101)) return true;
	if (h['content-length'] !== undefined) return parts.body.length >= Number(h['content-length']);
	if (/chunked/i.test(h['transfer-encoding'] ?? '')) return parts.body.includes('0\r\n\r\n');
	return false; // read to close
}

function parseResponse(buf: Buffer): Omit<RawResponse, 'timedOut' | 'error'> {
	const parts = splitHead(buf);
	if (!parts) return { status: 0, headers: {}, body: buf.toString('utf8'), empty: buf.length === 0 };
	const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(parts.head)?.[1] ?? 0);
	const headers = headersOf(parts.head);
	let body = parts.body;
	if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
	return { status, headers, body: body.toString('utf8'), empty: false };
}

function dechunk(buf: Buffer): Buffer {
	const out: Buffer[] = [];
	let at = 0;
	while (at < buf.length) {
		const eol = buf.indexOf('\r\n', at);
		if (eol < 0) break;
		const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
		if (!size) break;
		out.push(buf.subarray(eol + 2, eol + 2 + size));
		at = eol + 2 + size + 2;
	}
	return Buffer.concat(out);
}

// ---------------------------------------------------------------------------------------------
// Board transports

export interface BoardPeer {
	sendBinary(frame: Uint8Array): void;
	/** Absent on a transport with no text frames. */
	sendText?(text: string): void;
	/** Resolves with the first message (already received or coming) that satisfies `pred`, or 'closed', or 'timeout'. */
	waitFor(pred: (msg: Uint8Array) => boolean, timeoutMs: number): Promise<Uint8Array | 'closed' | 'timeout'>;
	/** Resolves when the connection closed, with the close code (1006 when it dropped without one). */
	closed: Promise<{ code: number; reason: string }>;
	readonly isClosed: boolean;
	close(): void;
}

/** Messages a board peer received, and who waits for which. */
class Inbox {
	private messages: Uint8Array[] = [];
	private waiters = new Set<(m: Uint8Array | 'closed') => void>();

	push(m: Uint8Array): void {
		this.messages.push(m);
		for (const w of [...this.waiters]) w(m);
	}

	close(): void {
		for (const w of [...this.waiters]) w('closed');
	}

	waitFor(pred: (m: Uint8Array) => boolean, timeoutMs: number, closed: boolean): Promise<Uint8Array | 'closed' | 'timeout'> {
		const found = this.messages.find(pred);
		if (found) return Promise.resolve(found);
		if (closed) return Promise.resolve('closed');
		return new Promise((resolve) => {
			const w = (m: Uint8Array | 'closed') => {
				if (m !== 'closed' && !pred(m)) return;
				this.waiters.delete(w);
				clearTimeout(t);
				resolve(m);
			};
			const t = setTimeout(() => {
				this.waiters.delete(w);
				resolve('timeout');
			}, timeoutMs);
			this.waiters.add(w);
		});
	}
}

/** One way for a browser to reach a board. The fallback transport is added as one more entry. */
export interface BoardTransport {
	name: string;
	/** How a frame past the transport's own size limit ends the connection (ws: 1009; engine.io drops it: 1006). */
	oversizeClose: number;
	/** Opens a board (`/yjs/<meetingId>/room/<roomId>`, or the summary when roomId is null) with a token. */
	open(url: string, meetingId: string, roomId: string | null, token: string): Promise<BoardPeer>;
}

export const websocketBoard: BoardTransport = {
	name: 'websocket',
	oversizeClose: 1009,
	open(url, meetingId, roomId, token) {
		const path = roomId ? `/yjs/${meetingId}/room/${roomId}` : `/yjs/${meetingId}/summary`;
		const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${path}?token=${encodeURIComponent(token)}`);
		ws.binaryType = 'nodebuffer';
		const inbox = new Inbox();
		let isClosed = false;
		const closed = new Promise<{ code: number; reason: string }>((resolve) =>
			ws.once('close', (code, reason) => {
				isClosed = true;
				inbox.close();
				resolve({ code, reason: reason.toString() });
			})
		);
		ws.on('message', (data: Buffer) => {
			const m = new Uint8Array(data);
			inbox.push(m);
		});
		ws.on('error', () => undefined);
		const peer: BoardPeer = {
			sendBinary: (frame) => ws.readyState === ws.OPEN && ws.send(frame, { binary: true }),
			sendText: (text) => ws.readyState === ws.OPEN && ws.send(text, { binary: false }),
			waitFor: (pred, timeoutMs) => inbox.waitFor(pred, timeoutMs, isClosed),
			closed,
			get isClosed() {
				return isClosed;
			},
			close: () => ws.terminate()
		};
		return new Promise((resolve, reject) => {
			ws.once('open', () => resolve(peer));
			ws.once('unexpected-response', (_req, res) => reject(new Error(`board upgrade refused: ${res.statusCode}`)));
			ws.once('error', reject);
		});
	}
};

/** The boards' socket.io fallback: the same frames as `y` events on the board's namespace, over long-polling. */
export const socketIoBoard: BoardTransport = {
	name: 'socket.io fallback (polling)',
	oversizeClose: 1006,
	open(url, meetingId, roomId, token) {
		const nsp = roomId ? `/yjs/${meetingId}/room/${roomId}` : `/yjs/${meetingId}/summary`;
		const socket = io(`${url}${nsp}`, { path: '/socket.io/', transports: ['polling'], reconnection: false, forceNew: true, auth: { token } });
		const inbox = new Inbox();
		let isClosed = false;
		let resolveClosed: (c: { code: number; reason: string }) => void = () => undefined;
		const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
		const finish = (code: number, reason: string) => {
			if (isClosed) return;
			isClosed = true;
			inbox.close();
			resolveClosed({ code, reason });
		};
		socket.on('y', (data: ArrayBuffer | Uint8Array) => {
			const m = new Uint8Array(data as ArrayBuffer);
			inbox.push(m);
		});
		socket.on('y.close', (code: number, reason: string) => finish(code, reason));
		socket.on('disconnect', () => setTimeout(() => finish(1006, 'disconnected'), 50));
		const peer: BoardPeer = {
			sendBinary: (frame) => void (socket.connected && socket.emit('y', frame)),
			sendText: (text) => void (socket.connected && socket.emit('y', text)),
			waitFor: (pred, timeoutMs) => inbox.waitFor(pred, timeoutMs, isClosed),
			closed,
			get isClosed() {
				return isClosed;
			},
			close: () => void socket.close()
		};
		return new Promise((resolve, reject) => {
			socket.once('connect', () => resolve(peer));
			socket.once('connect_error', (err: Error & { data?: { code?: string } }) => reject(new Error(`board handshake refused: ${err.data?.code ?? err.message}`)));
		});
	}
};

// ---------------------------------------------------------------------------------------------
// The fuzz server process

export interface FuzzServer {
	readonly proc: ServerProcess;
	readonly url: string;
	readonly port: number;
	/** True while the process runs. */
	alive(): boolean;
	/** Resident memory of the process in bytes (from /proc). */
	rss(): number;
	/** Starts the process again on the same data when it died; answers true when it had to. */
	ensure(): Promise<boolean>;
	/** Every restart's reason (exit code/signal and the stderr tail). */
	deaths: string[];
	stop(): Promise<void>;
}

/** The fuzz server: a server process with a page handler where SvelteKit's would be. */
const spawnFuzzProcess = (dataDir: string) => spawnServerProcess({ dataDir, env: { TEST_PAGES: '404' } });

/** Starts the fuzz server (tests/helpers/fuzz-server-main.ts) on SQLite in a fresh directory. */
export async function startFuzzServer(): Promise<FuzzServer> {
	const dataDir = tempDir('yoriai-fuzz-');
	let proc = await spawnFuzzProcess(dataDir);
	const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
	const deaths: string[] = [];
	return {
		get proc() {
			return proc;
		},
		get url() {
			return proc.url;
		},
		get port() {
			return proc.port;
		},
		alive,
		rss() {
			const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
			return m ? Number(m[1]) * 1024 : 0;
		},
		async ensure() {
			if (alive()) return false;
			const { code, signal } = await proc.exited;
			deaths.push(`exit ${code ?? signal}: ${proc.output().stderr.trim().split('\n').slice(0, 12).join('\n')}`);
			proc = await spawnFuzzProcess(dataDir);
			return true;
		},
		deaths,
		async stop() {
			await proc.stop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
