/**
 * The minutes model (議事録) in the shape of the reference report: 1 開催概要, 2 programme planned vs
 * actual, 3 each breakout room's notes, 4 questions by department, 5 まとめ and the next meeting,
 * plus the roster annex. Built from the meeting state and the boards' outlines; every renderer
 * (Markdown, DOCX, the print page) reads only this model, with text already formatted.
 */
import type { NoteKind, Outline } from '../notes/outline-types.js';
import { countByCategory, sortedMembers, sortedRooms, type MeetingState, type OrgCategory } from '../meeting/types.js';
import { orderedLinks, rankedThemes } from '../plenary/types.js';
import { formatDate, formatSpan, formatTime } from '../time/zoned.js';
import { meetingPhase } from '../agenda/phase.js';
import { categoryLabel, kindLabel, label, paren, timeRange, type MinutesLang } from './labels.js';
import { actualSpan, programmeRows, type ProgrammeRow } from './programme.js';
import { sourcesFromState, type QuestionSource, type QuestionStatusSource } from './sources.js';
import { boardsForVersion, maskedModel, summaryForVersion, type MinutesVersion } from './privacy.js';

export interface MinutesItem {
	text: string;
	kind: NoteKind | null;
	kindLabel: string | null;
	depth: number;
}

export interface MinutesSection {
	heading: string | null;
	items: MinutesItem[];
}

export interface MinutesProgrammeRow extends ProgrammeRow {
	planned: string;
	actual: string;
	remarks: string;
}

export interface MinutesRoom {
	id: string;
	name: string;
	purpose: string;
	organisations: string[];
	facilitators: string[];
	memberCount: number;
	sections: MinutesSection[];
}

export interface MinutesQuestion {
	text: string;
	votes: number;
	status: QuestionStatusSource;
	answer: string | null;
	replies: string[];
}

