/**
 * The HTTP API (/api/v1/*), link opening (/j/<token>) and /healthz. Commands go through the same
 * `Meetings.execute` as socket.io commands.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { MEMBER_ROLES } from '../../src/lib/shared/meeting/roles.js';
import { JOIN_COMMANDS } from '../../src/lib/shared/meeting/roster.js';
import { ROLES, type Actor, type MeetingState, type Role } from '../../src/lib/shared/meeting/types.js';
import { createMeetingBody, issuePath, LIMITS } from '../../src/lib/shared/schemas.js';
import { meetingTimesRefusal } from '../../src/lib/shared/meeting/time-rules.js';
import { httpStatusFor } from '../../src/lib/shared/errors.js';
import { actorFor, cookieName, parseCookies, type Auth } from '../auth.js';
import type { Config } from '../config.js';
import { createDemoMeeting } from '../demo.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import type { Store, TokenRecord } from '../storage/types.js';
import { homePath, linkUrl, sessionView } from '../views.js';
import { isSameOrigin } from './origin.js';
import { creatorKey } from './client-address.js';
import { meetingPath, meetingRoute, type MeetingRoute } from './routes.js';
import { EVERY_ROLE } from '../../src/lib/shared/meeting/roles.js';
import { failRequest, type OwnedRequest } from './owner.js';
import { creationBuckets } from '../rate-limit.js';
import { BodyError, originOf, readJson, sendJson, sendRefusal, setSecurityHeaders } from './io.js';

export interface ApiDeps {
	config: Config;
	store: Store;
	meetings: Meetings;
	auth: Auth;
	log: Logger;
	now: () => number;
}

type Next = (err?: unknown) => void;
const COOKIE_DAYS = 30;

/** Credentials of a request: a Bearer token, or the session cookie of a meeting (and role). */
interface Credentials {
	token: string;
	fromCookie: boolean;
}

function bearer(req: IncomingMessage): string | null {
	const h = req.headers.authorization;
	if (!h) return null;
	const m = /^Bearer\s+(\S+)$/i.exec(h);
	return m ? m[1] : '';
}

