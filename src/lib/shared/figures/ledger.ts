/**
 * The ledger at a glance: from a series' ledger (src/lib/shared/ledger) to three figures — matters
 * per department and per meeting that raised them, as bars stacked 未回答 / 後日回答 / 回答済み・完了,
 * and how long the waiting ones have waited, by age bucket — each with its table, and the filter
 * each bar segment links to (`?status=open&dept=…`), which the ledger list and the ministry view
 * apply to their rows. Each matter (carried copies and merged rows included) is one row, so it is
 * counted once in every figure.
 */
import { scaleLinear } from 'd3-scale';
import type { Ledger, LedgerRow, LedgerStatus } from '../ledger/types.js';
import { ageInDays } from '../ledger/views.js';
import { isoToZoned } from '../time/zoned.js';
import { fitText, textWidth, type FigureScene, type Mark } from './scene.js';
import type { FigureWords } from './words.js';
import type { ja } from '../../i18n/messages/figures-ledger.js';

export type LedgerFigureKey = keyof typeof ja;
export type LedgerFigureWords = FigureWords<LedgerFigureKey>;

/** The three groups a figure stacks, in stacking order (what still waits first). */
export const LEDGER_GROUPS = ['open', 'deferred', 'answered'] as const;
export type LedgerGroup = (typeof LEDGER_GROUPS)[number];

/** A status's group: 回答中 and 持ち越し still wait (未回答); 完了 counts with 回答済み. */
export function groupOf(status: LedgerStatus): LedgerGroup {
	if (status === 'deferred') return 'deferred';
	return status === 'answered' || status === 'closed' ? 'answered' : 'open';
}

/** Age buckets of waiting matters, in whole days since first raised (`max` inclusive). */
export const AGE_BUCKETS = [
	{ id: '0-7', min: 0, max: 7 },
	{ id: '8-30', min: 8, max: 30 },
	{ id: '31-90', min: 31, max: 90 },
	{ id: '91-180', min: 91, max: 180 },
	{ id: '181-', min: 181, max: Infinity }
] as const;
export type AgeBucketId = (typeof AGE_BUCKETS)[number]['id'];

/** The bucket of an age in days. */
export function ageBucketOf(days: number): AgeBucketId {
	return (AGE_BUCKETS.find((b) => days <= b.max) ?? AGE_BUCKETS[AGE_BUCKETS.length - 1]).id;
}

/** What a bar segment selects; a field left out (undefined) selects every row. `department: null` is 部署の指定なし. */
export interface LedgerFilter {
	status?: LedgerGroup;
	department?: string | null;
	meetingId?: string;
	age?: AgeBucketId;
}

/** The URL query keys of a filter (`meeting` is taken: it names a participant's own meeting). */
export const FILTER_KEYS = { status: 'status', department: 'dept', meetingId: 'in', age: 'age' } as const;

/** The filter a URL query asks for; unknown values are ignored. */
export function parseLedgerFilter(params: URLSearchParams): LedgerFilter {
	const filter: LedgerFilter = {};
	const status = params.get(FILTER_KEYS.status);
	if (LEDGER_GROUPS.includes(status as LedgerGroup)) filter.status = status as LedgerGroup;
	const dept = params.get(FILTER_KEYS.department);
	if (dept !== null && dept.length <= 200) filter.department = dept === '' ? null : dept;
	const meetingId = params.get(FILTER_KEYS.meetingId);
	if (meetingId && /^[A-Za-z0-9_-]{1,64}$/.test(meetingId)) filter.meetingId = meetingId;
	const age = params.get(FILTER_KEYS.age);
	if (AGE_BUCKETS.some((b) => b.id === age)) filter.age = age as AgeBucketId;
	return filter;
}

/** True when the filter selects anything less than every row. */
export function filterActive(filter: LedgerFilter): boolean {
	return Object.values(filter).some((v) => v !== undefined);
}

