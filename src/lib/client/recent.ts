/**
 * Meetings this browser opened recently (localStorage), so people find their way back from the
 * landing page. Only titles, roles and paths: the session cookies hold the access.
 */
import type { Role } from '$lib/shared/meeting/types';

export interface RecentMeeting {
	id: string;
	title: string;
	role: Role;
	path: string;
	at: number;
}

const KEY = 'yoriai:recent';
const MAX = 10;

/** The recent meetings, newest first (empty when storage is unavailable or damaged). */
export function readRecent(): RecentMeeting[] {
	try {
		const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as RecentMeeting[];
		return Array.isArray(list) ? list.filter((m) => typeof m?.id === 'string' && typeof m.path === 'string' && m.path.startsWith('/m/')) : [];
	} catch {
		return [];
	}
}

/** Remembers a meeting page (one entry per meeting and role). */
export function rememberMeeting(entry: RecentMeeting): void {
	try {
		const rest = readRecent().filter((m) => !(m.id === entry.id && m.role === entry.role));
		localStorage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, MAX)));
	} catch {
		/* storage full or blocked: nothing to remember */
	}
}
