/**
 * The timeline figure (time planned against actual): one row per agenda item with its planned span
 * (a dashed frame) and what actually happened (filled: run time within the plan, the extensions,
 * then over time in the warning tone; pauses as hatched gaps), and the "now" line while the meeting
 * runs. Two pure steps: `timelineData` reads a meeting state into plain data (the minutes carry it
 * to the print page and the .docx), `timelineFigure` lays that data out as a scene and table rows.
 */
import { scaleLinear } from 'd3-scale';
import type { MeetingState } from '../meeting/types.js';
import { itemStatuses, type ItemStatus } from '../agenda/forecast.js';
import { plannedSchedule } from '../agenda/schedule.js';
import { allottedMs, elapsedMs, type AgendaKind } from '../agenda/types.js';
import { formatDate, formatTime, isoToZoned, zonedToIso, zoneOffsetMinutes } from '../time/zoned.js';
import { fitText, textWidth, type FigureScene, type Mark } from './scene.js';
import type { Tone } from './palette.js';
import type { FigureWords } from './words.js';
import type { ja as timelineJa } from '../../i18n/messages/figures-timeline.js';

const MIN = 60_000;

/** What happened during one stretch of an item's actual bar. */
export type SegmentKind = 'run' | 'extension' | 'overrun' | 'pause';

export interface TimelineSegment {
	kind: SegmentKind;
	start: number;
	end: number;
}

export interface TimelineItem {
	id: string;
	no: number;
	title: string;
	kind: AgendaKind;
	status: ItemStatus;
	/** Planned span (ms), moved to the day it was held when it was held on another day (see `shiftMs`). */
	plannedStart: number;
	plannedEnd: number;
	actualStart: number | null;
	/** Null while the item is current or when it never ran. */
	actualEnd: number | null;
	/** In time order: run time, extension, over time and pauses. Empty when it never ran. */
	segments: TimelineSegment[];
	plannedMinutes: number;
	extendedMinutes: number;
	/** Time it ran without its pauses (up to now for the current item), ms. */
	ranMs: number;
	pausedMs: number;
}

export interface TimelineData {
	timezone: string;
	/** Server time the data was taken; the "now" line is drawn at it while `running`. */
	now: number;
	running: boolean;
	/** How far the plan was moved to sit on the day the meeting was held (0 when held on its day), ms. */
	shiftMs: number;
	/** The planned start as scheduled (before any shift), for the "another day" note. */
	scheduledStart: number;
	items: TimelineItem[];
}

/** Run, extension and over-time pieces of one item, with its pauses, in time order. */
function segmentsOf(spans: { start: number; end: number | null }[], pauses: { from: number; to: number | null }[], plannedMs: number, allotted: number, now: number): TimelineSegment[] {
	const out: TimelineSegment[] = [];
	let ran = 0;
	const runPiece = (a: number, b: number) => {
		// Cut [a, b) where the run time crosses the plan and the allotted time.
		let t = a;
		for (const [limit, kind] of [[plannedMs, 'run'], [allotted, 'extension'], [Infinity, 'overrun']] as const) {
			if (t >= b) break;
			if (ran >= limit) continue;
			const until = Math.min(b, t + (limit - ran));
			out.push({ kind, start: t, end: until });
			ran += until - t;
			t = until;
		}
	};
	for (const span of spans) {
		const spanEnd = span.end ?? now;
		const inside = pauses
			.map((p) => ({ from: Math.max(p.from, span.start), to: Math.min(p.to ?? now, spanEnd) }))
			.filter((p) => p.to > p.from)
			.sort((a, b) => a.from - b.from);
		let cursor = span.start;
		for (const p of inside) {
			if (p.from > cursor) runPiece(cursor, p.from);
			out.push({ kind: 'pause', start: Math.max(cursor, p.from), end: p.to });
			cursor = Math.max(cursor, p.to);
		}
		if (spanEnd > cursor) runPiece(cursor, spanEnd);
	}
	return out;
}

/**
 * The timeline of a meeting at server time `now`: the planned schedule (moved to the day it was
 * held, when it started on another day than planned) and each item's actual segments.
 */
