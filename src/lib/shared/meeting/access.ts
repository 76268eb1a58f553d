/**
 * Who may do what: `can(actor, commandType)` and what each role may see of the state.
 */
import { commandSpec } from './commands.js';
import type { ErrorCode } from '../errors.js';
import type { Actor, MeetingState, Role } from './types.js';
import type { LoggedEvent } from './events.js';
import { questionAudience, redactQuestionEvent, redactQuestionsState } from '../questions/visibility.js';
import type { QuestionEvent } from '../questions/events.js';
import { plenaryAudience, redactPlenaryEvent, redactPlenaryState } from '../plenary/visibility.js';
import type { PlenaryEvent } from '../plenary/events.js';

/** Checks a command against the actor's role; `null` means allowed, otherwise the refusal code. */
export function can(actor: Actor, type: string): ErrorCode | null {
	const spec = commandSpec(type);
	if (!spec) return 'invalid';
	if (!spec.roles.includes(actor.role)) return 'not_allowed';
	if (spec.needsMember && !actor.memberId) return 'join_required';
	return null;
}

/** True when the role may see the roster's contact details (names with organisations of everyone). */
export function seesRoster(role: Role): boolean {
	return role !== 'display';
}

/**
 * The part of the state a role may see. Links are organiser-only; the display sees no roster names
 * beyond organisations; slices redact their own private fields.
 */
export function visibleState(state: MeetingState, actor: Pick<Actor, 'role' | 'memberId'>): MeetingState {
	if (actor.role === 'organiser') return state;
	const members = seesRoster(actor.role)
		? state.members
		: Object.fromEntries(
				Object.entries(state.members).map(([id, m]) => [id, { ...m, name: '' }])
			);
	return { ...state, links: {}, members, questions: redactQuestionsState(state.questions, actor), plenary: redactPlenaryState(state.plenary, actor) };
}

/**
 * The form of an event a role may receive, or null when the role must not see it at all.
 * Mirrors `visibleState`: reducing visible events onto a visible state gives the visible state.
 */
export function visibleEvent(logged: LoggedEvent, actor: Pick<Actor, 'role' | 'memberId'>): LoggedEvent | null {
	if (actor.role === 'organiser') return logged;
	const e = logged.event;
	if (e.type === 'link.created' || e.type === 'link.revoked') return null;
	if (e.type.startsWith('question.')) return redactQuestionEvent(logged, actor);
	if (e.type.startsWith('summary.')) return redactPlenaryEvent(logged, actor);
	if (!seesRoster(actor.role) && e.type === 'member.added') return { ...logged, event: { ...e, member: { ...e.member, name: '' } } };
	if (!seesRoster(actor.role) && e.type === 'member.updated' && e.patch.name !== undefined)
		return { ...logged, event: { ...e, patch: { ...e.patch, name: '' } } };
	return logged;
}

/**
 * Members whose own view of `logged` differs from their role's view (e.g. the author of an anonymous
 * question): the server sends each of them `visibleEvent(logged, { role, memberId })` instead.
 */
export function personalAudience(logged: LoggedEvent): string[] {
	const e = logged.event;
	if (e.type.startsWith('summary.')) return plenaryAudience(e as PlenaryEvent);
	return e.type.startsWith('question.') ? questionAudience(e as QuestionEvent) : [];
}
