/**
 * Agenda commands, part 2: running the meeting live (start — for real or as a rehearsal —, pause,
 * resume, extend, next, finish, reopen, reset after a rehearsal) and broadcasts to all rooms or one.
 * Times come from the log (`at`), never from the client.
 */
import { z } from 'zod';
import { isRefusal, refuse } from '../errors.js';
import { id, text } from '../schemas.js';
import { accept, defineCommand, type DecideContext } from '../meeting/command-kit.js';
import type { MeetingEvent } from '../meeting/events.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import type { MeetingState } from '../meeting/types.js';
import { MAX_SHOW_SECONDS, MIN_SHOW_SECONDS } from './broadcasts.js';
import { isOtherDay, meetingPhase } from './phase.js';
import { AGENDA_LIMITS, currentItem, sortedItems, type AgendaItem, type BroadcastKind } from './types.js';

function systemBroadcast(ctx: DecideContext, kind: BroadcastKind): MeetingEvent {
	return { type: 'broadcast.sent', broadcast: { id: ctx.newId(), kind, text: '', roomId: null } };
}

/** Events that make `item` current, with the "go to your rooms" pop-up when it is a breakout. */
function startEvents(item: AgendaItem, ctx: DecideContext, rehearsal = false): MeetingEvent[] {
	const events: MeetingEvent[] = [rehearsal ? { type: 'agenda.started', id: item.id, rehearsal: true } : { type: 'agenda.started', id: item.id }];
	if (item.kind === 'breakout') events.push(systemBroadcast(ctx, 'go_to_rooms'));
	return events;
}

/** Events that end the current item, with "back to the plenary" when a breakout ends and the next is not one. */
function endEvents(current: AgendaItem, next: AgendaItem | null, ctx: DecideContext): MeetingEvent[] {
	const events: MeetingEvent[] = [{ type: 'agenda.ended', id: current.id }];
	if (current.kind === 'breakout' && next?.kind !== 'breakout') events.push(systemBroadcast(ctx, 'return_to_plenary'));
	return events;
}

/** The current item, or a refusal when nothing runs (or the meeting is over). */
function requireCurrent(state: MeetingState) {
	if (state.agenda.run.status === 'finished') return refuse('wrong_state', 'finished');
	const current = currentItem(state.agenda);
	return current ?? refuse('wrong_state', 'no current item');
}

