/**
 * The minutes model (議事録) in the shape of the reference report: 1 開催概要, 2 programme planned vs
 * actual, 3 each breakout room's notes, 4 questions by department, 5 まとめ and the next meeting,
 * plus the roster annex. Built from the meeting state and the boards' outlines; every renderer
 * (Markdown, DOCX, the print page) reads only this model, with text already formatted.
 */
import type { NoteKind, Outline } from '../notes/outline-types.js';
import { countByCategory, sortedMembers, sortedRooms, type MeetingState, type Member, type OrgCategory } from '../meeting/types.js';
import { orderedLinks, rankedThemes } from '../plenary/types.js';
import { formatDate, formatSpan, formatTime } from '../time/zoned.js';
import { meetingPhase } from '../agenda/phase.js';
import { isoToZoned } from '../time/zoned.js';
import { kindLabel, label, paren, timeRange, type MinutesLang } from './labels.js';
import { actualSpan, programmeRows, type ProgrammeRow } from './programme.js';
import { sourcesFromState } from './sources.js';
import { boardsForVersion, maskedModel, summaryForVersion, type MinutesVersion } from './privacy.js';
import { boardLineRefs, minutesQuestions, type MinutesQuestions } from './questions.js';
import { countLabel, countNote, effectiveStyle } from './speakers.js';
import { timelineData, type TimelineData } from '../figures/timeline.js';

export type { MinutesDepartment, MinutesQuestion, MinutesReply } from './questions.js';

export interface MinutesItem {
	text: string;
	kind: NoteKind | null;
	kindLabel: string | null;
	depth: number;
	/** A question line sent to the queue: the number it is printed under in 4 (「Q3」); its text is not repeated. */
	ref: string | null;
}

export interface MinutesSection {
	heading: string | null;
	items: MinutesItem[];
}

export interface MinutesProgrammeRow extends ProgrammeRow {
	planned: string;
	/** Actual span; carries its date when it ran on another day than planned. */
	actual: string;
	remarks: string;
	/** The item's notes (【ブレイクアウトルーム】, …), printed with its title. */
	notes: string;
}

export interface MinutesRoom {
	id: string;
	name: string;
	purpose: string;
	/** In roster order; the ministry's with their department: 厚生労働省【保護課】. */
	organisations: string[];
	facilitators: string[];
	memberCount: number;
	sections: MinutesSection[];
}

export interface MinutesModel {
	lang: MinutesLang;
	title: string;
	sharedOnly: boolean;
	/** Internal (内部資料) or public (公開版: masked, no 守秘); see minutes/privacy.ts. */
	version: MinutesVersion;
	generatedAt: string;
	/** 「暫定・18:33時点」 while the meeting (or rehearsal) is still running, else null. */
	provisional: string | null;
	/** The sentence shown under the title of provisional minutes, else null. */
	provisionalNote: string | null;
	/** True for the minutes of a rehearsal run (marked in the title). */
	rehearsal: boolean;
	overview: {
		dateTime: string;
		/** Actual start and end from the run, when it ran (open end while it runs). */
		actual: string | null;
		/** What follows the planned date and time: 「（実績時刻 14:00〜15:47）」, with 暫定 while running; empty when it never ran. */
		actualNote: string;
		method: string;
		/** Attendance notes from the programme, e.g. who joined from which item. */
		notes: string[];
		/**
		 * Registered people per category, worded as the meeting set it, with its note (「北海道・直営含む」);
		 * `attended` from Zoom's participant report, when one was recorded.
		 */
		counts: { category: OrgCategory; label: string; note: string; count: number; attended?: number }[];
		total: number;
		attendedTotal?: number;
	};
	programme: MinutesProgrammeRow[];
	/** The programme's times for the timeline figure (planned against actual): titles and times only, no one's name. */
	timeline: TimelineData;
	/** Before the rooms: the meeting's description (grouping, themes given to every room), then remarks on breakout items. */
	roomsIntro: string[];
	rooms: MinutesRoom[];
	questions: MinutesQuestions;
	summary: {
		/** Remarks on the items after the breakout (「意見交換は時間切れのため実施せず」). */
		remarks: string[];
		sections: MinutesSection[];
		themes: { text: string; votes: number }[];
		/** Formatted exact date (and time), or empty. */
		nextDate: string;
		/** The tentative phrase, e.g. 「7月中旬予定」, or empty. */
		nextDateNote: string;
		links: { title: string; url: string }[];
	};
	/** `minutes`: time present per the Zoom report ('' for someone not in it), only when one was recorded. */
	roster: { category: string; organisation: string; department: string; name: string; room: string; role: string; minutes?: string }[];
}

