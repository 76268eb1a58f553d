/**
 * Saved versions of the minutes (pure rules, shared by the server and the console): what a version
 * records, the body that saves one, who may save, finalise and read versions, and the privacy gate
 * an edited text passes.
 *
 * A version is a Markdown text an organiser edited from the generated minutes of one privacy
 * version (its `basis`). It is saved as a draft (下書き) and may be finalised (確定) once; a final
 * version never changes. The gate: a version keeps the privacy version it was edited from. An edit
 * of the public version (公開版) has every line it added or changed masked again on save (the lines
 * it kept are the generated public text, already masked); an edit of the internal version is never
 * served as the public version (refused `internal_only`).
 */
import { z } from 'zod';
import type { Role } from '../meeting/types.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import { maskPersonalInfo } from '../privacy/detect.js';
import { diffLines } from './diff.js';
import { MINUTES_VERSIONS, type MinutesVersion } from './privacy.js';

export const VERSION_STATES = ['draft', 'final'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** Longest saved text, in characters (the minutes of a long meeting are ~40,000). */
export const MAX_VERSION_CHARS = 300_000;
/** Largest save body, in bytes (the text in UTF-8 with JSON escapes). */
export const MAX_VERSION_BODY_BYTES = 4 * MAX_VERSION_CHARS;
/** Most versions kept per meeting. */
export const MAX_VERSIONS = 200;

/** What the edited text was generated as: the query of the minutes it started from. */
export interface MinutesBasis {
	version: MinutesVersion;
	/** Internal version only: 守秘 notes were printed. */
	includeConfidential: boolean;
	sharedOnly: boolean;
	lang: 'ja' | 'en';
}

/** A version without its texts, as listed. */
export interface MinutesVersionHead {
	/** 1, 2, 3… per meeting: the version's id (`?v=<no>`). */
	no: number;
	state: VersionState;
	/** Who saved it: the member's name, else the role. */
	savedBy: string;
	savedAt: number;
	finalisedBy: string | null;
	finalisedAt: number | null;
	basis: MinutesBasis;
	/** Lines the privacy gate masked on save (public edits only). */
	maskedLines: number;
}

/** A version with its text and the generated text it was edited from. */
export interface MinutesVersionRecord extends MinutesVersionHead {
	text: string;
	/** The minutes as generated (same basis) when the version was saved: what the diff compares with. */
	generated: string;
}

/** A version as the store receives it (the store numbers it). */
export type NewMinutesVersion = Omit<MinutesVersionRecord, 'no' | 'state' | 'finalisedBy' | 'finalisedAt'>;

/** The body of POST …/minutes/versions. */
export const saveVersionBody = z
	.object({
		text: z.string().min(1).max(MAX_VERSION_CHARS),
		basis: z
			.object({
				version: z.enum(MINUTES_VERSIONS),
				includeConfidential: z.boolean().default(false),
				sharedOnly: z.boolean().default(false),
				lang: z.enum(['ja', 'en']).default('ja')
			})
			.strict()
			.refine((b) => !(b.includeConfidential && b.version === 'public'), { message: 'confidential', path: ['includeConfidential'] })
	})
	.strict();

/** `?v=` on the minutes routes: a version number. */
export const versionParam = z.coerce.number().int().min(1).max(1_000_000);

/** Who saves and finalises versions (and reads drafts): the organisers, who edit the minutes. */
export const VERSION_EDITOR_ROLES: readonly Role[] = ORGANISER_ONLY;
/** Who reads the minutes (the minutes routes' roles): they read final versions. */
export const MINUTES_READER_ROLES: readonly Role[] = ORGANISER_ONLY;

/** True when `role` may read version `v`: editors every version, readers of the minutes final ones. */
export function mayReadVersion(role: Role, v: Pick<MinutesVersionHead, 'state'>): boolean {
	return VERSION_EDITOR_ROLES.includes(role) || (v.state === 'final' && MINUTES_READER_ROLES.includes(role));
}

/**
 * The privacy gate on an edited text: for a public basis, every line not kept from the generated
 * text is masked (findings → 〇〇); internal edits pass as they are. Answers the text to store and
 * how many lines were masked.
 */
export function gateEditedText(generated: string, text: string, version: MinutesVersion): { text: string; maskedLines: number } {
	if (version === 'internal') return { text, maskedLines: 0 };
	const kept = new Set<number>();
	let line = 0;
	for (const d of diffLines(generated, text)) {
		if (d.op === 'removed') continue;
		if (d.op === 'same') kept.add(line);
		line++;
	}
	let maskedLines = 0;
	const lines = text.split(/\r?\n/).map((l, i) => {
		if (kept.has(i)) return l;
		const masked = maskPersonalInfo(l);
		if (masked !== l) maskedLines++;
		return masked;
	});
	return { text: lines.join('\n'), maskedLines };
}

/**
 * Whether version `v` may be served as `requested` (null: as its own basis): an internal edit is
 * never the public version, and a public edit is not relabelled internal. Answers the refusal code or null.
 */
export function renderRefusal(v: Pick<MinutesVersionHead, 'basis'>, requested: MinutesVersion | null): 'internal_only' | 'invalid' | null {
	if (requested === null || requested === v.basis.version) return null;
	return v.basis.version === 'internal' ? 'internal_only' : 'invalid';
}

/** The head of a record (its texts left out). */
export function versionHead(v: MinutesVersionRecord): MinutesVersionHead {
	const { text: _t, generated: _g, ...head } = v;
	return head;
}
