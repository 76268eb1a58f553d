/**
 * Turns an `invalid_time` refusal into the form field it is about and the words to show next to
 * that field (the server's detail names the field; see shared/meeting/time-rules.ts).
 */
import type { MessageKey } from '$lib/i18n/messages/index';
import type { Refusal } from '$lib/shared/errors';

export interface TimeFieldError {
	field: 'startsAt' | 'endsAt';
	key: MessageKey;
}

const BY_DETAIL: Record<string, TimeFieldError> = {
	'endsAt: before start': { field: 'endsAt', key: 'time.endBeforeStart' },
	'endsAt: longer than a day': { field: 'endsAt', key: 'time.tooLong' },
	'startsAt: before the meeting': { field: 'startsAt', key: 'time.itemBefore' },
	'startsAt: after the meeting': { field: 'startsAt', key: 'time.itemAfter' }
};

/** The field and message of a time refusal, or null for any other answer. */
export function timeFieldError(reply: { ok: boolean } | Refusal): TimeFieldError | null {
	if (reply.ok || !('code' in reply) || reply.code !== 'invalid_time') return null;
	return BY_DETAIL[reply.detail ?? ''] ?? { field: 'endsAt', key: 'time.endBeforeStart' };
}
