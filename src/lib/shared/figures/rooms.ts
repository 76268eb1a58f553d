/**
 * The rooms during the breakout, as small multiples: one small scene per room on the same scales
 * (time across, lines up), with the board's lines over time (a line), its shared lines (an area
 * under it), the questions raised from the room (ticks under the axis) and who is connected now,
 * plus a table with the same numbers. A room with no new line for `silentMinutes` while the
 * breakout runs is marked in words (「12分間 新しい行なし」), not only by colour.
 *
 * Pure: from the meeting state the console holds, the server's samples (`notes/activity.ts`), the
 * server time `now`, the words of `figures-rooms.ts` and the width to draw in.
 */
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { forecast } from '../agenda/forecast.js';
import { actualTimes, breakoutLive, sortedItems, type AgendaItem } from '../agenda/types.js';
import type { MeetingState } from '../meeting/types.js';
import { sortedRooms } from '../meeting/types.js';
import type { RoomSample } from '../notes/activity.js';
import { formatTime } from '../time/zoned.js';
import type { FigureScene, Mark } from './scene.js';
import { fitText, textWidth } from './scene.js';
import type { FigureWords } from './words.js';
import type { ja } from '../../i18n/messages/figures-rooms.js';

export type RoomsWordKey = keyof typeof ja;

const MIN = 60_000;
/** Minutes without a new line after which a room is marked silent (the organiser's default). */
export const SILENT_MINUTES = 5;
/** Narrowest panel: below this the panels stack in one column. */
const MIN_PANEL = 300;
const GAP = 12;
const HEIGHT = 150;

export type RoomStatus = 'silent' | 'active' | 'quiet' | 'waiting' | 'ended';

/** A room's numbers, as the table shows them. */
export interface RoomRow {
	roomId: string;
	name: string;
	lines: number;
	shared: number;
	/** Questions raised from the room during the window. */
	questions: number;
	/** People connected at the last sample. */
	connected: number;
	/** Members the roster puts in the room. */
	assigned: number;
	/** Server time of the last sample at which the room had more lines than at the one before; null when none. */
	lastNewLineAt: number | null;
	/** Minutes since the last new line (or since the room was first counted), while the breakout runs. */
	quietMinutes: number | null;
	status: RoomStatus;
	/** The status in words. */
	statusText: string;
}

export interface RoomPanel {
	roomId: string;
	scene: FigureScene;
	row: RoomRow;
}

export interface RoomsFigure {
	/** The time shown across every panel (server ms). */
	window: { start: number; end: number };
	/** Largest line count of any room: the top of every panel's scale. */
	maxLines: number;
	columns: number;
	panelWidth: number;
	panels: RoomPanel[];
	rows: RoomRow[];
	/** The whole figure in sentences (the text alternative of the set). */
	summary: string;
	/** True while the breakout runs (silence is judged only then). */
	live: boolean;
}

export interface RoomsFigureInput {
	state: MeetingState;
	samples: Record<string, RoomSample[]>;
	now: number;
	width: number;
	words: FigureWords<RoomsWordKey>;
	silentMinutes?: number;
}

/** The breakout item the figure is about: the current one, else the last one that ran. */
function breakoutItem(state: MeetingState, now: number): AgendaItem | null {
	// The current item as the run clock's forecast has it (importing `currentItem` here would export it
	// from the chunk the participant page loads).
	const current = forecast(state, now).current?.item;
	if (current?.kind === 'breakout') return current;
	const ran = sortedItems(state.agenda).filter((i) => i.kind === 'breakout' && i.spans.length > 0);
	return ran.sort((a, b) => a.spans[a.spans.length - 1].start - b.spans[b.spans.length - 1].start).pop() ?? null;
}

/**
 * The time the panels span: the breakout item from its start to its planned end (or to now when it
 * runs over), or to its actual end once over; without any breakout, from the first sample to now.
 */
export function roomsWindow(state: MeetingState, samples: Record<string, RoomSample[]>, now: number): { start: number; end: number; live: boolean } {
	const item = breakoutItem(state, now);
	const live = breakoutLive(state.agenda);
	if (item) {
		const { start, end } = actualTimes(item);
		if (start !== null) {
			// While it runs: when its countdown reaches zero (the run clock's own forecast), or now once over.
			const stop = live ? Math.max(now, forecast(state, now).current?.endsAt ?? now) : (end ?? now);
			return { start, end: Math.max(stop, start + MIN), live };
		}
	}
	const first = Math.min(now, ...Object.values(samples).flatMap((list) => list.map((s) => s.at)));
	return { start: Math.min(first, now - 10 * MIN), end: now, live: true };
}

/** Samples inside the window (the one just before its start counts as the baseline). */
function inWindow(list: RoomSample[], start: number, end: number): RoomSample[] {
	const sorted = [...list].sort((a, b) => a.at - b.at);
	const before = sorted.filter((s) => s.at < start).pop();
	return [...(before ? [before] : []), ...sorted.filter((s) => s.at >= start && s.at <= end)];
}

