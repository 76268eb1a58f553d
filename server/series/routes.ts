/**
 * The series API (`/api/v1/series…`), declared once as a table: method, path, who may use it (the
 * series roles, and `member` for someone holding a link of one of the series' meetings), handler.
 * One step runs before every handler: the caller's token (Bearer, else the series' session cookie,
 * else with `?meeting=<id>` that meeting's cookie) is resolved to a series viewer; a cookie counts for
 * a change only from our own origin; the role must be in the route's list. Nothing crosses series: a
 * series token opens only its series, a meeting's token only the series that meeting belongs to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusFor, type ErrorCode } from '../../src/lib/shared/errors.js';
import { LEDGER_NUMERIC_COLUMNS, ledgerTable } from '../../src/lib/shared/ledger/table.js';
import { duplicateHints, ledgerFor, ministryView, type LedgerViewer } from '../../src/lib/shared/ledger/views.js';
import type { Ledger } from '../../src/lib/shared/ledger/types.js';
import { ROLES, type Role } from '../../src/lib/shared/meeting/types.js';
import { issuePath, LIMITS } from '../../src/lib/shared/schemas.js';
import { seriesCommands } from '../../src/lib/shared/series/commands.js';
import { createSeriesBody, nextMeetingBody, nextMeetingCreate, programmeCopy, rosterCopy, roomsCopy } from '../../src/lib/shared/series/next-meeting.js';
import type { SeriesActor, SeriesState } from '../../src/lib/shared/series/types.js';
import { cookieName, parseCookies, type Auth } from '../auth.js';
import type { Config } from '../config.js';
import { creatorKey } from '../http/client-address.js';
import { isSameOrigin } from '../http/origin.js';
import { originOf, readJson, sendFile, sendJson, sendRefusal } from '../http/io.js';
import { SEGMENT } from '../http/routes.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import { attachment } from '../minutes/routes.js';
import { carryQuestions, runTrusted } from '../questions/carry-over.js';
import { creationBuckets } from '../rate-limit.js';
import { csvBytes, xlsxBytes } from '../roster/files.js';
import { linkUrl } from '../views.js';
import { renderQaDocx } from './qa-docx.js';
import { organiserClaims, type SeriesService } from './service.js';

/** Who may use a series route: its organiser, its ministry link, or a member of one of its meetings. */
export type SeriesAccess = 'organiser' | 'ministry' | 'member';
const SERIES_ONLY: readonly SeriesAccess[] = ['organiser'];
const SERIES_LINKS: readonly SeriesAccess[] = ['organiser', 'ministry'];
const EVERYONE: readonly SeriesAccess[] = ['organiser', 'ministry', 'member'];

/** The caller of a series route, resolved once. */
export interface SeriesCaller {
	state: SeriesState;
	access: SeriesAccess;
	/** Set for the series' own links. */
	actor: SeriesActor | null;
	viewer: LedgerViewer;
	fromCookie: boolean;
}

export interface SeriesRouteContext {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	who: SeriesCaller;
}

export interface SeriesRoute {
	name: string;
	method: 'GET' | 'POST';
	/** The whole path, with a named group `seriesId`. */
	path: RegExp;
	roles: readonly SeriesAccess[];
	handle(ctx: SeriesRouteContext): Promise<void>;
}

/** `/api/v1/series/<seriesId>` followed by `rest` (a regex source). */
export function seriesPath(rest: string): RegExp {
	return new RegExp(`^/api/v1/series/(?<seriesId>${SEGMENT})${rest}/?$`);
}

/** Name of a series' session cookie. */
export function seriesCookieName(seriesId: string): string {
	return `yoriai_series_${seriesId}`;
}

export interface SeriesRouteDeps {
	config: Config;
	series: SeriesService;
	meetings: Meetings;
	auth: Auth;
	log: Logger;
	now: () => number;
}

function bearer(req: IncomingMessage): string | null {
	const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	return req.headers.authorization === undefined ? null : m ? m[1] : '';
}

