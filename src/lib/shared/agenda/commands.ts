/** Agenda commands (次第): building the programme. */
import { z } from 'zod';
import { LIMITS, instant, optionalText, text } from '../schemas.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { AGENDA_KINDS } from './types.js';

export const agendaCommands = [
	defineCommand({
		type: 'agenda.add',
		fields: {
			title: text(LIMITS.title),
			durationMinutes: z.number().int().min(1).max(24 * 60),
			kind: z.enum(AGENDA_KINDS).default('plenary'),
			startsAt: instant.nullable().optional(),
			presenter: optionalText(LIMITS.short).default(''),
			notes: optionalText(LIMITS.description).default(''),
			attendance: optionalText(LIMITS.short).default('')
		},
		roles: ['organiser'],
		summary: 'Adds a programme item at the end of the agenda.',
		returns: '`id` (item)',
		decide(state, cmd, ctx) {
			const order = Object.values(state.agenda.items).reduce((m, i) => Math.max(m, i.order), 0) + 1;
			const item = {
				id: ctx.newId(),
				title: cmd.title,
				durationMinutes: cmd.durationMinutes,
				kind: cmd.kind,
				startsAt: cmd.startsAt ?? null,
				presenter: cmd.presenter,
				notes: cmd.notes,
				attendance: cmd.attendance,
				order
			};
			return accept([{ type: 'agenda.added', item }], { id: item.id });
		}
	})
] as const;
