/**
 * A meeting's question trail: every status a question went through and every answer it got, with
 * who and when — what a meeting's state alone forgets (it keeps only the latest status). A pure fold
 * over the meeting's logged events, extended as new events arrive; the ledger reads it with the state.
 */
import type { LoggedEvent } from '../meeting/events.js';
import { isSnapshotEvent } from '../questions/events.js';
import type { QuestionStatus } from '../questions/types.js';

/** A step of a matter's status: the meeting's statuses plus 持ち越し (carried to the next meeting). */
export type TrailStatus = QuestionStatus | 'carried';

export interface TrailStep {
	status: TrailStatus;
	at: number;
	/** The log's actor (member id or link id), or null for the server. */
	actor: string | null;
}

export interface TrailAnswer {
	text: string;
	at: number;
	actor: string | null;
}

export interface QuestionTrail {
	/** Last event folded in. */
	seq: number;
	steps: Record<string, TrailStep[]>;
	answers: Record<string, TrailAnswer[]>;
	/** Each question's status as last seen (a 持ち越し step does not change it). */
	current: Record<string, QuestionStatus>;
}

/** A trail before any event. */
export function emptyTrail(): QuestionTrail {
	return { seq: 0, steps: {}, answers: {}, current: {} };
}

/**
 * Folds `events` (after `trail.seq`) onto `trail`. Mutates and returns it: a trail belongs to one
 * cache entry, and copying every meeting's trail on each event would cost more than it gives.
 */
export function extendTrail(trail: QuestionTrail, events: readonly LoggedEvent[]): QuestionTrail {
	for (const logged of events) {
		if (logged.seq <= trail.seq) continue;
		trail.seq = logged.seq;
		const e = logged.event;
		if (e.type === 'question.carried') {
			for (const id of e.ids) push(trail.steps, id, { status: 'carried', at: logged.at, actor: logged.actor });
			continue;
		}
		if (!isSnapshotEvent(e) || !e.question) continue;
		const q = e.question;
		if (trail.current[e.id] !== q.status) push(trail.steps, e.id, { status: q.status, at: logged.at, actor: logged.actor });
		trail.current[e.id] = q.status;
		if (e.type === 'question.answered' && q.answer) push(trail.answers, e.id, { text: q.answer.text, at: q.answer.at, actor: logged.actor });
	}
	return trail;
}

function push<T>(map: Record<string, T[]>, key: string, value: T): void {
	(map[key] ??= []).push(value);
}
