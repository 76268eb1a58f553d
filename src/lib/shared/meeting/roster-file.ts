/**
 * The roster as a table (CSV or a spreadsheet): its columns with the Japanese and English headers
 * people write, reading a table into rows checked one by one (with a code per problem), and writing
 * the roster back in the same shape so an exported file imports again unchanged.
 */
import { z } from 'zod';
import { LIMITS } from '../schemas.js';
import { nameKey } from './roster.js';
import { ORG_CATEGORIES, ROLES, sortedMembers, sortedRooms, type MeetingState, type OrgCategory, type Role } from './types.js';

export const ROSTER_COLUMNS = ['name', 'organisation', 'category', 'department', 'role', 'room', 'email'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** Headers written on export (Japanese, as the meeting's own sheets have them). */
export const ROSTER_HEADERS: Record<RosterColumn, string> = {
	name: '氏名',
	organisation: '所属',
	category: '区分',
	department: '部署',
	role: '役割',
	room: 'ルーム',
	email: 'メールアドレス'
};

/** Headers accepted on import, compared after `headerKey`. */
const HEADER_ALIASES: Record<RosterColumn, string[]> = {
	name: ['name', '氏名', '名前', 'お名前', '表示名'],
	organisation: ['organisation', 'organization', '所属', '所属機関', '団体名'],
	category: ['category', '区分', '所属区分'],
	department: ['department', '部署', '部署名', '課'],
	role: ['role', '役割'],
	room: ['room', 'ルーム', 'ルーム名', 'グループ'],
	email: ['email', 'e-mail', 'mail', 'メールアドレス', 'メール', 'emailaddress']
};

/** Values of the category and role columns, in both languages and as codes. */
const CATEGORY_WORDS: Record<OrgCategory, string[]> = {
	ministry: ['ministry', '厚生労働省', '省庁', '国'],
	municipality: ['municipality', '自治体', '市町村', '都道府県'],
	agency: ['agency', '支援機関', '関係機関'],
	organiser: ['organiser', 'organizer', '運営', '事務局', '主催'],
	other: ['other', 'その他']
};
const ROLE_WORDS: Record<Role, string[]> = {
	participant: ['participant', '参加者'],
	ministry: ['ministry', '省庁回答者', '回答者'],
	facilitator: ['facilitator', 'ファシリテーター', '進行役'],
	organiser: ['organiser', 'organizer', '主催者', '事務局'],
	display: ['display', '投影画面']
};
/** Words written on export for each category and role. */
const CATEGORY_LABEL: Record<OrgCategory, string> = { ministry: '厚生労働省', municipality: '自治体', agency: '支援機関', organiser: '運営', other: 'その他' };
const ROLE_LABEL: Record<Role, string> = { participant: '参加者', ministry: '省庁回答者', facilitator: 'ファシリテーター', organiser: '主催者', display: '投影画面' };

/** Problems a row can have; the UI translates each (`roster.import.error.<code>`). */
export const ROW_ERRORS = ['name_missing', 'too_long', 'bad_category', 'bad_role', 'unknown_room', 'bad_email', 'duplicate_row'] as const;
export type RowError = (typeof ROW_ERRORS)[number];

/** A header or value as compared: NFKC, no spaces, lower case. */
const headerKey = (s: string) => s.normalize('NFKC').replace(/[\s_]/g, '').toLowerCase();

function lookup<K extends string>(words: Record<K, string[]>, value: string): K | undefined {
	const key = headerKey(value);
	return (Object.keys(words) as K[]).find((k) => words[k].some((w) => headerKey(w) === key));
}

/** One roster entry as the import command takes it. */
export const rosterEntry = z
	.object({
		name: z.string().trim().min(1).max(LIMITS.name),
		organisation: z.string().trim().max(LIMITS.organisation),
		category: z.enum(ORG_CATEGORIES),
		department: z.string().trim().max(LIMITS.short),
		role: z.enum(ROLES),
		roomId: z.string().min(1).max(LIMITS.id).nullable(),
		email: z.union([z.literal(''), z.email().max(LIMITS.short)]),
		/** The entry this row updates (matched by email, else by name); absent for a new entry. */
		memberId: z.string().min(1).max(LIMITS.id).optional()
	})
	.strict();
export type RosterEntry = z.infer<typeof rosterEntry>;

/** A row of an imported table: its line in the file, what it says, and what is wrong with it. */
export interface ImportRow {
	/** 1-based line (row) number in the file, the header being line 1. */
	line: number;
	entry: RosterEntry;
	/** The room as written (for the preview). */
	room: string;
	errors: RowError[];
	action: 'add' | 'update';
}

/** The columns of a header row (index per column), or null when it has no name column. */
export function headerColumns(header: readonly string[]): Partial<Record<RosterColumn, number>> | null {
	const cols: Partial<Record<RosterColumn, number>> = {};
	header.forEach((h, i) => {
		const col = lookup(HEADER_ALIASES, h);
		if (col && cols[col] === undefined) cols[col] = i;
	});
	return cols.name === undefined ? null : cols;
}

/**
 * Reads a table (header row first) against the meeting: each row checked on its own. A row whose
 * email (else name) matches an entry updates that entry; two rows for one person are an error.
 * Answers null when the header has no name column.
 */
export function readRosterTable(cells: readonly (readonly string[])[], state: Pick<MeetingState, 'members' | 'rooms'>): ImportRow[] | null {
	const [header, ...body] = cells;
	const cols = header && headerColumns(header);
	if (!cols) return null;
	const rooms = sortedRooms(state);
	const members = Object.values(state.members);
	const seen = new Set<string>();
	return body.map((cells, i) => {
		const cell = (c: RosterColumn) => (cols[c] === undefined ? '' : (cells[cols[c]!] ?? '').trim());
		const errors: RowError[] = [];
		const name = cell('name');
		if (!name) errors.push('name_missing');
		const tooLong = name.length > LIMITS.name || cell('organisation').length > LIMITS.organisation || cell('department').length > LIMITS.short;
		if (tooLong) errors.push('too_long');
		const category = cell('category') ? lookup(CATEGORY_WORDS, cell('category')) : 'other';
		if (!category) errors.push('bad_category');
		const role = cell('role') ? lookup(ROLE_WORDS, cell('role')) : 'participant';
		if (!role) errors.push('bad_role');
		const roomName = cell('room');
		const room = roomName ? rooms.find((r) => headerKey(r.name) === headerKey(roomName)) : null;
		if (roomName && !room) errors.push('unknown_room');
		const email = cell('email');
		if (email && !z.email().safeParse(email).success) errors.push('bad_email');
		const key = email ? `e:${email.toLowerCase()}` : `n:${nameKey(name)}`;
		if (name && seen.has(key)) errors.push('duplicate_row');
		seen.add(key);
		const match = members.find((m) => (email ? m.email?.toLowerCase() === email.toLowerCase() : false)) ?? members.find((m) => name && nameKey(m.name) === nameKey(name));
		const entry: RosterEntry = {
			name: name.slice(0, LIMITS.name),
			organisation: cell('organisation').slice(0, LIMITS.organisation),
			category: category ?? 'other',
			department: cell('department').slice(0, LIMITS.short),
			role: role ?? 'participant',
			roomId: room?.id ?? null,
			email: errors.includes('bad_email') ? '' : email,
			...(match ? { memberId: match.id } : {})
		};
		return { line: i + 2, entry, room: roomName, errors, action: match ? 'update' : 'add' };
	});
}

/** The roster as a table with Japanese headers and words (what the import reads back unchanged). */
export function rosterTable(state: Pick<MeetingState, 'members' | 'rooms'>): string[][] {
	const header = ROSTER_COLUMNS.map((c) => ROSTER_HEADERS[c]);
	const rows = sortedMembers(state)
		.filter((m) => m.role !== 'display')
		.map((m) => [m.name, m.organisation, CATEGORY_LABEL[m.category], m.department, ROLE_LABEL[m.role], m.roomId ? (state.rooms[m.roomId]?.name ?? '') : '', m.email ?? '']);
	return [header, ...rows];
}
