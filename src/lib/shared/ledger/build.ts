/**
 * `buildLedger(series, meetings)`: the ledger as a pure projection of the series' decisions and its
 * meetings' states and question trails. Questions to the ministry that everyone may see are rows;
 * a carried copy joins the row of the question it came from (its `origin`), a question merged inside
 * a meeting joins its target's, and a row merged by the series organiser joins its target's.
 */
import { currentMemberId, nameKey } from '../meeting/roster.js';
import type { MeetingState, Role } from '../meeting/types.js';
import type { Question } from '../questions/types.js';
import type { SeriesState } from '../series/types.js';
import type { QuestionTrail, TrailStatus } from './trail.js';
import type { Appearance, Ledger, LedgerAnswer, LedgerRow, LedgerStatus, LedgerStep, Who } from './types.js';

/** One meeting's input: its state (the organisers' full view) and its trail. */
export interface LedgerInput {
	state: MeetingState;
	trail: QuestionTrail;
}

/** The id of the row a question of a meeting would start. */
export function rowKey(meetingId: string, questionId: string): string {
	return `${meetingId}.${questionId}`;
}

/** True for questions the ledger holds: to the ministry, approved and not hidden (merged ones join their target). */
export function inLedger(q: Question): boolean {
	return q.direction === 'to_ministry' && q.approved && !q.hidden;
}

/** The key that identifies a person across the meetings of a series: their email, else name and organisation. */
function personKey(state: MeetingState, memberId: string): string | null {
	const id = currentMemberId(state, memberId);
	const m = id ? state.members[id] : null;
	if (!m) return null;
	return m.email ? `e:${m.email.toLowerCase()}` : `n:${nameKey(m.name)}|${nameKey(m.organisation)}`;
}

/** Who a log actor (member id or link id) is in `state`; `hide` is a member id that must stay anonymous. */
function whoIs(state: MeetingState, actor: string | null, hide: string | null): Who {
	if (!actor) return { name: null, role: null };
	const memberId = state.members[actor] || state.formerMembers?.[actor] ? currentMemberId(state, actor) : null;
	if (memberId) {
		if (hide && (memberId === hide || actor === hide)) return { name: null, role: null };
		const m = state.members[memberId];
		return { name: m.organisation ? `${m.name}（${m.organisation}）` : m.name, role: m.role };
	}
	const link = state.links[actor];
	return { name: null, role: link ? link.role : null };
}

interface Item {
	meetingIndex: number;
	input: LedgerInput;
	q: Question;
	key: string;
}

