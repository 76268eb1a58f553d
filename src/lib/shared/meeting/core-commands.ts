/**
 * Core commands: the meeting itself, rooms, roster, and role links.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { LIMITS, id, instant, optionalText, orgCategory, role, text, timezone } from '../schemas.js';
import { accept, defineCommand, type DecideContext, type TokenGrant } from './command-kit.js';
import type { MeetingEvent } from './events.js';
import { isMemberRole, MEMBER_ROLES, ORGANISER_ONLY, PERSON_ROLES } from './roles.js';
import { openEntryNamed, revokeLinks, rosterPolicy } from './roster.js';
import { meetingTimesRefusal } from './time-rules.js';
import { ORG_CATEGORIES, SPEAKER_STYLES, type LinkInfo, type MeetingState, type Member, type OrgCategory, type Role } from './types.js';


/** Events and grant for a new link; `personal` makes it act as one roster entry. */
export function newLink(
	ctx: { now: number; newId(): string; linkToken(linkId: string, role: Role): string },
	linkRole: Role,
	roomId: string | null,
	personal?: { memberId: string; viaLinkId?: string; token?: string }
): { link: LinkInfo; event: MeetingEvent; grant: TokenGrant } {
	const link: LinkInfo = { id: ctx.newId(), role: linkRole, roomId, createdAt: ctx.now, revoked: false };
	if (personal) Object.assign(link, { memberId: personal.memberId, viaLinkId: personal.viaLinkId ?? null });
	const token = personal?.token ?? ctx.linkToken(link.id, linkRole);
	const memberId = personal?.memberId ?? null;
	return { link, event: { type: 'link.created', link }, grant: { token, role: linkRole, linkId: link.id, roomId, memberId } };
}

/**
 * A personal link for roster entry `memberId` and the claim on that entry: an invitation (a link the
 * console shows again) or a claim made through shared link `viaLinkId` (the claimer's random `token`).
 */
export function personalLink(
	ctx: DecideContext,
	memberId: string,
	linkRole: Role,
	roomId: string | null,
	claim?: { viaLinkId: string; token: string }
): { linkId: string; events: MeetingEvent[]; grant: TokenGrant } {
	const made = newLink(ctx, linkRole, roomId, { memberId, ...claim });
	const held: MeetingEvent = { type: 'member.claimed', id: memberId, claim: { linkId: made.link.id, via: claim ? 'claim' : 'invitation', at: ctx.now } };
	return { linkId: made.link.id, events: [made.event, held], grant: made.grant };
}

