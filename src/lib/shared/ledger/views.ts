/**
 * What each viewer sees of a ledger, and the ministry's view of it. Series organisers and the
 * ministry see every row; a meeting's participants see the rows that came up in their own meeting
 * plus the rows the organiser published, without other people's names. No view names an anonymous
 * asker: the builder never puts one in (see build.ts), and these views keep it so.
 */
import { findSimilar } from '../questions/similarity.js';
import type { Ledger, LedgerRow, LedgerStatus, Who } from './types.js';

/** Who reads the ledger: a series link's holder, or someone holding a link of one meeting of the series. */
export type LedgerViewer = { kind: 'series'; role: 'organiser' | 'ministry' } | { kind: 'meeting'; meetingId: string };

/** Statuses still waiting for the ministry. */
export const WAITING: readonly LedgerStatus[] = ['open', 'answering', 'deferred', 'carried'];

const nobody = (who: Who): Who => (who.role === 'ministry' || who.role === 'organiser' || who.role?.startsWith('series_') ? who : { name: null, role: who.role });

/** A row as a meeting's participant sees it: no asker, organisation or supporter's name of anyone. */
function forMember(row: LedgerRow): LedgerRow {
	return {
		...row,
		raised: { ...row.raised, asker: null, organisation: null },
		history: row.history.map((h) => ({ ...h, by: nobody(h.by) })),
		answers: row.answers.map((a) => ({ ...a, by: nobody(a.by) }))
	};
}

/** The ledger as `viewer` may see it. */
export function ledgerFor(ledger: Ledger, viewer: LedgerViewer): Ledger {
	if (viewer.kind === 'series') return ledger;
	const rows = ledger.rows.filter((r) => r.published || r.appearances.some((a) => a.meetingId === viewer.meetingId)).map(forMember);
	return { ...ledger, rows };
}

export interface MinistryRow {
	id: string;
	number: number;
	text: string;
	status: LedgerStatus;
	/** Days since it was first raised (by `now`). */
	openDays: number;
	regions: number;
	organisations: number;
	supporters: number;
	meetings: number;
	raisedIn: string;
	lastAnswer: string | null;
}

export interface MinistryDepartment {
	department: string | null;
	waiting: number;
	answered: number;
	rows: MinistryRow[];
}

/** Whole days since `firstAt`, by `now` (never negative). */
export function ageInDays(firstAt: number, now: number): number {
	return Math.max(0, Math.floor((now - firstAt) / 86_400_000));
}

/** A department's counts over `rows`: matters still waiting for an answer, and the others. */
export function departmentCounts(rows: readonly { status: LedgerStatus }[]): { waiting: number; answered: number } {
	const waiting = rows.filter((r) => WAITING.includes(r.status)).length;
	return { waiting, answered: rows.length - waiting };
}

/**
 * The ministry's view: rows by department (as the meetings list them, then "any"), those still
 * waiting first, the longest-waiting first.
 */
export function ministryView(ledger: Ledger, now: number): MinistryDepartment[] {
	const groups = new Map<string | null, LedgerRow[]>();
	for (const row of ledger.rows) {
		const list = groups.get(row.department);
		if (list) list.push(row);
		else groups.set(row.department, [row]);
	}
	const rank = (d: string | null) => (d === null ? Infinity : ledger.departments.indexOf(d) + 1 || ledger.departments.length + 1);
	return [...groups.entries()]
		.sort((a, b) => rank(a[0]) - rank(b[0]))
		.map(([department, rows]) => {
			const waiting = (r: LedgerRow) => WAITING.includes(r.status);
			const sorted = [...rows].sort((a, b) => Number(waiting(b)) - Number(waiting(a)) || a.firstAt - b.firstAt);
			return {
				department,
				...departmentCounts(rows),
				rows: sorted.map((r) => ({
					id: r.id,
					number: r.number,
					text: r.text,
					status: r.status,
					openDays: ageInDays(r.firstAt, now),
					regions: r.regions.length,
					organisations: r.organisations,
					supporters: r.supporters,
					meetings: r.appearances.length,
					raisedIn: r.raised.title,
					lastAnswer: r.answers[r.answers.length - 1]?.text ?? null
				}))
			};
		});
}

/** Rows that may be the same matter as `rowId` (the Japanese similarity), for the organiser to confirm a merge. */
export function duplicateHints(ledger: Ledger, rowId: string, limit = 5): { id: string; number: number; text: string; score: number }[] {
	const row = ledger.rows.find((r) => r.id === rowId);
	if (!row) return [];
	const others = ledger.rows.filter((r) => r.id !== rowId);
	return findSimilar(row.text, others, { limit }).map(({ item, score }) => ({ id: item.id, number: item.number, text: item.text, score: Math.round(score * 100) / 100 }));
}

/** The row with `id`, if the ledger holds it. */
export function findRow(ledger: Ledger, id: string): LedgerRow | undefined {
	return ledger.rows.find((r) => r.id === id);
}
