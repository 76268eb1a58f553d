/**
 * A series (連続開催): meetings held one after another under one title, with its own organiser and
 * ministry links, and the ledger's decisions (merges, closing, publishing, answers given from the
 * ministry's view). Plain JSON, reduced from the series' own event log (series/reduce.ts).
 */

/** Roles a series link grants: the series organiser, or the ministry answering across the series. */
export const SERIES_ROLES = ['organiser', 'ministry'] as const;
export type SeriesRole = (typeof SERIES_ROLES)[number];

export interface SeriesInfo {
	id: string;
	title: string;
	createdAt: number;
}

export interface SeriesLink {
	id: string;
	role: SeriesRole;
	/** Who holds it, e.g. a department's name (shown as "who" in the ledger's history). */
	label: string;
	createdAt: number;
	revoked: boolean;
}

/** A meeting of the series, in order. */
export interface SeriesMeeting {
	meetingId: string;
	/** Region the meeting gathers (e.g. 東北ブロック), or null. */
	region: string | null;
	addedAt: number;
}

/** A ledger row closed (完了) by the series organiser, with who and when. */
export interface RowClosure {
	at: number;
	by: string;
	note: string;
}

/** An answer given from the ministry's view: which meeting's question it went to, and who. */
export interface SeriesAnswer {
	rowId: string;
	meetingId: string;
	questionId: string;
	by: string;
	at: number;
}

export interface LedgerDecisions {
	/** Row id → row id it was merged into (confirmed by an organiser). */
	merges: Record<string, { into: string; at: number; by: string }>;
	/** Rows closed (完了). */
	closed: Record<string, RowClosure>;
	/** Rows published to every meeting's participants. */
	published: Record<string, { at: number; by: string }>;
	answers: SeriesAnswer[];
	/** Row id → theme (テーマ) the Q&A集 groups it under. */
	themes: Record<string, string>;
}

export interface SeriesState {
	seq: number;
	series: SeriesInfo;
	meetings: SeriesMeeting[];
	links: Record<string, SeriesLink>;
	ledger: LedgerDecisions;
}

export type SeriesEvent =
	| { type: 'series.created'; series: SeriesInfo }
	| { type: 'series.linkCreated'; link: SeriesLink }
	| { type: 'series.meetingAdded'; meeting: SeriesMeeting }
	| { type: 'series.regionSet'; meetingId: string; region: string | null }
	| { type: 'ledger.merged'; rowId: string; into: string; by: string }
	| { type: 'ledger.unmerged'; rowId: string; by: string }
	| { type: 'ledger.closed'; rowId: string; by: string; note: string }
	| { type: 'ledger.reopened'; rowId: string; by: string }
	| { type: 'ledger.published'; rowId: string; by: string }
	| { type: 'ledger.unpublished'; rowId: string; by: string }
	| { type: 'ledger.answered'; answer: SeriesAnswer }
	| { type: 'ledger.themeSet'; rowId: string; theme: string | null };

export interface LoggedSeriesEvent {
	seq: number;
	at: number;
	/** The series link that caused it (null: the server). */
	actor: string | null;
	event: SeriesEvent;
}

/** Who is acting on a series: resolved on the server from a series token. */
export interface SeriesActor {
	role: SeriesRole;
	linkId: string;
	label: string;
}

/** A series before its first event. */
export function emptySeries(id: string): SeriesState {
	return {
		seq: 0,
		series: { id, title: '', createdAt: 0 },
		meetings: [],
		links: {},
		ledger: { merges: {}, closed: {}, published: {}, answers: [], themes: {} }
	};
}

/** Text limits of a series. */
export const SERIES_LIMITS = { region: 40, label: 80, note: 500, meetings: 60, theme: 60 } as const;
