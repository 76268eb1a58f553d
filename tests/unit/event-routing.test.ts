/**
 * Event routing by the slice table (meeting/slices.ts): every type is owned by one slice, and a type
 * no slice routes throws instead of becoming the meeting state. Compile-time half: tests/types/routing.test-d.ts.
 */
import { describe, expect, it } from 'vitest';
import { personalAudience, visibleEvent } from '../../src/lib/shared/meeting/access.js';
import { EVENT_ALIASES, normaliseEvent } from '../../src/lib/shared/meeting/event-aliases.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduce } from '../../src/lib/shared/meeting/reduce.js';
import { isEventType, SLICES, sliceOf } from '../../src/lib/shared/meeting/slices.js';
import { NOW } from '../helpers/world.js';

const at = (event: unknown): LoggedEvent => ({ seq: 1, at: NOW, actor: null, event: event as LoggedEvent['event'] });

describe('the slice table', () => {
	const all = Object.values(SLICES).flatMap((s) => [...s.types]);

	it('routes each event type to one slice', () => {
		expect(new Set(all).size).toBe(all.length);
		for (const [name, slice] of Object.entries(SLICES)) for (const type of slice.types) expect(sliceOf(type), `${type} → ${name}`).toBe(slice);
	});

	it('names every event in one style: <slice>.<camelCase past tense>', () => {
		for (const type of all) expect(type).toMatch(/^[a-z]+\.[a-z]+(?:[A-Z][a-z]+)*$/);
	});

	it('throws on a type no slice routes, instead of returning it as the state (issue 10)', () => {
		expect(() => reduce(emptyState('m'), at({ type: 'timer.tick' }))).toThrow(/Unknown event type "timer\.tick"/);
		expect(() => visibleEvent(at({ type: 'timer.tick' }), { role: 'participant', memberId: null })).toThrow(/timer\.tick/);
		expect(() => personalAudience(at({ type: 'timer.tick' }))).toThrow(/timer\.tick/);
		expect(isEventType('timer.tick')).toBe(false);
	});

	it('throws from a slice reducer handed an event outside its union', () => {
		expect(() => SLICES.agenda.reduce(emptyState('m'), { type: 'timer.tick' } as never, NOW)).toThrow(/Unknown switch case "timer\.tick"/);
	});
});

describe('renamed event types (EVENT_ALIASES)', () => {
	it('maps every old name to a routed current one, and no old name is current', () => {
		for (const [old, current] of Object.entries(EVENT_ALIASES)) {
			expect(isEventType(current), current).toBe(true);
			expect(isEventType(old), old).toBe(false);
		}
	});

	it('normaliseEvent renames old types and leaves current ones as the same object', () => {
		const old = at({ type: 'question.moderation_set', mode: 'approve' });
		expect(normaliseEvent(old)).toEqual({ ...old, event: { type: 'question.moderationSet', mode: 'approve' } });
		expect(old.event.type).toBe('question.moderation_set');
		const current = at({ type: 'question.moderationSet', mode: 'approve' });
		expect(normaliseEvent(current)).toBe(current);
	});

	it('reduce and visibleEvent read an old name as the new one', () => {
		const s = reduce(emptyState('m'), at({ type: 'question.moderation_set', mode: 'approve' }));
		expect(s.questions.moderation).toBe('approve');
		expect(visibleEvent(at({ type: 'question.moderation_set', mode: 'approve' }), { role: 'organiser', memberId: null })?.event.type).toBe('question.moderationSet');
		expect(visibleEvent(at({ type: 'question.moderation_set', mode: 'approve' }), { role: 'display', memberId: null })?.event.type).toBe('question.moderationSet');
	});
});
