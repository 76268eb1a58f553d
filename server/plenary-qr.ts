/**
 * GET /api/v1/meetings/:id/plenary/qr: the join URL whose QR code the plenary screen shows (the
 * link the organiser chose with `plenary.qr`), for the display and organisers. Link tokens are
 * derived on the server; the display learns only the one URL meant to be shown in Zoom, and its
 * join code (参加コード) to show beside it.
 */
import type { Auth } from './auth.js';
import { meetingPath, meetingRoute, type MeetingRoute } from './http/routes.js';
import { SCREEN_ROLES } from '../src/lib/shared/meeting/roles.js';
import { originOf, sendJson, sendRefusal } from './http/io.js';
import { linkUrl } from './views.js';
import type { JoinCodes } from './join-codes.js';

/** The route, for api.addRoutes. */
export function plenaryQrRoute(deps: { auth: Pick<Auth, 'linkToken'>; publicUrl: string | null; joinCodes: Pick<JoinCodes, 'codesFor'>; now: () => number }): MeetingRoute {
	return meetingRoute({
		name: 'plenary-qr',
		method: 'GET',
		path: meetingPath('/plenary/qr'),
		roles: SCREEN_ROLES,
		async handle({ req, res, who }) {
			const linkId = who.state.plenary.qrLinkId;
			const link = linkId ? who.state.links[linkId] : null;
			if (!link || link.revoked || (link.role !== 'participant' && link.role !== 'ministry')) return sendRefusal(res, 'not_found');
			const code = (await deps.joinCodes.codesFor(who.state.meeting.id, [link], deps.now()))[link.id];
			sendJson(res, 200, { linkId: link.id, role: link.role, url: linkUrl(originOf(req, deps.publicUrl), deps.auth.linkToken(link.id, link.role)), code });
		}
	});
}
