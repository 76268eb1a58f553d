/**
 * Event routing is exhaustive at compile time. `npm run check` type-checks this file (svelte-check on
 * tsconfig.json, whose `include` has tests/**): each `@ts-expect-error` must meet an error, so if the
 * slice table stopped refusing an unrouted, unknown or doubly routed event type, `npm run check` fails.
 * (Vitest does not run it: it holds types only.)
 */
import { expectTypeOf } from 'vitest';
import { exhaustiveSwitchError } from '../../src/lib/shared/exhaustive.js';
import type { MeetingEvent } from '../../src/lib/shared/meeting/events.js';
import {
	defineSlice,
	defineSlices,
	SLICES,
	type DeclaredTwice,
	type EventType,
	type RoutingCheck,
	type Undeclared,
	type Unrouted
} from '../../src/lib/shared/meeting/slices.js';
import { reduceCore } from '../../src/lib/shared/meeting/core-reduce.js';

// Today's table routes every event type exactly once.
expectTypeOf<Unrouted<typeof SLICES>>().toEqualTypeOf<never>();
expectTypeOf<Undeclared<typeof SLICES>>().toEqualTypeOf<never>();
expectTypeOf<DeclaredTwice<typeof SLICES>>().toEqualTypeOf<never>();
expectTypeOf<RoutingCheck<typeof SLICES>>().toEqualTypeOf<unknown>();
defineSlices(SLICES);

// Issue 10's case: an agenda event `timer.tick` joins the unions but no slice declares it.
type WithTimerTick = EventType | 'timer.tick';
expectTypeOf<Unrouted<typeof SLICES, WithTimerTick>>().toEqualTypeOf<'timer.tick'>();
// @ts-expect-error — `timer.tick` is an event type that no slice routes
defineSlices<typeof SLICES, WithTimerTick>(SLICES);

// A slice that declares a type no event union has.
// @ts-expect-error — `timer.tick` is in no event union
defineSlices({ ...SLICES, agenda: { ...SLICES.agenda, types: [...SLICES.agenda.types, 'timer.tick'] } });
// …which `defineSlice` already refuses on its own.
// @ts-expect-error — `timer.tick` is not a MeetingEvent type
defineSlice({ types: ['timer.tick'], reduce: (state) => state });

// A table missing a slice's types (here the whole plenary slice).
// @ts-expect-error — plenary.* and summary.* are routed by no slice
defineSlices({ core: SLICES.core, agenda: SLICES.agenda, questions: SLICES.questions });
// …or one type of a slice.
// @ts-expect-error — `agenda.finished` is routed by no slice
defineSlices({ ...SLICES, agenda: { types: ['agenda.added', 'agenda.updated', 'agenda.moved', 'agenda.removed', 'agenda.started', 'agenda.ended', 'agenda.paused', 'agenda.resumed', 'agenda.extended', 'broadcast.sent'] } });

// A type routed by two slices.
expectTypeOf<DeclaredTwice<typeof SLICES & { again: { types: readonly ['room.added'] } }>>().toEqualTypeOf<'room.added'>();
// @ts-expect-error — `room.added` is routed twice
defineSlices({ ...SLICES, again: { types: ['room.added'] } });

// A slice's reducer only takes its own events: the core reducer cannot route an agenda event.
// @ts-expect-error — `agenda.added` is not a core event
defineSlice({ types: ['room.added', 'agenda.added'], reduce: reduceCore });

// The slice reducers' `default:` takes `never`: a union member without a case fails to compile.
function unhandled(e: MeetingEvent) {
	switch (e.type) {
		case 'room.added':
			return 1;
		default:
			// @ts-expect-error — every other event type reaches the default
			return exhaustiveSwitchError(e, 'type');
	}
}
void unhandled;
