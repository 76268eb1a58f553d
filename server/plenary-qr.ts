/**
 * GET /api/v1/meetings/:id/plenary/qr: the join URL whose QR code the plenary screen shows (the
 * link the organiser chose with `plenary.qr`), for the display and organisers. Link tokens are
 * derived on the server; the display learns only the one URL meant to be shown in Zoom.
 */
import type { Auth } from './auth.js';
import type { ExtraRoute } from './http/api.js';
import { originOf, sendJson, sendRefusal } from './http/io.js';
import { linkUrl } from './views.js';

const PATH = /^\/api\/v1\/meetings\/([A-Za-z0-9_-]{1,64})\/plenary\/qr$/;

/** The route handler for api.addRoute. */
export function plenaryQrRoute(deps: { auth: Pick<Auth, 'linkToken'>; publicUrl: string | null }): ExtraRoute {
	return async ({ req, res, url, authenticate }) => {
		const m = PATH.exec(url.pathname);
		if (!m || req.method !== 'GET') return false;
		const who = await authenticate(m[1]);
		if ('code' in who) sendRefusal(res, who.code);
		else if (who.actor.role !== 'display' && who.actor.role !== 'organiser') sendRefusal(res, 'not_allowed');
		else {
			const linkId = who.state.plenary.qrLinkId;
			const link = linkId ? who.state.links[linkId] : null;
			if (!link || link.revoked || (link.role !== 'participant' && link.role !== 'ministry')) sendRefusal(res, 'not_found');
			else sendJson(res, 200, { linkId: link.id, role: link.role, url: linkUrl(originOf(req, deps.publicUrl), deps.auth.linkToken(link.id, link.role)) });
		}
		return true;
	};
}
