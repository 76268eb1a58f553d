/**
 * GET /api/v1/meetings/:id/rooms/activity — the rooms' activity samples (counts per room per
 * minute: lines, shared lines, people connected) for the organiser's console, which polls it while
 * the breakout figure is open. Organisers only: the counts say which rooms are quiet, which is not
 * for the rooms themselves or the screen. Plain HTTP, so it works where WebSockets are blocked.
 */
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { sendJson, sendRefusal } from '../http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import type { Logger } from '../log.js';
import type { ActivitySampler } from './sampler.js';

/** The route, for `api.addRoutes`. */
export function activityRoute(sampler: ActivitySampler, log: Logger): MeetingRoute {
	return meetingRoute({
		name: 'rooms-activity',
		method: 'GET',
		path: meetingPath('/rooms/activity'),
		roles: ORGANISER_ONLY,
		async handle({ res, who }) {
			try {
				sendJson(res, 200, await sampler.read(who.state));
			} catch (err) {
				log.warn({ err, meetingId: who.state.meeting.id }, 'activity: reading the boards failed');
				sendRefusal(res, 'unavailable', 'board');
			}
		}
	});
}
