/** Applies agenda events to the agenda slice, stamping run times with the log's server time `at`. */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { AgendaEvent } from './events.js';
import { AGENDA_LIMITS, emptyRun, type AgendaItem, type AgendaState } from './types.js';

function withItem(state: AgendaState, id: string, change: (item: AgendaItem) => AgendaItem): AgendaState {
	const item = state.items[id];
	return item ? { ...state, items: { ...state.items, [id]: change(item) } } : state;
}

/** Closes the item's open span and open pause at `at`. */
function close(item: AgendaItem, at: number): AgendaItem {
	return {
		...item,
		spans: item.spans.map((s) => (s.end === null ? { ...s, end: at } : s)),
		pauses: item.pauses.map((p) => (p.to === null ? { ...p, to: at } : p))
	};
}

/** Returns the next agenda slice; never mutates its input. */
export function reduceAgenda(state: AgendaState, event: AgendaEvent, at: number): AgendaState {
	switch (event.type) {
		case 'agenda.added': {
			// Items logged before run times existed get empty ones.
			const { spans = [], pauses = [], extensions = [] } = event.item as Partial<AgendaItem>;
			return { ...state, items: { ...state.items, [event.item.id]: { ...event.item, spans, pauses, extensions } } };
		}
		case 'agenda.updated':
			return withItem(state, event.id, (item) => ({ ...item, ...event.patch }));
		case 'agenda.moved': {
			const items = { ...state.items };
			event.ids.forEach((id, i) => {
				if (items[id]) items[id] = { ...items[id], order: i + 1 };
			});
			return { ...state, items };
		}
		case 'agenda.removed': {
			if (!state.items[event.id]) return state;
			const items = { ...state.items };
			delete items[event.id];
			const run = state.run.currentId === event.id ? { ...state.run, currentId: null, status: 'ready' as const } : state.run;
			return { ...state, items, run };
		}
		case 'agenda.started': {
			const next = withItem(state, event.id, (item) => ({ ...item, spans: [...item.spans, { start: at, end: null }] }));
			if (next === state) return state;
			// Whether the run is a rehearsal is settled by its first start (older logs: never one).
			const rehearsal = state.run.startedAt === null ? event.rehearsal === true : state.run.rehearsal === true;
			return { ...next, run: { ...state.run, status: 'running', currentId: event.id, startedAt: state.run.startedAt ?? at, ...(rehearsal ? { rehearsal } : {}) } };
		}
		case 'agenda.ended': {
			const next = withItem(state, event.id, (item) => close(item, at));
			const run = state.run.currentId === event.id ? { ...state.run, status: 'ready' as const, currentId: null } : state.run;
			return { ...next, run };
		}
		case 'agenda.paused':
			return {
				...withItem(state, event.id, (item) => ({ ...item, pauses: [...item.pauses, { from: at, to: null }] })),
				run: { ...state.run, status: 'paused' }
			};
		case 'agenda.resumed':
			return {
				...withItem(state, event.id, (item) => ({ ...item, pauses: item.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)) })),
				run: { ...state.run, status: 'running' }
			};
		case 'agenda.extended':
			return withItem(state, event.id, (item) => ({ ...item, extensions: [...item.extensions, { at, minutes: event.minutes }] }));
		case 'agenda.finished': {
			const current = state.run.currentId;
			const next = current ? withItem(state, current, (item) => close(item, at)) : state;
			return { ...next, run: { ...state.run, status: 'finished', currentId: null, finishedAt: at } };
		}
		case 'agenda.reopened':
			return state.run.status === 'finished' ? { ...state, run: { ...state.run, status: 'ready', finishedAt: null } } : state;
		case 'agenda.reset': {
			const items = Object.fromEntries(Object.entries(state.items).map(([id, item]) => [id, { ...item, spans: [], pauses: [], extensions: [] }]));
			return { items, run: emptyRun(), broadcasts: [] };
		}
		case 'broadcast.sent':
			return { ...state, broadcasts: [...state.broadcasts, { ...event.broadcast, at }].slice(-AGENDA_LIMITS.keptBroadcasts) };
		default:
			return exhaustiveSwitchError(event, 'type');
	}
}
