/** Small view helpers for question components: who asked, from which room, whether it is mine. */
import type { MeetingState } from '$lib/shared/meeting/types';
import type { Question } from '$lib/shared/questions/types';

/** "name（organisation）" of a member, the organisation of one removed from the roster, or null when unknown. */
export function memberLabel(state: MeetingState, memberId: string | null): string | null {
	const m = memberId ? state.members[memberId] : null;
	if (!m) return (memberId && state.formerMembers?.[memberId]?.organisation) || null;
	return m.organisation ? `${m.name}（${m.organisation}）` : m.name;
}

/**
 * Who asked, as this viewer may see it: the name, or null for anonymous (the caller shows 匿名).
 * Carried-over questions keep the label they had.
 */
export function authorLabel(state: MeetingState, q: Question): string | null {
	if (q.origin) return q.origin.authorLabel;
	if (q.anonymous) return null;
	return memberLabel(state, q.authorId);
}

/** True when the viewer asked `q` (their own view keeps their id on their questions, also anonymous ones). */
export function isMine(q: Question, myMemberId: string | null | undefined): boolean {
	return !!myMemberId && q.authorId === myMemberId;
}

/** True when the viewer upvoted `q`. */
export function hasVoted(state: MeetingState, q: Question, myMemberId: string | null | undefined): boolean {
	return !!myMemberId && (state.questions.voters[q.id] ?? []).includes(myMemberId);
}
