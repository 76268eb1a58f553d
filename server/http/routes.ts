/**
 * The routes of a meeting (`/api/v1/meetings/:id/…`), declared once as a table: method, path, the
 * roles that may use it, and a handler. One step runs before every handler: the caller's token
 * (Bearer, else the meeting's session cookie) is resolved to an actor on fresh state, a cookie
 * counts for a state-changing request only from our own origin, and the role must be in the
 * route's list. Handlers then check only what is theirs (a room's board access, a body's schema).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../src/lib/shared/meeting/types.js';
import type { Authenticated } from './api.js';

/** What a handler gets: the request, the caller (already authorised for the route) and the path's groups. */
export interface RouteContext {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	who: Authenticated;
	/** Named groups of the route's path (always `meetingId`). */
	params: Record<string, string>;
}

export interface MeetingRoute {
	/** For logs and docs, e.g. `minutes`. */
	name: string;
	method: 'GET' | 'POST';
	/** The whole path, with a named group `meetingId`. */
	path: RegExp;
	/** Who may use it (role groups from the core). */
	roles: readonly Role[];
	handle(ctx: RouteContext): Promise<void>;
}

/** Declares a route; the path must name its meeting (`(?<meetingId>…)`). */
export function meetingRoute(route: MeetingRoute): MeetingRoute {
	if (!route.path.source.includes('(?<meetingId>')) throw new Error(`route ${route.name}: the path must capture meetingId`);
	return route;
}

/** The id pattern of path segments (ids are checked again by the schema's rules in the handlers). */
export const SEGMENT = '[A-Za-z0-9_-]{1,64}';

/** `/api/v1/meetings/<meetingId>` followed by `rest` (a regex source), as a route path. */
export function meetingPath(rest: string): RegExp {
	return new RegExp(`^/api/v1/meetings/(?<meetingId>${SEGMENT})${rest}/?$`);
}