/** Creates the Node request handler; calls `next()` for anything it does not own. */
export function createApi(deps: ApiDeps) {
	const { config, meetings, auth, log } = deps;
	const https = config.publicUrl?.startsWith('https:') ?? false;

	function sessionCookie(meetingId: string, role: Role, token: string): string {
		const secure = https ? '; Secure' : '';
		return `${cookieName(meetingId, role)}=${encodeURIComponent(auth.sign(token))}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${COOKIE_DAYS * 86400}${secure}`;
	}

	function cookieToken(req: IncomingMessage, meetingId: string, role: Role): string | null {
		const raw = parseCookies(req.headers.cookie)[cookieName(meetingId, role)];
		return raw ? auth.unsign(raw) : null;
	}

	/** The token a request carries for `meetingId`: Bearer first, else the cookie of `as` (or any role). */
	function credentials(req: IncomingMessage, url: URL, meetingId: string): Credentials | null {
		const b = bearer(req);
		if (b !== null) return b ? { token: b, fromCookie: false } : null;
		const as = url.searchParams.get('as');
		const roles: readonly Role[] = as && (ROLES as readonly string[]).includes(as) ? [as as Role] : ROLES;
		for (const role of roles) {
			const t = cookieToken(req, meetingId, role);
			if (t) return { token: t, fromCookie: true };
		}
		return null;
	}

	async function authenticate(
		req: IncomingMessage,
		url: URL,
		meetingId: string
	): Promise<{ record: TokenRecord; actor: Actor; state: MeetingState; fromCookie: boolean } | { code: 'unauthorized' | 'not_found' }> {
		const cred = credentials(req, url, meetingId);
		if (!cred) return (await meetings.load(meetingId)) ? { code: 'unauthorized' } : { code: 'not_found' };
		const found = await meetings.authenticate(cred.token);
		// A token of another meeting reads nothing here, and does not even learn whether this one exists.
		if (!found || found.record.meetingId !== meetingId) return { code: 'unauthorized' };
		return { ...found, fromCookie: cred.fromCookie };
	}

	const sameOrigin = (req: IncomingMessage) => isSameOrigin(req.headers, config.publicUrl);

	async function createMeeting(req: IncomingMessage, res: ServerResponse, demo: boolean) {
		if (config.adminToken && bearer(req) !== config.adminToken) return sendRefusal(res, 'unauthorized', 'admin token');
		if (!sameOrigin(req)) return sendRefusal(res, 'not_allowed', 'origin');
		const now = deps.now();
		let created: { id: string; organiserToken: string };
		const body = demo ? null : createMeetingBody.safeParse(await readJson(req, LIMITS.messageBytes));
		if (body && !body.success) return sendRefusal(res, 'invalid', issuePath(body.error));
		const impossible = body ? meetingTimesRefusal(body.data.startsAt, body.data.endsAt) : null;
		if (impossible) return sendRefusal(res, impossible.code, impossible.detail);
		// One bucket per client (its address, or the admin token it holds), under a ceiling for all:
		// nobody can stop everyone else creating meetings.
		if (!(await meetings.takeShared(creationBuckets(creatorKey(req, config))))) return sendRefusal(res, 'rate_limited');
		if (demo) created = await createDemoMeeting(meetings, now, deps.store);
		else created = await meetings.create(body!.data);
		const origin = originOf(req, config.publicUrl);
		log.info({ meetingId: created.id, demo }, 'meeting created');
		sendJson(
			res,
			201,
			{ id: created.id, organiserToken: created.organiserToken, links: { organiser: linkUrl(origin, created.organiserToken) } },
			{ 'set-cookie': sessionCookie(created.id, 'organiser', created.organiserToken) }
		);
	}

	async function getMeeting(req: IncomingMessage, res: ServerResponse, who: Authenticated) {
		sendJson(res, 200, sessionView(who.state, who.actor, auth, originOf(req, config.publicUrl), deps.now()));
	}

	async function postCommand(req: IncomingMessage, res: ServerResponse, who: Authenticated, meetingId: string) {
		const parsed = parseCommand(await readJson(req, LIMITS.messageBytes));
		if (!parsed.ok) return sendJson(res, 400, parsed);
		const reply = await meetings.execute(who.record, parsed.command);
		if (!reply.ok) return sendJson(res, httpStatusFor(reply.code), reply);
		const headers: Record<string, string> = {};
		if (JOIN_COMMANDS.includes(parsed.command.type) && who.fromCookie && typeof reply.result?.token === 'string')
			headers['set-cookie'] = sessionCookie(meetingId, who.record.role, reply.result.token);
		if (parsed.command.type === 'link.create' && typeof reply.result?.token === 'string')
			reply.result.url = linkUrl(originOf(req, config.publicUrl), reply.result.token);
		sendJson(res, 200, reply, headers);
	}

	/**
	 * /j/<token>: binds this browser to the link's meeting and role, then opens the role's page (or,
	 * with `?then=zoom`, the Zoom App panel's home, which opens that page inside Zoom).
	 */
	async function openLink(req: IncomingMessage, res: ServerResponse, token: string, bind: boolean, then: string | null) {
		const found = await meetings.authenticate(token);
		const seriesLink = found ? null : await series?.openLink(token, bind);
		if (seriesLink) {
			res.writeHead(303, { location: seriesLink.location, 'cache-control': 'no-store', ...(seriesLink.cookie ? { 'set-cookie': seriesLink.cookie } : {}) });
			res.end();
			return;
		}
		if (!found) {
			res.writeHead(303, { location: '/?link=invalid', 'cache-control': 'no-store' });
			res.end();
			return;
		}
		const { record, actor, state } = found;
		let keep = token;
		// Reopening a shared link in a browser that already joined through it resumes the same member.
		if (!record.memberId && MEMBER_ROLES.includes(record.role)) {
			const existing = cookieToken(req, record.meetingId, record.role);
			if (existing) {
				const prev = await deps.meetings.authenticate(existing);
				if (prev && prev.record.linkId === record.linkId && prev.record.memberId && actorFor(prev.record, state)) keep = existing;
			}
		}
		const headers: Record<string, string> = { location: then === 'zoom' ? '/zoom' : homePath(record.meetingId, actor), 'cache-control': 'no-store' };
		if (bind) headers['set-cookie'] = sessionCookie(record.meetingId, record.role, keep);
		res.writeHead(303, headers);
		res.end();
	}

	async function route(req: IncomingMessage, res: ServerResponse, url: URL, next: Next): Promise<void> {
		const path = url.pathname;
		// HEAD is GET without a body (Node leaves the body out): every GET route answers it. Only /j/
		// must know, since a HEAD (a chat tool's link preview) never binds this browser.
		const head = req.method === 'HEAD';
		if (head && (path === '/healthz' || path.startsWith('/j/') || path.startsWith('/api/v1/'))) req.method = 'GET';
		setSecurityHeaders(req, res, https || config.zoomApp);
		if (path === '/healthz') {
			try {
				await deps.store.ping();
				return sendJson(res, 200, { ok: true, store: deps.store.kind });
			} catch {
				return sendRefusal(res, 'unavailable', 'store');
			}
		}
		if (path.startsWith('/j/')) {
			// HEAD (link previews in chat tools) answers as GET does, without binding this browser.
			if (req.method === 'GET') return openLink(req, res, safeDecode(path.slice(3)), !head, url.searchParams.get('then'));
			res.writeHead(405, { allow: 'GET, HEAD', 'content-length': '0' });
			return void res.end();
		}
		if (!path.startsWith('/api/v1/')) return next();
		if (path === '/api/v1/config' && req.method === 'GET')
			return sendJson(res, 200, { adminTokenRequired: Boolean(config.adminToken), store: deps.store.kind });
		if (path === '/api/v1/meetings' && req.method === 'POST') return createMeeting(req, res, false);
		if (path === '/api/v1/meetings/demo' && req.method === 'POST') return createMeeting(req, res, true);
		if (series?.owns(path)) return series.handle(req, res, url);
		for (const p of publicRoutes) if (p.path === path && p.method === req.method) return p.handle(req, res);
		for (const r of routes) {
			const m = r.path.exec(path);
			if (m && r.method === req.method) return serveRoute(r, m.groups as Record<string, string>, req, res, url);
		}
		return sendRefusal(res, 'not_found');
	}

	/** The one authentication, origin and role step before every meeting route. */
	async function serveRoute(r: MeetingRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse, url: URL) {
		const who = await authenticate(req, url, params.meetingId);
		if ('code' in who) return sendRefusal(res, who.code);
		// A cookie rides along on any request the browser makes: a change needs a page of our own.
		if (r.method !== 'GET' && who.fromCookie && !sameOrigin(req)) return sendRefusal(res, 'not_allowed', 'origin');
		if (!r.roles.includes(who.actor.role)) return sendRefusal(res, 'not_allowed');
		await r.handle({ req, res, url, who, params });
	}

	/** Routes outside any meeting that features add (e.g. resolving a join code). */
	const publicRoutes: PublicRoute[] = [];
	/** The series API (its own route table, server/series/routes.ts), once attached. */
	let series: SeriesApi | null = null;

	const routes: MeetingRoute[] = [
		meetingRoute({ name: 'view', method: 'GET', path: meetingPath(''), roles: EVERY_ROLE, handle: ({ req, res, who }) => getMeeting(req, res, who) }),
		meetingRoute({ name: 'command', method: 'POST', path: meetingPath('/commands'), roles: EVERY_ROLE, handle: ({ req, res, who, params }) => postCommand(req, res, who, params.meetingId) })
	];

	return {
		/** The meeting route table (for the role matrix and docs). */
		get routes(): readonly MeetingRoute[] {
			return routes;
		},
		/** Attaches the series API: it owns `/api/v1/series…` and the series' links under /j/. */
		attachSeries(api: SeriesApi) {
			series = api;
		},
		/** Adds routes that belong to no meeting (anyone may call them; each limits itself). */
		addPublicRoutes(...more: PublicRoute[]) {
			publicRoutes.push(...more);
		},
		/** Adds a feature's meeting routes (notes, minutes, …) to the table. */
		addRoutes(...more: MeetingRoute[]) {
			routes.push(...more);
		},
		/** Serves `req` when it is ours (calls `next()` otherwise); `owned` comes from the request owner. */
		handle(req: IncomingMessage, res: ServerResponse, owned: OwnedRequest, next: Next): void {
			route(req, res, owned.url, next).catch((err: unknown) => {
				// A refused body may be left half-read on the connection: close it, or the client's next
				// request on this keep-alive connection would hang and fail.
				if (err instanceof BodyError) return sendRefusal(res, err.code, undefined, err.code === 'too_large' ? { connection: 'close' } : {});
				failRequest(res, log, owned.id, req, err);
			});
		}
	};
}

/** A route outside any meeting: an exact path, no token. */
export interface PublicRoute {
	name: string;
	method: 'GET' | 'POST';
	path: string;
	handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** What the API needs of the series routes (server/series/routes.ts). */
export interface SeriesApi {
	owns(path: string): boolean;
	handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
	openLink(token: string, bind: boolean): Promise<{ location: string; cookie: string | null } | null>;
}

export type Authenticated = { record: TokenRecord; actor: Actor; state: MeetingState; fromCookie: boolean };
export type Api = ReturnType<typeof createApi>;

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return '';
	}
}
