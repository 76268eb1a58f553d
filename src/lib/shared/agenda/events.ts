/**
 * Events of the agenda slice. Times are not in the events: `reduce` takes them from the log's `at`
 * (the server's clock when the command was committed), so every replica agrees to the millisecond.
 */
import type { AgendaItem, AgendaItemFields, Broadcast } from './types.js';

export type AgendaEvent =
	| { type: 'agenda.added'; item: AgendaItem }
	| { type: 'agenda.updated'; id: string; patch: Partial<AgendaItemFields> }
	/** The complete new order of item ids. */
	| { type: 'agenda.moved'; ids: string[] }
	| { type: 'agenda.removed'; id: string }
	/** The item becomes the current one (the meeting starts with the first of these; `rehearsal` marks that run a rehearsal). */
	| { type: 'agenda.started'; id: string; rehearsal?: boolean }
	/** The current item ends (by next or finish); an open pause ends with it. */
	| { type: 'agenda.ended'; id: string }
	| { type: 'agenda.paused'; id: string }
	| { type: 'agenda.resumed'; id: string }
	| { type: 'agenda.extended'; id: string; minutes: number }
	| { type: 'agenda.finished' }
	/** A finished meeting is open again (no item current); the times already taken stay. */
	| { type: 'agenda.reopened' }
	/** Back to the plan after a rehearsal: run times, pauses, extensions and broadcasts are cleared. */
	| { type: 'agenda.reset'; clearBoards?: boolean }
	| { type: 'broadcast.sent'; broadcast: Omit<Broadcast, 'at'> };
