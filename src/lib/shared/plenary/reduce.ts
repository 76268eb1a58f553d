/** Applies plenary events to the plenary slice. */
import type { PlenaryEvent } from './events.js';
import type { PlenaryState } from './types.js';

export function reducePlenary(state: PlenaryState, event: PlenaryEvent, _at: number): PlenaryState {
	switch (event.type) {
		case 'plenary.viewChanged':
			return { ...state, view: event.view };
		default: {
			const never: never = event.type;
			return never;
		}
	}
}