/** Builds the ledger. `inputs` are the series' meetings in order (missing ones left out). */
export function buildLedger(series: SeriesState, inputs: readonly LedgerInput[]): Ledger {
	const regions = new Map(series.meetings.map((m) => [m.meetingId, m.region]));
	const byMeeting = new Map(inputs.map((input, i) => [input.state.meeting.id, { input, index: i }]));
	const items: Item[] = [];
	for (const [meetingIndex, input] of inputs.entries())
		for (const q of Object.values(input.state.questions.items))
			if (inLedger(q)) items.push({ meetingIndex, input, q, key: rowKey(input.state.meeting.id, q.id) });

	// The question a key first came from: along carried copies' origins and in-meeting merges.
	const rootMemo = new Map<string, string>();
	const rootOf = (meetingId: string, questionId: string, depth = 0): string => {
		const key = rowKey(meetingId, questionId);
		const known = rootMemo.get(key);
		if (known) return known;
		const q = byMeeting.get(meetingId)?.input.state.questions.items[questionId];
		let root = key;
		if (q && depth < 200) {
			if (q.mergedInto) root = rootOf(meetingId, q.mergedInto, depth + 1);
			else if (q.origin) root = rootOf(q.origin.meetingId, q.origin.questionId, depth + 1);
		}
		rootMemo.set(key, root);
		return root;
	};
	// Then along the series organiser's merges (a chain of them, never a loop).
	const mergedInto = (key: string): string => {
		let at = key;
		for (let hops = 0; hops < 100; hops++) {
			const next = series.ledger.merges[at]?.into;
			if (!next || next === key) break;
			at = next;
		}
		return at;
	};

	const groups = new Map<string, Item[]>();
	const ownRoot = new Map<string, string>();
	for (const item of items) {
		const root = rootOf(item.input.state.meeting.id, item.q.id);
		ownRoot.set(item.key, root);
		const list = groups.get(root);
		if (list) list.push(item);
		else groups.set(root, [item]);
	}
	// Numbers: rows in the order first raised, before the series' merges (so merging renumbers nothing).
	// Raised at the same instant (the lines of a board sent together): in the order the meeting holds them.
	const firstAt = new Map([...groups.entries()].map(([root, list]) => [root, Math.min(...list.map((i) => i.q.origin?.askedAt ?? i.q.askedAt))]));
	const position = new Map(items.map((item, i) => [item.key, i]));
	const placeOf = (root: string) => position.get(root) ?? items.length;
	const numbered = [...groups.entries()].sort(
		(a, b) => firstAt.get(a[0])! - firstAt.get(b[0])! || placeOf(a[0]) - placeOf(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
	);
	const numbers = new Map(numbered.map(([root], i) => [root, i + 1]));

	const rows = new Map<string, { parts: [string, Item[]][] }>();
	for (const [root, list] of numbered) {
		const target = groups.has(mergedInto(root)) ? mergedInto(root) : root;
		const row = rows.get(target);
		if (row) row.parts.push([root, list]);
		else rows.set(target, { parts: [[root, list]] });
	}
	// A target listed after its source: make sure the target's own part comes first.
	for (const [target, row] of rows) row.parts.sort((a, b) => (a[0] === target ? -1 : b[0] === target ? 1 : numbers.get(a[0])! - numbers.get(b[0])!));

	const answersBySeries = new Map(series.ledger.answers.map((a) => [`${a.meetingId}.${a.questionId}.${a.at}`, a]));
	const out: LedgerRow[] = [];
	for (const [id, { parts }] of rows) {
		const all = parts.flatMap(([, list]) => list);
		out.push(projectRow(id, numbers, all, parts, series, regions, answersBySeries));
	}
	out.sort((a, b) => a.number - b.number);
	return {
		seriesId: series.series.id,
		title: series.series.title,
		meetings: inputs.map(({ state }) => ({ meetingId: state.meeting.id, title: state.meeting.title, startsAt: state.meeting.startsAt, region: regions.get(state.meeting.id) ?? null })),
		departments: [...new Set(inputs.flatMap(({ state }) => state.meeting.departments))],
		rows: out
	};
}

function projectRow(
	id: string,
	numbers: Map<string, number>,
	all: Item[],
	parts: [string, Item[]][],
	series: SeriesState,
	regions: Map<string, string | null>,
	answersBySeries: Map<string, SeriesState['ledger']['answers'][number]>
): LedgerRow {
	const ownItems = new Set(parts[0][1]);
	const sorted = [...all].sort((a, b) => a.meetingIndex - b.meetingIndex || a.q.askedAt - b.q.askedAt);
	const own = parts[0][1].slice().sort((a, b) => a.meetingIndex - b.meetingIndex || a.q.askedAt - b.q.askedAt);
	const first = own.find((i) => !i.q.origin && !i.q.mergedInto) ?? own[0];
	const seriesWho = (label: string, role: 'series_organiser' | 'series_ministry'): Who => ({ name: label, role });
	const labelOf = (linkId: string): Who => {
		const link = series.links[linkId];
		return link ? seriesWho(link.label, link.role === 'organiser' ? 'series_organiser' : 'series_ministry') : { name: null, role: null };
	};

	const history: LedgerStep[] = [];
	const answers: LedgerAnswer[] = [];
	const supporters = new Set<string>();
	const organisations = new Set<string>();
	const appearances: Appearance[] = [];
	for (const item of sorted) {
		const { state, trail } = item.input;
		const meetingId = state.meeting.id;
		const hide = item.q.anonymous ? item.q.authorId : null;
		for (const step of trail.steps[item.q.id] ?? []) history.push({ status: step.status, at: step.at, by: whoIs(state, step.actor, hide), meetingId });
		for (const a of trail.answers[item.q.id] ?? []) {
			const fromSeries = answersBySeries.get(`${meetingId}.${item.q.id}.${a.at}`);
			answers.push({ text: a.text, at: a.at, by: fromSeries ? labelOf(fromSeries.by) : whoIs(state, a.actor, hide), meetingId });
		}
		const voters = state.questions.voters[item.q.id] ?? [];
		for (const v of voters) {
			const key = personKey(state, v);
			if (key) supporters.add(key);
			const m = state.members[currentMemberId(state, v) ?? ''];
			if (m?.organisation) organisations.add(m.organisation);
		}
		const author = item.q.authorId && !item.q.anonymous ? state.members[currentMemberId(state, item.q.authorId) ?? ''] : null;
		if (author?.organisation) organisations.add(author.organisation);
		if (item.q.mergedInto) continue; // merged inside its meeting: its votes are already the target's
		appearances.push({
			meetingId,
			questionId: item.q.id,
			title: state.meeting.title,
			startsAt: state.meeting.startsAt,
			region: regions.get(meetingId) ?? null,
			room: item.q.roomId ? (state.rooms[item.q.roomId]?.name ?? null) : null,
			status: item.q.carriedTo ? 'carried' : item.q.status,
			votes: voters.length,
			own: ownItems.has(item)
		});
	}
	const closure = series.ledger.closed[id];
	if (closure) history.push({ status: 'closed', at: closure.at, by: labelOf(closure.by), meetingId: null });
	// Meeting by meeting (a carry-over writes the new meeting's copy before it marks the old one carried), then by time.
	const order = new Map(sorted.map((i) => [i.input.state.meeting.id, i.meetingIndex]));
	const rank = (meetingId: string | null) => (meetingId === null ? Infinity : (order.get(meetingId) ?? Infinity));
	history.sort((a, b) => rank(a.meetingId) - rank(b.meetingId) || a.at - b.at);
	answers.sort((a, b) => a.at - b.at);

	const latest = appearances.filter((a) => a.own).pop() ?? appearances[appearances.length - 1] ?? null;
	const status: LedgerStatus = closure ? 'closed' : (latest?.status ?? 'open');
	const fs = first.input.state;
	const author = first.q.authorId && !first.q.anonymous ? fs.members[currentMemberId(fs, first.q.authorId) ?? ''] ?? null : null;
	const carriedLabel = first.q.origin?.authorLabel ?? null;
	const department = [...sorted].reverse().find((i) => i.q.department)?.q.department ?? null;
	const regionSet = [...new Set(appearances.map((a) => a.region).filter((r): r is string => !!r))];
	return {
		id,
		number: numbers.get(id) ?? 0,
		text: first.q.text,
		department,
		status,
		raised: {
			meetingId: fs.meeting.id,
			title: fs.meeting.title,
			startsAt: fs.meeting.startsAt,
			room: first.q.roomId ? (fs.rooms[first.q.roomId]?.name ?? null) : null,
			region: regions.get(fs.meeting.id) ?? null,
			side: (author?.role as Role | undefined) ?? null,
			category: author?.category ?? null,
			organisation: author?.organisation || null,
			asker: author ? author.name : carriedLabel,
			anonymous: first.q.anonymous,
			at: first.q.origin?.askedAt ?? first.q.askedAt
		},
		history,
		answers,
		supporters: supporters.size,
		appearances,
		merged: parts.slice(1).map(([root, list]) => ({ id: root, number: numbers.get(root) ?? 0, text: list[0].q.text })),
		regions: regionSet,
		organisations: organisations.size,
		published: !!series.ledger.published[id],
		theme: series.ledger.themes[id] ?? null,
		firstAt: Math.min(...all.map((i) => i.q.origin?.askedAt ?? i.q.askedAt)),
		lastAt: Math.max(...history.map((h) => h.at), ...all.map((i) => i.q.statusAt))
	};
}
