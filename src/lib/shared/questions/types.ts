/** The question-queue slice: questions to and from the ministry. */
export interface QuestionsState {
	items: Record<string, never>;
}

export function emptyQuestions(): QuestionsState {
	return { items: {} };
}