/** A link to `filter`, keeping the other query parameters of `current` (the tab, a participant's meeting). */
export function filterHref(filter: LedgerFilter, current: URLSearchParams): string {
	const params = new URLSearchParams(current);
	for (const key of Object.values(FILTER_KEYS)) params.delete(key);
	if (filter.status) params.set(FILTER_KEYS.status, filter.status);
	if (filter.department !== undefined) params.set(FILTER_KEYS.department, filter.department ?? '');
	if (filter.meetingId) params.set(FILTER_KEYS.meetingId, filter.meetingId);
	if (filter.age) params.set(FILTER_KEYS.age, filter.age);
	const query = params.toString();
	return query ? `?${query}` : '?';
}

/** True when `row` is among the rows `filter` selects (ages by `now`). */
export function matchesFilter(row: LedgerRow, filter: LedgerFilter, now: number): boolean {
	const group = groupOf(row.status);
	if (filter.status && group !== filter.status) return false;
	if (filter.department !== undefined && row.department !== filter.department) return false;
	if (filter.meetingId && row.raised.meetingId !== filter.meetingId) return false;
	if (filter.age && (group === 'answered' || ageBucketOf(ageInDays(row.firstAt, now)) !== filter.age)) return false;
	return true;
}

/** The filter in words, e.g. 「未回答・生活困窮者自立支援室」. */
export function describeFilter(filter: LedgerFilter, ledger: Ledger, words: LedgerFigureWords): string {
	const parts: string[] = [];
	if (filter.status) parts.push(words(`ledgerfig.group.${filter.status}`));
	if (filter.department !== undefined) parts.push(filter.department ?? words('ledgerfig.noDepartment'));
	if (filter.meetingId) {
		const m = ledger.meetings.find((x) => x.meetingId === filter.meetingId);
		parts.push(words('ledgerfig.filter.meeting', { title: m?.title ?? filter.meetingId }));
	}
	if (filter.age) parts.push(words('ledgerfig.filter.age', { bucket: words(`ledgerfig.age.bucket.${filter.age}`) }));
	return parts.join(words('ledgerfig.filter.and'));
}

/** One bar: a category and its counts per group, and the filter its segments narrow. */
export interface LedgerBar {
	key: string;
	label: string;
	filter: LedgerFilter;
	counts: Record<LedgerGroup, number>;
}

const zero = (): Record<LedgerGroup, number> => ({ open: 0, deferred: 0, answered: 0 });

/** Rows per department: the meetings' departments in their order, others after, 部署の指定なし last. */
export function countByDepartment(ledger: Ledger, words: LedgerFigureWords): LedgerBar[] {
	const bars = new Map<string | null, LedgerBar>();
	for (const row of ledger.rows) {
		const d = row.department;
		let bar = bars.get(d);
		if (!bar) {
			const label = d ?? words('ledgerfig.noDepartment');
			bar = { key: d ?? '', label, filter: { department: d }, counts: zero() };
			bars.set(d, bar);
		}
		bar.counts[groupOf(row.status)]++;
	}
	const rank = (d: string | null) => (d === null ? Infinity : ledger.departments.indexOf(d) + 1 || ledger.departments.length + 1);
	return [...bars.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([, bar]) => bar);
}

/** A meeting's date, short: 6/4 (Japanese) or 4 Jun. */
function shortDate(iso: string, timeZone: string, lang: 'ja' | 'en'): string {
	const [, m, d] = isoToZoned(iso, timeZone).date.split('-').map(Number);
	return lang === 'en' ? `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}` : `${m}/${d}`;
}

/** Rows per meeting that first raised them (a carried or merged matter counts in its first meeting only), every meeting in order. */
export function countByMeeting(ledger: Ledger, words: LedgerFigureWords, opts: { timeZone: string; lang: 'ja' | 'en' }): LedgerBar[] {
	const bars = new Map<string, LedgerBar>(
		ledger.meetings.map((m) => {
			const date = shortDate(m.startsAt, opts.timeZone, opts.lang);
			return [m.meetingId, { key: m.meetingId, label: words('ledgerfig.meeting.label', { date, title: m.title }), filter: { meetingId: m.meetingId }, counts: zero() }];
		})
	);
	for (const row of ledger.rows) {
		const bar = bars.get(row.raised.meetingId);
		if (bar) bar.counts[groupOf(row.status)]++;
	}
	return [...bars.values()];
}

