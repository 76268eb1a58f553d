/**
 * `attachRealtime(httpServer, deps)`: everything Yoriai serves besides SvelteKit pages, attached to
 * one HTTP server: the HTTP API, socket.io and y-websocket. Production (server/index.ts) and
 * `vite dev` (server/dev.ts) both call it, so dev runs the same code as production.
 *
 * Every request and every upgrade has exactly one owner, chosen here by path prefix:
 *   /socket.io/  → engine.io (polling requests and WebSocket upgrades)
 *   /yjs/        → the notes endpoint (upgrades only)
 *   anything else → the HTTP API, else `next` (SvelteKit pages); other upgrades are refused
 *                  (or, under `vite dev`, left to Vite's HMR).
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Auth, newToken } from './auth.js';
import type { Config } from './config.js';
import { createApi } from './http/api.js';
import type { Logger } from './log.js';
import { Meetings } from './meetings.js';
import { carryOverRoute } from './questions/carry-over.js';
import { createEngine, createSockets } from './sockets.js';
import { failRequest, ownRequest, parseTarget } from './http/owner.js';
import type { MeetingRoute } from './http/routes.js';
import { attachPlenary } from './plenary.js';
import { plenaryQrRoute } from './plenary-qr.js';
import { JoinCodes } from './join-codes.js';
import { minutesRoutes } from './minutes/routes.js';
import { versionRoutes } from './minutes/versions.js';
import { startRetention, type RetentionJob } from './privacy/retention.js';
import { rosterRoutes } from './roster/routes.js';
import { createSeriesRoutes } from './series/routes.js';
import { SeriesService } from './series/service.js';
import { zoomRoutes } from './zoom/routes.js';
import { zoomSessionsRoute } from './zoom/panel-route.js';
import { parseOutline } from '../src/lib/shared/notes/outline.js';
import type { Store } from './storage/types.js';
import { attachYjs, type YjsServer } from './yjs/index.js';
import { activityRoute } from './activity/routes.js';
import { startActivitySampler, type ActivitySampler } from './activity/sampler.js';
import { notesRoutes } from './yjs/routes.js';

export interface RealtimeDeps {
	config: Config;
	store: Store;
	log: Logger;
	now?: () => number;
	/** Upgrades on paths that are not ours: refused (production, the default) or left to another listener (vite dev). */
	otherUpgrades?: 'refuse' | 'leave';
}

export interface Realtime {
	/** The one request owner: socket.io's requests, the API, else `next` (pages), all guarded. */
	httpHandler(req: IncomingMessage, res: ServerResponse, next: () => void): void;
	meetings: Meetings;
	/** Series and their ledgers. */
	series: SeriesService;
	/** Every route of a meeting (`/api/v1/meetings/:id/…`), with who may use it. */
	routes: readonly MeetingRoute[];
	/** The notes boards: text listeners and reads for other features (plenary, minutes). */
	yjs: YjsServer;
	/** Purges board text past each meeting's retention period (hourly, and on demand). */
	retention: RetentionJob;
	/** Counts every live breakout's room boards once a minute (and on demand), for the organiser's figure. */
	activity: ActivitySampler;
	/** Closes sockets (socket.io and Yjs) and flushes pending writes. Does not close the store. */
	close(): Promise<void>;
}

