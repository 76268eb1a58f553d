/** Applies the privacy slice's events: the retention setting and the audit trail. */
import type { PrivacyEvent } from './events.js';
import { emptyPrivacy, type PrivacyState } from './types.js';

/** Entries kept in the trail (the oldest drop out first). */
export const AUDIT_LIMIT = 500;

function logged(state: PrivacyState, entry: PrivacyState['audit'][number]): PrivacyState['audit'] {
	return [...state.audit, entry].slice(-AUDIT_LIMIT);
}

/** Applies one privacy event; `at` is the log's server time. */
export function reducePrivacy(state: PrivacyState = emptyPrivacy(), event: PrivacyEvent, at: number): PrivacyState {
	switch (event.type) {
		case 'privacy.retentionSet':
			return { ...state, retentionDays: event.days };
		case 'privacy.exported':
			return { ...state, audit: logged(state, { at, action: 'export', what: event.what, version: event.version, includedConfidential: event.includedConfidential, by: event.by }) };
		case 'privacy.purged':
			return { ...state, purgedAt: at, audit: logged(state, { at, action: 'purge', what: 'boards', version: null, includedConfidential: false, by: 'server' }) };
	}
}
