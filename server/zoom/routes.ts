/**
 * Zoom's files over HTTP (organisers), for api.addRoutes:
 * - GET /api/v1/meetings/:id/zoom/breakout.csv: the room plan as Zoom's breakout pre-assignment CSV.
 *   Refused with `too_large` when it goes over Zoom's limits; the number of people left out for want
 *   of an email is in `X-Missing-Emails`.
 * - POST …/zoom/participants: Zoom's participant report (CSV) matched to the roster; `?dryRun=1`
 *   answers the match for review, otherwise it is recorded as one `attendance.record` command.
 */
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { breakoutPlan } from '../../src/lib/shared/zoom/breakout.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { httpStatusFor } from '../../src/lib/shared/errors.js';
import { parseCsv, toCsv } from '../../src/lib/shared/csv.js';
import { matchAttendance, readParticipantReport } from '../../src/lib/shared/zoom/participants.js';
import { sendJson, sendRefusal } from '../http/io.js';
import type { Meetings } from '../meetings.js';
import { decodeCsv } from '../roster/files.js';
import { uploadRoute } from '../roster/upload-route.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import { attachment } from '../minutes/routes.js';

/** The Zoom routes. */
export function zoomRoutes(meetings: Meetings): MeetingRoute[] {
	return [
		uploadRoute('zoom.participants', '/zoom/participants', async ({ res, url, who }, bytes) => {
			const report = readParticipantReport(parseCsv(decodeCsv(bytes)));
			if (!report) return sendRefusal(res, 'invalid', 'not a participant report');
			const { present, unmatched } = matchAttendance(report.rows, who.state);
			const entries = Object.entries(present).map(([memberId, p]) => ({ memberId, ...p }));
			if (url.searchParams.get('dryRun') === '1') {
				const named = entries.map((e) => ({ ...e, name: who.state.members[e.memberId].name, organisation: who.state.members[e.memberId].organisation }));
				return sendJson(res, 200, { ok: true, dryRun: true, source: report.source, connections: report.rows.length, present: named, unmatched });
			}
			const parsed = parseCommand({ type: 'attendance.record', source: report.source, present: entries, unmatched });
			if (!parsed.ok) return sendJson(res, 400, parsed);
			const reply = await meetings.execute(who.record, parsed.command);
			if (!reply.ok) return sendJson(res, httpStatusFor(reply.code), reply);
			sendJson(res, 200, { ok: true, seq: reply.seq, connections: report.rows.length, ...reply.result, unmatchedPeople: unmatched });
		}),
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
