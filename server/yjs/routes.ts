/**
 * HTTP routes of the notes feature, added to the API's route table with `api.addRoutes`:
 *   GET  /api/v1/meetings/:id/rooms/:roomId/notes           → { text, outline } for roles that may read the board
 *   POST /api/v1/meetings/:id/rooms/:roomId/notes/comments  { text } → a reader's comment line at the end of the board
 *   GET  /api/v1/meetings/:id/summary                       → { text, outline } of the summary board (まとめ) for every person
 */
import { z } from 'zod';
import { mayComment, MAX_COMMENT_CHARS, roomBoardAccess, roomDocName, summaryAccess, summaryDocName } from '../../src/lib/shared/notes/access.js';
import { commentLine } from '../../src/lib/shared/notes/line.js';
import { parseOutline } from '../../src/lib/shared/notes/outline.js';
import { issuePath, LIMITS, text } from '../../src/lib/shared/schemas.js';
import { meetingPath, meetingRoute, SEGMENT, type MeetingRoute } from '../http/routes.js';
import { EVERY_ROLE, MEMBER_ROLES, PERSON_ROLES } from '../../src/lib/shared/meeting/roles.js';
import { readJson, sendJson, sendRefusal } from '../http/io.js';
import type { Meetings } from '../meetings.js';
import type { YjsServer } from './index.js';

const commentBody = z.object({ text: text(MAX_COMMENT_CHARS) }).strict();
const COMMENT_LIMIT = { capacity: 5, refillPerSecond: 0.1 };

/** The notes routes, for `api.addRoutes` (board access per room is checked here, on top of the role step). */
export function notesRoutes(yjs: YjsServer, meetings: Meetings): MeetingRoute[] {
	const room = `/rooms/(?<roomId>${SEGMENT})/notes`;
	return [
		meetingRoute({
			name: 'notes',
			method: 'GET',
			path: meetingPath(room),
			roles: EVERY_ROLE,
			async handle({ res, who, params }) {
				const { meetingId, roomId } = params;
				if (!Object.hasOwn(who.state.rooms, roomId)) return sendRefusal(res, 'not_found');
				if (roomBoardAccess(who.state, who.actor, roomId) === 'none') return sendRefusal(res, 'not_allowed');
				let board: string;
				try {
					board = await yjs.readRoomText(meetingId, roomId);
				} catch {
					return sendRefusal(res, 'unavailable', 'board');
				}
				sendJson(res, 200, { text: board, outline: parseOutline(board) });
			}
		}),
		meetingRoute({
			name: 'summary',
			method: 'GET',
			path: meetingPath('/summary'),
			// The summary board's readers (summaryAccess): every person; the display never reads boards.
			roles: PERSON_ROLES,
			async handle({ res, who, params }) {
				if (summaryAccess(who.actor) === 'none') return sendRefusal(res, 'not_allowed');
				let board: string;
				try {
					board = await yjs.readDocText(summaryDocName(params.meetingId));
				} catch {
					return sendRefusal(res, 'unavailable', 'board');
				}
				sendJson(res, 200, { text: board, outline: parseOutline(board) });
			}
		}),
		meetingRoute({
			name: 'notes-comment',
			method: 'POST',
			path: meetingPath(`${room}/comments`),
			roles: MEMBER_ROLES,
			async handle({ req, res, who, params }) {
				const { meetingId, roomId } = params;
				if (!Object.hasOwn(who.state.rooms, roomId)) return sendRefusal(res, 'not_found');
				if (!mayComment(who.state, who.actor, roomId)) return sendRefusal(res, 'not_allowed');
				const parsed = commentBody.safeParse(await readJson(req, LIMITS.messageBytes));
				if (!parsed.success) return sendRefusal(res, 'invalid', issuePath(parsed.error));
				if (!(await meetings.takeShared([[`comment:${meetingId}:${who.actor.memberId}`, COMMENT_LIMIT]]))) return sendRefusal(res, 'rate_limited');
				const name = who.state.members[who.actor.memberId!]?.name ?? '';
				try {
					await yjs.appendLine(roomDocName(meetingId, roomId), commentLine(name, parsed.data.text));
				} catch {
					return sendRefusal(res, 'unavailable');
				}
				sendJson(res, 200, { ok: true });
			}
		})
	];
}
