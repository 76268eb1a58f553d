/** Events of the agenda slice. */
import type { AgendaItem } from './types.js';

export type AgendaEvent =
	| { type: 'agenda.added'; item: AgendaItem };