/** Waiting rows (未回答 and 後日回答) per age bucket, by `now`; answered ones have no age here. */
export function countByAge(ledger: Ledger, words: LedgerFigureWords, now: number): LedgerBar[] {
	const bars = AGE_BUCKETS.map((b): LedgerBar => {
		const label = words(`ledgerfig.age.bucket.${b.id}`);
		return { key: b.id, label, filter: { age: b.id }, counts: zero() };
	});
	for (const row of ledger.rows) {
		const group = groupOf(row.status);
		if (group === 'answered') continue;
		const id = ageBucketOf(ageInDays(row.firstAt, now));
		bars.find((b) => b.key === id)!.counts[group]++;
	}
	return bars;
}

/** A figure's table: one row per bar, a cell per group (linked to its rows when not empty) and the total. */
export interface LedgerFigureTable {
	head: string[];
	rows: { label: string; cells: { text: string; href: string | null }[] }[];
}

export interface LedgerFigure {
	scene: FigureScene;
	table: LedgerFigureTable;
}

export interface LedgerFigureOptions {
	words: LedgerFigureWords;
	width: number;
	/** The link of a filter (the page keeps its own query parameters). */
	link: (filter: LedgerFilter) => string;
}

const FONT = 12;
const BAR = 20;
/** Below this width a label always goes on its own line above its bar. */
const NARROW = 520;

const total = (c: Record<LedgerGroup, number>) => c.open + c.deferred + c.answered;

/** Horizontal bars stacked by group, counts written on them, each segment a link to its rows. */
function stackedBars(bars: LedgerBar[], groups: readonly LedgerGroup[], title: string, summary: string, opts: LedgerFigureOptions): LedgerFigure {
	const { words, link } = opts;
	const width = Math.max(280, Math.round(opts.width));
	const besideWidth = Math.min(240, Math.max(110, Math.round(width * 0.3)));
	// A label goes above its bar on a phone, and wherever one would not fit beside its bar (long meeting titles).
	const narrow = width < NARROW || bars.some((b) => textWidth(b.label, FONT) > besideWidth - 10);
	const marks: Mark[] = [];

	// Legend: a swatch and a word per group.
	let lx = 0;
	for (const g of groups) {
		marks.push({ kind: 'rect', x: lx, y: 4, width: 14, height: 14, tone: g });
		const word = words(`ledgerfig.group.${g}`);
		marks.push({ kind: 'text', x: lx + 19, y: 16, text: word, tone: 'text', size: FONT });
		lx += 19 + textWidth(word, FONT) + 16;
	}

	const top = 34;
	const labelWidth = narrow ? 0 : besideWidth;
	const totalWidth = 44;
	// Room for half of the 0 tick's label.
	const x0 = narrow ? 8 : labelWidth;
	const x1 = width - totalWidth;
	const max = Math.max(1, ...bars.map((b) => total(b.counts)));
	const x = scaleLinear().domain([0, max]).range([x0, x1]).nice();
	const ticks = x.ticks(narrow ? 3 : 5).filter((t) => Number.isInteger(t));
	const rowHeight = narrow ? BAR + 26 : BAR + 12;
	const bottom = top + bars.length * rowHeight;

	for (const t of ticks) {
		marks.push({ kind: 'line', x1: x(t), y1: top - 4, x2: x(t), y2: bottom, tone: 'grid' });
		marks.push({ kind: 'text', x: x(t), y: bottom + 14, text: String(t), tone: 'muted', size: 11, anchor: 'middle' });
	}

	bars.forEach((bar, i) => {
		const rowTop = top + i * rowHeight;
		const barY = narrow ? rowTop + 18 : rowTop + 6;
		const label = narrow ? fitText(bar.label, FONT, width) : fitText(bar.label, FONT, labelWidth - 10);
		marks.push({ kind: 'text', x: 0, y: narrow ? rowTop + 13 : barY + 15, text: label, tone: 'text', size: FONT, label: label === bar.label ? undefined : bar.label });
		let at = 0;
		for (const g of groups) {
			const n = bar.counts[g];
			if (n === 0) continue;
			const from = x(at);
			const to = x(at + n);
			at += n;
			const name = words('ledgerfig.segment', { label: bar.label, group: words(`ledgerfig.group.${g}`), n });
			marks.push({ kind: 'rect', x: from, y: barY, width: to - from, height: BAR, tone: g, label: name, href: link({ ...bar.filter, status: g }) });
			// The count on a white chip, so it reads over any pattern; left off when the segment is too narrow.
			const text = String(n);
			const chip = textWidth(text, 11) + 6;
			if (to - from >= chip + 4) {
				const cx = (from + to) / 2;
				marks.push({ kind: 'rect', x: cx - chip / 2, y: barY + 3, width: chip, height: BAR - 6, tone: 'chip' });
				marks.push({ kind: 'text', x: cx, y: barY + 14, text, tone: 'text', size: 11, anchor: 'middle', bold: true });
			}
		}
		marks.push({ kind: 'text', x: x(at) + 6, y: barY + 15, text: words('ledgerfig.count', { n: total(bar.counts) }), tone: 'text', size: FONT });
	});

	const table: LedgerFigureTable = {
		head: [...groups.map((g) => words(`ledgerfig.group.${g}`)), words('ledgerfig.total')],
		rows: bars.map((bar) => ({
			label: bar.label,
			cells: [
				...groups.map((g) => ({ text: String(bar.counts[g]), href: bar.counts[g] ? link({ ...bar.filter, status: g }) : null })),
				{ text: String(total(bar.counts)), href: total(bar.counts) ? link(bar.filter) : null }
			]
		}))
	};
	return { scene: { width, height: bottom + 22, title, summary, marks }, table };
}

