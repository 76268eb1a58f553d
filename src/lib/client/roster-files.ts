/** The console's calls to the roster file routes: upload a file for a preview or to apply it. */
import type { RowError } from '$lib/shared/meeting/roster-file';

/** One row of a preview, as `POST …/roster/import` answers it. */
export interface PreviewRow {
	line: number;
	name: string;
	organisation: string;
	category: string;
	department: string;
	role: string;
	room: string;
	email: string;
	action: 'add' | 'update';
	errors: RowError[];
}

export type ImportReply =
	| { ok: true; dryRun?: boolean; counts: { rows: number; add: number; update: number; errors: number }; rows?: PreviewRow[]; added?: number; updated?: number }
	| { ok: false; code: string; detail?: string; rows?: PreviewRow[] };

/** Sends `file` to the import route (`dryRun` for the preview; `skip` lines left out) with the organiser's session cookie. */
export async function uploadRoster(meetingId: string, file: Blob, opts: { dryRun: boolean; skip: number[] }): Promise<ImportReply> {
	const query = new URLSearchParams({ as: 'organiser' });
	if (opts.dryRun) query.set('dryRun', '1');
	if (opts.skip.length) query.set('skip', opts.skip.join(','));
	try {
		const res = await fetch(`/api/v1/meetings/${meetingId}/roster/import?${query}`, { method: 'POST', credentials: 'same-origin', body: file });
		return (await res.json()) as ImportReply;
	} catch {
		return { ok: false, code: 'network' };
	}
}
