/**
 * The series' command registry: the meetings' regions, and the ledger's decisions — merge (and undo
 * it), close or reopen, publish, and answer (which the server also sends to the meeting where the
 * matter was last asked, through that meeting's own command path). Listed in docs/commands.md.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { findRow } from '../ledger/views.js';
import type { Appearance, LedgerRow } from '../ledger/types.js';
import { QUESTION_LIMITS } from '../questions/types.js';
import { id, optionalText, text } from '../schemas.js';
import { acceptSeries, defineSeriesCommand, seriesRegistry } from './command-kit.js';
import { SERIES_LIMITS } from './types.js';

/** A ledger row's id: `<meetingId>.<questionId>`. */
export const rowId = z.string().max(129).regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/);
const region = optionalText(SERIES_LIMITS.region).nullable().transform((r) => r || null);

/** The question an answer from the ministry's view goes to: the latest of the row's own questions. */
export function answerTarget(row: LedgerRow): Appearance | null {
	return row.appearances.filter((a) => a.own).pop() ?? null;
}

const ORGANISER = ['organiser'] as const;

export const SERIES_COMMANDS = [
	defineSeriesCommand({
		type: 'series.addMeeting',
		fields: { meetingId: id, region },
		roles: [],
		summary: 'Adds a meeting to the series (after the one before it). Sent by the server when a series organiser creates the next meeting or moves one in.',
		errors: ['already_exists', 'too_large'],
		decide(state, { meetingId, region }, ctx) {
			if (state.meetings.some((m) => m.meetingId === meetingId)) return refuse('already_exists');
			if (state.meetings.length >= SERIES_LIMITS.meetings) return refuse('too_large', 'meetings');
			return acceptSeries([{ type: 'series.meetingAdded', meeting: { meetingId, region, addedAt: ctx.now } }]);
		}
	}),
	defineSeriesCommand({
		type: 'series.region',
		fields: { meetingId: id, region },
		roles: ORGANISER,
		summary: 'Sets the region a meeting of the series gathers (e.g. 東北ブロック), shown and counted in the ledger; `null` clears it.',
		errors: ['not_found'],
		decide(state, { meetingId, region }) {
			const m = state.meetings.find((x) => x.meetingId === meetingId);
			if (!m) return refuse('not_found');
			return acceptSeries(m.region === region ? [] : [{ type: 'series.regionSet', meetingId, region }]);
		}
	}),
	defineSeriesCommand({
		type: 'ledger.merge',
		fields: { rowId, intoId: rowId },
		roles: ORGANISER,
		summary: 'Merges a ledger row into another one (the same matter raised twice, e.g. in two regions): its history, answers and supporters join the other row. Undo with `ledger.unmerge`.',
		errors: ['not_found', 'wrong_state'],
		decide(state, { rowId, intoId }, ctx) {
			if (rowId === intoId) return refuse('invalid', 'same row');
			if (state.ledger.merges[rowId]) return refuse('wrong_state', 'already merged');
			const source = findRow(ctx.ledger, rowId);
			const target = findRow(ctx.ledger, intoId);
			if (!source || !target) return refuse('not_found');
			if (source.merged.length) return refuse('wrong_state', 'unmerge the rows merged into it first');
			return acceptSeries([{ type: 'ledger.merged', rowId, into: intoId, by: ctx.actor.linkId }]);
		}
	}),
	defineSeriesCommand({
		type: 'ledger.unmerge',
		fields: { rowId },
		roles: ORGANISER,
		summary: 'Undoes a merge: the row stands on its own again, with its own history, answers and supporters.',
		errors: ['wrong_state'],
		decide(state, { rowId }, ctx) {
			if (!state.ledger.merges[rowId]) return refuse('wrong_state', 'not merged');
			return acceptSeries([{ type: 'ledger.unmerged', rowId, by: ctx.actor.linkId }]);
		}
	}),
	defineSeriesCommand({
		type: 'ledger.status',
		fields: { rowId, status: z.enum(['closed', 'open']), note: optionalText(SERIES_LIMITS.note).default('') },
		roles: ORGANISER,
		summary: 'Closes a row (完了: nothing more is expected, e.g. answered in writing after the series) or reopens it (`open`: it follows its meetings again).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { rowId, status, note }, ctx) {
			if (!findRow(ctx.ledger, rowId)) return refuse('not_found');
			const closed = !!state.ledger.closed[rowId];
			if (status === 'closed') return closed ? refuse('wrong_state', 'already closed') : acceptSeries([{ type: 'ledger.closed', rowId, by: ctx.actor.linkId, note }]);
			return closed ? acceptSeries([{ type: 'ledger.reopened', rowId, by: ctx.actor.linkId }]) : refuse('wrong_state', 'not closed');
		}
	}),
	defineSeriesCommand({
		type: 'ledger.publish',
		fields: { rowId, published: z.boolean().default(true) },
		roles: ORGANISER,
		summary: 'Publishes a row to the participants of every meeting of the series (or withdraws it with `published: false`); they otherwise see only the rows of their own meetings.',
		errors: ['not_found'],
		decide(state, { rowId, published }, ctx) {
			if (!findRow(ctx.ledger, rowId)) return refuse('not_found');
			if (!!state.ledger.published[rowId] === published) return acceptSeries([]);
			return acceptSeries([{ type: published ? 'ledger.published' : 'ledger.unpublished', rowId, by: ctx.actor.linkId }]);
		}
	}),
	defineSeriesCommand({
		type: 'ledger.theme',
		fields: { rowId, theme: optionalText(SERIES_LIMITS.theme).nullable().transform((t) => t || null) },
		roles: ORGANISER,
		summary: 'Files a row under a theme (テーマ, e.g. 就労支援): the Q&A集 groups each department’s questions by theme. `null` clears it.',
		errors: ['not_found'],
		decide(state, { rowId, theme }, ctx) {
			if (!findRow(ctx.ledger, rowId)) return refuse('not_found');
			if ((state.ledger.themes[rowId] ?? null) === theme) return acceptSeries([]);
			return acceptSeries([{ type: 'ledger.themeSet', rowId, theme }]);
		}
	}),
	defineSeriesCommand({
		type: 'ledger.answer',
		fields: { rowId, text: text(QUESTION_LIMITS.answer) },
		roles: ['organiser', 'ministry'],
		summary:
			'Answers a matter from the ministry’s view: the answer is recorded on the question in the meeting where it was last asked (as `question.answer` there, through that meeting’s command path) and in the ledger with who gave it.',
		errors: ['not_found', 'wrong_state'],
		returns: '`meetingId`, `questionId` (where the answer went)',
		decide(_state, { rowId }, ctx) {
			const row = findRow(ctx.ledger, rowId);
			if (!row) return refuse('not_found');
			const target = answerTarget(row);
			if (!target) return refuse('wrong_state', 'no meeting holds it');
			return acceptSeries(
				[{ type: 'ledger.answered', answer: { rowId, meetingId: target.meetingId, questionId: target.questionId, by: ctx.actor.linkId, at: ctx.now } }],
				{ meetingId: target.meetingId, questionId: target.questionId }
			);
		}
	})
] as const;

export const seriesCommands = seriesRegistry(SERIES_COMMANDS);
export type SeriesCommand = z.infer<(typeof SERIES_COMMANDS)[number]['schema']>;
