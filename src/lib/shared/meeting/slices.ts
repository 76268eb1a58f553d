/**
 * The slice table: routing of every event. Each slice of the meeting state (core, agenda, questions,
 * plenary) declares the event types it owns, how it applies them and what each viewer may see of
 * them and of its part of the state. `reduce`, `visibleState`, `visibleEvent` and `personalAudience`
 * route through `sliceOf`, built from this table — never by a type's prefix (which let an agenda
 * event named `timer.tick` compile and fall into the wrong reducer).
 *
 * Every `MeetingEvent` type belongs to exactly one slice: `defineSlices` refuses to compile a table
 * in which a type is routed by no slice, by two, or is in no event union (tests/types/routing.test-d.ts),
 * and `sliceOf` throws on a type it does not know (a log written by other code).
 */
import { reduceAgenda } from '../agenda/reduce.js';
import { redactPlenaryEvent, redactPlenaryState, plenaryAudience } from '../plenary/visibility.js';
import { reducePlenary } from '../plenary/reduce.js';
import { reducePrivacy } from '../privacy/reduce.js';
import { redactPrivacyEvent, redactPrivacyState } from '../privacy/visibility.js';
import { SNAPSHOT_EVENT_TYPES } from '../questions/events.js';
import { reduceQuestions } from '../questions/reduce.js';
import { questionAudience, redactQuestionEvent, redactQuestionsState } from '../questions/visibility.js';
import { redactCoreEvent, redactCoreState } from './core-visibility.js';
import { reduceCore } from './core-reduce.js';
import type { LoggedEvent, MeetingEvent } from './events.js';
import type { MeetingState, Role } from './types.js';

/** Every event type the log can hold today. */
export type EventType = MeetingEvent['type'];
/** The event (or events) of type `T`. */
export type EventOf<T extends EventType> = Extract<MeetingEvent, { type: T }>;

/** Who is looking: their role and, once joined, their member id. */
export interface Viewer {
	role: Role;
	memberId: string | null;
}

/** One slice's entry in the table. The redactions are only called for viewers other than organisers. */
export interface SliceSpec<T extends EventType = EventType> {
	/** The event types this slice owns (each in exactly one slice). */
	readonly types: readonly T[];
	/** Applies one of its events; `at` is the log's server time. Never mutates. */
	reduce(state: MeetingState, event: EventOf<T>, at: number): MeetingState;
	/** This slice's part of the state as `viewer` may see it. */
	redactState(state: MeetingState, viewer: Viewer): MeetingState;
	/** One of its logged events as `viewer` may receive it, or null when it must not reach them. */
	redactEvent(logged: LoggedEvent, viewer: Viewer): LoggedEvent | null;
	/** Members whose own copy of the event differs from their role's (they get `redactEvent` with their id). */
	audience(event: EventOf<T>): string[];
}

/** Declares one slice; visibility defaults to "everyone sees it as it is" and audience to nobody. */
export function defineSlice<const T extends EventType>(def: {
	types: readonly T[];
	reduce(state: MeetingState, event: EventOf<T>, at: number): MeetingState;
	redactState?(state: MeetingState, viewer: Viewer): MeetingState;
	redactEvent?(logged: LoggedEvent, viewer: Viewer): LoggedEvent | null;
	audience?(event: EventOf<T>): string[];
}): SliceSpec<T> {
	return {
		types: def.types,
		reduce: def.reduce,
		redactState: def.redactState ?? ((state) => state),
		redactEvent: def.redactEvent ?? ((logged) => logged),
		audience: def.audience ?? (() => [])
	};
}

type TypesOf<S> = S extends { readonly types: readonly (infer T)[] } ? T : never;
/** Types declared by any slice of `Table`. */
type Declared<Table> = { [K in keyof Table]: TypesOf<Table[K]> }[keyof Table];
/** Types of `Union` that no slice of `Table` declares. */
export type Unrouted<Table, Union extends string = EventType> = Exclude<Union, Declared<Table>>;
/** Types declared by a slice that are in no event union (a typo, or a union that forgot one). */
export type Undeclared<Table, Union extends string = EventType> = Exclude<Declared<Table>, Union>;
/** Types declared by two slices or more. */
export type DeclaredTwice<Table> = {
	[K in keyof Table]: TypesOf<Table[K]> & { [J in Exclude<keyof Table, K>]: TypesOf<Table[J]> }[Exclude<keyof Table, K>];
}[keyof Table];

/**
 * `unknown` when `Table` routes every type of `Union` exactly once; otherwise an object type naming
 * the faults, which no table satisfies (so the compiler's message lists them).
 */
