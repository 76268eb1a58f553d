/**
 * Logs stored before issue 10 renamed three question events still load. tests/fixtures/legacy-log.json
 * was written by the code at 9176c5b: the commands it ran, the log they produced (old names) and the
 * state that code reduced from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import { EVENT_ALIASES, normaliseEvent } from '../../src/lib/shared/meeting/event-aliases.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState } from '../../src/lib/shared/meeting/types.js';
import { emptyPrivacy } from '../../src/lib/shared/privacy/types.js';
import { MEETING_ID, World } from '../helpers/world.js';

const stored = JSON.parse(readFileSync('tests/fixtures/legacy-log.json', 'utf8')) as {
	commands: { actor: Actor; command: Record<string, unknown> }[];
	log: LoggedEvent[];
	state: MeetingState;
};
/** The state the old code reduced, with the defaults of the state fields added since (issue 15: privacy). */
const fixture = { ...stored, state: { ...stored.state, plenary: { ...stored.state.plenary, cleared: [] }, privacy: emptyPrivacy() } };

describe('a log written with the old event names', () => {
	it('holds every renamed type (the fixture still tests what it should)', () => {
		const types = new Set(fixture.log.map((e) => e.event.type as string));
		for (const old of Object.keys(EVENT_ALIASES)) expect(types, old).toContain(old);
	});

	it('reduces to the state the old code reduced from it', () => {
		expect(reduceAll(emptyState(MEETING_ID), fixture.log)).toEqual(fixture.state);
	});

	it('is, under today’s names, the log today’s code writes for the same commands', () => {
		const w = new World();
		for (const { actor, command } of fixture.commands) w.must(actor, command);
		expect(w.log).toEqual(fixture.log.map(normaliseEvent));
		expect(w.state).toEqual(fixture.state);
	});

	it('reaches each viewer as today’s code would send it', () => {
		const w = new World();
		for (const { actor, command } of fixture.commands) w.must(actor, command);
		const viewers = [
			{ role: 'organiser', memberId: null },
			{ role: 'participant', memberId: null },
			...Object.values(w.state.members).map((m) => ({ role: m.role, memberId: m.id })),
			{ role: 'display', memberId: null }
		] as const;
		for (const viewer of viewers) {
			const fromOld = fixture.log.map((e) => visibleEvent(e, viewer));
			expect(fromOld, viewer.role).toEqual(w.log.map((e) => visibleEvent(e, viewer)));
			const replica = reduceAll(emptyState(MEETING_ID), fromOld.filter((e) => e !== null));
			expect({ ...replica, seq: fixture.state.seq }).toEqual(visibleState(fixture.state, viewer));
		}
	});
});
