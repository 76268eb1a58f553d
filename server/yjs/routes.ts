/**
 * HTTP routes of the notes feature, added to the API with `api.addRoute`:
 *   GET  /api/v1/meetings/:id/rooms/:roomId/notes           → { text, outline } for roles that may read the board
 *   POST /api/v1/meetings/:id/rooms/:roomId/notes/comments  { text } → a reader's comment line at the end of the board
 */
import { z } from 'zod';
import { mayComment, MAX_COMMENT_CHARS, roomBoardAccess, roomDocName } from '../../src/lib/shared/notes/access.js';
import { commentLine } from '../../src/lib/shared/notes/line.js';
import { parseOutline } from '../../src/lib/shared/notes/outline.js';
import { issuePath, LIMITS, text } from '../../src/lib/shared/schemas.js';
import type { ExtraRoute } from '../http/api.js';
import { isSameOrigin } from '../http/origin.js';
import { readJson, sendJson, sendRefusal } from '../http/io.js';
import type { Meetings } from '../meetings.js';
import type { YjsServer } from './index.js';

const NOTES_PATH = /^\/api\/v1\/meetings\/([A-Za-z0-9_-]{1,64})\/rooms\/([A-Za-z0-9_-]{1,64})\/notes(\/comments)?\/?$/;
const commentBody = z.object({ text: text(MAX_COMMENT_CHARS) }).strict();
const COMMENT_LIMIT = { capacity: 5, refillPerSecond: 0.1 };

/** The notes routes, for `api.addRoute`. */
export function notesRoute(yjs: YjsServer, meetings: Meetings, publicUrl: string | null): ExtraRoute {
	return async ({ req, res, url, authenticate }) => {
		const m = NOTES_PATH.exec(url.pathname);
		if (!m) return false;
		const [, meetingId, roomId, comments] = m;
		if ((comments && req.method !== 'POST') || (!comments && req.method !== 'GET')) {
			sendRefusal(res, 'not_found');
			return true;
		}
		const who = await authenticate(meetingId);
		if ('code' in who) {
			sendRefusal(res, who.code);
			return true;
		}
		if (!Object.hasOwn(who.state.rooms, roomId)) {
			sendRefusal(res, 'not_found');
			return true;
		}
		if (!comments) {
			if (roomBoardAccess(who.state, who.actor, roomId) === 'none') {
				sendRefusal(res, 'not_allowed');
				return true;
			}
			let board: string;
			try {
				board = await yjs.readRoomText(meetingId, roomId);
			} catch {
				sendRefusal(res, 'unavailable', 'board');
				return true;
			}
			sendJson(res, 200, { text: board, outline: parseOutline(board) });
			return true;
		}
		if (who.fromCookie && !isSameOrigin(req.headers, publicUrl)) {
			sendRefusal(res, 'not_allowed', 'origin');
			return true;
		}
		if (!mayComment(who.state, who.actor, roomId)) {
			sendRefusal(res, 'not_allowed');
			return true;
		}
		const parsed = commentBody.safeParse(await readJson(req, LIMITS.messageBytes));
		if (!parsed.success) {
			sendRefusal(res, 'invalid', issuePath(parsed.error));
			return true;
		}
		if (!meetings.limiter.take(`comment:${meetingId}:${who.actor.memberId}`, COMMENT_LIMIT)) {
			sendRefusal(res, 'rate_limited');
			return true;
		}
		const name = who.state.members[who.actor.memberId!]?.name ?? '';
		try {
			await yjs.appendLine(roomDocName(meetingId, roomId), commentLine(name, parsed.data.text));
		} catch {
			sendRefusal(res, 'unavailable');
			return true;
		}
		sendJson(res, 200, { ok: true });
		return true;
	};
}
