/**
 * createMeetingEvents: what a new meeting starts with — its info (with defaults) and one link each
 * for the organiser, participants, ministry respondents and the display.
 */
import { describe, expect, it } from 'vitest';
import { createMeetingEvents, DEFAULT_DEPARTMENTS } from '../../src/lib/shared/meeting/create.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import { counters, logged, NOW } from '../helpers/world.js';

describe('createMeetingEvents', () => {
	it('fills defaults: Asia/Tokyo, Zoom, no end, the default departments', () => {
		const { events } = createMeetingEvents('m1', { title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00' }, counters());
		expect(events[0]).toEqual({
			type: 'meeting.created',
			meeting: {
				id: 'm1',
				title: '情報交換会',
				startsAt: '2021-06-04T14:00:00+09:00',
				endsAt: null,
				timezone: 'Asia/Tokyo',
				method: 'Zoom',
				description: '',
				createdAt: NOW,
				previousMeetingId: null,
				nextMeetingId: null,
				departments: DEFAULT_DEPARTMENTS
			}
		});
		expect(DEFAULT_DEPARTMENTS).toEqual(['生活困窮者自立支援室', '保護課']);
	});

	it('keeps what the organiser gave', () => {
		const { events } = createMeetingEvents(
			'm1',
			{
				title: '第2回',
				startsAt: '2021-07-02T10:00:00+09:00',
				endsAt: '2021-07-02T11:30:00+09:00',
				timezone: 'Europe/Berlin',
				method: 'Teams',
				description: '次回',
				departments: ['地域福祉課'],
				previousMeetingId: 'm0'
			},
			counters()
		);
		expect(events[0]).toMatchObject({
			meeting: { endsAt: '2021-07-02T11:30:00+09:00', timezone: 'Europe/Berlin', method: 'Teams', description: '次回', departments: ['地域福祉課'], previousMeetingId: 'm0' }
		});
	});

	it('creates the organiser, participant, ministry and display links, and grants a token for each', () => {
		const created = createMeetingEvents('m1', { title: 't', startsAt: '2021-06-04T14:00:00+09:00' }, counters());
		const links = created.events.filter((e) => e.type === 'link.created').map((e) => (e.type === 'link.created' ? e.link : null)!);
		expect(links.map((l) => l.role)).toEqual(['organiser', 'participant', 'ministry', 'display']);
		expect(links.every((l) => !l.revoked && l.roomId === null && l.createdAt === NOW)).toBe(true);
		expect(created.grants.map((g) => [g.role, g.linkId, g.memberId])).toEqual(links.map((l) => [l.role, l.id, null]));
		expect(created.organiserLink).toEqual(links[0]);
		expect(created.organiserToken).toBe(created.grants[0].token);
		expect(created.organiserToken).toBe(`link-${links[0].id}-organiser`);
	});

	it('reduces to a meeting with four live links and nothing else', () => {
		const created = createMeetingEvents('m1', { title: 't', startsAt: '2021-06-04T14:00:00+09:00' }, counters());
		const state = reduceAll(emptyState('m1'), logged(created.events, 0));
		expect(state.seq).toBe(5);
		expect(state.meeting.title).toBe('t');
		expect(Object.values(state.links)).toHaveLength(4);
		expect(state.rooms).toEqual({});
		expect(state.members).toEqual({});
		expect(state.agenda.items).toEqual({});
	});
});
