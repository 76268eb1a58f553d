/** What a connection is shown: the role's visible state, who they are, and (organisers) link URLs. */
import { visibleState } from '../src/lib/shared/meeting/access.js';
import type { Actor, MeetingState } from '../src/lib/shared/meeting/types.js';
import type { SessionView } from '../src/lib/shared/protocol.js';
import { SHARED_LINK_ROLES, type Auth } from './auth.js';

/** URL of a link whose token is `token`. */
export function linkUrl(origin: string, token: string): string {
	return `${origin}/j/${token}`;
}

/** URLs of every live shared and personal link (organisers only; organiser links are never re-shown). */
export function linkUrls(state: MeetingState, auth: Auth, origin: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const link of Object.values(state.links)) {
		// A claim's link has a random token of the person who claimed (not derivable, never shown).
		if (link.revoked || !SHARED_LINK_ROLES.includes(link.role) || link.viaLinkId) continue;
		out[link.id] = linkUrl(origin, auth.linkToken(link.id, link.role));
	}
	return out;
}

export function sessionView(state: MeetingState, actor: Actor, auth: Auth, origin: string, now: number): SessionView {
	return {
		state: visibleState(state, actor),
		me: { role: actor.role, memberId: actor.memberId, roomId: actor.roomId, linkId: actor.linkId },
		linkUrls: actor.role === 'organiser' ? linkUrls(state, auth, origin) : {},
		serverNow: now
	};
}

/** Path of the page a role lands on. */
export function homePath(meetingId: string, actor: Pick<Actor, 'role' | 'roomId'>): string {
	switch (actor.role) {
		case 'organiser':
			return `/m/${meetingId}/console`;
		case 'facilitator':
			return actor.roomId ? `/m/${meetingId}/rooms/${actor.roomId}` : `/m/${meetingId}`;
		case 'ministry':
			return `/m/${meetingId}/ministry`;
		case 'display':
			return `/m/${meetingId}/display`;
		default:
			return `/m/${meetingId}`;
	}
}
