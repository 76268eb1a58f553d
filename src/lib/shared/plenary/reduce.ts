/** Applies plenary and summary events to the plenary slice. */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { PlenaryEvent } from './events.js';
import type { PlenaryState, SummaryState } from './types.js';

function toggle(list: string[], key: string, on: boolean): string[] {
	const without = list.filter((k) => k !== key);
	return on ? [...without, key] : without;
}

function withSummary(state: PlenaryState, summary: Partial<SummaryState>): PlenaryState {
	return { ...state, summary: { ...state.summary, ...summary } };
}

function omit<T>(record: Record<string, T>, id: string): Record<string, T> {
	const next = { ...record };
	delete next[id];
	return next;
}

/** Applies one plenary event. */
export function reducePlenary(state: PlenaryState, event: PlenaryEvent, _at: number): PlenaryState {
	const themes = state.summary.themes;
	switch (event.type) {
		case 'plenary.viewChanged':
			return { ...state, view: event.view };
		case 'plenary.spotlightChanged':
			return { ...state, spotlightRoomId: event.roomId };
		case 'plenary.itemHidden':
			return { ...state, hidden: toggle(state.hidden, event.key, event.hidden), pinned: event.hidden ? toggle(state.pinned, event.key, false) : state.pinned };
		case 'plenary.itemPinned':
			return { ...state, pinned: toggle(state.pinned, event.key, event.pinned), hidden: event.pinned ? toggle(state.hidden, event.key, false) : state.hidden };
		case 'plenary.itemCleared':
			return { ...state, cleared: toggle(state.cleared ?? [], event.key, event.cleared) };
		case 'plenary.topQuestionsChanged':
			return { ...state, topQuestions: event.count };
		case 'plenary.clockShown':
			return { ...state, showClock: event.show };
		case 'plenary.qrChanged':
			return { ...state, qrLinkId: event.linkId };
		case 'plenary.languageChanged':
			return { ...state, language: event.language };
		case 'summary.themeAdded':
			return withSummary(state, { themes: { ...themes, [event.theme.id]: event.theme } });
		case 'summary.themeEdited': {
			const theme = themes[event.id];
			return theme ? withSummary(state, { themes: { ...themes, [theme.id]: { ...theme, text: event.text } } }) : state;
		}
		case 'summary.themeRemoved':
			return withSummary(state, { themes: omit(themes, event.id) });
		case 'summary.themeVoted': {
			const theme = themes[event.id];
			// A blanked voter (SOMEONE) stands for anyone else: it may appear several times.
			if (!theme || (event.voter !== '' && theme.votes.includes(event.voter))) return state;
			return withSummary(state, { themes: { ...themes, [theme.id]: { ...theme, votes: [...theme.votes, event.voter] } } });
		}
		case 'summary.themeUnvoted': {
			const theme = themes[event.id];
			if (!theme) return state;
			const at = theme.votes.indexOf(event.voter);
			if (at < 0) return state;
			return withSummary(state, { themes: { ...themes, [theme.id]: { ...theme, votes: theme.votes.filter((_, i) => i !== at) } } });
		}
		case 'summary.nextDateSet':
			return withSummary(state, { nextDate: event.nextDate });
		case 'summary.linkAdded':
			return withSummary(state, { links: { ...state.summary.links, [event.link.id]: event.link } });
		case 'summary.linkRemoved':
			return withSummary(state, { links: omit(state.summary.links, event.id) });
		default:
			return exhaustiveSwitchError(event, 'type');
	}
}
