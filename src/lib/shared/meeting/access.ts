/**
 * Who may do what: `can(actor, commandType)`, and what each role may see of the state and of each
 * event. Visibility is per slice (meeting/slices.ts): every slice redacts its own part, so the rule
 * "reducing a viewer's events onto the viewer's state gives the viewer's state" holds slice by slice.
 */
import { commandSpec } from './commands.js';
import type { ErrorCode } from '../errors.js';
import { normaliseEvent } from './event-aliases.js';
import type { LoggedEvent } from './events.js';
import { SLICE_LIST, sliceOf } from './slices.js';
import type { Actor, MeetingState } from './types.js';

export { seesRoster } from './roles.js';

/** Checks a command against the actor's role; `null` means allowed, otherwise the refusal code. */
export function can(actor: Actor, type: string): ErrorCode | null {
	const spec = commandSpec(type);
	if (!spec) return 'invalid';
	if (!spec.roles.includes(actor.role)) return 'not_allowed';
	if (spec.needsMember && !actor.memberId) return 'join_required';
	return null;
}

/**
 * The part of the state a role may see. Links are organiser-only; the display sees no roster names
 * beyond organisations; slices redact their own private fields.
 */
export function visibleState(state: MeetingState, actor: Pick<Actor, 'role' | 'memberId'>): MeetingState {
	if (actor.role === 'organiser') return state;
	return SLICE_LIST.reduce((s, slice) => slice.redactState(s, actor), state);
}

/**
 * The form of an event a role may receive, or null when the role must not see it at all.
 * Mirrors `visibleState`: reducing visible events onto a visible state gives the visible state.
 * Answers the event under today's type name (a renamed type read from an older log is renamed).
 */
export function visibleEvent(logged: LoggedEvent, actor: Pick<Actor, 'role' | 'memberId'>): LoggedEvent | null {
	const current = normaliseEvent(logged);
	if (actor.role === 'organiser') return current;
	return sliceOf(current.event.type).redactEvent(current, actor);
}

/**
 * Members whose own view of `logged` differs from their role's view (e.g. the author of an anonymous
 * question): the server sends each of them `visibleEvent(logged, { role, memberId })` instead.
 */
export function personalAudience(logged: LoggedEvent): string[] {
	const { event } = normaliseEvent(logged);
	return sliceOf(event.type).audience(event);
}
