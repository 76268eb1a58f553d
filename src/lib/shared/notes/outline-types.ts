/**
 * The outline of a note board: sections (headings) with items (bullets), each with a kind and a
 * "share in plenary" mark. Produced by `notes/outline.ts`, consumed by the plenary screen and minutes.
 */
export const NOTE_KINDS = ['q_to_ministry', 'q_from_ministry', 'request', 'issue', 'info', 'decision'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface OutlineItem {
	/** Text without bullet, kind prefix or share mark. */
	text: string;
	kind: NoteKind | null;
	/** Marked for the plenary itself, or inside a section marked for the plenary. */
	shared: boolean;
	/** 0-based line number in the board text. */
	line: number;
	/** Display name of who wrote the line, when known. */
	author: string | null;
	/** Nesting depth (0 = top-level bullet). */
	depth: number;
}

export interface OutlineSection {
	/** Heading text, or null for items before the first heading. */
	heading: string | null;
	/** The heading itself is marked for the plenary (all its items are shared). */
	shared: boolean;
	/** Marked 守秘: its lines are never shared; the minutes print a placeholder unless asked to include them. */
	confidential?: boolean;
	line: number;
	items: OutlineItem[];
}

export interface Outline {
	sections: OutlineSection[];
}