/** The series router: `handle` answers every `/api/v1/series…` request. */
export function createSeriesRoutes(deps: SeriesRouteDeps) {
	const { series, meetings, auth, config } = deps;
	const https = config.publicUrl?.startsWith('https:') ?? false;
	const sameOrigin = (req: IncomingMessage) => isSameOrigin(req.headers, config.publicUrl);

	function seriesCookie(seriesId: string, token: string): string {
		return `${seriesCookieName(seriesId)}=${encodeURIComponent(auth.sign(token))}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86400}${https ? '; Secure' : ''}`;
	}

	/** A meeting token as a viewer of `seriesId`, when that meeting belongs to it. */
	async function meetingViewer(token: string, seriesId: string, fromCookie: boolean): Promise<SeriesCaller | null> {
		const found = await meetings.authenticate(token);
		if (!found || (await series.seriesOf(found.record.meetingId)) !== seriesId) return null;
		const state = await series.load(seriesId);
		if (!state) return null;
		return { state, access: 'member', actor: null, viewer: { kind: 'meeting', meetingId: found.record.meetingId }, fromCookie };
	}

	async function seriesViewer(token: string, seriesId: string, fromCookie: boolean): Promise<SeriesCaller | null> {
		const found = await series.authenticate(token);
		if (!found || found.record.seriesId !== seriesId) return null;
		return { state: found.state, access: found.actor.role, actor: found.actor, viewer: { kind: 'series', role: found.actor.role }, fromCookie };
	}

	/** The token of this browser's session of `meetingId` as `role`, if its cookie is there and signed by us. */
	function meetingCookieToken(req: IncomingMessage, meetingId: string, role: Role): string | null {
		const raw = parseCookies(req.headers.cookie)[cookieName(meetingId, role)];
		return raw ? auth.unsign(raw) : null;
	}

	/**
	 * The meeting this browser organises, by its organiser session cookie of `meetingId` (our own origin
	 * only) or by `token` when given; null when neither is that meeting's organiser.
	 */
	async function organisedMeeting(req: IncomingMessage, opts: { meetingId?: string; token?: string }): Promise<string | null> {
		if (opts.meetingId && !sameOrigin(req)) return null;
		const token = opts.token ?? (opts.meetingId ? meetingCookieToken(req, opts.meetingId, 'organiser') : null);
		const found = token ? await meetings.authenticate(token) : null;
		if (!found || found.actor.role !== 'organiser' || (opts.meetingId && found.record.meetingId !== opts.meetingId)) return null;
		return found.record.meetingId;
	}

	async function authenticate(req: IncomingMessage, url: URL, seriesId: string): Promise<SeriesCaller | ErrorCode> {
		const b = bearer(req);
		if (b !== null) {
			if (!b) return 'unauthorized';
			return (await seriesViewer(b, seriesId, false)) ?? (await meetingViewer(b, seriesId, false)) ?? 'unauthorized';
		}
		const cookies = parseCookies(req.headers.cookie);
		const own = cookies[seriesCookieName(seriesId)];
		const token = own ? auth.unsign(own) : null;
		if (token) {
			const who = await seriesViewer(token, seriesId, true);
			if (who) return who;
		}
		const meetingId = url.searchParams.get('meeting');
		if (meetingId && /^[A-Za-z0-9_-]{1,64}$/.test(meetingId))
			for (const role of ROLES as readonly Role[]) {
				const t = meetingCookieToken(req, meetingId, role);
				const who = t ? await meetingViewer(t, seriesId, true) : null;
				if (who) return who;
			}
		return (await series.load(seriesId)) ? 'unauthorized' : 'not_found';
	}

	async function viewLedger(who: SeriesCaller): Promise<Ledger> {
		return ledgerFor(await series.ledger(who.state), who.viewer);
	}

	/**
	 * Bytes rendered from a ledger, kept while that ledger is the current one: the series' own links
	 * share one ledger object until a meeting or the series changes, so an unchanged ledger is
	 * rendered once per format (a participant's view is a new object each time and is rendered anew).
	 */
	const rendered = new WeakMap<Ledger, Map<string, Buffer | string>>();
	async function renderOnce<T extends Buffer | string>(ledger: Ledger, format: string, render: () => T | Promise<T>): Promise<T> {
		const formats = rendered.get(ledger) ?? new Map<string, Buffer | string>();
		rendered.set(ledger, formats);
		const hit = formats.get(format) as T | undefined;
		if (hit !== undefined) return hit;
		const made = await render();
		formats.set(format, made);
		return made;
	}

	async function createSeries(req: IncomingMessage, res: ServerResponse) {
		if (config.adminToken && bearer(req) !== config.adminToken) return sendRefusal(res, 'unauthorized', 'admin token');
		if (!sameOrigin(req)) return sendRefusal(res, 'not_allowed', 'origin');
		const body = createSeriesBody.safeParse(await readJson(req, LIMITS.messageBytes));
		if (!body.success) return sendRefusal(res, 'invalid', issuePath(body.error));
		// A meeting to move in is checked first: refused, no series is made.
		const moving = body.data.meetingId ? await organisedMeeting(req, { meetingId: body.data.meetingId }) : null;
		if (body.data.meetingId && !moving) return sendRefusal(res, 'not_allowed', 'meeting organiser session');
		if (moving && (await series.seriesOf(moving))) return sendRefusal(res, 'already_exists', 'in another series');
		if (!(await meetings.takeShared(creationBuckets(creatorKey(req, config))))) return sendRefusal(res, 'rate_limited');
		const created = await series.create(body.data.title, body.data.ministryLabel);
		const origin = originOf(req, config.publicUrl);
		deps.log.info({ seriesId: created.id }, 'series created');
		if (moving) {
			const added = await series.addMeeting(created.id, moving, body.data.region ?? null);
			// Only a meeting moved into another series between the check and here: the new series stays empty.
			if (!added.ok) return sendJson(res, httpStatusFor(added.code), added);
		}
		sendJson(
			res,
			201,
			{ ok: true, id: created.id, organiserToken: created.organiserToken, ministryToken: created.ministryToken, links: { organiser: linkUrl(origin, created.organiserToken), ministry: linkUrl(origin, created.ministryToken) } },
			{ 'set-cookie': seriesCookie(created.id, created.organiserToken) }
		);
	}

	/** Creates the next meeting from the series' last one (or moves an existing meeting in). */
	async function addMeeting({ req, res, who }: SeriesRouteContext) {
		const parsed = nextMeetingBody.safeParse(await readJson(req, LIMITS.messageBytes));
		if (!parsed.success) return sendRefusal(res, 'invalid', issuePath(parsed.error));
		const body = parsed.data;
		const seriesId = who.state.series.id;
		const last = who.state.meetings[who.state.meetings.length - 1];
		if (body.meetingToken || body.meetingId) {
			// Moving a meeting in takes its organiser's token — or, from its console, this browser's
			// organiser session of it (a cookie: from our own origin only) — as well as the series organiser's.
			const moving = await organisedMeeting(req, { meetingId: body.meetingId, token: body.meetingToken });
			if (!moving) return sendRefusal(res, 'not_allowed', 'meeting organiser token');
			const added = await series.addMeeting(seriesId, moving, body.region ?? null);
			if (!added.ok) return sendJson(res, httpStatusFor(added.code), added);
			return sendJson(res, 200, { ok: true, id: moving, moved: true });
		}
		const prev = last ? await meetings.load(last.meetingId) : null;
		if (!prev && !body.startsAt) return sendRefusal(res, 'invalid', 'startsAt: required for the first meeting');
		if (!(await meetings.takeShared(creationBuckets(creatorKey(req, config))))) return sendRefusal(res, 'rate_limited');
		const created = await meetings.create(
			prev ? nextMeetingCreate(prev, body, who.state.series.title) : { title: body.title ?? who.state.series.title, startsAt: body.startsAt!, endsAt: body.endsAt ?? null }
		);
		const next = await meetings.authenticate(created.organiserToken);
		if (!next) throw new Error('series: new organiser token did not resolve');
		let carried = 0;
		if (prev) {
			if (body.copy.rooms) for (const c of roomsCopy(prev)) await runTrusted(meetings, next.record, c);
			if (body.copy.programme) for (const c of programmeCopy(prev)) await runTrusted(meetings, next.record, c);
			const fresh = await meetings.load(created.id);
			const roster = body.copy.roster && fresh ? rosterCopy(prev, fresh) : null;
			if (roster) await runTrusted(meetings, next.record, roster);
			const prevClaims = organiserClaims(prev);
			if (body.carry && prevClaims && !prev.meeting.nextMeetingId) {
				const carry = await carryQuestions(meetings, deps.log, prev, prevClaims, next.record);
				if (carry.ok) carried = carry.carried.length;
			}
		}
		const region = body.region !== undefined ? body.region : (last?.region ?? null);
		const added = await series.addMeeting(seriesId, created.id, region);
		if (!added.ok) return sendJson(res, httpStatusFor(added.code), added);
		deps.log.info({ seriesId, meetingId: created.id, carried }, 'series meeting created');
		sendJson(res, 201, { ok: true, id: created.id, organiserToken: created.organiserToken, carried, links: { organiser: linkUrl(originOf(req, config.publicUrl), created.organiserToken) } });
	}

	async function view({ res, who }: SeriesRouteContext) {
		const list = [];
		for (const m of who.state.meetings) {
			const s = await meetings.load(m.meetingId);
			if (s) list.push({ meetingId: m.meetingId, title: s.meeting.title, startsAt: s.meeting.startsAt, endsAt: s.meeting.endsAt, region: m.region });
		}
		sendJson(res, 200, { ok: true, id: who.state.series.id, title: who.state.series.title, access: who.access, viewerMeetingId: who.viewer.kind === 'meeting' ? who.viewer.meetingId : null, meetings: list });
	}

	async function command({ req, res, who }: SeriesRouteContext) {
		const parsed = seriesCommands.parse(await readJson(req, LIMITS.messageBytes));
		if (!parsed.ok) return sendJson(res, 400, parsed);
		const reply = await series.execute(who.state.series.id, who.actor!, parsed.command);
		sendJson(res, reply.ok ? 200 : httpStatusFor(reply.code), reply);
	}

	const title = (who: SeriesCaller) => who.state.series.title;
	const routes: SeriesRoute[] = [
		{ name: 'series.view', method: 'GET', path: seriesPath(''), roles: EVERYONE, handle: view },
		{ name: 'series.meetings', method: 'POST', path: seriesPath('/meetings'), roles: SERIES_ONLY, handle: addMeeting },
		{ name: 'series.command', method: 'POST', path: seriesPath('/commands'), roles: SERIES_LINKS, handle: command },
		{
			name: 'series.ledger',
			method: 'GET',
			path: seriesPath('/ledger(?:\\.json)?'),
			roles: EVERYONE,
			handle: async ({ res, url, who }) => {
				const ledger = await viewLedger(who);
				const hintsFor = who.access === 'organiser' ? url.searchParams.get('hints') : null;
				const body = await renderOnce(ledger, 'json', () => JSON.stringify(ledger));
				const hints = hintsFor ? `,"hints":${JSON.stringify(duplicateHints(ledger, hintsFor))}` : '';
				res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
				// `now`: the server's clock, which the page ages waiting matters by (as the ministry view does).
				res.end(`{"ok":true,"access":${JSON.stringify(who.access)},"now":${deps.now()},"ledger":${body}${hints}}`);
			}
		},
		{
			name: 'series.ledger.csv',
			method: 'GET',
			path: seriesPath('/ledger\\.csv'),
			roles: EVERYONE,
			handle: async ({ res, url, who }) => {
				const sjis = /^(shift_jis|sjis|cp932)$/i.test(url.searchParams.get('encoding') ?? '');
				const ledger = await viewLedger(who);
				const body = await renderOnce(ledger, sjis ? 'csv-sjis' : 'csv', () => csvBytes(ledgerTable(ledger), sjis ? 'shift_jis' : 'utf-8'));
				sendFile(res, `text/csv; charset=${sjis ? 'Shift_JIS' : 'utf-8'}`, body, attachment(title(who), '_質問要望台帳.csv', 'ledger.csv'));
			}
		},
		{
			name: 'series.ledger.xlsx',
			method: 'GET',
			path: seriesPath('/ledger\\.xlsx'),
			roles: EVERYONE,
			handle: async ({ res, who }) => {
				const ledger = await viewLedger(who);
				const body = await renderOnce(ledger, 'xlsx', () => xlsxBytes(ledgerTable(ledger), '質問・要望台帳', { numeric: LEDGER_NUMERIC_COLUMNS }));
				sendFile(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, attachment(title(who), '_質問要望台帳.xlsx', 'ledger.xlsx'));
			}
		},
		{
			name: 'series.ministry',
			method: 'GET',
			path: seriesPath('/ministry'),
			roles: SERIES_LINKS,
			handle: async ({ res, who }) => sendJson(res, 200, { ok: true, departments: ministryView(await viewLedger(who), deps.now()) })
		},
		{
			name: 'series.qa.docx',
			method: 'GET',
			path: seriesPath('/qa\\.docx'),
			roles: EVERYONE,
			handle: async ({ res, who }) => {
				const ledger = await viewLedger(who);
				const body = await renderOnce(ledger, 'docx', () => renderQaDocx(ledger, deps.now()));
				sendFile(res, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body, attachment(title(who), '_QA集.docx', 'qa.docx'));
			}
		}
	];

	async function serve(r: SeriesRoute, seriesId: string, req: IncomingMessage, res: ServerResponse, url: URL) {
		const who = await authenticate(req, url, seriesId);
		if (typeof who === 'string') return sendRefusal(res, who);
		if (r.method !== 'GET' && who.fromCookie && !sameOrigin(req)) return sendRefusal(res, 'not_allowed', 'origin');
		if (!r.roles.includes(who.access)) return sendRefusal(res, 'not_allowed');
		await r.handle({ req, res, url, who });
	}

	return {
		routes: routes as readonly SeriesRoute[],
		/** True when the path is the series API's (then `handle` owns the request). */
		owns: (path: string) => path === '/api/v1/series' || path.startsWith('/api/v1/series/'),
		async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
			if (url.pathname === '/api/v1/series' && req.method === 'POST') return createSeries(req, res);
			for (const r of routes) {
				const m = r.path.exec(url.pathname);
				if (m && r.method === req.method) return serve(r, m.groups!.seriesId, req, res, url);
			}
			sendRefusal(res, 'not_found');
		},
		/** /j/<token> for a series link: binds this browser to the series and opens its ledger page. */
		async openLink(token: string, bind: boolean): Promise<{ location: string; cookie: string | null } | null> {
			const found = await series.authenticate(token);
			if (!found) return null;
			const id = found.record.seriesId;
			return { location: `/series/${id}${found.actor.role === 'ministry' ? '?view=ministry' : ''}`, cookie: bind ? seriesCookie(id, token) : null };
		}
	};
}

export type SeriesRoutes = ReturnType<typeof createSeriesRoutes>;
