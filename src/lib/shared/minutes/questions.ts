/**
 * Block 4 of the minutes (質問と回答): questions to the ministry by department and status, questions
 * from the ministry, each numbered (Q1, Q2 …) with its room, its asker as the meeting's speaker style
 * names them (never for anonymous questions), its answer and the replies labelled by their writer's
 * side. A question sent from a board line is printed here once; the room's notes point to its number.
 */
import type { MeetingState, SpeakerStyle } from '../meeting/types.js';
import type { NoteKind } from '../notes/outline-types.js';
import { boardLineKey } from '../questions/from-board.js';
import { label, paren, type MinutesLang } from './labels.js';
import type { QuestionSource, QuestionStatusSource } from './sources.js';
import { speakerLabel } from './speakers.js';

export interface MinutesReply {
	text: string;
	/** 「自治体より」: the writer's side (or organisation, or name, per the meeting's style). */
	from: string;
}

export interface MinutesQuestion {
	/** 「Q3」: how the room notes point to it. */
	no: string;
	text: string;
	votes: number;
	status: QuestionStatusSource;
	/** The room it came from, or null (plenary). */
	room: string | null;
	/** The asker as the style names them; null when anonymous, unknown, or sent from a board (the room speaks). */
	speaker: string | null;
	answer: string | null;
	replies: MinutesReply[];
}

export interface MinutesDepartment {
	department: string;
	answered: MinutesQuestion[];
	deferred: MinutesQuestion[];
	/** Open and being answered when the minutes were made. */
	open: MinutesQuestion[];
}

export interface MinutesQuestions {
	toMinistry: MinutesDepartment[];
	fromMinistry: MinutesQuestion[];
}

const BY_VOTES = (a: QuestionSource, b: QuestionSource) => b.votes - a.votes || a.askedAt - b.askedAt || a.id.localeCompare(b.id);

/**
 * The questions block, and the number each printed question got by question id (merged-away and
 * board-sent ids map to the number of the question that stands for them).
 */
export function minutesQuestions(
	state: Pick<MeetingState, 'meeting' | 'rooms' | 'members' | 'formerMembers' | 'questions'>,
	all: QuestionSource[],
	style: SpeakerStyle,
	lang: MinutesLang
): { questions: MinutesQuestions; numbers: Map<string, string> } {
	const departments = state.meeting.departments;
	const to = all.filter((q) => q.direction === 'to_ministry');
	const names = [...new Set(to.map((q) => q.department ?? ''))].sort((a, b) => {
		const rank = (d: string) => (d === '' ? 1e6 : departments.includes(d) ? departments.indexOf(d) : 1e3);
		return rank(a) - rank(b) || a.localeCompare(b, 'ja');
	});
	// Numbers follow the printed order: department by department, answered → deferred → open, then from the ministry.
	const ordered: QuestionSource[][] = [];
	const toMinistryGroups = names.map((d) => {
		const of = to.filter((q) => (q.department ?? '') === d).sort(BY_VOTES);
		const groups = {
			department: d || label(lang, 'noDepartment'),
			answered: of.filter((q) => q.status === 'answered'),
			deferred: of.filter((q) => q.status === 'deferred'),
			open: of.filter((q) => q.status === 'open' || q.status === 'answering')
		};
		ordered.push(groups.answered, groups.deferred, groups.open);
		return groups;
	});
	const fromMinistry = all.filter((q) => q.direction === 'from_ministry').sort(BY_VOTES);
	ordered.push(fromMinistry);
	const numbers = new Map<string, string>();
	let n = 0;
	for (const list of ordered) for (const q of list) numbers.set(q.id, label(lang, 'questionNo', { n: ++n }));
	// A question merged into a printed one answers to that one's number.
	for (const q of Object.values(state.questions.items)) if (q.mergedInto && numbers.has(q.mergedInto) && !numbers.has(q.id)) numbers.set(q.id, numbers.get(q.mergedInto)!);

	const roomName = (id: string | null) => (id ? state.rooms[id]?.name ?? null : null);
	const toQ = (s: QuestionSource): MinutesQuestion => {
		const q = state.questions.items[s.id];
		const speaker = !q || q.anonymous || q.board ? null : speakerLabel(state, q.authorId, style, lang);
		const replies = (q?.replies ?? [])
			.filter((r) => !r.hidden)
			.map((r) => {
				const who = speakerLabel(state, r.authorId, style, lang) ?? label(lang, 'none');
				return { text: r.text, from: label(lang, 'from', { who }) };
			});
		return { no: numbers.get(s.id)!, text: s.text, votes: s.votes, status: s.status, room: roomName(q?.roomId ?? null), speaker, answer: s.answer, replies };
	};
	return {
		questions: {
			toMinistry: toMinistryGroups.map((g) => ({ department: g.department, answered: g.answered.map(toQ), deferred: g.deferred.map(toQ), open: g.open.map(toQ) })),
			fromMinistry: fromMinistry.map(toQ)
		},
		numbers
	};
}

/**
 * For the notes of room `roomId`: the number of the printed question a board line was sent as, or
 * null (a line never sent, or sent but not printed: hidden or waiting for approval).
 */
export function boardLineRefs(state: Pick<MeetingState, 'questions'>, numbers: Map<string, string>): (roomId: string, kind: NoteKind | null, text: string) => string | null {
	const byLine = new Map<string, string>();
	for (const q of Object.values(state.questions.items)) {
		if (!q.board) continue;
		const no = numbers.get(q.id);
		if (no) byLine.set(boardLineKey(q.board.roomId, q.board.text), no);
	}
	return (roomId, kind, text) => (kind === 'q_to_ministry' || kind === 'q_from_ministry' ? byLine.get(boardLineKey(roomId, text)) ?? null : null);
}

/** A printed question's line, the same in every renderer: 「Q3 〈自治体〉…（ルーム1）（賛同4）」. */
export function questionLine(lang: MinutesLang, q: MinutesQuestion): string {
	const speaker = q.speaker ? label(lang, 'speaker', { who: q.speaker }) : '';
	const room = q.room ? paren(lang, q.room) : '';
	const votes = q.votes ? paren(lang, label(lang, 'votes', { n: q.votes })) : '';
	return `${q.no}${lang === 'ja' ? '　' : ' '}${speaker}${q.text}${room}${votes}`;
}

/** What a room's notes print for a line sent to the queue: a pointer to its number in 4. */
export function questionPointer(lang: MinutesLang, no: string): string {
	return label(lang, 'seeQuestion', { no });
}