/** The server time of the last sample with more lines than the one before it, or null. */
export function lastNewLineAt(samples: RoomSample[]): number | null {
	for (let i = samples.length - 1; i > 0; i--) if (samples[i].lines > samples[i - 1].lines) return samples[i].at;
	return null;
}

/** Questions raised from `roomId` (asked there, or sent from its board) at times in [start, end]. */
export function roomQuestions(state: MeetingState, roomId: string, start: number, end: number): number[] {
	return Object.values(state.questions.items)
		.filter((q) => (q.roomId === roomId || q.board?.roomId === roomId) && q.askedAt >= start && q.askedAt <= end)
		.map((q) => q.askedAt)
		.sort((a, b) => a - b);
}

/** Columns and panel width for `n` rooms in `width` pixels. */
function layout(width: number, n: number): { columns: number; panelWidth: number } {
	const columns = Math.max(1, Math.min(n, Math.floor((width + GAP) / (MIN_PANEL + GAP))));
	return { columns, panelWidth: Math.max(240, Math.floor((width - GAP * (columns - 1)) / columns)) };
}

/** Builds the figure: one panel per room, in room order, on shared scales. */
export function roomsFigure(input: RoomsFigureInput): RoomsFigure {
	const { state, now, words } = input;
	const silentMinutes = input.silentMinutes ?? SILENT_MINUTES;
	const zone = state.meeting.timezone;
	const time = (t: number) => formatTime(t, zone);
	const win = roomsWindow(state, input.samples, now);
	const rooms = sortedRooms(state);
	const series = new Map(rooms.map((r) => [r.id, inWindow(input.samples[r.id] ?? [], win.start, win.end)]));
	const maxLines = Math.max(5, ...[...series.values()].flatMap((list) => list.map((s) => s.lines)));
	const { columns, panelWidth } = layout(input.width, rooms.length);
	const assigned = Object.values(state.members).reduce<Record<string, number>>((acc, m) => {
		if (m.roomId) acc[m.roomId] = (acc[m.roomId] ?? 0) + 1;
		return acc;
	}, {});

	const rows: RoomRow[] = rooms.map((room) => {
		const list = series.get(room.id)!;
		const last = list[list.length - 1];
		const newest = lastNewLineAt(list);
		const since = newest ?? (list.length ? Math.max(win.start, list[0].at) : null);
		const quietMinutes = win.live && since !== null ? Math.max(0, Math.floor((now - since) / MIN)) : null;
		const status: RoomStatus = !last
			? 'waiting'
			: !win.live
				? 'ended'
				: quietMinutes !== null && quietMinutes >= silentMinutes
					? 'silent'
					: newest === null
						? 'quiet'
						: 'active';
		const statusText =
			status === 'silent'
				? words('rooms.status.silent', { minutes: quietMinutes! })
				: status === 'active'
					? words('rooms.status.active', { time: time(newest!) })
					: words(`rooms.status.${status}`);
		return {
			roomId: room.id,
			name: room.name,
			lines: last?.lines ?? 0,
			shared: last?.shared ?? 0,
			questions: roomQuestions(state, room.id, win.start, win.end).length,
			connected: last?.connected ?? 0,
			assigned: assigned[room.id] ?? 0,
			lastNewLineAt: newest,
			quietMinutes,
			status,
			statusText
		};
	});

	const panels = rooms.map((room, i) => ({
		roomId: room.id,
		row: rows[i],
		scene: panelScene({ row: rows[i], samples: series.get(room.id)!, questions: roomQuestions(state, room.id, win.start, win.end), win, now, maxLines, width: panelWidth, words, time })
	}));
	const summary = [
		words('rooms.summary', { count: rooms.length, start: time(win.start), end: time(win.end) }),
		...panels.map((p) => p.scene.summary)
	].join('');
	return { window: { start: win.start, end: win.end }, maxLines, columns, panelWidth, panels, rows, summary, live: win.live };
}

interface PanelInput {
	row: RoomRow;
	samples: RoomSample[];
	questions: number[];
	win: { start: number; end: number; live: boolean };
	now: number;
	maxLines: number;
	width: number;
	words: FigureWords<RoomsWordKey>;
	time: (t: number) => string;
}

