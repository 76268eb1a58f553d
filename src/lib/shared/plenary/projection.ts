/**
 * What the plenary screen receives of a room's board: only items marked for sharing, each under its
 * section's heading, and sections marked as a whole, without authors or line numbers. Built on the server; the
 * display never gets the unshared outline, a 守秘 section, or a shared line with possible personal
 * information that no writer has confirmed (organisers see such a line flagged `held`).
 */
import { hasPersonalInfo } from '../privacy/detect.js';
import type { NoteKind, Outline } from '../notes/outline-types.js';
import { itemKey } from './keys.js';
import type { ThemeInput } from './themes.js';

export interface PlenaryItem {
	/** Unique within the room (the key plus `~n` for the n-th repeat of the same text). */
	id: string;
	/** Stable key for hide/pin (room + text hash). */
	key: string;
	text: string;
	kind: NoteKind | null;
	depth: number;
	/** Hidden by the organiser (only ever sent to organisers; the display never receives hidden items). */
	hidden?: boolean;
	/** The text may hold personal information (`findPersonalInfo`). */
	personal?: boolean;
	/** Personal and not confirmed: held back from the display (only ever sent to organisers). */
	held?: boolean;
}

export interface PlenarySection {
	/** Heading: of a section shared whole, or of the section a shared line stands in (its context); else null. */
	heading: string | null;
	items: PlenaryItem[];
}

export interface PlenaryRoom {
	roomId: string;
	sections: PlenarySection[];
}

/** The socket payload: `full` replaces every room; otherwise only the rooms listed change. */
export interface PlenaryRoomsPayload {
	full: boolean;
	rooms: PlenaryRoom[];
}

/** Everything the plenary screen shows of the boards, as answered to `plenary.sync`. */
export interface PlenarySnapshot {
	rooms: PlenaryRoom[];
	/** The organisers' summary board (まとめ), written for the screen: all of it. */
	summary: PlenarySection[];
}

/** The shared part of a room's outline (hidden flags are applied afterwards with `applyHidden`). */
export function projectRoom(roomId: string, outline: Outline): PlenaryRoom {
	const seen = new Map<string, number>();
	const sections: PlenarySection[] = [];
	for (const section of outline.sections) {
		if (section.confidential) continue;
		const items: PlenaryItem[] = [];
		for (const item of section.items) {
			if (!item.shared || !item.text.trim()) continue;
			const key = itemKey(roomId, item.text);
			const n = (seen.get(key) ?? 0) + 1;
			seen.set(key, n);
			const projected: PlenaryItem = { id: n === 1 ? key : `${key}~${n}`, key, text: item.text, kind: item.kind, depth: item.depth };
			if (hasPersonalInfo(item.text)) projected.personal = true;
			items.push(projected);
		}
		// A shared line carries its section's heading as context, unless that heading (never shared
		// itself) may hold personal information.
		const context = items.length > 0 && !!section.heading && !hasPersonalInfo(section.heading);
		const heading = section.heading && (section.shared || context) ? section.heading : null;
		if (items.length || heading) sections.push({ heading, items });
	}
	return { roomId, sections };
}

/** What the organiser decided about shared items: hidden ones, and personal ones confirmed for the screen. */
export interface ItemMarks {
	hidden: ReadonlySet<string>;
	cleared: ReadonlySet<string>;
}

/**
 * The same projection with the organiser's marks applied: for organisers hidden and held items are
 * flagged; for the display (`drop`) they are left out.
 */
export function applyHidden(room: PlenaryRoom, marks: ItemMarks, drop: boolean): PlenaryRoom {
	return {
		roomId: room.roomId,
		sections: room.sections
			.map((s) => ({
				heading: s.heading,
				items: s.items.flatMap((i) => {
					const { hidden: _was, held: _held, ...item } = i;
					const hidden = marks.hidden.has(i.key);
					const held = !!i.personal && !marks.cleared.has(i.key);
					if (!hidden && !held) return [item];
					if (drop) return [];
					return [{ ...item, ...(hidden ? { hidden: true } : {}), ...(held ? { held: true } : {}) }];
				})
			}))
			.filter((s) => s.items.length || s.heading)
	};
}

/** Every section of an outline (the summary board) but its 守秘 ones, items without authors or line numbers. */
export function projectAll(outline: Outline): PlenarySection[] {
	return outline.sections
		.filter((s) => !s.confidential)
		.map((s) => ({
			heading: s.heading,
			items: s.items.filter((i) => i.text.trim()).map((i, n) => ({ id: `s${s.line}-${n}`, key: `s${s.line}-${n}`, text: i.text, kind: i.kind, depth: i.depth }))
		}))
		.filter((s) => s.items.length || s.heading);
}

/** Every shared item of the rooms, with its section heading, in room order: the input of `groupThemes`. */
export function themeInputs(rooms: PlenaryRoom[]): ThemeInput[] {
	const out: ThemeInput[] = [];
	for (const room of rooms)
		for (const s of room.sections) for (const i of s.items) if (!i.hidden && !i.held) out.push({ key: i.id, roomId: room.roomId, text: i.text, heading: s.heading });
	return out;
}

/** Items by key across rooms (for pinned items). */
export function itemsByKey(rooms: PlenaryRoom[]): Map<string, { roomId: string; item: PlenaryItem }> {
	const map = new Map<string, { roomId: string; item: PlenaryItem }>();
	for (const room of rooms) for (const s of room.sections) for (const item of s.items) if (!map.has(item.key)) map.set(item.key, { roomId: room.roomId, item });
	return map;
}
