/** What the questions view of the plenary screen lists: the question being answered and the top open ones. */
import type { MeetingState } from '../meeting/types.js';
import { sourcesFromState, type QuestionSource } from '../minutes/sources.js';

export interface ScreenQuestions {
	/** Questions being answered now (usually one). */
	answering: QuestionSource[];
	/** Open questions with the most votes, at most `top`. */
	top: QuestionSource[];
}

/** The questions the screen shows; hidden, unapproved and merged questions never appear. */
export function screenQuestions(state: Pick<MeetingState, 'agenda' | 'questions'>, top: number): ScreenQuestions {
	const all = sourcesFromState(state).questions;
	const byVotes = (a: QuestionSource, b: QuestionSource) => b.votes - a.votes || a.askedAt - b.askedAt || a.id.localeCompare(b.id);
	return {
		answering: all.filter((q) => q.status === 'answering').sort(byVotes),
		top: all
			.filter((q) => q.status === 'open')
			.sort(byVotes)
			.slice(0, top)
	};
}
