/** Browser calls of the series pages: their API paths (with `?meeting=` for a meeting's participant) and series commands. */
import { postJson } from './api';
import type { Refusal } from '$lib/shared/errors';

/** The path of a series API resource, keeping the meeting a participant came from. */
export function seriesApi(seriesId: string, rest: string, meetingId: string | null, query: Record<string, string> = {}): string {
	const q = new URLSearchParams(query);
	if (meetingId) q.set('meeting', meetingId);
	const s = q.toString();
	return `/api/v1/series/${encodeURIComponent(seriesId)}${rest}${s ? `?${s}` : ''}`;
}

/** Sends a series command with this browser's series session. */
export function seriesCommand(seriesId: string, command: Record<string, unknown>): Promise<{ ok: true; result?: Record<string, unknown> } | Refusal> {
	return postJson(`/api/v1/series/${encodeURIComponent(seriesId)}/commands`, command);
}
