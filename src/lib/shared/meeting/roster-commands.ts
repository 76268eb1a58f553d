/**
 * Roster commands: claiming one's own roster entry on joining, and the meeting's roster policy.
 * (Personal invitations are `link.create` with a `memberId`; undoing a claim is `link.revoke`.)
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { id } from '../schemas.js';
import { accept, defineCommand } from './command-kit.js';
import { personalLink } from './core-commands.js';
import { isMemberRole, MEMBER_ROLES, ORGANISER_ONLY } from './roles.js';
import { claimableFor, rosterPolicy } from './roster.js';

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
		type: 'roster.setPolicy',
		fields: { offerRoster: z.boolean() },
		roles: ORGANISER_ONLY,
		summary: 'Chooses whether the shared links’ join form offers the roster (people pick their own entry) or only asks for a name.',
		decide(state, { type: _t, ...policy }) {
			return accept([{ type: 'roster.policySet', policy: { ...rosterPolicy(state), ...policy } }]);
		}
	})
] as const;
