/**
 * What each viewer may see of the summary's next themes (called from meeting/access.ts): organisers
 * see who proposed and who voted; everyone else sees the counts, and their own vote and proposal
 * only (other voters and proposers are blanked). Events are redacted the same way, so reducing a
 * viewer's events onto the viewer's state gives the viewer's state; `plenaryAudience` names the
 * members whose own copy of an event differs from their role's.
 */
import type { LoggedEvent } from '../meeting/events.js';
import type { Role } from '../meeting/types.js';
import type { PlenaryEvent } from './events.js';
import type { NextTheme, PlenaryState } from './types.js';

export interface Viewer {
	role: Role;
	memberId: string | null;
}

/** Stand-in for a voter or proposer the viewer may not know. */
export const SOMEONE = '';

const mask = (key: string, viewer: Viewer) => (viewer.memberId !== null && key === viewer.memberId ? key : SOMEONE);

function redactTheme(theme: NextTheme, viewer: Viewer): NextTheme {
	return { ...theme, proposedBy: mask(theme.proposedBy, viewer), votes: theme.votes.map((v) => mask(v, viewer)) };
}

/** The plenary slice as `viewer` may see it. */
export function redactPlenaryState(slice: PlenaryState, viewer: Viewer): PlenaryState {
	if (viewer.role === 'organiser') return slice;
	const themes = Object.fromEntries(Object.entries(slice.summary.themes).map(([id, t]) => [id, redactTheme(t, viewer)]));
	return { ...slice, summary: { ...slice.summary, themes } };
}

/** A logged plenary or summary event as `viewer` may receive it. */
export function redactPlenaryEvent(logged: LoggedEvent, viewer: Viewer): LoggedEvent {
	if (viewer.role === 'organiser') return logged;
	const e = logged.event as PlenaryEvent;
	const actor = logged.actor !== null && logged.actor === viewer.memberId ? logged.actor : null;
	if (e.type === 'summary.themeAdded') return { ...logged, actor, event: { ...e, theme: redactTheme(e.theme, viewer) } };
	if (e.type === 'summary.themeVoted' || e.type === 'summary.themeUnvoted') return { ...logged, actor, event: { ...e, voter: mask(e.voter, viewer) } };
	if (e.type === 'summary.themeRemoved') return { ...logged, actor };
	return logged;
}

/** Members whose own view of a summary event differs from their role's (the voter, the proposer). */
export function plenaryAudience(e: PlenaryEvent): string[] {
	if (e.type === 'summary.themeAdded') return [e.theme.proposedBy];
	if (e.type === 'summary.themeVoted' || e.type === 'summary.themeUnvoted') return [e.voter];
	return [];
}
