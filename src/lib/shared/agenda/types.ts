/**
 * The agenda slice (次第): programme items with planned durations and the live clock state.
 */
export const AGENDA_KINDS = ['plenary', 'breakout', 'break', 'other'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

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
	order: number;
}

export interface AgendaState {
	items: Record<string, AgendaItem>;
}

export function emptyAgenda(): AgendaState {
	return { items: {} };
}
