/**
 * The question-queue slice: questions to the ministry (from the field) and from the ministry (to the
 * field), their votes, moderation, status, answer and the field's replies.
 */

export const DIRECTIONS = ['to_ministry', 'from_ministry'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** open = 未回答, answering = 回答中, answered = 回答済み, deferred = 後日回答. */
export const QUESTION_STATUSES = ['open', 'answering', 'answered', 'deferred'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** pre = 事前 (asked before the meeting started), carried = 持ち越し (copied from the previous meeting). */
export type QuestionTag = 'pre' | 'carried';

/** off = questions appear at once; approve = an organiser approves each one first. */
export type ModerationMode = 'off' | 'approve';

export interface Answer {
	text: string;
	/** Member who answered; null when an organiser (no member) recorded it. */
	byId: string | null;
	at: number;
}

/** A reply from the field to a question the ministry asked. Replies are signed (never anonymous). */
export interface Reply {
	id: string;
	text: string;
	authorId: string;
	at: number;
	hidden: boolean;
}

/** Where a carried-over question came from. */
export interface QuestionOrigin {
	meetingId: string;
	questionId: string;
	askedAt: number;
	votes: number;
	/** "name（organisation）" when the author showed their name, else null. */
	authorLabel: string | null;
}

/** The board line a question was sent from (「質問キューへ」): its room, section heading and line number then. */
export interface BoardLineRef {
	roomId: string;
	/** Heading of the line's section, or null for lines before any heading. */
	section: string | null;
	/** 0-based line number in the board text when it was sent (lines move as the board is edited). */
	line: number;
	/** The line's text as sent: what the minutes match the board's line against. */
	text: string;
}

export interface Question {
	id: string;
	text: string;
	direction: Direction;
	/** Department addressed (one of meeting.departments), or null for "any". */
	department: string | null;
	/** Room the question came from, or null (plenary / no room). */
	roomId: string | null;
	/**
	 * Who asked. In views of anyone but organisers this is null for anonymous questions, except in the
	 * author's own view: that is how a member recognises their own anonymous questions.
	 */
	authorId: string | null;
	anonymous: boolean;
	status: QuestionStatus;
	approved: boolean;
	hidden: boolean;
	pinned: boolean;
	/** Number of distinct members who upvoted. */
	votes: number;
	tags: QuestionTag[];
	/** Set when an organiser merged this question into another one (it then leaves the public queue). */
	mergedInto: string | null;
	/** Questions merged into this one. */
	mergedFrom: string[];
	answer: Answer | null;
	replies: Reply[];
	askedAt: number;
	editedAt: number | null;
	statusAt: number;
	/** Next meeting this question was carried over to. */
	carriedTo: string | null;
	origin: QuestionOrigin | null;
	/** Set when the question was sent from a line of a room's board (absent in older logs and for asked ones). */
	board?: BoardLineRef | null;
}

export interface QuestionsState {
	items: Record<string, Question>;
	/**
	 * Voters per question (member ids), kept apart from the questions so that question events never
	 * carry them. Views of anyone but organisers hold only the viewer's own votes: `{ [qid]: [me] }`.
	 * A question with no voters has no entry.
	 */
	voters: Record<string, string[]>;
	moderation: ModerationMode;
}

/** The fields every new question starts with; callers give what differs. */
type QuestionCore = Pick<Question, 'id' | 'text' | 'direction' | 'department' | 'roomId' | 'authorId' | 'anonymous' | 'status' | 'approved' | 'tags' | 'origin'>;

/** A new question, not yet voted on, answered, merged or carried. */
export function newQuestion(core: QuestionCore, now: number): Question {
	return {
		...core,
		hidden: false,
		pinned: false,
		votes: 0,
		mergedInto: null,
		mergedFrom: [],
		answer: null,
		replies: [],
		askedAt: now,
		editedAt: null,
		statusAt: now,
		carriedTo: null
	};
}

export function emptyQuestions(): QuestionsState {
	return { items: {}, voters: {}, moderation: 'off' };
}

/** True when everyone in the meeting may see the question (not hidden, approved, not merged away). */
export function isPublic(q: Pick<Question, 'approved' | 'hidden' | 'mergedInto'>): boolean {
	return q.approved && !q.hidden && q.mergedInto === null;
}

/** Text limits of the question feature (the UI shows counters with the same numbers). */
export const QUESTION_LIMITS = {
	text: 1000,
	answer: 2000,
	reply: 1000
} as const;
