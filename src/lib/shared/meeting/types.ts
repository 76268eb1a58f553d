/**
 * The meeting's data model: what a meeting, its rooms, roster, links and slices look like.
 * Everything here is plain JSON so it can be stored, sent and reduced on both ends.
 */
import type { PrivacyState } from '../privacy/types.js';
import type { AgendaState } from '../agenda/types.js';
import type { QuestionsState } from '../questions/types.js';
import type { PlenaryState } from '../plenary/types.js';
import type { Attendance } from '../zoom/participants.js';

export const ROLES = ['organiser', 'facilitator', 'participant', 'ministry', 'display'] as const;
export type Role = (typeof ROLES)[number];

/** Organisation categories used for the "参加者数" block: 厚生労働省 / 自治体 / 支援機関 / 運営. */
export const ORG_CATEGORIES = ['ministry', 'municipality', 'agency', 'organiser', 'other'] as const;
export type OrgCategory = (typeof ORG_CATEGORIES)[number];

export interface MeetingInfo {
	id: string;
	title: string;
	/** ISO 8601 instant. */
	startsAt: string;
	endsAt: string | null;
	/** IANA zone used to show times, e.g. Asia/Tokyo. */
	timezone: string;
	method: string;
	description: string;
	createdAt: number;
	/** Id of the meeting this one continues (a series link), if any. */
	previousMeetingId: string | null;
	nextMeetingId: string | null;
	/** Departments questions can be addressed to, e.g. 生活困窮者自立支援室. */
	departments: string[];
	/** How people find themselves on the roster (absent in older logs: the defaults of `rosterPolicy`). */
	rosterPolicy?: RosterPolicy;
	/** How the minutes label statements: by side (the default), organisation or name. */
	speakerStyle?: SpeakerStyle;
	/** The 参加者数 wording per category, e.g. 生活困窮者支援機関 for `agency` (absent: the defaults). */
	categoryLabels?: Partial<Record<OrgCategory, string>>;
	/** A qualifier printed after a category's count, e.g. 北海道・直営含む. */
	categoryNotes?: Partial<Record<OrgCategory, string>>;
}

/**
 * How the minutes label who said what: `side` 〈自治体〉 (as the ministry's own summaries do),
 * `organisation` 〈千歳市〉, or `name` 〈藤井 紗季（千歳市）〉. The public version never prints names.
 */
export const SPEAKER_STYLES = ['side', 'organisation', 'name'] as const;
export type SpeakerStyle = (typeof SPEAKER_STYLES)[number];

/**
 * Who puts people in breakout rooms: the organiser only (`assigned`), everyone themself (`choose`),
 * or the organiser, with those left unassigned picking one themselves (`both`).
 */
export const ROOM_CHOICES = ['assigned', 'choose', 'both'] as const;
export type RoomChoice = (typeof ROOM_CHOICES)[number];

/** Per meeting: whether the shared links' join form offers the roster to claim an entry from, and who picks rooms. */
export interface RosterPolicy {
	offerRoster: boolean;
	roomChoice: RoomChoice;
}

/** How a roster entry is held by one person: through a personal invitation link or a claim on joining. */
export interface MemberClaim {
	/** The personal link the entry answers to (revoking it releases the entry); null when a merged-in session holds it. */
	linkId: string | null;
	via: 'invitation' | 'claim';
	at: number;
}

export interface Room {
	id: string;
	name: string;
	purpose: string;
	order: number;
	/** Who may edit the room's board besides facilitators and organisers. */
	editPolicy: 'facilitators' | 'members';
	/** 守秘: nothing of its board reaches the display, the shared minutes or the public exports. */
	confidential?: boolean;
}

export interface Member {
	id: string;
	name: string;
	organisation: string;
	category: OrgCategory;
	department: string;
	roomId: string | null;
	role: Role;
	/** True when the person joined through a shared link themselves (not added by an organiser). */
	selfJoined: boolean;
	createdAt: number;
	/** For invitations and Zoom's files; organisers only (absent in older logs = none). */
	email?: string;
	/** Set while one person holds this roster entry (absent in older logs = nobody). */
	claim?: MemberClaim | null;
}

/** A roster entry that was removed or merged into another: what its questions and votes are shown under. */
export interface FormerMember {
	id: string;
	organisation: string;
	category: OrgCategory;
	/** The entry it was merged into (its sessions act as that one), or null when removed. */
	mergedInto: string | null;
}

export interface LinkInfo {
	id: string;
	role: Role;
	roomId: string | null;
	createdAt: number;
	revoked: boolean;
	/** A personal link: opening it acts as this roster entry (absent in older logs = a shared link). */
	memberId?: string | null;
	/** For a claim's link: the shared link the person claimed through (revoking that one revokes this). */
	viaLinkId?: string | null;
}

export interface MeetingState {
	/** Sequence number of the last event applied (0 = nothing yet). */
	seq: number;
	meeting: MeetingInfo;
	rooms: Record<string, Room>;
	members: Record<string, Member>;
	/** Entries removed or merged away (absent until the first one). */
	formerMembers?: Record<string, FormerMember>;
	links: Record<string, LinkInfo>;
	agenda: AgendaState;
	questions: QuestionsState;
	plenary: PlenaryState;
	privacy: PrivacyState;
	/** Actual attendance from Zoom's participant report (organisers only; absent until one is recorded). */
	attendance?: Attendance;
}

/** Who is acting: resolved on the server from a token, never taken from the client's word. */
export interface Actor {
	role: Role;
	/** The member this token belongs to; null for a shared link that has not joined yet. */
	memberId: string | null;
	linkId: string;
	/** Room bound to the link (facilitator links). */
	roomId: string | null;
}

/** Rooms sorted by their order. */
export function sortedRooms(state: Pick<MeetingState, 'rooms'>): Room[] {
	return Object.values(state.rooms).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Members sorted by category, then organisation, then name. */
export function sortedMembers(state: Pick<MeetingState, 'members'>): Member[] {
	const rank = (c: OrgCategory) => ORG_CATEGORIES.indexOf(c);
	return Object.values(state.members).sort(
		(a, b) =>
			rank(a.category) - rank(b.category) ||
			a.organisation.localeCompare(b.organisation, 'ja') ||
			a.name.localeCompare(b.name, 'ja')
	);
}

/** Attendance per organisation category and the total ("参加者数"). */
export function countByCategory(state: Pick<MeetingState, 'members'>): { counts: Record<OrgCategory, number>; total: number } {
	const counts = Object.fromEntries(ORG_CATEGORIES.map((c) => [c, 0])) as Record<OrgCategory, number>;
	let total = 0;
	for (const m of Object.values(state.members)) {
		if (m.role === 'display') continue;
		counts[m.category]++;
		total++;
	}
	return { counts, total };
}
