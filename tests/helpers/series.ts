/**
 * Series helpers for integration and e2e tests: creating a series and its meetings over HTTP, and
 * people entering a meeting by its shared link (joining, or claiming their copied roster entry).
 */
import { api, mustCommand } from './server.js';
import type { Role } from '../../src/lib/shared/meeting/types.js';

export interface CreatedSeries {
	id: string;
	organiserToken: string;
	ministryToken: string;
	links: { organiser: string; ministry: string };
}

/** Creates a series; throws unless 201. */
export async function createSeries(url: string, title = '生活困窮者支援 情報交換会（連続開催）', ministryLabel = '生活困窮者自立支援室'): Promise<CreatedSeries> {
	const res = await api<CreatedSeries>(url, '/api/v1/series', { body: { title, ministryLabel } });
	if (res.status !== 201) throw new Error(`create series: ${res.status} ${res.text}`);
	return res.json;
}

/** Creates the series' next meeting (the first one needs `startsAt`); throws unless 201. */
export async function nextMeeting(url: string, s: CreatedSeries, body: Record<string, unknown> = {}): Promise<{ id: string; organiserToken: string; carried: number }> {
	const res = await api(url, `/api/v1/series/${s.id}/meetings`, { token: s.organiserToken, body });
	if (res.status !== 201) throw new Error(`next meeting: ${res.status} ${res.text}`);
	return res.json;
}

/** Sends a series command with `token`; answers the response. */
export function seriesCommand(url: string, seriesId: string, token: string, command: unknown) {
	return api(url, `/api/v1/series/${seriesId}/commands`, { token, body: command });
}

/**
 * One person entering a meeting through a fresh shared link of `role`: joins by name, or claims the
 * roster entry of that name when the roster (copied from the last meeting) has one. Answers their token.
 */
export async function enter(url: string, meetingId: string, organiserToken: string, role: Role, name: string, organisation: string): Promise<{ memberId: string; token: string }> {
	const link = (await mustCommand(url, meetingId, organiserToken, { type: 'link.create', role })).result.token as string;
	const joined = await api(url, `/api/v1/meetings/${meetingId}/commands`, { token: link, body: { type: 'member.join', name, organisation, category: role === 'ministry' ? 'ministry' : 'municipality' } });
	const reply = joined.json?.code === 'on_roster' ? (await mustCommand(url, meetingId, link, { type: 'member.claim', memberId: joined.json.detail })) : joined.json;
	if (!reply?.ok) throw new Error(`enter ${name}: ${joined.status} ${joined.text}`);
	return { memberId: reply.result.memberId, token: reply.result.token };
}