/** The summary of a count figure: the totals, where most still wait, and how the links work. */
function countSummary(bars: LedgerBar[], words: LedgerFigureWords): string {
	const sums = zero();
	for (const b of bars) for (const g of LEDGER_GROUPS) sums[g] += b.counts[g];
	const n = total(sums);
	if (n === 0) return words('ledgerfig.summary.none');
	const most = [...bars].sort((a, b) => b.counts.open - a.counts.open)[0];
	return [
		words('ledgerfig.summary.total', { n, ...sums }),
		most.counts.open ? words('ledgerfig.summary.mostOpen', { label: most.label, n: most.counts.open }) : '',
		words('ledgerfig.summary.link')
	].join('');
}

/** 担当部署別の件数: one bar per department. */
export function departmentFigure(ledger: Ledger, opts: LedgerFigureOptions): LedgerFigure {
	const bars = countByDepartment(ledger, opts.words);
	const fig = stackedBars(bars, LEDGER_GROUPS, opts.words('ledgerfig.dept.title'), countSummary(bars, opts.words), opts);
	fig.table.head.unshift(opts.words('ledgerfig.dept.head'));
	return fig;
}

/** 提起された会議別の件数: one bar per meeting of the series, in order, labelled by date and title. */
export function meetingFigure(ledger: Ledger, opts: LedgerFigureOptions & { timeZone: string; lang: 'ja' | 'en' }): LedgerFigure {
	const bars = countByMeeting(ledger, opts.words, opts);
	const fig = stackedBars(bars, LEDGER_GROUPS, opts.words('ledgerfig.meeting.title'), countSummary(bars, opts.words), opts);
	fig.table.head.unshift(opts.words('ledgerfig.meeting.head'));
	return fig;
}

/** 回答待ちの案件の経過日数: waiting matters per age bucket, stacked 未回答 / 後日回答. */
export function ageFigure(ledger: Ledger, opts: LedgerFigureOptions & { now: number }): LedgerFigure {
	const { words, now } = opts;
	const bars = countByAge(ledger, words, now);
	const waiting = ledger.rows.filter((r) => groupOf(r.status) !== 'answered');
	const summary = waiting.length
		? words('ledgerfig.summary.age', { n: waiting.length, days: Math.max(...waiting.map((r) => ageInDays(r.firstAt, now))) }) + words('ledgerfig.summary.link')
		: words('ledgerfig.summary.ageNone');
	const fig = stackedBars(bars, ['open', 'deferred'], words('ledgerfig.age.title'), summary, opts);
	fig.table.head.unshift(words('ledgerfig.age.head'));
	return fig;
}
