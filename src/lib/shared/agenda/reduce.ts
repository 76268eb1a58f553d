/** Applies agenda events to the agenda slice. */
import type { AgendaEvent } from './events.js';
import type { AgendaState } from './types.js';

/** Returns the next agenda slice; never mutates its input. */
export function reduceAgenda(state: AgendaState, event: AgendaEvent, _at: number): AgendaState {
	switch (event.type) {
		case 'agenda.added':
			return { ...state, items: { ...state.items, [event.item.id]: event.item } };
		default: {
			const never: never = event.type;
			return never;
		}
	}
}
