/**
 * Agenda commands (次第), part 1: building the programme (add, update, move, remove).
 * The live run (start, pause, …) and broadcasts are in run-commands.ts; both are exported here.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { LIMITS, id, instant, optionalText, text } from '../schemas.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import { itemStartRefusal } from '../meeting/time-rules.js';
import { runCommands } from './run-commands.js';
import { AGENDA_KINDS, AGENDA_LIMITS, sortedItems, type AgendaItem } from './types.js';

/** Planned minutes: a whole number from 1 to a working day; negative, zero, fractional and absurd values are refused. */
export const durationMinutes = z.number().int().min(1).max(AGENDA_LIMITS.maxItemMinutes);

const programmeCommands = [
	defineCommand({
		type: 'agenda.add',
		fields: {
			title: text(LIMITS.title),
			durationMinutes,
			kind: z.enum(AGENDA_KINDS).default('plenary'),
			startsAt: instant.nullable().optional(),
			presenter: optionalText(LIMITS.short).default(''),
			notes: optionalText(LIMITS.description).default(''),
			attendance: optionalText(LIMITS.short).default(''),
			remark: optionalText(LIMITS.short).optional()
		},
		roles: ORGANISER_ONLY,
		summary:
			'Adds a programme item at the end of the agenda (title, planned minutes, kind, optional pinned start within the meeting, presenter, notes, attendance, remark for the minutes).',
		returns: '`id` (item)',
		errors: ['too_large', 'invalid_time'],
		decide(state, cmd, ctx) {
			const items = Object.values(state.agenda.items);
			if (items.length >= AGENDA_LIMITS.maxItems) return refuse('too_large', 'items');
			const impossible = itemStartRefusal(state.meeting, cmd.startsAt);
			if (impossible) return impossible;
			const order = items.reduce((m, i) => Math.max(m, i.order), 0) + 1;
			const item: AgendaItem = {
				id: ctx.newId(),
				title: cmd.title,
				durationMinutes: cmd.durationMinutes,
				kind: cmd.kind,
				startsAt: cmd.startsAt ?? null,
				presenter: cmd.presenter,
				notes: cmd.notes,
				attendance: cmd.attendance,
				...(cmd.remark ? { remark: cmd.remark } : {}),
				order,
				spans: [],
				pauses: [],
				extensions: []
			};
			return accept([{ type: 'agenda.added', item }], { id: item.id });
		}
	}),
	defineCommand({
		type: 'agenda.update',
		fields: {
			itemId: id,
			title: text(LIMITS.title).optional(),
			durationMinutes: durationMinutes.optional(),
			kind: z.enum(AGENDA_KINDS).optional(),
			startsAt: instant.nullable().optional(),
			presenter: optionalText(LIMITS.short).optional(),
			notes: optionalText(LIMITS.description).optional(),
			attendance: optionalText(LIMITS.short).optional(),
			remark: optionalText(LIMITS.short).optional()
		},
		roles: ORGANISER_ONLY,
		summary:
			'Edits an item’s title, planned minutes, kind, pinned start (within the meeting; `null` unpins), presenter, notes, attendance, or its remark for the minutes (what happened, e.g. a planned exchange dropped for lack of time).',
		errors: ['not_found', 'invalid_time'],
		decide(state, { type: _t, itemId, ...patch }) {
			if (!state.agenda.items[itemId]) return refuse('not_found');
			const impossible = itemStartRefusal(state.meeting, patch.startsAt);
			if (impossible) return impossible;
			const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
			if (Object.keys(clean).length === 0) return accept([]);
			return accept([{ type: 'agenda.updated', id: itemId, patch: clean }]);
		}
	}),
	defineCommand({
		type: 'agenda.move',
		fields: { itemId: id, toIndex: z.number().int().min(0).max(AGENDA_LIMITS.maxItems) },
		roles: ORGANISER_ONLY,
		summary: 'Moves an item to position `toIndex` (0 = first; past the end = last). Planned times recompute.',
		errors: ['not_found'],
		decide(state, { itemId, toIndex }) {
			if (!state.agenda.items[itemId]) return refuse('not_found');
			const ids = sortedItems(state.agenda).map((i) => i.id);
			const from = ids.indexOf(itemId);
			const to = Math.min(toIndex, ids.length - 1);
			if (from === to) return accept([]);
			ids.splice(from, 1);
			ids.splice(to, 0, itemId);
			return accept([{ type: 'agenda.moved', ids }]);
		}
	}),
	defineCommand({
		type: 'agenda.remove',
		fields: { itemId: id },
		roles: ORGANISER_ONLY,
		summary: 'Removes an item. The current item cannot be removed (move on first).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { itemId }) {
			if (!state.agenda.items[itemId]) return refuse('not_found');
			if (state.agenda.run.currentId === itemId) return refuse('wrong_state', 'current item');
			return accept([{ type: 'agenda.removed', id: itemId }]);
		}
	})
] as const;

export const agendaCommands = [...programmeCommands, ...runCommands] as const;
