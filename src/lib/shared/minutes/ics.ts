/**
 * The next meeting as an iCalendar event (RFC 5545): one VEVENT with UTC times, escaped text and
 * lines folded at 75 octets (UTF-8, never inside a character).
 */

export interface IcsEvent {
	uid: string;
	/** ms since epoch. */
	start: number;
	end: number;
	title: string;
	description: string;
	/** e.g. the meeting page or "Zoom". */
	location: string;
	/** When the file is made (ms). */
	stamp: number;
}

/** 20210604T050000Z */
export function icsTime(ms: number): string {
	return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Escapes TEXT values: backslash, semicolon, comma and newlines. */
export function icsEscape(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

const encoder = new TextEncoder();

/** Folds a content line so no physical line exceeds 75 octets. */
export function foldLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let size = 0;
	for (const ch of line) {
		const n = encoder.encode(ch).length;
		const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
		if (size + n > limit) {
			parts.push(current);
			current = '';
			size = 0;
		}
		current += ch;
		size += n;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

/** A calendar with one event. */
export function renderIcs(e: IcsEvent): string {
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Yoriai//Minutes//JA',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		'BEGIN:VEVENT',
		`UID:${e.uid}`,
		`DTSTAMP:${icsTime(e.stamp)}`,
		`DTSTART:${icsTime(e.start)}`,
		`DTEND:${icsTime(e.end)}`,
		`SUMMARY:${icsEscape(e.title)}`,
		...(e.description ? [`DESCRIPTION:${icsEscape(e.description)}`] : []),
		...(e.location ? [`LOCATION:${icsEscape(e.location)}`] : []),
		'END:VEVENT',
		'END:VCALENDAR'
	];
	return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Minimal slice of the state the next-meeting event needs. */
interface NextMeetingSource {
	meeting: { id: string; title: string; startsAt: string; endsAt: string | null; method: string };
	plenary: { summary: { nextDate: { startsAt: string | null; endsAt: string | null; tentative: string }; themes: Record<string, { text: string; votes: string[]; createdAt: number }> } };
}

/**
 * The next meeting's event, or null while it has no exact date. Without an end, it lasts as long
 * as this meeting was planned to (two hours when that is unknown).
 */
export function nextMeetingEvent(state: NextMeetingSource, now: number, lang: 'ja' | 'en' = 'ja'): IcsEvent | null {
	const next = state.plenary.summary.nextDate;
	if (!next.startsAt) return null;
	const start = Date.parse(next.startsAt);
	const m = state.meeting;
	const length = m.endsAt ? Date.parse(m.endsAt) - Date.parse(m.startsAt) : 0;
	const end = next.endsAt ? Date.parse(next.endsAt) : start + (length > 0 ? length : 2 * 3600_000);
	const themes = Object.values(state.plenary.summary.themes)
		.sort((a, b) => b.votes.length - a.votes.length || a.createdAt - b.createdAt)
		.map((t) => `・${t.text}`);
	const description = [next.tentative, ...(themes.length ? [lang === 'ja' ? '次回のテーマ' : 'Next themes', ...themes] : [])].filter(Boolean).join('\n');
	return {
		uid: `${m.id}-next@yoriai`,
		start,
		end,
		title: lang === 'ja' ? `${m.title}（次回）` : `${m.title} (next)`,
		description,
		location: m.method,
		stamp: now
	};
}