export type RoutingCheck<Table, Union extends string = EventType> = [Unrouted<Table, Union>, Undeclared<Table, Union>, DeclaredTwice<Table>] extends [
	never,
	never,
	never
]
	? unknown
	: { routingError: { unrouted: Unrouted<Table, Union>; inNoEventUnion: Undeclared<Table, Union>; declaredTwice: DeclaredTwice<Table> } };

/**
 * Declares the slice table; fails to compile unless every type of `Union` (the event types, unless a
 * type test passes another) is routed by exactly one slice.
 */
export function defineSlices<const Table extends Record<string, { readonly types: readonly string[] }>, Union extends string = EventType>(
	table: Table & RoutingCheck<Table, Union>
): Table {
	return table;
}

export const SLICES = defineSlices({
	core: defineSlice({
		types: [
			'meeting.created',
			'meeting.updated',
			'room.added',
			'room.updated',
			'room.removed',
			'member.added',
			'member.updated',
			'member.assigned',
			'link.created',
			'link.revoked',
			'member.claimed',
			'member.released',
			'member.removed',
			'roster.policySet'
		],
		reduce: reduceCore,
		redactState: redactCoreState,
		redactEvent: redactCoreEvent
	}),
	agenda: defineSlice({
		types: [
			'agenda.added',
			'agenda.updated',
			'agenda.moved',
			'agenda.removed',
			'agenda.started',
			'agenda.ended',
			'agenda.paused',
			'agenda.resumed',
			'agenda.extended',
			'agenda.finished',
			'agenda.reopened',
			'agenda.reset',
			'broadcast.sent'
		],
		reduce: (state, event, at) => ({ ...state, agenda: reduceAgenda(state.agenda, event, at) })
	}),
	questions: defineSlice({
		types: [...SNAPSHOT_EVENT_TYPES, 'question.voted', 'question.unvoted', 'question.merged', 'question.moderationSet', 'question.carried'],
		reduce: (state, event, at) => ({ ...state, questions: reduceQuestions(state.questions, event, at) }),
		redactState: (state, viewer) => ({ ...state, questions: redactQuestionsState(state.questions, viewer) }),
		redactEvent: redactQuestionEvent,
		audience: questionAudience
	}),
	attendance: defineSlice({
		types: ['attendance.recorded'],
		reduce: (state, event) => ({ ...state, attendance: event.attendance }),
		// Minutes per person are the organisers' alone.
		redactState: ({ attendance: _a, ...state }) => state,
		redactEvent: () => null
	}),
	plenary: defineSlice({
		types: [
			'plenary.viewChanged',
			'plenary.spotlightChanged',
			'plenary.itemHidden',
			'plenary.itemPinned',
			'plenary.itemCleared',
			'plenary.topQuestionsChanged',
			'plenary.clockShown',
			'plenary.qrChanged',
			'plenary.languageChanged',
			'summary.themeAdded',
			'summary.themeEdited',
			'summary.themeRemoved',
			'summary.themeVoted',
			'summary.themeUnvoted',
			'summary.nextDateSet',
			'summary.linkAdded',
			'summary.linkRemoved'
		],
		reduce: (state, event, at) => ({ ...state, plenary: reducePlenary(state.plenary, event, at) }),
		redactState: (state, viewer) => ({ ...state, plenary: redactPlenaryState(state.plenary, viewer) }),
		redactEvent: redactPlenaryEvent,
		audience: plenaryAudience
	}),
	privacy: defineSlice({
		types: ['privacy.retentionSet', 'privacy.exported', 'privacy.purged'],
		reduce: (state, event, at) => ({ ...state, privacy: reducePrivacy(state.privacy, event, at) }),
		redactState: (state) => ({ ...state, privacy: redactPrivacyState(state.privacy) }),
		redactEvent: redactPrivacyEvent
	})
});

/** The slices in table order (state redaction applies them in this order). */
export const SLICE_LIST: readonly SliceSpec[] = Object.values(SLICES) as unknown as readonly SliceSpec[];

const route = new Map<string, SliceSpec>();
for (const [name, slice] of Object.entries(SLICES) as [string, SliceSpec][])
	for (const type of slice.types) {
		// Cannot happen while the table compiles; kept so a cast cannot route a type twice silently.
		if (route.has(type)) throw new Error(`slices: ${type} is declared by two slices (${name})`);
		route.set(type, slice);
	}

/** The slice that owns `type`; throws on a type no slice routes (call `normaliseEvent` first for stored events). */
export function sliceOf(type: string): SliceSpec {
	const slice = route.get(type);
	if (!slice) throw new Error(`Unknown event type ${JSON.stringify(type)}: no slice routes it (see meeting/slices.ts)`);
	return slice;
}

/** True when some slice routes `type`. */
export function isEventType(type: string): type is EventType {
	return route.has(type);
}