/** The fields of a patch that were given (undefined means "leave as is"). */
function definedOnly<T extends Record<string, unknown>>(patch: T): Partial<T> {
	return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Per-category texts after a partial change: given ones replace, empty ones go back to the default (dropped). */
function mergedTexts(before: Partial<Record<OrgCategory, string>> | undefined, change: Partial<Record<OrgCategory, string | undefined>>): Partial<Record<OrgCategory, string>> {
	const out: Partial<Record<OrgCategory, string>> = { ...before };
	for (const c of ORG_CATEGORIES) {
		const v = change[c];
		if (v === undefined) continue;
		if (v) out[c] = v;
		else delete out[c];
	}
	return out;
}

function nextOrder(records: Record<string, { order: number }>): number {
	return Object.values(records).reduce((max, r) => Math.max(max, r.order), 0) + 1;
}

const memberFields = {
	name: text(LIMITS.name),
	organisation: optionalText(LIMITS.organisation).default(''),
	category: orgCategory.default('other'),
	department: optionalText(LIMITS.short).default('')
};

/** One short text per organisation category (any subset of them). */
const perCategory = (max: number) => z.object(Object.fromEntries(ORG_CATEGORIES.map((c) => [c, optionalText(max).optional()])) as Record<OrgCategory, z.ZodOptional<z.ZodString>>).strict();

/** An entry's email address (organisers only): empty, or one address. */
export const memberEmail = z.union([z.literal(''), z.email().max(LIMITS.short)]);

export const coreCommands = [
	defineCommand({
		type: 'meeting.update',
		fields: {
			title: text(LIMITS.title).optional(),
			startsAt: instant.optional(),
			endsAt: instant.nullable().optional(),
			timezone: timezone.optional(),
			method: optionalText(LIMITS.short).optional(),
			description: optionalText(LIMITS.description).optional(),
			departments: z.array(text(LIMITS.short)).max(50).optional(),
			speakerStyle: z.enum(SPEAKER_STYLES).optional(),
			categoryLabels: perCategory(LIMITS.categoryLabel).optional(),
			categoryNotes: perCategory(LIMITS.categoryLabel).optional()
		},
		roles: ORGANISER_ONLY,
		summary:
			'Changes the meeting’s title, times, time zone, method, description or department list, and how the minutes word it: `speakerStyle` (side, organisation or name), `categoryLabels` and `categoryNotes` per organisation category (an empty text restores the default). A meeting must end after it starts, within a day.',
		errors: ['invalid_time'],
		decide(state, { type: _t, ...patch }) {
			const startsAt = patch.startsAt ?? state.meeting.startsAt;
			const endsAt = patch.endsAt === undefined ? state.meeting.endsAt : patch.endsAt;
			const impossible = meetingTimesRefusal(startsAt, endsAt);
			if (impossible) return impossible;
			const { categoryLabels, categoryNotes, ...rest } = patch;
			return accept([
				{
					type: 'meeting.updated',
					patch: definedOnly({
						...rest,
						categoryLabels: categoryLabels && mergedTexts(state.meeting.categoryLabels, categoryLabels),
						categoryNotes: categoryNotes && mergedTexts(state.meeting.categoryNotes, categoryNotes)
					})
				}
			]);
		}
	}),
	defineCommand({
		type: 'room.add',
		fields: {
			name: text(LIMITS.name),
			purpose: optionalText(LIMITS.description).default(''),
			editPolicy: z.enum(['facilitators', 'members']).default('facilitators')
		},
		roles: ORGANISER_ONLY,
		summary: 'Adds a breakout room and its facilitator link.',
		returns: '`id` (room), `linkId` (its facilitator link)',
		decide(state, cmd, ctx) {
			const roomId = ctx.newId();
			const link = newLink(ctx, 'facilitator', roomId);
			return accept(
				[
					{ type: 'room.added', room: { id: roomId, name: cmd.name, purpose: cmd.purpose, editPolicy: cmd.editPolicy, order: nextOrder(state.rooms) } },
					link.event
				],
				{ id: roomId, linkId: link.link.id },
				[link.grant]
			);
		}
	}),
	defineCommand({
		type: 'room.update',
		fields: {
			roomId: id,
			name: text(LIMITS.name).optional(),
			purpose: optionalText(LIMITS.description).optional(),
			editPolicy: z.enum(['facilitators', 'members']).optional(),
			order: z.number().int().min(0).max(1000).optional(),
			confidential: z.boolean().optional()
		},
		roles: ORGANISER_ONLY,
		summary: 'Renames a room, changes its purpose, order, who may edit its board, or marks it 守秘 (`confidential`: its board never reaches the display, the shared minutes or public exports).',
		errors: ['not_found'],
		decide(state, { type: _t, roomId, ...patch }) {
			if (!state.rooms[roomId]) return refuse('not_found');
			return accept([{ type: 'room.updated', id: roomId, patch: definedOnly(patch) }]);
		}
	}),
	defineCommand({
		type: 'room.remove',
		fields: { roomId: id },
		roles: ORGANISER_ONLY,
		summary: 'Removes a room; its members become unassigned and its facilitator links stop working.',
		errors: ['not_found'],
		decide(state, { roomId }) {
			if (!state.rooms[roomId]) return refuse('not_found');
			const revokes = revokeLinks(
				state,
				Object.values(state.links).filter((l) => l.roomId === roomId && l.role === 'facilitator').map((l) => l.id)
			);
			return accept([...revokes, { type: 'room.removed', id: roomId }]);
		}
	}),
	defineCommand({
		type: 'member.add',
		fields: { ...memberFields, roomId: id.nullable().default(null), role: role.default('participant'), email: memberEmail.default('') },
		roles: ORGANISER_ONLY,
		summary: 'Adds a person to the roster (name, organisation, category, department, room).',
		returns: '`id` (member)',
		errors: ['not_found'],
		decide(state, cmd, ctx) {
			if (cmd.roomId && !state.rooms[cmd.roomId]) return refuse('not_found', 'roomId');
			const member: Member = {
				id: ctx.newId(),
				name: cmd.name,
				organisation: cmd.organisation,
				category: cmd.category,
				department: cmd.department,
				roomId: cmd.roomId,
				role: cmd.role,
				selfJoined: false,
				createdAt: ctx.now,
				...(cmd.email ? { email: cmd.email } : {})
			};
			return accept([{ type: 'member.added', member }], { id: member.id });
		}
	}),
	defineCommand({
		type: 'member.update',
		fields: {
			memberId: id,
			name: text(LIMITS.name).optional(),
			organisation: optionalText(LIMITS.organisation).optional(),
			category: orgCategory.optional(),
			department: optionalText(LIMITS.short).optional(),
			role: role.optional(),
			email: memberEmail.optional()
		},
		roles: PERSON_ROLES,
		summary: 'Edits a roster entry. Organisers edit anyone (also role and email); a member edits their own name, organisation, category and department.',
		errors: ['not_found'],
		decide(state, { type: _t, memberId, ...patch }, ctx) {
			if (!state.members[memberId]) return refuse('not_found');
			if (ctx.actor.role !== 'organiser' && (ctx.actor.memberId !== memberId || patch.role !== undefined || patch.email !== undefined)) return refuse('not_allowed');
			return accept([{ type: 'member.updated', id: memberId, patch: definedOnly(patch) }]);
		}
	}),
	defineCommand({
		type: 'member.assign',
		fields: { memberId: id, roomId: id.nullable() },
		roles: ORGANISER_ONLY,
		summary: 'Puts a member in a breakout room (or none with `roomId: null`).',
		errors: ['not_found'],
		decide(state, { memberId, roomId }) {
			if (!state.members[memberId]) return refuse('not_found');
			if (roomId !== null && !state.rooms[roomId]) return refuse('not_found', 'roomId');
			return accept([{ type: 'member.assigned', id: memberId, roomId }]);
		}
	}),
	defineCommand({
		type: 'member.join',
		fields: memberFields,
		roles: MEMBER_ROLES,
		summary:
			'Joins through a shared link as someone new; answers the member’s own token (kept in the session cookie). While the roster is offered, a name an open roster entry of the link’s role already has is refused with `on_roster` (claim it with `member.claim`).',
		returns: '`memberId`, `token`',
		errors: ['already_exists', 'on_roster'],
		decide(state, cmd, ctx) {
			const link = state.links[ctx.actor.linkId];
			if (!link || link.revoked) return refuse('unauthorized');
			// A member's own token joins nobody new: they already are a member.
			if (ctx.actor.memberId) return refuse('already_exists');
			const onRoster = rosterPolicy(state).offerRoster ? openEntryNamed(state, link, cmd.name) : undefined;
			if (onRoster) return refuse('on_roster', onRoster.id);
			const member: Member = {
				id: ctx.newId(),
				name: cmd.name,
				organisation: cmd.organisation,
				category: cmd.category,
				department: cmd.department,
				roomId: link.roomId,
				role: link.role,
				selfJoined: true,
				createdAt: ctx.now
			};
			const token = ctx.newToken();
			return accept([{ type: 'member.added', member }], { memberId: member.id, id: member.id, token }, [
				{ token, role: link.role, linkId: link.id, roomId: link.roomId, memberId: member.id }
			]);
		}
	}),
	defineCommand({
		type: 'link.create',
		fields: { role, roomId: id.nullable().optional(), memberId: id.optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Creates a role link (organiser, facilitator for a room, participant, ministry, display). With `memberId` it is a personal invitation: opening it acts as that roster entry (role participant, ministry or facilitator; a facilitator’s room defaults to the entry’s), and the entry is no longer offered to others.',
		returns: '`id` (link), `token`, `url`',
		errors: ['not_found', 'invalid', 'already_claimed'],
		decide(state, cmd, ctx) {
			const member = cmd.memberId === undefined ? null : state.members[cmd.memberId];
			if (member === undefined) return refuse('not_found', 'memberId');
			const roomId = cmd.roomId ?? (member && cmd.role === 'facilitator' ? member.roomId : null);
			if (cmd.role === 'facilitator' && !roomId) return refuse('invalid', 'roomId');
			if (roomId && !state.rooms[roomId]) return refuse('not_found', 'roomId');
			if (member && !isMemberRole(cmd.role)) return refuse('invalid', 'role');
			if (member?.claim) return refuse('already_claimed');
			const linkRoom = cmd.role === 'facilitator' ? roomId : null;
			if (member) {
				const invitation = personalLink(ctx, member.id, cmd.role, linkRoom);
				return accept(invitation.events, { id: invitation.linkId, token: invitation.grant.token }, [invitation.grant]);
			}
			const link = newLink(ctx, cmd.role, linkRoom);
			return accept([link.event], { id: link.link.id, token: link.grant.token }, [link.grant]);
		}
	}),
	defineCommand({
		type: 'link.revoke',
		fields: { linkId: id },
		roles: ORGANISER_ONLY,
		summary:
			'Revokes a link: it and every member session opened through it (also roster entries claimed through it) stop working at once. Revoking a personal link or a claim releases its roster entry (undoing a claim).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { linkId }, ctx) {
			const link = state.links[linkId];
			if (!link) return refuse('not_found');
			if (link.revoked) return refuse('wrong_state');
			if (link.id === ctx.actor.linkId) return refuse('not_allowed', 'own link');
			return accept(revokeLinks(state, [linkId]));
		}
	})
] as const;

export type { MeetingState };
