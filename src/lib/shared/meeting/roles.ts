/**
 * Named groups of roles: the one place a list of roles is spelled out. Command specs, the server's
 * route table and its fan-out name a group by what it is instead of repeating literal lists (which
 * drifted: `ORGANISER` was declared five times, `MEMBERS` twice with different meanings).
 */
import { ROLES, type Role } from './types.js';

/** Every role, in the canonical order of `ROLES`. */
export const EVERY_ROLE: readonly Role[] = ROLES;

/** The organiser alone: running the meeting, the roster, links, moderation, the display. */
export const ORGANISER_ONLY: readonly Role[] = ['organiser'];

/**
 * Roles whose shared link lets a person join as a named member (a roster entry and a token of
 * their own): they ask, vote and reply as themselves. Not the organiser, not the display.
 */
export const MEMBER_ROLES: readonly Role[] = ['participant', 'ministry', 'facilitator'];

/** Roles held by a person: every role but the display (a shared screen, which sees no names). */
export const PERSON_ROLES: readonly Role[] = ['organiser', ...MEMBER_ROLES];

/** Roles whose links are shared and re-derivable (shown again in the console): all but the organiser. */
export const SHARED_LINK_ROLES: readonly Role[] = [...MEMBER_ROLES, 'display'];

/** Members who may pick their own breakout room when the meeting lets them (a facilitator's room comes with their link). */
export const ROOM_CHOOSER_ROLES: readonly Role[] = ['participant', 'ministry'];

/** Roles that answer questions to the ministry and move them through their status. */
export const RESPONDER_ROLES: readonly Role[] = ['organiser', 'ministry'];

/** Who writes room boards and so confirms that a flagged line may be shared: organisers and facilitators. */
export const BOARD_WRITER_ROLES: readonly Role[] = ['organiser', 'facilitator'];

/** The plenary screen and the organisers who drive it (its QR code). */
export const SCREEN_ROLES: readonly Role[] = ['organiser', 'display'];

/** No role: the server itself issues such a command (`executeTrusted`), e.g. an audit entry. No link may send it. */
export const SERVER_ONLY: readonly Role[] = [];

/** True for a role whose link holders join as members (see `MEMBER_ROLES`). */
export function isMemberRole(role: Role): boolean {
	return MEMBER_ROLES.includes(role);
}

/** True when the role may see the roster's names (everyone but the display, which is projected). */
export function seesRoster(role: Role): boolean {
	return PERSON_ROLES.includes(role);
}