export const runCommands = [
	defineCommand({
		type: 'agenda.start',
		fields: { itemId: id, rehearsal: z.boolean().optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Starts an item when none is current. The first start starts the meeting, or a rehearsal with `rehearsal: true` (planned times then count from now). A finished meeting must be reopened first.',
		returns: '`otherDay: true` when a real run starts on another day than planned',
		errors: ['not_found', 'wrong_state'],
		decide(state, { itemId, rehearsal = false }, ctx) {
			const item = state.agenda.items[itemId];
			if (!item) return refuse('not_found');
			const run = state.agenda.run;
			if (run.status === 'finished') return refuse('wrong_state', 'finished');
			if (run.currentId) return refuse('wrong_state', 'another item is current');
			const first = run.startedAt === null;
			if (rehearsal && !first && !run.rehearsal) return refuse('wrong_state', 'the meeting is under way');
			const otherDay = first && !rehearsal && isOtherDay(state.meeting, ctx.now);
			return accept(startEvents(item, ctx, first && rehearsal), otherDay ? { otherDay: true } : undefined);
		}
	}),
	defineCommand({
		type: 'agenda.pause',
		fields: {},
		roles: ORGANISER_ONLY,
		summary: 'Pauses the current item’s countdown.',
		errors: ['wrong_state'],
		decide(state) {
			const current = requireCurrent(state);
			if (isRefusal(current)) return current;
			if (state.agenda.run.status !== 'running') return refuse('wrong_state', 'not running');
			return accept([{ type: 'agenda.paused', id: current.id }]);
		}
	}),
	defineCommand({
		type: 'agenda.resume',
		fields: {},
		roles: ORGANISER_ONLY,
		summary: 'Resumes a paused item.',
		errors: ['wrong_state'],
		decide(state) {
			const current = requireCurrent(state);
			if (isRefusal(current)) return current;
			if (state.agenda.run.status !== 'paused') return refuse('wrong_state', 'not paused');
			return accept([{ type: 'agenda.resumed', id: current.id }]);
		}
	}),
	defineCommand({
		type: 'agenda.extend',
		fields: { minutes: z.number().int().min(1).max(AGENDA_LIMITS.maxExtendMinutes) },
		roles: ORGANISER_ONLY,
		summary: 'Gives the current item N more minutes (1–120).',
		errors: ['wrong_state'],
		decide(state, { minutes }) {
			const current = requireCurrent(state);
			if (isRefusal(current)) return current;
			return accept([{ type: 'agenda.extended', id: current.id, minutes }]);
		}
	}),
	defineCommand({
		type: 'agenda.next',
		fields: { itemId: id.optional() },
		roles: ORGANISER_ONLY,
		summary: 'Ends the current item and starts the next one in order, or `itemId` (to skip ahead or go back).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { itemId }, ctx) {
			const current = requireCurrent(state);
			if (isRefusal(current)) return current;
			let next: AgendaItem | undefined;
			if (itemId) {
				next = state.agenda.items[itemId];
				if (!next) return refuse('not_found');
				if (next.id === current.id) return refuse('wrong_state', 'already current');
			} else {
				const items = sortedItems(state.agenda);
				next = items[items.findIndex((i) => i.id === current.id) + 1];
				if (!next) return refuse('wrong_state', 'last item');
			}
			return accept([...endEvents(current, next, ctx), ...startEvents(next, ctx)]);
		}
	}),
	defineCommand({
		type: 'agenda.finish',
		fields: {},
		roles: ORGANISER_ONLY,
		summary: 'Ends the current item and closes the meeting (or the rehearsal). `agenda.reopen` opens it again.',
		errors: ['wrong_state'],
		decide(state, _cmd, ctx) {
			const run = state.agenda.run;
			if (run.status === 'finished') return refuse('wrong_state', 'finished');
			if (run.startedAt === null) return refuse('wrong_state', 'not started');
			const current = currentItem(state.agenda);
			return accept([...(current ? endEvents(current, null, ctx) : []), { type: 'agenda.finished' }]);
		}
	}),
	defineCommand({
		type: 'agenda.reopen',
		fields: {},
		roles: ORGANISER_ONLY,
		summary: 'Opens a finished meeting again (no item current; the times taken so far stay). Logged with who did it.',
		errors: ['wrong_state'],
		decide(state) {
			if (meetingPhase(state.agenda.run) !== 'finished') return refuse('wrong_state', 'not finished');
			return accept([{ type: 'agenda.reopened' }]);
		}
	}),
	defineCommand({
		type: 'agenda.reset',
		fields: { clearBoards: z.boolean().optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Ends a rehearsal and returns to the plan: run times, pauses, extensions and broadcasts are cleared; programme, rooms, roster and questions stay, and the boards too unless `clearBoards` empties them. Only after a rehearsal.',
		errors: ['wrong_state'],
		decide(state, { clearBoards }) {
			if (meetingPhase(state.agenda.run) !== 'rehearsal') return refuse('wrong_state', 'not a rehearsal');
			return accept([{ type: 'agenda.reset', ...(clearBoards ? { clearBoards: true } : {}) }]);
		}
	}),
	defineCommand({
		type: 'broadcast.send',
		fields: {
			text: text(AGENDA_LIMITS.broadcastText),
			roomId: id.nullable().optional(),
			showSeconds: z.number().int().min(MIN_SHOW_SECONDS).max(MAX_SHOW_SECONDS).optional()
		},
		roles: ORGANISER_ONLY,
		summary:
			'Pops a short message up on the screens of everyone, or of one room’s members (`roomId`), for `showSeconds` (10–3600; default: 60 on the display, 600 on people’s screens).',
		returns: '`id` (broadcast)',
		errors: ['not_found'],
		decide(state, cmd, ctx) {
			const roomId = cmd.roomId ?? null;
			if (roomId && !state.rooms[roomId]) return refuse('not_found', 'roomId');
			const broadcast = { id: ctx.newId(), kind: 'message' as const, text: cmd.text, roomId, ...(cmd.showSeconds ? { showSeconds: cmd.showSeconds } : {}) };
			return accept([{ type: 'broadcast.sent', broadcast }], { id: broadcast.id });
		}
	})
] as const;
