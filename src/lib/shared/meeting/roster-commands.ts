/**
 * Roster commands: claiming one's own roster entry on joining, and the meeting's roster policy.
 * (Personal invitations are `link.create` with a `memberId`; undoing a claim is `link.revoke`.)
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { id } from '../schemas.js';
import { accept, defineCommand } from './command-kit.js';
import { personalLink } from './core-commands.js';
import { isMemberRole, MEMBER_ROLES, ORGANISER_ONLY, ROOM_CHOOSER_ROLES } from './roles.js';
import { mergeEvents } from './merge.js';
import { claimableFor, liveLinksOf, mayChooseRoom, revokeLinks, rosterPolicy } from './roster.js';
import type { MeetingEvent } from './events.js';
import { rosterEntry } from './roster-file.js';
import { ROOM_CHOICES, type Member } from './types.js';

/** The event taking entry `m` off the roster (merged into `mergedInto`, or removed when null). */
function leaving(m: Member, mergedInto: string | null): MeetingEvent {
	return { type: 'member.removed', id: m.id, former: { id: m.id, organisation: m.organisation, category: m.category, mergedInto } };
}

/** Most rows one import takes (a large municipal meeting has a few hundred people). */
export const IMPORT_MAX_ROWS = 2000;

export const rosterCommands = [
	defineCommand({
		type: 'member.claim',
		fields: { memberId: id },
		roles: MEMBER_ROLES,
		summary:
			'Joins through a shared link as an open roster entry of the link’s role (one the organiser registered and nobody holds yet); answers the member’s own token, as `member.join` does. The entry is then no longer offered.',
		returns: '`memberId`, `token`',
		errors: ['already_exists', 'already_claimed', 'not_found'],
		decide(state, { memberId }, ctx) {
			const link = state.links[ctx.actor.linkId];
			if (!link || link.revoked) return refuse('unauthorized');
			if (ctx.actor.memberId || link.memberId) return refuse('already_exists');
			if (!rosterPolicy(state).offerRoster) return refuse('not_allowed', 'roster not offered');
			const member = state.members[memberId];
			if (!member) return refuse('not_found');
			if (member.claim) return refuse('already_claimed');
			if (!claimableFor(state, link).includes(member)) return refuse('not_allowed', 'not offered by this link');
			const token = ctx.newToken();
			const claim = personalLink(ctx, memberId, link.role, link.roomId, { viaLinkId: link.id, token });
			return accept(claim.events, { memberId, id: memberId, token }, [claim.grant]);
		}
	}),
	defineCommand({
		type: 'roster.invite',
		fields: { memberIds: z.array(id).max(2000).optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Creates personal invitation links in one step: for the listed entries, or for every roster entry nobody holds yet. Entries already held, joined by themselves, or whose role has no link to join with (organiser, display, a facilitator without a room) are left out.',
		returns: '`ids` (links), `memberIds` (the entries invited)',
		errors: ['not_found'],
		decide(state, cmd, ctx) {
			const wanted = cmd.memberIds ? [...new Set(cmd.memberIds)].map((m) => state.members[m]) : Object.values(state.members);
			if (wanted.some((m) => !m)) return refuse('not_found', 'memberIds');
			const invitable = wanted.filter((m) => !m.claim && !m.selfJoined && isMemberRole(m.role) && (m.role !== 'facilitator' || m.roomId));
			const made = invitable.map((m) => personalLink(ctx, m.id, m.role, m.role === 'facilitator' ? m.roomId : null));
			return accept(
				made.flatMap((x) => x.events),
				{ ids: made.map((x) => x.linkId), memberIds: invitable.map((m) => m.id) },
				made.map((x) => x.grant)
			);
		}
	}),
	defineCommand({
		type: 'member.remove',
		fields: { memberId: id },
		roles: ORGANISER_ONLY,
		summary:
			'Removes an entry from the roster: its personal links and sessions stop at once; its questions and votes stay, shown under its organisation.',
		errors: ['not_found'],
		decide(state, { memberId }, ctx) {
			const m = state.members[memberId];
			if (!m) return refuse('not_found');
			if (ctx.actor.memberId === memberId) return refuse('not_allowed', 'own entry');
			return accept([...revokeLinks(state, liveLinksOf(state, memberId)), leaving(m, null)]);
		}
	}),
	defineCommand({
		type: 'member.merge',
		fields: { memberId: id, intoId: id },
		roles: ORGANISER_ONLY,
		summary:
			'Merges entry `memberId` (a copy, e.g. someone who joined by name although registered) into `intoId`: its questions, replies and answers move there, each vote is counted once, and its sessions and links act as `intoId` from now on.',
		errors: ['not_found', 'invalid'],
		decide(state, { memberId, intoId }) {
			const drop = state.members[memberId];
			const keep = state.members[intoId];
			if (!drop || !keep) return refuse('not_found', drop ? 'intoId' : 'memberId');
			if (memberId === intoId) return refuse('invalid', 'intoId');
			// The kept entry is now held by whoever held the copy (a self-joined copy holds it through its session).
			const held: MeetingEvent[] =
				!keep.claim && (drop.claim || drop.selfJoined)
					? [{ type: 'member.claimed', id: intoId, claim: { linkId: drop.claim?.linkId ?? null, via: drop.claim?.via ?? 'claim', at: drop.claim?.at ?? drop.createdAt } }]
					: [];
			return accept([...mergeEvents(state, memberId, intoId), ...held, leaving(drop, intoId)]);
		}
	}),
	defineCommand({
		type: 'roster.import',
		fields: { entries: z.array(rosterEntry).min(1).max(IMPORT_MAX_ROWS) },
		roles: ORGANISER_ONLY,
		summary:
			'Adds or updates many roster entries in one step (one event batch): an entry with `memberId` updates that entry, one without adds a new one. All or nothing: an unknown room or entry refuses the whole list. `POST …/roster/import` builds this from a CSV or .xlsx file.',
		returns: '`added`, `updated` (counts)',
		errors: ['not_found'],
		decide(state, { entries }, ctx) {
			if (entries.some((e) => e.roomId !== null && !state.rooms[e.roomId])) return refuse('not_found', 'roomId');
			if (entries.some((e) => e.memberId !== undefined && !state.members[e.memberId])) return refuse('not_found', 'memberId');
			const events: MeetingEvent[] = entries.map(({ memberId, email, roomId, ...fields }) => {
				if (memberId) return { type: 'member.updated', id: memberId, patch: { ...fields, roomId, ...(email ? { email } : {}) } };
				const member: Member = { id: ctx.newId(), ...fields, roomId, selfJoined: false, createdAt: ctx.now, ...(email ? { email } : {}) };
				return { type: 'member.added', member };
			});
			const updated = entries.filter((e) => e.memberId).length;
			return accept(events, { added: entries.length - updated, updated });
		}
	}),
	defineCommand({
		type: 'roster.setPolicy',
		fields: { offerRoster: z.boolean().optional(), roomChoice: z.enum(ROOM_CHOICES).optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Chooses whether the shared links’ join form offers the roster (people pick their own entry) or only asks for a name, and who puts people in rooms: `assigned` (the organiser), `choose` (each person), `both` (the organiser; the unassigned pick themselves).',
		decide(state, { type: _t, ...policy }) {
			const given = Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
			return accept([{ type: 'roster.policySet', policy: { ...rosterPolicy(state), ...given } }]);
		}
	}),
	defineCommand({
		type: 'member.chooseRoom',
		fields: { roomId: id },
		roles: ROOM_CHOOSER_ROLES,
		needsMember: true,
		summary: 'A member picks their own breakout room, when the meeting’s room choice lets them (`choose`, or `both` while they have none).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { roomId }, ctx) {
			const me = state.members[ctx.actor.memberId!];
			if (!me) return refuse('join_required');
			if (!state.rooms[roomId]) return refuse('not_found', 'roomId');
			if (!mayChooseRoom(state, me)) return refuse('wrong_state', 'room choice');
			return accept([{ type: 'member.assigned', id: me.id, roomId }]);
		}
	})
] as const;
