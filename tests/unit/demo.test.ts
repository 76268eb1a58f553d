/**
 * The demo meeting's facts (from the reference meeting) and the "参加者数" counts per category.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_AGENDA, DEMO_MEMBERS, DEMO_ROOMS } from '../../src/lib/shared/demo.js';
import { countByCategory, type Member } from '../../src/lib/shared/meeting/types.js';

function rosterOf(people: typeof DEMO_MEMBERS): Record<string, Member> {
	return Object.fromEntries(
		people.map((p, i) => [
			`m${i}`,
			{ id: `m${i}`, name: p.name, organisation: p.organisation, category: p.category, department: p.department, roomId: p.room === null ? null : `r${p.room}`, role: p.role, selfJoined: false, createdAt: 0 }
		])
	);
}

describe('demo roster', () => {
	it('counts 27 people: ministry 10, agencies 10, municipalities 5, organisers 2', () => {
		expect(countByCategory({ members: rosterOf(DEMO_MEMBERS) })).toEqual({
			counts: { ministry: 10, agency: 10, municipality: 5, organiser: 2, other: 0 },
			total: 27
		});
	});

	it('does not count the display as a person', () => {
		const members = rosterOf(DEMO_MEMBERS);
		members.screen = { ...members.m0, id: 'screen', role: 'display', category: 'other' };
		expect(countByCategory({ members }).total).toBe(27);
	});

	it('counts nobody in an empty meeting', () => {
		expect(countByCategory({ members: {} })).toEqual({ counts: { ministry: 0, agency: 0, municipality: 0, organiser: 0, other: 0 }, total: 0 });
	});

	it('puts people only in the three demo rooms, with a facilitator in each', () => {
		expect(DEMO_ROOMS).toHaveLength(3);
		for (const m of DEMO_MEMBERS) if (m.room !== null) expect(m.room).toBeLessThan(DEMO_ROOMS.length);
		for (let r = 0; r < DEMO_ROOMS.length; r++) expect(DEMO_MEMBERS.some((m) => m.room === r && m.role === 'facilitator')).toBe(true);
	});

	it('has the reference programme: 8 items, 14:00 start, 105 minutes to 15:45', () => {
		expect(DEMO_AGENDA).toHaveLength(8);
		expect(DEMO_AGENDA[0].start).toBe('14:00');
		expect(DEMO_AGENDA.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(105);
	});
});
