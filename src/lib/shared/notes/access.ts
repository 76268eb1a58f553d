/**
 * Who may read, write or comment on a note board. Pure: the y-websocket server enforces it, the
 * notes API checks it, and the page uses it to make the editor read-only.
 *
 * Room boards: the organiser writes every room; the facilitator of the room writes it; members
 * assigned to the room (participants, ministry respondents, facilitators who joined it) read it, and
 * write it too when the room's editPolicy is 'members' (else they may add comments at the end). The
 * display never connects to boards: it only receives what the plenary shows.
 * Summary board: the organiser writes; every member role reads; the display does not connect.
 */
import type { Actor, MeetingState } from '../meeting/types.js';

export type BoardAccess = 'none' | 'read' | 'write';

/** Access of `actor` to the board of room `roomId`. */
export function roomBoardAccess(state: Pick<MeetingState, 'rooms' | 'members'>, actor: Pick<Actor, 'role' | 'memberId' | 'roomId'>, roomId: string): BoardAccess {
	const room = state.rooms[roomId];
	if (!room || actor.role === 'display') return 'none';
	if (actor.role === 'organiser') return 'write';
	if (actor.role === 'facilitator' && actor.roomId === roomId) return 'write';
	const member = actor.memberId ? state.members[actor.memberId] : undefined;
	if (!member || member.roomId !== roomId) return 'none';
	return room.editPolicy === 'members' ? 'write' : 'read';
}

/** True when `actor` may add a comment line at the end of the room's board (readers who joined by name). */
export function mayComment(state: Pick<MeetingState, 'rooms' | 'members'>, actor: Pick<Actor, 'role' | 'memberId' | 'roomId'>, roomId: string): boolean {
	return roomBoardAccess(state, actor, roomId) === 'read' && actor.memberId !== null;
}

/** Access of `actor` to the meeting's summary board (まとめ). */
export function summaryAccess(actor: Pick<Actor, 'role'>): BoardAccess {
	if (actor.role === 'organiser') return 'write';
	return actor.role === 'display' ? 'none' : 'read';
}

/** Name of the Yjs document of a room board, as stored and as addressed on /yjs/. */
export function roomDocName(meetingId: string, roomId: string): string {
	return `${meetingId}/room/${roomId}`;
}

/** Name of the Yjs document of the meeting's summary. */
export function summaryDocName(meetingId: string): string {
	return `${meetingId}/summary`;
}

/** The Y.Text every board keeps its text in (outside tools read and write it by this name). */
export const BOARD_TEXT = 'text';

/** Largest board text accepted from the editor, in UTF-8 bytes (half a Yjs message, so a full sync always fits). */
export const MAX_BOARD_BYTES = 512 * 1024;

/** Longest comment a reader may add. */
export const MAX_COMMENT_CHARS = 500;
