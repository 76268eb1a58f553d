/**
 * `reduceSeries(state, logged)`: the one way a series' state changes. Pure and exhaustive.
 */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { LoggedSeriesEvent, SeriesState } from './types.js';

/** Applies one logged series event; returns a new state with `seq` advanced. */
export function reduceSeries(state: SeriesState, logged: LoggedSeriesEvent): SeriesState {
	const e = logged.event;
	const at = logged.at;
	const ledger = state.ledger;
	const next = ((): SeriesState => {
		switch (e.type) {
			case 'series.created':
				return { ...state, series: e.series };
			case 'series.linkCreated':
				return { ...state, links: { ...state.links, [e.link.id]: e.link } };
			case 'series.meetingAdded':
				return { ...state, meetings: [...state.meetings.filter((m) => m.meetingId !== e.meeting.meetingId), e.meeting] };
			case 'series.regionSet':
				return { ...state, meetings: state.meetings.map((m) => (m.meetingId === e.meetingId ? { ...m, region: e.region } : m)) };
			case 'ledger.merged':
				return { ...state, ledger: { ...ledger, merges: { ...ledger.merges, [e.rowId]: { into: e.into, at, by: e.by } } } };
			case 'ledger.unmerged': {
				const { [e.rowId]: _gone, ...merges } = ledger.merges;
				return { ...state, ledger: { ...ledger, merges } };
			}
			case 'ledger.closed':
				return { ...state, ledger: { ...ledger, closed: { ...ledger.closed, [e.rowId]: { at, by: e.by, note: e.note } } } };
			case 'ledger.reopened': {
				const { [e.rowId]: _gone, ...closed } = ledger.closed;
				return { ...state, ledger: { ...ledger, closed } };
			}
			case 'ledger.published':
				return { ...state, ledger: { ...ledger, published: { ...ledger.published, [e.rowId]: { at, by: e.by } } } };
			case 'ledger.unpublished': {
				const { [e.rowId]: _gone, ...published } = ledger.published;
				return { ...state, ledger: { ...ledger, published } };
			}
			case 'ledger.answered':
				return { ...state, ledger: { ...ledger, answers: [...ledger.answers, e.answer] } };
			case 'ledger.themeSet': {
				const { [e.rowId]: _gone, ...themes } = ledger.themes;
				return { ...state, ledger: { ...ledger, themes: e.theme ? { ...themes, [e.rowId]: e.theme } : themes } };
			}
			default:
				return exhaustiveSwitchError(e, 'type');
		}
	})();
	return { ...next, seq: logged.seq };
}

/** Folds logged series events onto a state. */
export function reduceSeriesAll(state: SeriesState, events: readonly LoggedSeriesEvent[]): SeriesState {
	return events.reduce(reduceSeries, state);
}
