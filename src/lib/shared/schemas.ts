/**
 * Runtime schema building blocks shared by every inbound payload (HTTP bodies, socket messages).
 * Limits live here so the UI and the server agree on them.
 */
import { z } from 'zod';
import { ORG_CATEGORIES, ROLES } from './meeting/types.js';

export const LIMITS = {
	title: 200,
	name: 80,
	organisation: 120,
	short: 200,
	description: 5000,
	/** A category's wording or qualifier in the minutes' 参加者数. */
	categoryLabel: 60,
	id: 64,
	/** Largest JSON body or socket message accepted, in bytes. */
	messageBytes: 64 * 1024,
	/** Largest single Yjs update accepted, in bytes. */
	yjsMessageBytes: 1024 * 1024
} as const;

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);
/** Trimmed text that may be empty. */
export const optionalText = (max: number) => z.string().trim().max(max);
/**
 * True for a string usable as a key of a state record: id characters only, and not the name of
 * something every object has (`constructor`, `__proto__`, `toString`…), which a lookup would "find".
 */
export function isSafeId(s: string): boolean {
	return s.length > 0 && s.length <= LIMITS.id && /^[A-Za-z0-9_-]+$/.test(s) && !(s in Object.prototype);
}
export const id = z.string().min(1).max(LIMITS.id).regex(/^[A-Za-z0-9_-]+$/).refine((s) => !(s in Object.prototype), 'reserved name');
export const role = z.enum(ROLES);
export const orgCategory = z.enum(ORG_CATEGORIES);
/** An ISO 8601 instant with offset, e.g. 2021-06-04T14:00:00+09:00. */
export const instant = z.iso.datetime({ offset: true });
export const timezone = z
	.string()
	.max(64)
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'unknown time zone');

/** Body of `POST /api/v1/meetings`. */
export const createMeetingBody = z
	.object({
		title: text(LIMITS.title),
		startsAt: instant,
		endsAt: instant.nullable().optional(),
		timezone: timezone.optional(),
		method: optionalText(LIMITS.short).optional(),
		description: optionalText(LIMITS.description).optional(),
		departments: z.array(text(LIMITS.short)).max(50).optional(),
		previousMeetingId: id.optional()
	})
	.strict();
export type CreateMeetingBody = z.infer<typeof createMeetingBody>;

/** Turns a zod error into a short machine-readable detail (first failing path). */
export function issuePath(error: z.ZodError): string {
	const first = error.issues[0];
	if (!first) return 'invalid';
	const keys = first.code === 'unrecognized_keys' ? ` ${first.keys.join(', ')}` : '';
	return `${first.path.join('.') || '(root)'}: ${first.code}${keys}`;
}
