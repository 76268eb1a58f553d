/**
 * The y-websocket endpoint at /yjs/<meetingId>/<doc…>: the token (session cookie, or `token` query
 * parameter for non-browser clients) is checked before the WebSocket upgrade.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { ROLES } from '../../src/lib/shared/meeting/types.js';
import { cookieName, parseCookies, type Auth } from '../auth.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import type { Store } from '../storage/types.js';

export interface YjsDeps {
	meetings: Meetings;
	auth: Auth;
	store: Store;
	log: Logger;
}

const DOC_PATH = /^\/yjs\/([A-Za-z0-9_-]{1,64})\/((?:room\/[A-Za-z0-9_-]{1,64})|summary)$/;

/** Attaches the y-websocket endpoint; answers a close function. */
export function attachYjs(httpServer: HttpServer, deps: YjsDeps) {
	const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });

	async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
		const url = new URL(req.url ?? '/', 'http://local');
		if (!url.pathname.startsWith('/yjs/')) return; // socket.io or Vite HMR
		const m = DOC_PATH.exec(url.pathname);
		const reject = (status: number) => {
			socket.write(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nConnection: close\r\n\r\n`);
			socket.destroy();
		};
		if (!m) return reject(404);
		const meetingId = m[1];
		let token = url.searchParams.get('token');
		if (!token) {
			const cookies = parseCookies(req.headers.cookie);
			for (const role of ROLES) {
				const raw = cookies[cookieName(meetingId, role)];
				const t = raw ? deps.auth.unsign(raw) : null;
				if (t) {
					token = t;
					break;
				}
			}
		}
		const found = token ? await deps.meetings.authenticate(token) : null;
		if (!found || found.record.meetingId !== meetingId) return reject(401);
		wss.handleUpgrade(req, socket, head, (ws) => {
			setupWSConnection(ws, req, { docName: `${meetingId}/${m[2]}` });
		});
	}

	const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		onUpgrade(req, socket, head).catch((err) => {
			deps.log.error({ err }, 'yjs upgrade failed');
			socket.destroy();
		});
	};
	httpServer.on('upgrade', listener);
	return {
		async close() {
			httpServer.off('upgrade', listener);
			for (const c of wss.clients) c.terminate();
			await new Promise<void>((r) => wss.close(() => r()));
		}
	};
}
