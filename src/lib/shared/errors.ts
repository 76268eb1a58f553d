/**
 * Refusal codes: every refused command or request answers `{ ok: false, code }` with one of these.
 * The UI translates codes (`error.<code>` in src/lib/i18n/messages/core.ts); HTTP maps each code to one status here.
 */
export const ERROR_STATUS = {
	invalid: 400,
	invalid_time: 400,
	unauthorized: 401,
	not_allowed: 403,
	join_required: 403,
	not_found: 404,
	conflict: 409,
	already_exists: 409,
	already_voted: 409,
	already_claimed: 409,
	on_roster: 409,
	not_voted: 409,
	wrong_state: 409,
	internal_only: 409,
	too_large: 413,
	rate_limited: 429,
	protocol_outdated: 426,
	unavailable: 503,
	internal: 500
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A refusal, as sent over every transport. */
export interface Refusal {
	ok: false;
	code: ErrorCode;
	/** Optional machine-readable detail, e.g. the schema path that failed. Never shown raw to users. */
	detail?: string;
}

/** Builds a refusal. */
export function refuse(code: ErrorCode, detail?: string): Refusal {
	return detail === undefined ? { ok: false, code } : { ok: false, code, detail };
}

/** True when a lookup (a question, the current item, …) answered a refusal instead of its record. */
export function isRefusal<T extends object>(x: T | Refusal): x is Refusal {
	return 'ok' in x && x.ok === false;
}

/** HTTP status for a refusal code. */
export function httpStatusFor(code: ErrorCode): number {
	return ERROR_STATUS[code] ?? 500;
}
