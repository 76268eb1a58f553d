/** The console's and the minutes page's calls to the minutes version routes (server/minutes/versions.ts), as the organiser. */
import { postJson } from './api';
import { refuse, type Refusal } from '$lib/shared/errors';
import type { MinutesBasis, MinutesVersionHead, MinutesVersionRecord } from '$lib/shared/minutes/versions';

const base = (meetingId: string) => `/api/v1/meetings/${meetingId}/minutes/versions`;

async function getJson<T>(path: string, fetcher: typeof fetch = fetch): Promise<T | Refusal> {
	try {
		const res = await fetcher(`${path}?as=organiser`, { credentials: 'same-origin' });
		const body = (await res.json().catch(() => refuse('internal'))) as T | Refusal;
		return res.ok ? body : (body as Refusal);
	} catch {
		return refuse('unavailable');
	}
}

/** The versions the caller may read, oldest first. */
export async function listVersions(meetingId: string, fetcher?: typeof fetch): Promise<MinutesVersionHead[] | Refusal> {
	const reply = await getJson<{ versions: MinutesVersionHead[] }>(base(meetingId), fetcher);
	return 'versions' in reply ? reply.versions : reply;
}

/** One version with its text and the generated text it was edited from. */
export function readVersion(meetingId: string, no: number, fetcher?: typeof fetch): Promise<MinutesVersionRecord | Refusal> {
	return getJson<MinutesVersionRecord>(`${base(meetingId)}/${no}`, fetcher);
}

/** Saves `text` as a new draft; answers its head and the text as stored (after the privacy gate). */
export function saveVersion(meetingId: string, text: string, basis: MinutesBasis): Promise<{ ok: true; version: MinutesVersionHead; text: string } | Refusal> {
	return postJson(`${base(meetingId)}?as=organiser`, { text, basis });
}

/** Finalises a draft (確定). */
export function finaliseVersion(meetingId: string, no: number): Promise<{ ok: true; version: MinutesVersionHead } | Refusal> {
	return postJson(`${base(meetingId)}/${no}/finalise?as=organiser`, {});
}
