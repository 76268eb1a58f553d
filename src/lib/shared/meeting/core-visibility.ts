/**
 * What each non-organiser viewer may see of the core slice (called through the slice table):
 * links and the linked Zoom meeting id are organiser-only; the display (a shared screen) sees
 * organisations but no names.
 */
import type { CoreEvent, LoggedEvent } from './events.js';
import { seesRoster } from './roles.js';
import type { MeetingState, Member, Role } from './types.js';

interface Viewer {
	role: Role;
	memberId: string | null;
}

/** A roster entry as a non-organiser sees it: never its email; no name on the display. */
function redactMember(m: Member, role: Role): Member {
	const { email: _email, ...rest } = m;
	return seesRoster(role) ? rest : { ...rest, name: '' };
}

/** The core part of the state as a non-organiser `viewer` may see it. */
export function redactCoreState(state: MeetingState, viewer: Viewer): MeetingState {
	const members = Object.fromEntries(Object.entries(state.members).map(([id, m]) => [id, redactMember(m, viewer.role)]));
	const { zoomMeetingId: _zoom, ...meeting } = state.meeting;
	return { ...state, meeting, links: {}, members };
}

/** A logged core event as a non-organiser `viewer` may receive it, or null (link events). */
export function redactCoreEvent(logged: LoggedEvent, viewer: Viewer): LoggedEvent | null {
	const e = logged.event as CoreEvent;
	if (e.type === 'link.created' || e.type === 'link.revoked') return null;
	if (e.type === 'meeting.updated' && e.patch.zoomMeetingId !== undefined) {
		const { zoomMeetingId: _zoom, ...patch } = e.patch;
		return { ...logged, event: { ...e, patch } };
	}
	if (e.type === 'member.added') return { ...logged, event: { ...e, member: redactMember(e.member, viewer.role) } };
	if (e.type === 'member.updated' && (e.patch.email !== undefined || (!seesRoster(viewer.role) && e.patch.name !== undefined))) {
		const { email: _email, ...patch } = e.patch;
		return { ...logged, event: { ...e, patch: seesRoster(viewer.role) || patch.name === undefined ? patch : { ...patch, name: '' } } };
	}
	return logged;
}