export interface MinutesDepartment {
	department: string;
	answered: MinutesQuestion[];
	deferred: MinutesQuestion[];
	/** Open and being answered when the minutes were made. */
	open: MinutesQuestion[];
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
		/** Registered people per category; `attended` from Zoom's participant report, when one was recorded. */
		counts: { category: OrgCategory; label: string; count: number; attended?: number }[];
		total: number;
		attendedTotal?: number;
	};
	programme: MinutesProgrammeRow[];
	rooms: MinutesRoom[];
	questions: { toMinistry: MinutesDepartment[]; fromMinistry: MinutesQuestion[] };
	summary: {
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

/** Sections of an outline for the minutes; with `sharedOnly`, only shared items (and shared headings). */
export function minutesSections(outline: Outline | null | undefined, lang: MinutesLang, sharedOnly: boolean): MinutesSection[] {
	if (!outline) return [];
	const out: MinutesSection[] = [];
	for (const s of outline.sections) {
		const items = s.items
			.filter((i) => i.text.trim() && (!sharedOnly || i.shared))
			.map((i) => ({ text: i.text, kind: i.kind, kindLabel: i.kind ? kindLabel(lang, i.kind) : null, depth: i.depth }));
		const heading = sharedOnly && !s.shared ? null : s.heading;
		if (items.length || heading) out.push({ heading, items });
	}
	return out;
}

/** Category order of the reference report's 参加者数: ministry, support agencies, municipalities, organisers. */
const COUNT_ORDER: OrgCategory[] = ['ministry', 'agency', 'municipality', 'organiser', 'other'];

const ROLE_JA = { organiser: '主催者', facilitator: 'ファシリテーター', participant: '参加者', ministry: '省庁回答者', display: '投影画面' };
const ROLE_EN = { organiser: 'Organiser', facilitator: 'Facilitator', participant: 'Participant', ministry: 'Ministry respondent', display: 'Display' };

function programmeText(rows: ProgrammeRow[], tz: string, lang: MinutesLang): MinutesProgrammeRow[] {
	const span = (a: number, b: number | null) => timeRange(lang, formatTime(a, tz), b === null ? '' : formatTime(b, tz));
	return rows.map((r) => {
		const remarks: string[] = [];
		if (r.mark === 'overran') remarks.push(label(lang, 'overran', { n: r.overrunMinutes }));
		if (r.extendedMinutes > 0) remarks.push(label(lang, 'extended', { n: r.extendedMinutes }));
		if (r.mark === 'cut') remarks.push(label(lang, 'cut'));
		if (r.mark === 'running') remarks.push(label(lang, 'running'));
		if (r.attendance) remarks.push(r.attendance);
		return {
			...r,
			planned: span(r.plannedStart, r.plannedEnd),
			actual: r.actualStart === null ? (r.mark === 'pending' ? '' : label(lang, 'notHeld')) : span(r.actualStart, r.actualEnd),
			remarks: remarks.join(lang === 'ja' ? '。' : '; ')
		};
	});
}

function questionsByDepartment(all: QuestionSource[], departments: string[], lang: MinutesLang) {
	const toQ = (q: QuestionSource): MinutesQuestion => ({ text: q.text, votes: q.votes, status: q.status, answer: q.answer, replies: q.replies });
	const byVotes = (a: QuestionSource, b: QuestionSource) => b.votes - a.votes || a.askedAt - b.askedAt || a.id.localeCompare(b.id);
	const to = all.filter((q) => q.direction === 'to_ministry');
	const names = [...new Set(to.map((q) => q.department ?? ''))].sort((a, b) => {
		const rank = (d: string) => (d === '' ? 1e6 : departments.includes(d) ? departments.indexOf(d) : 1e3);
		return rank(a) - rank(b) || a.localeCompare(b, 'ja');
	});
	const toMinistry = names.map((d) => {
		const of = to.filter((q) => (q.department ?? '') === d).sort(byVotes);
		return {
			department: d || label(lang, 'noDepartment'),
			answered: of.filter((q) => q.status === 'answered').map(toQ),
			deferred: of.filter((q) => q.status === 'deferred').map(toQ),
			open: of.filter((q) => q.status === 'open' || q.status === 'answering').map(toQ)
		};
	});
	const fromMinistry = all.filter((q) => q.direction === 'from_ministry').sort(byVotes).map(toQ);
	return { toMinistry, fromMinistry };
}

/** Builds the minutes of a meeting from its state and its boards (`outlines` by room id, and the summary board). */
export function buildMinutes(state: MeetingState, allOutlines: Record<string, Outline | null | undefined>, allSummary: Outline | null, opts: MinutesOptions): MinutesModel {
	const privacy = { version: opts.version ?? 'internal', includeConfidential: opts.includeConfidential ?? false } as const;
	const model = buildModel(state, boardsForVersion(state, allOutlines, privacy), summaryForVersion(allSummary, privacy), opts);
	return privacy.version === 'public' ? maskedModel({ ...model, version: 'public' }) : model;
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
	const actual = ran ? timeRange(lang, formatTime(ran.start, tz), ran.end === null ? '' : formatTime(ran.end, tz)) : null;
	const provisional = running ? label(lang, 'provisional', { time: takenAt }) : null;
	const { counts, total } = countByCategory(state);
	const present = state.attendance?.present;
	const rank = (c: OrgCategory) => COUNT_ORDER.indexOf(c);
	const people = sortedMembers(state)
		.filter((p) => p.role !== 'display')
		.sort((a, b) => rank(a.category) - rank(b.category));

	const rooms: MinutesRoom[] = sortedRooms(state).map((room) => {
		const members = people.filter((p) => p.roomId === room.id);
		return {
			id: room.id,
			name: room.name,
			purpose: room.purpose,
			organisations: [...new Set(members.map((p) => p.organisation).filter(Boolean))],
			facilitators: members.filter((p) => p.role === 'facilitator').map((p) => (p.organisation ? `${p.name}${paren(lang, p.organisation)}` : p.name)),
			memberCount: members.length,
			sections: minutesSections(outlines[room.id], lang, sharedOnly)
		};
	});

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
			actualNote: actual ? paren(lang, `${label(lang, 'actual')} ${actual}${provisional ? `${lang === 'ja' ? '・' : ', '}${provisional}` : ''}`) : '',
			method: m.method,
			notes: rows.filter((r) => r.attendance).map((r) => label(lang, 'joinedFrom', { who: r.attendance, item: r.title, time: formatTime(r.plannedStart, tz) })),
			counts: COUNT_ORDER.filter((c) => c !== 'other' || counts.other > 0).map((c) => ({
				category: c,
				label: categoryLabel(lang, c),
				count: counts[c],
				...(present ? { attended: people.filter((p) => p.category === c && present[p.id]).length } : {})
			})),
			total,
			...(present ? { attendedTotal: people.filter((p) => present[p.id]).length } : {})
		},
		programme: programmeText(rows, tz, lang),
		rooms,
		questions: questionsByDepartment(sources.questions, m.departments, lang),
		summary: {
			sections: minutesSections(summaryOutline, lang, false),
			themes: rankedThemes(state.plenary.summary).map((t) => ({ text: t.text, votes: t.votes.length })),
			nextDate,
			nextDateNote: nd.tentative,
			links: orderedLinks(state.plenary.summary).map((l) => ({ title: l.title, url: l.url }))
		},
		roster: people.map((p) => ({
			category: categoryLabel(lang, p.category),
			organisation: p.organisation,
			department: p.department,
			name: p.name,
			room: roomName(p.roomId),
			role: (lang === 'en' ? ROLE_EN : ROLE_JA)[p.role],
			...(present ? { minutes: present[p.id] ? label(lang, 'minutesValue', { n: present[p.id].minutes }) : '' } : {})
		}))
	};
}
