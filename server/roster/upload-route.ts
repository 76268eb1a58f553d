/** The route shape both file uploads share (the roster import, Zoom's participant report). */
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { readUpload } from '../http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute, type RouteContext } from '../http/routes.js';
import { ROSTER_FILE_BYTES } from './files.js';

/**
 * An organiser's file upload route (a roster, a Zoom report): the body (at most ROSTER_FILE_BYTES)
 * is read, and an empty one refused, before `handle` gets its bytes.
 */
export function uploadRoute(name: string, rest: string, handle: (ctx: RouteContext, bytes: Buffer) => Promise<void>): MeetingRoute {
	return meetingRoute({
		name,
		method: 'POST',
		path: meetingPath(rest),
		roles: ORGANISER_ONLY,
		async handle(ctx) {
			const bytes = await readUpload(ctx.req, ctx.res, ROSTER_FILE_BYTES);
			if (bytes) await handle(ctx, bytes);
		}
	});
}
