/**
 * `GET /api/v1/zoom/sessions?zoomMeetingId=…`, for the Zoom App side panel: which of this browser's
 * own Yoriai sessions (its signed session cookies) belong to the meeting linked to that Zoom
 * meeting, with the rooms the panel follows into. The Zoom meeting id is never a credential: with
 * no session cookie of that meeting the answer is empty, and nothing is told about meetings the
 * browser holds no session for. Organiser sessions of meetings not linked to any Zoom meeting are
 * listed apart, so the organiser can link one from the panel.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROLES, sortedRooms, type Role } from '../../src/lib/shared/meeting/types.js';
import { normaliseZoomMeetingId, type ZoomSessions } from '../../src/lib/shared/zoom/panel.js';
import { parseCookies, type Auth } from '../auth.js';
import type { PublicRoute } from '../http/api.js';
import { sendJson, sendRefusal } from '../http/io.js';
import type { Meetings } from '../meetings.js';
import { homePath } from '../views.js';

/** At most this many session cookies are looked at per request (a browser holds a few). */
const MAX_SESSIONS = 30;
const COOKIE = new RegExp(`^yoriai_(${ROLES.join('|')})_([A-Za-z0-9_-]{1,64})$`);

/** The route, for api.addPublicRoutes. */
export function zoomSessionsRoute(deps: { auth: Pick<Auth, 'unsign'>; meetings: Meetings }): PublicRoute {
	return {
		name: 'zoom.sessions',
		method: 'GET',
		path: '/api/v1/zoom/sessions',
		async handle(req: IncomingMessage, res: ServerResponse) {
			const asked = new URL(req.url ?? '/', 'http://x').searchParams.get('zoomMeetingId') ?? '';
			const zoomMeetingId = normaliseZoomMeetingId(asked);
			if (!zoomMeetingId) return sendRefusal(res, 'invalid', 'zoomMeetingId');
			const answer: ZoomSessions = { ok: true, linked: [], unlinked: [] };
			const cookies = Object.entries(parseCookies(req.headers.cookie)).slice(0, 200);
			let looked = 0;
			for (const [name, value] of cookies) {
				const m = COOKIE.exec(name);
				if (!m || looked++ >= MAX_SESSIONS) continue;
				const token = deps.auth.unsign(value);
				const found = token ? await deps.meetings.authenticate(token) : null;
				// A cookie copied under another meeting's name reads nothing.
				if (!found || found.record.meetingId !== m[2] || found.actor.role !== (m[1] as Role)) continue;
				const { state, actor } = found;
				const meeting = { meetingId: state.meeting.id, title: state.meeting.title, role: actor.role };
				if (state.meeting.zoomMeetingId === zoomMeetingId)
					answer.linked.push({
						...meeting,
						home: homePath(state.meeting.id, actor),
						rooms: sortedRooms(state).map((r) => ({ id: r.id, name: r.name, ...(r.zoomName ? { zoomName: r.zoomName } : {}) }))
					});
				else if (actor.role === 'organiser' && !state.meeting.zoomMeetingId) answer.unlinked.push(meeting);
			}
			sendJson(res, 200, answer);
		}
	};
}
