/**
 * The agenda slice (次第): programme items with planned durations, what actually happened to each
 * (server timestamps of starts, ends, pauses, extensions), the live run state and recent broadcasts.
 */
export const AGENDA_KINDS = ['plenary', 'breakout', 'break', 'other'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** Bounds every agenda payload is checked against (schemas and decide). */
export const AGENDA_LIMITS = {
	/** Items in one programme. */
	maxItems: 60,
	/** Longest planned item: a whole working day. Anything longer is a typo. */
	maxItemMinutes: 8 * 60,
	/** Largest single extension. */
	maxExtendMinutes: 120,
	/** Characters of a broadcast message ("残り5分です"). */
	broadcastText: 200,
	/** Broadcasts kept in state (older ones stay in the log). */
	keptBroadcasts: 30
} as const;

/** One stretch during which an item was the current one (server time, ms). */
export interface Span {
	start: number;
	/** Null while the item is current. */
	end: number | null;
}

/** A pause of the current item (server time, ms). */
export interface Pause {
	from: number;
	/** Null while paused. */
	to: number | null;
}

/** Minutes added to an item while it ran. */
export interface Extension {
	at: number;
	minutes: number;
}

export interface AgendaItem {
	id: string;
	title: string;
	durationMinutes: number;
	kind: AgendaKind;
	/** Fixed planned start (ISO instant) when the programme pins it, e.g. "14:40〜". */
	startsAt: string | null;
	presenter: string;
	notes: string;
	/** Free text about who attends, e.g. "厚労省はこの議題から参加". */
	attendance: string;
	/**
	 * What happened to the item, written afterwards for the minutes, e.g. 「意見交換は時間切れのため
	 * 実施せず」 (absent in older logs = none).
	 */
	remark?: string;
	order: number;
	/** When the item was current: usually one span; more if the organiser went back to it. */
	spans: Span[];
	pauses: Pause[];
	extensions: Extension[];
}

/** Fields the organiser edits; the rest is kept by the run. */
export type AgendaItemFields = Pick<AgendaItem, 'title' | 'durationMinutes' | 'kind' | 'startsAt' | 'presenter' | 'notes' | 'attendance' | 'remark'>;

/**
 * `ready`: no current item (before the first start, or between items); `running` / `paused`: an
 * item is current; `finished`: the meeting was closed (an organiser may reopen it).
 */
export type RunStatus = 'ready' | 'running' | 'paused' | 'finished';

export interface AgendaRun {
	status: RunStatus;
	currentId: string | null;
	/** Server time the first item started. */
	startedAt: number | null;
	/** Server time the meeting was finished. */
	finishedAt: number | null;
	/**
	 * Present (true) when this run is a rehearsal (リハーサル): marked everywhere, and reset to the plan
	 * afterwards. Absent for a real run (and in every state stored before rehearsals existed).
	 */
	rehearsal?: true;
}

/**
 * `message`: text typed by the organiser; `go_to_rooms` / `return_to_plenary`: sent by the run itself
 * when a breakout item starts or ends (the UI words them, with each member's own room).
 */
export type BroadcastKind = 'message' | 'go_to_rooms' | 'return_to_plenary';

export interface Broadcast {
	id: string;
	/** Server time it was sent. */
	at: number;
	kind: BroadcastKind;
	/** Empty for the run's own kinds. */
	text: string;
	/** Only this room's members see it; null = everyone. */
	roomId: string | null;
	/** How long screens show it, chosen by the organiser; absent = each screen's default (see broadcasts.ts). */
	showSeconds?: number;
}

export interface AgendaState {
	items: Record<string, AgendaItem>;
	run: AgendaRun;
	/** The latest broadcasts, oldest first. */
	broadcasts: Broadcast[];
}

/** The run before anything started (also what a rehearsal is reset to). */
export function emptyRun(): AgendaRun {
	return { status: 'ready', currentId: null, startedAt: null, finishedAt: null };
}

export function emptyAgenda(): AgendaState {
	return { items: {}, run: emptyRun(), broadcasts: [] };
}

/** Items sorted by their order. */
export function sortedItems(agenda: Pick<AgendaState, 'items'>): AgendaItem[] {
	return Object.values(agenda.items).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** The current item (running or paused), if any. */
export function currentItem(agenda: AgendaState): AgendaItem | null {
	return agenda.run.currentId ? (agenda.items[agenda.run.currentId] ?? null) : null;
}

/**
 * True while a breakout item is current: rooms' boards are open for writing and members belong in
 * their rooms. The notes feature and the member home read this.
 */
export function breakoutLive(agenda: AgendaState): boolean {
	return currentItem(agenda)?.kind === 'breakout';
}

/** Planned length plus extensions, in ms. */
export function allottedMs(item: AgendaItem): number {
	return (item.durationMinutes + item.extensions.reduce((s, e) => s + e.minutes, 0)) * 60_000;
}

/** Time the item has run at server time `now`, without pauses, in ms. */
export function elapsedMs(item: AgendaItem, now: number): number {
	const ran = item.spans.reduce((s, sp) => s + Math.max(0, (sp.end ?? now) - sp.start), 0);
	const paused = item.pauses.reduce((s, p) => s + Math.max(0, (p.to ?? now) - p.from), 0);
	return Math.max(0, ran - paused);
}

/** Remaining time at server time `now` (negative = over time), in ms. */
export function remainingMs(item: AgendaItem, now: number): number {
	return allottedMs(item) - elapsedMs(item, now);
}

/** Actual start (first start) and end (last end) in server time; null when not (yet) known. */
export function actualTimes(item: AgendaItem): { start: number | null; end: number | null } {
	const first = item.spans[0];
	const last = item.spans[item.spans.length - 1];
	return { start: first ? first.start : null, end: last ? last.end : null };
}