export function timelineData(state: Pick<MeetingState, 'agenda' | 'meeting'>, now: number): TimelineData {
	const tz = state.meeting.timezone;
	const planned = plannedSchedule(state);
	const statuses = itemStatuses(state.agenda);
	const { run } = state.agenda;
	const firstStart = planned.reduce<number | null>((min, r) => (r.item.spans.length && (min === null || r.item.spans[0].start < min) ? r.item.spans[0].start : min), null);
	const scheduledStart = planned[0]?.start ?? Date.parse(state.meeting.startsAt);
	let shiftMs = 0;
	if (firstStart !== null) {
		const ranDay = isoToZoned(firstStart, tz).date;
		const plan = isoToZoned(scheduledStart, tz);
		if (ranDay !== plan.date) shiftMs = Date.parse(zonedToIso(ranDay, plan.time, tz)) - scheduledStart;
	}
	const items = planned.map((row, i): TimelineItem => {
		const item = row.item;
		const open = item.spans.some((s) => s.end === null);
		const segments = segmentsOf(item.spans, item.pauses, item.durationMinutes * MIN, allottedMs(item), now);
		const ranAt = open ? now : item.spans.reduce((m, s) => Math.max(m, s.end ?? 0), 0);
		return {
			id: item.id,
			no: i + 1,
			title: item.title,
			kind: item.kind,
			status: statuses[item.id],
			plannedStart: row.start + shiftMs,
			plannedEnd: row.end + shiftMs,
			actualStart: item.spans[0]?.start ?? null,
			actualEnd: item.spans.length && !open ? ranAt : null,
			segments,
			plannedMinutes: item.durationMinutes,
			extendedMinutes: item.extensions.reduce((s, e) => s + e.minutes, 0),
			ranMs: item.spans.length ? elapsedMs(item, ranAt) : 0,
			pausedMs: segments.filter((s) => s.kind === 'pause').reduce((s, p) => s + p.end - p.start, 0)
		};
	});
	return { timezone: tz, now, running: run.startedAt !== null && run.status !== 'finished', shiftMs, scheduledStart, items };
}

export type TimelineWordKey = keyof typeof timelineJa;

/** One row of the figure's table (its text alternative). */
export interface TimelineRow {
	id: string;
	no: number;
	title: string;
	planned: string;
	actual: string;
	/** Ran minus planned, whole minutes (null when it has not run). */
	differenceMinutes: number | null;
	difference: string;
	status: string;
	/** True when it ran longer than planned (the row is marked like the bar). */
	over: boolean;
}

export interface TimelineFigure {
	scene: FigureScene;
	rows: TimelineRow[];
}

export interface TimelineOptions {
	/** Large type for the plenary screen (read from across a room): 22 px unless `fontSize`. */
	large?: boolean;
	/** Type size in px (12 by default), e.g. fitted to the height the plenary screen leaves. */
	fontSize?: number;
}

/** Whole minutes of a signed duration, rounded half away from zero. */
function minutes(ms: number): number {
	return Math.sign(ms) * Math.round(Math.abs(ms) / MIN) || 0;
}

/** Table rows: planned and actual spans, the difference in minutes and the status in words. */
export function timelineRows(data: TimelineData, w: FigureWords<TimelineWordKey>): TimelineRow[] {
	const tz = data.timezone;
	const hm = (t: number) => formatTime(t, tz);
	return data.items.map((it) => {
		const ran = it.actualStart !== null;
		const diff = ran && it.status !== 'current' ? minutes(it.ranMs - it.plannedMinutes * MIN) : null;
		let status: string;
		if (it.status === 'skipped') status = w('tl.status.skipped');
		else if (it.status === 'upcoming' && !ran) status = w('tl.status.upcoming');
		else if (it.status === 'current') status = w('tl.status.current');
		else if (diff! > 0) status = w('tl.status.over', { n: diff! });
		else if (diff! < 0) status = w('tl.status.under', { n: -diff! });
		else status = w('tl.status.onTime');
		const extra = [
			it.extendedMinutes > 0 ? w('tl.status.extended', { n: it.extendedMinutes }) : '',
			minutes(it.pausedMs) > 0 ? w('tl.status.paused', { n: minutes(it.pausedMs) }) : ''
		].filter(Boolean);
		return {
			id: it.id,
			no: it.no,
			title: it.title,
			planned: w('tl.range', { a: hm(it.plannedStart), b: hm(it.plannedEnd) }),
			actual: !ran ? '' : it.actualEnd === null ? w('tl.rangeOpen', { a: hm(it.actualStart!) }) : w('tl.range', { a: hm(it.actualStart!), b: hm(it.actualEnd) }),
			differenceMinutes: diff,
			difference: diff === null ? '' : diff > 0 ? `+${diff}` : String(diff),
			status: [status, ...extra].join(w('tl.sep')),
			over: diff !== null && diff > 0
		};
	});
}

