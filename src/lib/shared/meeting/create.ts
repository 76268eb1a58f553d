/**
 * Creating a meeting: the first events of its log and the links that come with it.
 */
import type { CreateMeetingBody } from '../schemas.js';
import type { TokenGrant } from './command-kit.js';
import { newLink } from './core-commands.js';
import type { MeetingEvent } from './events.js';
import type { LinkInfo, Role } from './types.js';

export const DEFAULT_DEPARTMENTS = ['生活困窮者自立支援室', '保護課'];

/**
 * Events for a new meeting: `meeting.created`, the organiser's link and one shared link each for
 * participants, ministry respondents and the display.
 */
export function createMeetingEvents(
	meetingId: string,
	body: CreateMeetingBody,
	ctx: { now: number; newId(): string; linkToken(linkId: string, role: Role): string }
): { events: MeetingEvent[]; grants: TokenGrant[]; organiserLink: LinkInfo; organiserToken: string } {
	const events: MeetingEvent[] = [
		{
			type: 'meeting.created',
			meeting: {
				id: meetingId,
				title: body.title,
				startsAt: body.startsAt,
				endsAt: body.endsAt ?? null,
				timezone: body.timezone ?? 'Asia/Tokyo',
				method: body.method ?? 'Zoom',
				description: body.description ?? '',
				createdAt: ctx.now,
				previousMeetingId: body.previousMeetingId ?? null,
				nextMeetingId: null,
				departments: body.departments ?? DEFAULT_DEPARTMENTS
			}
		}
	];
	const grants: TokenGrant[] = [];
	const organiser = newLink(ctx, 'organiser', null);
	events.push(organiser.event);
	grants.push(organiser.grant);
	for (const r of ['participant', 'ministry', 'display'] as const) {
		const l = newLink(ctx, r, null);
		events.push(l.event);
		grants.push(l.grant);
	}
	return { events, grants, organiserLink: organiser.link, organiserToken: organiser.grant.token };
}