export interface MinutesOptions {
	/** Only items marked for the plenary (the organiser's "shared only" tick). */
	sharedOnly?: boolean;
	lang?: MinutesLang;
	/** Internal (the default) or public. */
	version?: MinutesVersion;
	/** Internal version: print 守秘 rooms and sections instead of their placeholder. */
	includeConfidential?: boolean;
	/** Server time the minutes are made (ms). */
	now: number;
}

/**
 * Sections of an outline for the minutes; with `sharedOnly`, only shared items, each under its own
 * section's heading (a shared line always carries its context), and the headings shared as a whole.
 * `refOf` names the question a line was sent as (its text is then printed in 4, not here).
 */
export function minutesSections(
	outline: Outline | null | undefined,
	lang: MinutesLang,
	sharedOnly: boolean,
	refOf: (kind: NoteKind | null, text: string) => string | null = () => null
): MinutesSection[] {
	if (!outline) return [];
	const out: MinutesSection[] = [];
	for (const s of outline.sections) {
		const items = s.items
			.filter((i) => i.text.trim() && (!sharedOnly || i.shared))
			.map((i) => ({ text: i.text, kind: i.kind, kindLabel: i.kind ? kindLabel(lang, i.kind) : null, depth: i.depth, ref: refOf(i.kind, i.text) }));
		const heading = sharedOnly && !s.shared && !items.length ? null : s.heading;
		if (items.length || heading) out.push({ heading, items });
	}
	return out;
}

/** Category order of the reference report's 参加者数: ministry, support agencies, municipalities, organisers. */
const COUNT_ORDER: OrgCategory[] = ['ministry', 'agency', 'municipality', 'organiser', 'other'];

const ROLE_JA = { organiser: '主催者', facilitator: 'ファシリテーター', participant: '参加者', ministry: '省庁回答者', display: '投影画面' };
const ROLE_EN = { organiser: 'Organiser', facilitator: 'Facilitator', participant: 'Participant', ministry: 'Ministry respondent', display: 'Display' };

/** The local date of an instant, YYYY-MM-DD. */
const dayOf = (t: number, tz: string) => isoToZoned(t, tz).date;

/** 「12/2 14:05」: a time with its month and day, for a time that is not on the planned day. */
function timeOnDay(t: number, plannedDay: string, tz: string): string {
	const { date } = isoToZoned(t, tz);
	return date === plannedDay ? formatTime(t, tz) : `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))} ${formatTime(t, tz)}`;
}

/** Whole minutes an item started after a planned start it was pinned to, when on the planned day (else 0). */
function lateMinutes(actualStart: number | null, plannedStart: number, tz: string): number {
	if (actualStart === null || dayOf(actualStart, tz) !== dayOf(plannedStart, tz)) return 0;
	return Math.max(0, Math.round((actualStart - plannedStart) / 60_000));
}

function programmeText(rows: ProgrammeRow[], pinned: (r: ProgrammeRow) => boolean, tz: string, lang: MinutesLang): MinutesProgrammeRow[] {
	return rows.map((r) => {
		const day = dayOf(r.plannedStart, tz);
		const span = (a: number, b: number | null) => timeRange(lang, timeOnDay(a, day, tz), b === null ? '' : timeOnDay(b, dayOf(a, tz), tz));
		const remarks: string[] = [];
		const late = pinned(r) ? lateMinutes(r.actualStart, r.plannedStart, tz) : 0;
		if (late >= 1) remarks.push(label(lang, 'lateStart', { n: late }));
		if (r.mark === 'overran') remarks.push(label(lang, 'overran', { n: r.overrunMinutes }));
		if (r.extendedMinutes > 0) remarks.push(label(lang, 'extended', { n: r.extendedMinutes }));
		if (r.mark === 'cut') remarks.push(label(lang, 'cut'));
		if (r.mark === 'running') remarks.push(label(lang, 'running'));
		if (r.attendance) remarks.push(r.attendance);
		if (r.remark) remarks.push(r.remark);
		return {
			...r,
			planned: timeRange(lang, formatTime(r.plannedStart, tz), formatTime(r.plannedEnd, tz)),
			actual: r.actualStart === null ? (r.mark === 'pending' ? '' : label(lang, 'notHeld')) : span(r.actualStart, r.actualEnd),
			remarks: remarks.join(lang === 'ja' ? '。' : '; '),
			notes: r.notes.split('\n').map((l) => l.trim()).filter(Boolean).join(lang === 'ja' ? '　' : ' ')
		};
	});
}