/** The figure's summary: items, planned and actual span, the items that overran or were not held, now. */
function summaryOf(data: TimelineData, rows: TimelineRow[], w: FigureWords<TimelineWordKey>, lang: string): string {
	const tz = data.timezone;
	const hm = (t: number) => formatTime(t, tz);
	const items = data.items;
	if (!items.length) return w('tl.summary.none');
	const parts = [w('tl.summary.items', { n: items.length })];
	parts.push(w('tl.summary.planned', { range: w('tl.range', { a: hm(items[0].plannedStart), b: hm(Math.max(...items.map((i) => i.plannedEnd))) }) }));
	const starts = items.filter((i) => i.actualStart !== null).map((i) => i.actualStart!);
	if (!starts.length) return parts.join('') + w('tl.summary.none');
	if (data.shiftMs !== 0) parts.push(w('tl.summary.otherDay', { date: formatDate(data.scheduledStart, tz, lang === 'en' ? 'en' : 'ja') }));
	if (!data.running) {
		const end = Math.max(...items.map((i) => i.actualEnd ?? 0));
		const plannedEnd = Math.max(...items.map((i) => i.plannedEnd));
		const d = minutes(end - plannedEnd);
		const diff = d > 0 ? w('tl.diff.over', { n: d }) : d < 0 ? w('tl.diff.under', { n: -d }) : w('tl.diff.onTime');
		parts.push(w('tl.summary.actual', { range: w('tl.range', { a: hm(Math.min(...starts)), b: hm(end) }), diff }));
	}
	const over = rows.filter((r) => r.over).map((r) => w('tl.summary.item', { title: r.title, n: r.differenceMinutes! }));
	if (over.length) parts.push(w('tl.summary.over', { list: over.join(w('tl.listSep')) }));
	const skipped = items.filter((i) => i.status === 'skipped').map((i) => i.title);
	if (skipped.length) parts.push(w('tl.summary.skipped', { list: skipped.join(w('tl.listSep')) }));
	const current = items.find((i) => i.status === 'current');
	if (data.running && current) parts.push(w('tl.summary.current', { time: hm(data.now), title: current.title }));
	return parts.join('').trim();
}

const TICK_STEPS = [5, 10, 15, 30, 60, 120, 240];

/** Tick instants every `step` minutes on the zone's wall clock, within [from, to]. */
function zonedTicks(from: number, to: number, plotWidth: number, minGap: number, tz: string): number[] {
	const span = (to - from) / MIN;
	const step = TICK_STEPS.find((s) => (span / s) * minGap <= plotWidth) ?? TICK_STEPS[TICK_STEPS.length - 1];
	const off = zoneOffsetMinutes(from, tz) * MIN;
	const stepMs = step * MIN;
	const ticks: number[] = [];
	for (let t = Math.ceil((from + off) / stepMs) * stepMs - off; t <= to; t += stepMs) ticks.push(t);
	return ticks;
}

/** Pieces shorter than this are not drawn: the figure reads in minutes (the table rounds the same way), so seconds over are no 「超過」. */
const MIN_DRAWN_MS = 30_000;

const SEGMENT_TONE: Record<SegmentKind, Tone> = { run: 'actual', extension: 'extension', overrun: 'overrun', pause: 'pause' };

/**
 * Lays out the timeline `width` pixels wide: the time axis in the meeting's zone on top, one row per
 * item (titles in a column at the left, or above each row on a narrow screen), a legend below.
 */
