/** Applies question events to the question slice. */
import type { QuestionEvent } from './events.js';
import type { QuestionsState } from './types.js';

export function reduceQuestions(state: QuestionsState, _event: QuestionEvent, _at: number): QuestionsState {
	return state;
}