/** Builds the minutes of a meeting from its state and its boards (`outlines` by room id, and the summary board). */
export function buildMinutes(state: MeetingState, allOutlines: Record<string, Outline | null | undefined>, allSummary: Outline | null, opts: MinutesOptions): MinutesModel {
	const privacy = { version: opts.version ?? 'internal', includeConfidential: opts.includeConfidential ?? false } as const;
	const model = buildModel(state, boardsForVersion(state, allOutlines, privacy), summaryForVersion(allSummary, privacy), opts);
	return privacy.version === 'public' ? maskedModel({ ...model, version: 'public' }) : model;
}

/** 「（実績時刻 14:05〜15:47・5分遅れで開始）」: the actual span, dated when not on the planned day, and a late start. */
function actualNote(lang: MinutesLang, ran: { start: number; end: number | null } | null, plannedStart: number, provisional: string | null, tz: string): { actual: string | null; note: string } {
	if (!ran) return { actual: null, note: '' };
	const day = dayOf(plannedStart, tz);
	const start = dayOf(ran.start, tz) === day ? formatTime(ran.start, tz) : `${formatDate(ran.start, tz, lang)} ${formatTime(ran.start, tz)}`;
	const end = ran.end === null ? '' : dayOf(ran.end, tz) === dayOf(ran.start, tz) ? formatTime(ran.end, tz) : `${formatDate(ran.end, tz, lang)} ${formatTime(ran.end, tz)}`;
	const actual = timeRange(lang, start, end);
	const late = lateMinutes(ran.start, plannedStart, tz);
	const extra = [late >= 1 ? label(lang, 'lateStart', { n: late }) : '', provisional ?? ''].filter(Boolean);
	const sep = lang === 'ja' ? '・' : ', ';
	return { actual, note: paren(lang, [`${label(lang, 'actual')} ${actual}`, ...extra].join(sep)) };
}

/** The organisations of a room's people in roster order, once each; the ministry's with their department (厚生労働省【保護課】). */
function roomOrganisations(members: Member[]): string[] {
	const names = members.map((p) => (p.category === 'ministry' && p.department && p.organisation ? `${p.organisation}【${p.department}】` : p.organisation));
	return [...new Set(names.filter(Boolean))];
}