/** Attaches the API, socket.io and the Yjs endpoint to `httpServer`. */
export async function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): Promise<Realtime> {
	const now = deps.now ?? Date.now;
	const secret = deps.config.sessionSecret ?? (await deps.store.secret('session', newToken));
	const auth = new Auth(secret, deps.store);
	const meetings = new Meetings(deps.store, auth, now, deps.config.meetingsInMemory);
	const api = createApi({ config: deps.config, store: deps.store, meetings, auth, log: deps.log, now });
	const joinCodes = new JoinCodes({ secret, store: deps.store, auth, meetings, publicUrl: deps.config.publicUrl, trustProxy: deps.config.trustProxy });
	api.addPublicRoutes({ name: 'join-code', method: 'POST', path: '/api/v1/join', handle: (req, res) => joinCodes.handleJoin(req, res) }, zoomSessionsRoute({ auth, meetings }));
	api.addRoutes(carryOverRoute({ meetings, config: deps.config, log: deps.log }), plenaryQrRoute({ auth, publicUrl: deps.config.publicUrl, joinCodes, now }), joinCodes.route(now));
	api.addRoutes(...rosterRoutes(meetings), ...zoomRoutes(meetings));
	const series = new SeriesService(deps.store, meetings, now);
	api.attachSeries(createSeriesRoutes({ config: deps.config, series, meetings, auth, log: deps.log, now }));
	const engine = createEngine();
	// Scaled out, every instance hears the others' commits from the store (one message per commit).
	const remoteCommits = deps.config.redisUrl ? deps.store.subscribeCommits.bind(deps.store) : undefined;
	const io = createSockets(engine, { config: deps.config, meetings, auth, log: deps.log, now, remoteCommits });
	let closeAdapter = async () => {};
	if (deps.config.redisUrl) {
		const { useRedisAdapter } = await import('./scale-out.js');
		closeAdapter = await useRedisAdapter(io, deps.config.redisUrl);
	}
	const yjs = await attachYjs({ meetings, auth, store: deps.store, log: deps.log, publicUrl: deps.config.publicUrl, redisUrl: deps.config.redisUrl });
	yjs.attachFallback(io);
	api.addRoutes(...notesRoutes(yjs, meetings));
	const stopPlenary = attachPlenary({ io, boards: yjs, meetings, parse: (text) => parseOutline(text), log: deps.log });
	api.addRoutes(
		...minutesRoutes({
			boards: yjs,
			parse: (text) => parseOutline(text),
			now,
			versions: deps.store,
			audit: async (who, entry) => {
				const reply = await meetings.executeTrusted(who.record, { type: 'privacy.recordExport', ...entry });
				if (!reply.ok) deps.log.warn({ meetingId: who.state.meeting.id, code: reply.code }, 'minutes: export not recorded in the audit trail');
			}
		})
	);
	api.addRoutes(...versionRoutes({ boards: yjs, parse: (text) => parseOutline(text), now, store: deps.store }));
	const activity = startActivitySampler({ meetings, boards: yjs, parse: (text) => parseOutline(text), now, log: deps.log });
	api.addRoutes(activityRoute(activity, deps.log));
	const retention = startRetention({ store: deps.store, meetings, yjs, log: deps.log, now });
	const upgrades = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => undefined);
		const url = parseTarget(req.url);
		const path = url?.pathname ?? '';
		try {
			if (path.startsWith('/socket.io/')) return engine.handleUpgrade(req, socket, head);
			if (path.startsWith('/yjs/')) return yjs.handleUpgrade(req, socket, head);
		} catch (err) {
			deps.log.error({ err, url: req.url }, 'upgrade failed');
			return void socket.destroy();
		}
		if (deps.otherUpgrades === 'leave') return; // Vite's HMR socket
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	};
	httpServer.on('upgrade', upgrades);
	return {
		httpHandler: (req, res, next) =>
			ownRequest(req, res, deps.log, (owned) => {
				if (owned.url.pathname.startsWith('/socket.io/')) return engine.handleRequest(req, res);
				api.handle(req, res, owned, () => {
					try {
						next();
					} catch (err) {
						failRequest(res, deps.log, owned.id, req, err);
					}
				});
			}),
		meetings,
		series,
		routes: api.routes,
		yjs,
		retention,
		activity,
		async close() {
			retention.stop();
			activity.stop();
			stopPlenary();
			await yjs.close();
			io.disconnectSockets(true);
			await new Promise<void>((r) => io.close(() => r()));
			await io.stopRemoteCommits();
			await closeAdapter();
			httpServer.off('upgrade', upgrades);
		}
	};
}
