/**
 * The rooms' activity during a breakout, as counts: what the server samples from each room board
 * once a minute (non-empty lines, lines that reach the plenary, people connected) and what the
 * organiser's console receives (`GET …/rooms/activity`). Counts only: no board text, no names.
 */
import type { Outline } from './outline-types.js';
import { projectRoom } from '../plenary/projection.js';

/** One sample of one room board. */
export interface RoomSample {
	/** Server time of the sample (ms). */
	at: number;
	/** Non-empty lines on the board. */
	lines: number;
	/** Lines that reach the plenary screen (marked for sharing, outside 守秘 sections). */
	shared: number;
	/** People connected to the board on the sampling instance (each member or link once). */
	connected: number;
}

/** The answer of the activity route: samples per room id, oldest first. */
export interface RoomsActivity {
	/** How often the server samples (ms). */
	sampleMs: number;
	/** Server time of the answer. */
	now: number;
	rooms: Record<string, RoomSample[]>;
}

/** Non-empty lines of a board's text. */
export function countLines(text: string): number {
	let n = 0;
	for (const line of text.split('\n')) if (line.trim()) n++;
	return n;
}

/**
 * Lines of a board that the plenary screen would show (the same rule as `projectRoom`); none for a
 * confidential room, whose board never reaches the plenary.
 */
export function countShared(roomId: string, outline: Outline, confidential: boolean): number {
	if (confidential) return 0;
	return projectRoom(roomId, outline).sections.reduce((n, s) => n + s.items.length, 0);
}
