/**
 * The ledger (質問・要望台帳) of a series: one row per matter raised to the ministry in any of its
 * meetings, followed across carry-overs and merges until it is answered or closed.
 */
import type { OrgCategory, Role } from '../meeting/types.js';
import type { TrailStatus } from './trail.js';

/** A row's status: the meetings' statuses, 持ち越し, and 完了 (closed by the series organiser). */
export const LEDGER_STATUSES = ['open', 'answering', 'answered', 'deferred', 'carried', 'closed'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** Who did something: a person's label (name and organisation) and their role; both null when unknown or anonymous. */
export interface Who {
	name: string | null;
	role: Role | 'series_organiser' | 'series_ministry' | null;
}

export interface LedgerStep {
	status: TrailStatus | 'closed' | 'reopened';
	at: number;
	by: Who;
	meetingId: string | null;
}

export interface LedgerAnswer {
	text: string;
	at: number;
	by: Who;
	meetingId: string;
}

/** One meeting where the matter came up (asked there, or carried into it). */
export interface Appearance {
	meetingId: string;
	questionId: string;
	title: string;
	startsAt: string;
	region: string | null;
	room: string | null;
	status: TrailStatus;
	/** Distinct supporters in that meeting. */
	votes: number;
	/** False for a question of a row merged into this one (the row's own questions set its status). */
	own: boolean;
}

/** Where and by whom a matter was first raised. The asker's name and organisation are null when anonymous. */
export interface RaisedIn {
	meetingId: string;
	title: string;
	startsAt: string;
	room: string | null;
	region: string | null;
	side: Role | null;
	category: OrgCategory | null;
	organisation: string | null;
	asker: string | null;
	anonymous: boolean;
	at: number;
}

export interface LedgerRow {
	/** `<meetingId>.<questionId>` of the question that first raised it. */
	id: string;
	/** Stable 一覧 number: the order rows were first raised in (merges do not renumber). */
	number: number;
	text: string;
	department: string | null;
	status: LedgerStatus;
	raised: RaisedIn;
	history: LedgerStep[];
	answers: LedgerAnswer[];
	/** Distinct people who supported it across every meeting (each person once, carried or not). */
	supporters: number;
	appearances: Appearance[];
	/** Rows merged into this one: their id, number and text (for undoing). */
	merged: { id: string; number: number; text: string }[];
	regions: string[];
	/** Distinct organisations among its askers (not anonymous) and supporters. */
	organisations: number;
	published: boolean;
	/** Theme the organiser filed it under (Q&A集), or null. */
	theme: string | null;
	firstAt: number;
	lastAt: number;
}

export interface LedgerMeeting {
	meetingId: string;
	title: string;
	startsAt: string;
	region: string | null;
}

export interface Ledger {
	seriesId: string;
	title: string;
	meetings: LedgerMeeting[];
	/** Departments the meetings list, in their order (first seen first). */
	departments: string[];
	rows: LedgerRow[];
}
