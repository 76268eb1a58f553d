/**
 * What each non-organiser viewer may see of the core slice (called through the slice table):
 * links are organiser-only; the display (a shared screen) sees organisations but no names.
 */
import type { CoreEvent, LoggedEvent } from './events.js';
import { seesRoster } from './roles.js';
import type { MeetingState, Role } from './types.js';

interface Viewer {
	role: Role;
	memberId: string | null;
}

/** The core part of the state as a non-organiser `viewer` may see it. */
export function redactCoreState(state: MeetingState, viewer: Viewer): MeetingState {
	const members = seesRoster(viewer.role)
		? state.members
		: Object.fromEntries(Object.entries(state.members).map(([id, m]) => [id, { ...m, name: '' }]));
	return { ...state, links: {}, members };
}

/** A logged core event as a non-organiser `viewer` may receive it, or null (link events). */
export function redactCoreEvent(logged: LoggedEvent, viewer: Viewer): LoggedEvent | null {
	const e = logged.event as CoreEvent;
	if (e.type === 'link.created' || e.type === 'link.revoked') return null;
	if (!seesRoster(viewer.role) && e.type === 'member.added') return { ...logged, event: { ...e, member: { ...e.member, name: '' } } };
	if (!seesRoster(viewer.role) && e.type === 'member.updated' && e.patch.name !== undefined)
		return { ...logged, event: { ...e, patch: { ...e.patch, name: '' } } };
	return logged;
}
