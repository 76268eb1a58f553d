/** Events of the question slice. */
export type QuestionEvent = never;
