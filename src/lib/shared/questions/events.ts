/**
 * Events of the question slice. Most carry the question's whole state after the change (a snapshot
 * without voters), which keeps redaction per viewer a pure function of the event: a viewer who may no
 * longer see the question gets `question: null` and drops it.
 */
import type { ModerationMode, Question } from './types.js';

/** Events that replace one question by its snapshot. */
export const SNAPSHOT_EVENT_TYPES = [
	'question.asked',
	'question.imported',
	'question.edited',
	'question.approved',
	'question.hidden',
	'question.pinned',
	'question.statusChanged',
	'question.answered',
	'question.replied',
	'question.replyHidden',
	'question.authorChanged'
] as const;
export type SnapshotEventType = (typeof SNAPSHOT_EVENT_TYPES)[number];

export interface QuestionSnapshotEvent {
	type: SnapshotEventType;
	id: string;
	/** The question after the change; null only in a redacted view (the viewer may not see it). */
	question: Question | null;
}

export interface QuestionVoteEvent {
	type: 'question.voted' | 'question.unvoted';
	id: string;
	/** The voter; null in views of anyone but organisers and the voter themself. */
	memberId: string | null;
	/** Distinct votes after the change. */
	votes: number;
}

export interface QuestionMergedEvent {
	type: 'question.merged';
	/** The duplicate (source). */
	id: string;
	question: Question | null;
	/** The question it was merged into, after the merge (votes = distinct voters of both). */
	target: Question;
}

export type QuestionEvent =
	| QuestionSnapshotEvent
	| QuestionVoteEvent
	| QuestionMergedEvent
	| { type: 'question.moderationSet'; mode: ModerationMode }
	| { type: 'question.carried'; ids: string[]; nextMeetingId: string };

/** True for events that replace one question by its snapshot. */
export function isSnapshotEvent(e: { type: string }): e is QuestionSnapshotEvent {
	return (SNAPSHOT_EVENT_TYPES as readonly string[]).includes(e.type);
}
