/** The plenary slice: what the display shows, and the summary's structured fields (まとめ). */
export const PLENARY_VIEWS = ['rooms', 'themes', 'questions', 'summary', 'clock', 'qr'] as const;
export type PlenaryView = (typeof PLENARY_VIEWS)[number];
export const DISPLAY_LANGUAGES = ['ja', 'en'] as const;
export type DisplayLanguage = (typeof DISPLAY_LANGUAGES)[number];

/** A proposed theme for the next meeting (次回テーマ) that people can upvote. */
export interface NextTheme {
	id: string;
	text: string;
	/** Voter keys (member id, or `link:<id>` for an organiser without a roster entry). */
	votes: string[];
	/** Voter key of who proposed it. */
	proposedBy: string;
	createdAt: number;
}

/** A link shared in the summary, e.g. a national support-information site. */
export interface SharedLink {
	id: string;
	title: string;
	url: string;
	createdAt: number;
}

/** The next meeting: an exact start (and end) when fixed, or a tentative phrase such as 「7月中旬予定」. */
export interface NextDate {
	/** ISO instant, or null while only tentative. */
	startsAt: string | null;
	endsAt: string | null;
	/** Free phrase shown as is (may accompany an exact date, e.g. 「会場未定」). */
	tentative: string;
}

export interface SummaryState {
	themes: Record<string, NextTheme>;
	nextDate: NextDate;
	links: Record<string, SharedLink>;
}

export interface PlenaryState {
	view: PlenaryView;
	/** Room shown alone on the rooms view, or null for every room side by side. */
	spotlightRoomId: string | null;
	/** Item keys (see `itemKey`) the organiser hid from the display. */
	hidden: string[];
	/**
	 * Item keys of shared lines with possible personal information that a writer confirmed may reach
	 * the screen as they are (see privacy/detect.ts). Other such lines are held back from the display.
	 */
	cleared?: string[];
	/** Item keys pinned to the top of the display, oldest pin first. */
	pinned: string[];
	/** How many top questions the questions view lists (besides the one being answered). */
	topQuestions: number;
	/** A small clock in the corner of every view. */
	showClock: boolean;
	/** Link whose join QR code the display shows (participant or ministry link), or null. */
	qrLinkId: string | null;
	/** The display's language, set by the organiser; absent = Japanese (states stored before it existed). */
	language?: DisplayLanguage;
	summary: SummaryState;
}

export function emptySummary(): SummaryState {
	return { themes: {}, nextDate: { startsAt: null, endsAt: null, tentative: '' }, links: {} };
}

export function emptyPlenary(): PlenaryState {
	return {
		view: 'rooms',
		spotlightRoomId: null,
		hidden: [],
		cleared: [],
		pinned: [],
		topQuestions: 5,
		showClock: false,
		qrLinkId: null,
		summary: emptySummary()
	};
}

/** Themes sorted by votes (most first), then by when they were proposed. */
export function rankedThemes(summary: SummaryState): NextTheme[] {
	return Object.values(summary.themes).sort((a, b) => b.votes.length - a.votes.length || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Shared links in the order they were added. */
export function orderedLinks(summary: SummaryState): SharedLink[] {
	return Object.values(summary.links).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}
