/**
 * Roster files over HTTP (organisers), for api.addRoutes:
 * - POST /api/v1/meetings/:id/roster/import — a CSV or .xlsx body; `?dryRun=1` answers the preview
 *   (each row with what it would do and its problems) and changes nothing; without it the rows are
 *   applied as one `roster.import` command (one event batch), or nothing at all while any row has a
 *   problem. `?skip=3,7` leaves those lines of the file out (the organiser dropped them).
 * - GET …/roster.csv (`?encoding=shift_jis` for Shift_JIS; UTF-8 with BOM by default) and …/roster.xlsx.
 */
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { IMPORT_MAX_ROWS } from '../../src/lib/shared/meeting/roster-commands.js';
import { readRosterTable, rosterTable, type ImportRow } from '../../src/lib/shared/meeting/roster-file.js';
import { httpStatusFor } from '../../src/lib/shared/errors.js';
import { sendFile, sendJson, sendRefusal } from '../http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import type { Meetings } from '../meetings.js';
import { attachment } from '../minutes/routes.js';
import { csvBytes, readTable, xlsxBytes } from './files.js';
import { uploadRoute } from './upload-route.js';

/** A preview row as the API answers it: the line, what it says (room by name), the action and the problems. */
function previewRow(r: ImportRow) {
	const { memberId: _m, roomId: _r, ...fields } = r.entry;
	return { line: r.line, ...fields, room: r.room, action: r.action, errors: r.errors };
}

/** Lines listed in `?skip=` (comma-separated numbers). */
function skippedLines(url: URL): Set<number> {
	return new Set((url.searchParams.get('skip') ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0));
}

/** The roster import and export routes. */
export function rosterRoutes(meetings: Meetings): MeetingRoute[] {
	return [
		uploadRoute('roster.import', '/roster/import', async ({ res, url, who }, bytes) => {
			const table = await readTable(bytes);
			if (!table) return sendRefusal(res, 'invalid', 'unreadable file');
			if (table.length - 1 > IMPORT_MAX_ROWS) return sendRefusal(res, 'too_large', `more than ${IMPORT_MAX_ROWS} rows`);
			const read = readRosterTable(table, who.state);
			if (!read) return sendRefusal(res, 'invalid', 'no name column');
			const skip = skippedLines(url);
			const rows = read.filter((r) => !skip.has(r.line));
			const preview = rows.map(previewRow);
			const faulty = preview.filter((r) => r.errors.length > 0);
			const counts = { rows: rows.length, add: rows.filter((r) => r.action === 'add').length, update: rows.filter((r) => r.action === 'update').length, errors: faulty.length };
			if (url.searchParams.get('dryRun') === '1') return sendJson(res, 200, { ok: true, dryRun: true, counts, rows: preview });
			if (faulty.length) return sendJson(res, 400, { ok: false, code: 'invalid', detail: 'rows', counts, rows: faulty });
			if (rows.length === 0) return sendRefusal(res, 'invalid', 'no rows');
			const parsed = parseCommand({ type: 'roster.import', entries: rows.map((r) => r.entry) });
			if (!parsed.ok) return sendJson(res, 400, parsed);
			const reply = await meetings.execute(who.record, parsed.command);
			if (!reply.ok) return sendJson(res, httpStatusFor(reply.code), reply);
			sendJson(res, 200, { ok: true, seq: reply.seq, counts, ...reply.result });
		}),
		meetingRoute({
			name: 'roster.csv',
			method: 'GET',
			path: meetingPath('/roster\\.csv'),
			roles: ORGANISER_ONLY,
			async handle({ res, url, who }) {
				const sjis = /^(shift_jis|sjis|cp932)$/i.test(url.searchParams.get('encoding') ?? '');
				const type = `text/csv; charset=${sjis ? 'Shift_JIS' : 'utf-8'}`;
				sendFile(res, type, csvBytes(rosterTable(who.state), sjis ? 'shift_jis' : 'utf-8'), attachment(who.state.meeting.title, '_名簿.csv', 'roster.csv'));
			}
		}),
		meetingRoute({
			name: 'roster.xlsx',
			method: 'GET',
			path: meetingPath('/roster\\.xlsx'),
			roles: ORGANISER_ONLY,
			async handle({ res, who }) {
				const body = await xlsxBytes(rosterTable(who.state), '名簿');
				sendFile(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, attachment(who.state.meeting.title, '_名簿.xlsx', 'roster.xlsx'));
			}
		})
	];
}
