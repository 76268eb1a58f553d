/** The privacy slice's state: how long board text is kept, and the audit trail of exports and purges. */

/** What was exported or purged, as the audit trail lists it. */
export const AUDITED_EXPORTS = ['minutes.md', 'minutes.docx'] as const;
export type AuditedExport = (typeof AUDITED_EXPORTS)[number];

export interface AuditEntry {
	at: number;
	action: 'export' | 'purge';
	/** The file exported (`minutes.docx` …), or `boards` for a purge. */
	what: AuditedExport | 'boards';
	/** The version exported (internal / public), or null for a purge. */
	version: 'internal' | 'public' | null;
	/** Internal export with 守秘 notes printed. */
	includedConfidential: boolean;
	/** Who: a member's name, the role of a link, or 'server' for the retention job. */
	by: string;
}

export interface PrivacyState {
	/** Board text is purged this many days after the meeting ends; null keeps it (the default). */
	retentionDays: number | null;
	/** When the boards were purged, or null. */
	purgedAt: number | null;
	/** Oldest first; organisers only. */
	audit: AuditEntry[];
}

/** A new meeting's privacy settings: nothing purged, nothing audited yet. */
export function emptyPrivacy(): PrivacyState {
	return { retentionDays: null, purgedAt: null, audit: [] };
}

/** The moment the boards of a meeting that ended at `endsAt` are due to be purged, or null. */
export function purgeDueAt(privacy: PrivacyState, endsAt: number): number | null {
	if (privacy.retentionDays === null || privacy.purgedAt !== null) return null;
	return endsAt + privacy.retentionDays * 86_400_000;
}