/** One room's panel: name and connected people, status, the lines over time, the counts. */
function panelScene(p: PanelInput): FigureScene {
	const { row, words, time, width } = p;
	const left = 8;
	const right = width - 8;
	const top = 58;
	const bottom = 104;
	const x = scaleLinear().domain([p.win.start, p.win.end]).range([left, right]).clamp(true);
	const y = scaleLinear().domain([0, p.maxLines]).range([bottom, top]);
	const marks: Mark[] = [];
	const connected = row.connected > 0 ? words('rooms.connected', { count: row.connected }) : words('rooms.connected.none');
	const connectedWidth = Math.min(120, width / 3);

	const name = fitText(row.name, 15, right - left - connectedWidth - 8);
	marks.push({ kind: 'text', x: left, y: 18, text: name, size: 15, bold: true, tone: 'text', ...(name !== row.name ? { label: row.name } : {}) });
	marks.push({ kind: 'text', x: right, y: 18, text: connected, anchor: 'end', size: 13, bold: row.connected > 0, tone: row.connected > 0 ? 'text' : 'muted' });
	if (row.status === 'silent') {
		marks.push({ kind: 'rect', x: left, y: 25, width: right - left, height: 18, tone: 'overrun', label: row.statusText });
		const text = fitText(`⚠ ${row.statusText}`, 13, right - left - 22);
		marks.push({ kind: 'rect', x: left + 4, y: 27, width: textWidth(text, 13) + 12, height: 14, tone: 'planned' });
		marks.push({ kind: 'text', x: left + 10, y: 38.5, text, size: 13, bold: true, tone: 'text' });
	} else marks.push({ kind: 'text', x: left, y: 38, text: fitText(row.statusText, 12, right - left), size: 12, tone: 'muted' });

	// The shared scale: the top line names the largest count of any room.
	marks.push({ kind: 'line', x1: left, y1: top, x2: right, y2: top, tone: 'grid' });
	marks.push({ kind: 'text', x: right, y: top - 2, text: words('rooms.axis.lines', { count: p.maxLines }), anchor: 'end', size: 10, tone: 'muted' });

	const points = p.samples.map((s) => ({ ...s, at: Math.max(s.at, p.win.start) }));
	if (points.length) {
		const sharedArea = area<RoomSample>()
			.x((s) => x(s.at))
			.y0(bottom)
			.y1((s) => y(s.shared));
		const linesPath = line<RoomSample>()
			.x((s) => x(s.at))
			.y((s) => y(s.lines));
		const lastPoint = points[points.length - 1];
		// A single sample is drawn as a short step, so a room counted once still shows its level.
		const drawn = points.length === 1 ? [points[0], { ...points[0], at: Math.min(p.win.end, points[0].at + MIN) }] : points;
		marks.push({ kind: 'path', d: sharedArea(drawn) ?? '', area: true, tone: 'shared', label: words('rooms.mark.shared', { time: time(lastPoint.at), count: lastPoint.shared }) });
		marks.push({ kind: 'path', d: linesPath(drawn) ?? '', tone: 'lines', label: words('rooms.mark.lines', { time: time(lastPoint.at), count: lastPoint.lines }) });
	}
	marks.push({ kind: 'line', x1: left, y1: bottom, x2: right, y2: bottom, tone: 'axis' });
	for (const at of p.questions) marks.push({ kind: 'rect', x: x(at) - 2, y: bottom + 2, width: 4, height: 8, tone: 'questions', label: words('rooms.mark.question', { time: time(at) }) });
	if (p.win.live && p.now < p.win.end) {
		const nx = x(p.now);
		marks.push({ kind: 'line', x1: nx, y1: top, x2: nx, y2: bottom + 10, tone: 'now', dashed: true, label: words('rooms.mark.now', { time: time(p.now) }) });
	}
	marks.push({ kind: 'text', x: left, y: bottom + 22, text: time(p.win.start), size: 11, tone: 'muted' });
	marks.push({ kind: 'text', x: right, y: bottom + 22, text: time(p.win.end), anchor: 'end', size: 11, tone: 'muted' });

	// Counts with a key: each swatch has the form of its mark (line, area, tick).
	const counts: [Mark['tone'], string, 'line' | 'area' | 'tick'][] = [
		['lines', words('rooms.count.lines', { count: row.lines }), 'line'],
		['shared', words('rooms.count.shared', { count: row.shared }), 'area'],
		['questions', words('rooms.count.questions', { count: row.questions }), 'tick']
	];
	const slot = (right - left) / counts.length;
	counts.forEach(([tone, text, form], i) => {
		const cx = left + i * slot;
		const cy = HEIGHT - 10;
		if (form === 'line') marks.push({ kind: 'line', x1: cx, y1: cy - 4, x2: cx + 12, y2: cy - 4, tone, strokeWidth: 2 });
		else if (form === 'area') marks.push({ kind: 'rect', x: cx, y: cy - 9, width: 12, height: 9, tone });
		else marks.push({ kind: 'rect', x: cx + 4, y: cy - 10, width: 4, height: 10, tone });
		marks.push({ kind: 'text', x: cx + 17, y: cy, text: fitText(text, 13, slot - 20), size: 13, bold: true, tone: 'text' });
	});

	const summary = words('rooms.room.summary', { room: row.name, lines: row.lines, shared: row.shared, questions: row.questions, connected: row.connected, status: row.statusText });
	return { width, height: HEIGHT, title: words('rooms.title', { room: row.name }), summary, marks };
}