export function timelineFigure(data: TimelineData, w: FigureWords<TimelineWordKey>, width: number, opts: TimelineOptions = {}, lang: 'ja' | 'en' = 'ja'): TimelineFigure {
	const rows = timelineRows(data, w);
	const tz = data.timezone;
	const f = Math.round(opts.fontSize ?? (opts.large ? 22 : 12));
	const pad = Math.round(f * 0.8);
	const narrow = width < 560;
	const labelWidth = narrow ? 0 : Math.min(f * 18, Math.round(width * 0.3));
	const x0 = pad + labelWidth + (narrow ? 0 : pad);
	const x1 = width - pad - textWidth(w('tl.over', { n: 88 }), f);
	const plannedH = Math.round(f * 0.7);
	const actualH = Math.round(f * 1.2);
	const titleH = narrow ? Math.round(f * 1.5) : 0;
	const rowH = titleH + plannedH + 3 + actualH + Math.round(f * 0.9);
	const axisH = Math.round(f * 2.2);
	const marks: Mark[] = [];

	const times = data.items.flatMap((i) => [i.plannedStart, i.plannedEnd, ...i.segments.flatMap((s) => [s.start, s.end])]);
	if (data.running) times.push(data.now);
	const from = times.length ? Math.min(...times) : data.now;
	const to = times.length ? Math.max(...times, from + 30 * MIN) : from + 60 * MIN;
	const x = scaleLinear().domain([from, to]).range([x0, Math.max(x0 + 10, x1)]);
	const top = axisH;
	const bottom = top + rowH * data.items.length;

	for (const t of zonedTicks(from, to, x1 - x0, textWidth('00:00', f) + f, tz)) {
		marks.push({ kind: 'line', x1: x(t), y1: top - 4, x2: x(t), y2: bottom, tone: 'grid' });
		// A label near either edge moves inside the figure rather than being cut.
		const half = textWidth('00:00', f) / 2;
		marks.push({ kind: 'text', x: Math.min(Math.max(x(t), pad + half), width - pad - half), y: top - Math.round(f * 0.6), text: formatTime(t, tz), anchor: 'middle', size: f, tone: 'muted' });
	}

	data.items.forEach((it, i) => {
		const row = rows[i];
		const y = top + i * rowH + Math.round(f * 0.45);
		const label = it.actualStart === null ? w('tl.markPlanned', { title: it.title, planned: row.planned, status: row.status }) : w('tl.mark', { title: it.title, planned: row.planned, actual: row.actual, status: row.status });
		const title = `${it.no}. ${it.title}`;
		if (narrow) marks.push({ kind: 'text', x: pad, y: y + f, text: fitText(title, f, width - 2 * pad), size: f, tone: 'text', bold: it.status === 'current' });
		else marks.push({ kind: 'text', x: pad, y: y + titleH + plannedH + actualH * 0.75, text: fitText(title, f, labelWidth), size: f, tone: 'text', bold: it.status === 'current', label: title });
		const py = y + titleH;
		marks.push({ kind: 'rect', x: x(it.plannedStart), y: py, width: x(it.plannedEnd) - x(it.plannedStart), height: plannedH, outline: true, tone: 'planned', label });
		const ay = py + plannedH + 3;
		for (const s of it.segments.filter((seg) => seg.end - seg.start >= MIN_DRAWN_MS)) marks.push({ kind: 'rect', x: x(s.start), y: ay, width: Math.max(1, x(s.end) - x(s.start)), height: actualH, tone: SEGMENT_TONE[s.kind], label });
		const end = it.segments.length ? it.segments[it.segments.length - 1].end : null;
		// Over time in minutes beside the bar: beyond the plan once done, beyond the allotted time while current.
		const overMs = it.segments.filter((s) => s.kind === 'overrun').reduce((sum, s) => sum + s.end - s.start, 0);
		const overN = row.over ? row.differenceMinutes! : it.status === 'current' ? minutes(overMs) : 0;
		if (overN > 0 && end !== null) marks.push({ kind: 'text', x: x(end) + 4, y: ay + actualH * 0.8, text: w('tl.over', { n: overN }), size: f, bold: true, tone: 'text' });
		if (it.status === 'skipped') marks.push({ kind: 'text', x: x(it.plannedEnd) + 4, y: py + plannedH + actualH * 0.6, text: w('tl.status.skipped'), size: Math.round(f * 0.9), tone: 'muted' });
	});

	if (data.running) {
		marks.push({ kind: 'line', x1: x(data.now), y1: top - 2, x2: x(data.now), y2: bottom, tone: 'now', strokeWidth: opts.large ? 4 : 2, label: w('tl.now', { time: formatTime(data.now, tz) }) });
		const nowText = w('tl.now', { time: formatTime(data.now, tz) });
		const nx = Math.min(Math.max(x(data.now), pad + textWidth(nowText, f) / 2), width - pad - textWidth(nowText, f) / 2);
		marks.push({ kind: 'text', x: nx, y: bottom + Math.round(f * 1.3), text: nowText, anchor: 'middle', size: f, bold: true, tone: 'now' });
	}

	// Legend: a swatch and a word per tone, wrapping to the width.
	const legend: [Tone, string, boolean?][] = [
		['planned', w('tl.legend.planned'), true],
		['actual', w('tl.legend.actual')],
		['extension', w('tl.legend.extension')],
		['overrun', w('tl.legend.overrun')],
		['pause', w('tl.legend.pause')]
	];
	let lx = pad;
	let ly = bottom + Math.round(f * (data.running ? 2.4 : 1.2));
	const sw = Math.round(f * 1.6);
	for (const [tone, word, outline] of legend) {
		const itemW = sw + 4 + textWidth(word, f) + f;
		if (lx + itemW > width - pad && lx > pad) {
			lx = pad;
			ly += Math.round(f * 1.6);
		}
		marks.push({ kind: 'rect', x: lx, y: ly, width: sw, height: Math.round(f * 0.9), tone, outline });
		marks.push({ kind: 'text', x: lx + sw + 4, y: ly + Math.round(f * 0.85), text: word, size: f, tone: 'text' });
		lx += itemW;
	}
	const height = ly + Math.round(f * 1.6);
	return { scene: { width, height, title: w('tl.title'), summary: summaryOf(data, rows, w, lang), marks }, rows };
}
