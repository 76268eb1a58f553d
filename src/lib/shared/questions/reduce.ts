/** Applies question events to the question slice (on the server and in every browser replica). */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { QuestionEvent } from './events.js';
import type { Question, QuestionsState } from './types.js';

function setItem(items: Record<string, Question>, id: string, question: Question | null): Record<string, Question> {
	const next = { ...items };
	if (question) next[id] = question;
	else delete next[id];
	return next;
}

function setVoters(voters: Record<string, string[]>, id: string, list: string[]): Record<string, string[]> {
	const next = { ...voters };
	if (list.length) next[id] = list;
	else delete next[id];
	return next;
}

/** Applies one question event. */
export function reduceQuestions(state: QuestionsState, event: QuestionEvent, _at: number): QuestionsState {
	switch (event.type) {
		case 'question.asked':
		case 'question.imported':
		case 'question.edited':
		case 'question.approved':
		case 'question.hidden':
		case 'question.pinned':
		case 'question.statusChanged':
		case 'question.answered':
		case 'question.replied':
		case 'question.replyHidden':
		case 'question.authorChanged':
			return { ...state, items: setItem(state.items, event.id, event.question) };
		case 'question.voted':
		case 'question.unvoted': {
			const q = state.items[event.id];
			const items = q ? { ...state.items, [q.id]: { ...q, votes: event.votes } } : state.items;
			if (!event.memberId) return { ...state, items };
			const current = state.voters[event.id] ?? [];
			const list =
				event.type === 'question.voted'
					? current.includes(event.memberId) ? current : [...current, event.memberId]
					: current.filter((m) => m !== event.memberId);
			return { ...state, items, voters: setVoters(state.voters, event.id, list) };
		}
		case 'question.merged': {
			const items = setItem(setItem(state.items, event.id, event.question), event.target.id, event.target);
			const union = [...new Set([...(state.voters[event.target.id] ?? []), ...(state.voters[event.id] ?? [])])];
			const voters = setVoters(setVoters(state.voters, event.target.id, union), event.id, []);
			return { ...state, items, voters };
		}
		case 'question.moderationSet':
			return { ...state, moderation: event.mode };
		case 'question.carried': {
			const items = { ...state.items };
			for (const id of event.ids) if (items[id]) items[id] = { ...items[id], carriedTo: event.nextMeetingId };
			return { ...state, items };
		}
		default:
			return exhaustiveSwitchError(event, 'type');
	}
}
