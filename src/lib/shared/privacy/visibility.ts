/** What others than organisers see of the privacy slice: the retention setting, never the audit trail. */
import type { LoggedEvent } from '../meeting/events.js';
import type { PrivacyState } from './types.js';

/** The privacy state for a viewer who is not an organiser: the retention setting alone. */
export function redactPrivacyState(state: PrivacyState): PrivacyState {
	return { retentionDays: state.retentionDays, purgedAt: null, audit: [] };
}

/** Audit events reach organisers only; the retention setting reaches everyone. */
export function redactPrivacyEvent(logged: LoggedEvent): LoggedEvent | null {
	return logged.event.type === 'privacy.retentionSet' ? logged : null;
}
