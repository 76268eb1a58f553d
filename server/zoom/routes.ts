/**
 * Zoom's files over HTTP (organisers), for api.addRoutes: GET /api/v1/meetings/:id/zoom/breakout.csv,
 * the room plan as Zoom's breakout pre-assignment CSV. Refused with `too_large` when it goes over
 * Zoom's limits; the number of people left out for want of an email is in `X-Missing-Emails`.
 */
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { breakoutPlan } from '../../src/lib/shared/zoom/breakout.js';
import { toCsv } from '../../src/lib/shared/csv.js';
import { sendRefusal } from '../http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import { attachment } from '../minutes/routes.js';

/** The Zoom routes. */
export function zoomRoutes(): MeetingRoute[] {
	return [
		meetingRoute({
			name: 'zoom.breakout',
			method: 'GET',
			path: meetingPath('/zoom/breakout\\.csv'),
			roles: ORGANISER_ONLY,
			async handle({ res, who }) {
				const plan = breakoutPlan(who.state);
				if (plan.overLimits.length) return sendRefusal(res, 'too_large', `over Zoom's limits: ${plan.overLimits.join(', ')}`);
				// Zoom reads plain UTF-8: a BOM would become part of its first header.
				const body = Buffer.from(toCsv(plan.table), 'utf8');
				res.writeHead(200, {
					'content-type': 'text/csv; charset=utf-8',
					'content-disposition': attachment(who.state.meeting.title, '_breakout.csv', 'breakout.csv'),
					'cache-control': 'no-store',
					'content-length': body.length,
					'x-missing-emails': String(plan.missingEmail.length)
				});
				res.end(body);
			}
		})
	];
}