function buildModel(state: MeetingState, outlines: Record<string, Outline | null | undefined>, summaryOutline: Outline | null, opts: MinutesOptions): MinutesModel {
	const lang = opts.lang ?? 'ja';
	const sharedOnly = opts.sharedOnly ?? false;
	const m = state.meeting;
	const tz = m.timezone;
	const sources = sourcesFromState(state);
	const rows = programmeRows(sources, m.startsAt);
	const phase = meetingPhase(state.agenda.run);
	// Minutes taken while the run goes on are provisional: no actual end yet, and the time they were taken.
	const running = state.agenda.run.startedAt !== null && state.agenda.run.status !== 'finished';
	const span = actualSpan(rows, sources.finishedAt);
	const ran = span && running ? { ...span, end: null } : span;
	const takenAt = formatTime(opts.now, tz);
	const provisional = running ? label(lang, 'provisional', { time: takenAt }) : null;
	const { actual, note } = actualNote(lang, ran, rows[0]?.plannedStart ?? Date.parse(m.startsAt), provisional, tz);
	const { counts, total } = countByCategory(state);
	const present = state.attendance?.present;
	const rank = (c: OrgCategory) => COUNT_ORDER.indexOf(c);
	const people = sortedMembers(state)
		.filter((p) => p.role !== 'display')
		.sort((a, b) => rank(a.category) - rank(b.category));
	// The roster's own order (as entered or imported), for the rooms' participant lines.
	const inRosterOrder = Object.values(state.members).filter((p) => p.role !== 'display');

	const style = effectiveStyle(m, opts.version ?? 'internal');
	const { questions, numbers } = minutesQuestions(state, sources.questions, style, lang);
	const refOf = boardLineRefs(state, numbers);
	const rooms: MinutesRoom[] = sortedRooms(state).map((room) => {
		const members = people.filter((p) => p.roomId === room.id);
		return {
			id: room.id,
			name: room.name,
			purpose: room.purpose,
			organisations: roomOrganisations(inRosterOrder.filter((p) => p.roomId === room.id)),
			facilitators: members.filter((p) => p.role === 'facilitator').map((p) => (p.organisation ? `${p.name}${paren(lang, p.organisation)}` : p.name)),
			memberCount: members.length,
			sections: minutesSections(outlines[room.id], lang, sharedOnly, (kind, text) => refOf(room.id, kind, text))
		};
	});

	// An item's remark is printed in the programme and where the report tells of the item: in the
	// overview for items before the breakout, with the rooms for breakout items, in まとめ after them.
	const firstBreakout = rows.findIndex((r) => r.kind === 'breakout');
	const lastBreakout = rows.reduce((last, r, i) => (r.kind === 'breakout' ? i : last), -1);
	const remarkAt = (where: 'before' | 'breakout' | 'after') =>
		rows
			.filter((r, i) => r.remark && (where === 'breakout' ? r.kind === 'breakout' : where === 'before' ? firstBreakout >= 0 && i < firstBreakout : r.kind !== 'breakout' && (firstBreakout < 0 || i > lastBreakout)))
			.map((r) => label(lang, 'itemRemark', { title: r.title, remark: r.remark }));

	const nd = state.plenary.summary.nextDate;
	const nextDate = nd.startsAt ? formatSpan(nd.startsAt, nd.endsAt, tz, lang) : '';
	const roomName = (id: string | null) => (id && state.rooms[id]?.name) || label(lang, 'none');
	return {
		lang,
		title: m.title,
		sharedOnly,
		version: 'internal',
		generatedAt: `${formatDate(opts.now, tz, lang)} ${takenAt}`,
		provisional,
		provisionalNote: running ? label(lang, 'provisionalNote', { time: takenAt }) : null,
		rehearsal: phase === 'rehearsal',
		overview: {
			dateTime: formatSpan(m.startsAt, m.endsAt, tz, lang),
			actual,
			actualNote: note,
			method: m.method,
			notes: [
				...rows.filter((r) => r.attendance).map((r) => label(lang, 'joinedFrom', { who: r.attendance, item: r.title, time: formatTime(r.plannedStart, tz) })),
				...remarkAt('before').map((r) => r.replace(/^※/, ''))
			],
			counts: COUNT_ORDER.filter((c) => c !== 'other' || counts.other > 0).map((c) => ({
				category: c,
				label: countLabel(m, lang, c),
				note: countNote(m, c),
				count: counts[c],
				...(present ? { attended: people.filter((p) => p.category === c && present[p.id]).length } : {})
			})),
			total,
			...(present ? { attendedTotal: people.filter((p) => present[p.id]).length } : {})
		},
		programme: programmeText(rows, (r) => r.pinned || r.no === 1, tz, lang),
		timeline: timelineData(state, opts.now),
		roomsIntro: [...m.description.split('\n').map((l) => l.trim()).filter(Boolean), ...remarkAt('breakout')],
		rooms,
		questions,
		summary: {
			remarks: remarkAt('after'),
			sections: minutesSections(summaryOutline, lang, false),
			themes: rankedThemes(state.plenary.summary).map((t) => ({ text: t.text, votes: t.votes.length })),
			nextDate,
			nextDateNote: nd.tentative,
			links: orderedLinks(state.plenary.summary).map((l) => ({ title: l.title, url: l.url }))
		},
		roster: people.map((p) => ({
			category: countLabel(m, lang, p.category),
			organisation: p.organisation,
			department: p.department,
			name: p.name,
			room: roomName(p.roomId),
			role: (lang === 'en' ? ROLE_EN : ROLE_JA)[p.role],
			...(present ? { minutes: present[p.id] ? label(lang, 'minutesValue', { n: present[p.id].minutes }) : '' } : {})
		}))
	};
}
