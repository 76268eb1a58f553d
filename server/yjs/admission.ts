/**
 * Who may open /yjs/<meetingId>/room/<roomId> or /yjs/<meetingId>/summary, decided before the
 * WebSocket upgrade (or the socket.io fallback's handshake, with the same rules): the token comes
 * from the `token` query parameter or handshake field (non-browser clients) or the
 * meeting's session cookie (the role named by `as`, else any role); a cookie needs a same-origin
 * request. Access follows notes/access.ts, re-checked later with `accessNow`.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ROLES, type Actor, type MeetingState, type Role } from '../../src/lib/shared/meeting/types.js';
import { roomBoardAccess, roomDocName, summaryAccess, summaryDocName, type BoardAccess } from '../../src/lib/shared/notes/access.js';
import { cookieName, parseCookies, type Auth } from '../auth.js';
import { isSameOrigin } from '../http/origin.js';
import { isSafeId } from '../../src/lib/shared/schemas.js';
import type { Meetings } from '../meetings.js';
import type { TokenRecord } from '../storage/types.js';

const DOC_PATH = /^\/yjs\/([A-Za-z0-9_-]{1,64})\/(?:room\/([A-Za-z0-9_-]{1,64})|(summary))$/;

export type Admission =
	| { ok: true; docName: string; meetingId: string; roomId: string | null; record: TokenRecord; actor: Actor; access: BoardAccess; name: string }
	| { ok: false; status: 401 | 403 | 404 };

/** The doc a path names, or null. */
export function parseDocPath(pathname: string): { meetingId: string; roomId: string | null; docName: string } | null {
	const m = DOC_PATH.exec(pathname);
	if (!m || !isSafeId(m[1]) || (m[2] !== undefined && !isSafeId(m[2]))) return null;
	const meetingId = m[1];
	const roomId = m[2] ?? null;
	return { meetingId, roomId, docName: roomId ? roomDocName(meetingId, roomId) : summaryDocName(meetingId) };
}

/** Access of `actor` to a doc of its meeting right now. */
export function accessNow(state: MeetingState, actor: Actor, roomId: string | null): BoardAccess {
	return roomId ? roomBoardAccess(state, actor, roomId) : summaryAccess(actor);
}

/** Name shown in presence: the member's display name, else empty (the page shows the role). */
export function presenceName(state: MeetingState, actor: Actor): string {
	return (actor.memberId && state.members[actor.memberId]?.name) || '';
}

/** What a request to open a board carries, from either transport. */
export interface BoardRequest {
	/** `/yjs/<meetingId>/room/<roomId>` or `/yjs/<meetingId>/summary` (the socket.io namespace is the same path). */
	pathname: string;
	/** An explicit token (`?token=` or the handshake's `auth.token`): counts from any origin. */
	token: string | null;
	/** Which session cookie to use (`?as=` or `auth.as`); any role's when absent. */
	as: string | null;
	/** Cookie, Origin and Host. */
	headers: IncomingHttpHeaders;
}

/** The BoardRequest of a WebSocket upgrade request. */
export function upgradeRequest(req: IncomingMessage): BoardRequest {
	const url = new URL(req.url ?? '/', 'http://local');
	return { pathname: url.pathname, token: url.searchParams.get('token'), as: url.searchParams.get('as'), headers: req.headers };
}

/** Decides whether a request may open its doc (the same rules for both transports). */
export async function admit(request: BoardRequest, deps: { meetings: Meetings; auth: Auth; publicUrl: string | null }): Promise<Admission> {
	const target = parseDocPath(request.pathname);
	if (!target) return { ok: false, status: 404 };
	const { meetingId, roomId, docName } = target;

	let token = request.token;
	if (!token) {
		const as = request.as;
		const roles: readonly Role[] = as && (ROLES as readonly string[]).includes(as) ? [as as Role] : ROLES;
		const cookies = parseCookies(request.headers.cookie);
		for (const role of roles) {
			const raw = cookies[cookieName(meetingId, role)];
			const t = raw ? deps.auth.unsign(raw) : null;
			if (t) {
				token = t;
				break;
			}
		}
		// A page of another site must not ride on this browser's cookie.
		if (token && !isSameOrigin(request.headers, deps.publicUrl)) return { ok: false, status: 403 };
	}
	if (!token) return { ok: false, status: 401 };
	const found = await deps.meetings.authenticate(token);
	if (!found || found.record.meetingId !== meetingId) return { ok: false, status: 401 };
	if (roomId && !found.state.rooms[roomId]) return { ok: false, status: 404 };
	// Purged (retention): the boards are gone for good, and no browser's copy may bring them back.
	if (found.state.privacy.purgedAt !== null) return { ok: false, status: 404 };
	const access = accessNow(found.state, found.actor, roomId);
	if (access === 'none') return { ok: false, status: 403 };
	return { ok: true, docName, meetingId, roomId, record: found.record, actor: found.actor, access, name: presenceName(found.state, found.actor) };
}
