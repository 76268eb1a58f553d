/**
 * The roster's rules shared by commands and pages: the meeting's roster policy, which entries a
 * shared link may offer to claim, how names are compared, and the events that revoke links (with
 * the personal links made through them and the entries they held).
 */
import type { MeetingEvent } from './events.js';
import { ROOM_CHOOSER_ROLES } from './roles.js';
import { sortedMembers, type LinkInfo, type MeetingState, type Member, type RosterPolicy } from './types.js';

/** The policy a meeting uses when its log never set one. */
export const DEFAULT_ROSTER_POLICY: RosterPolicy = { offerRoster: true, roomChoice: 'assigned' };

/** The meeting's roster policy. */
export function rosterPolicy(state: Pick<MeetingState, 'meeting'>): RosterPolicy {
	return { ...DEFAULT_ROSTER_POLICY, ...state.meeting.rosterPolicy };
}

/** True when `member` may pick their own room now (the meeting's room choice; facilitators' rooms come with their link). */
export function mayChooseRoom(state: Pick<MeetingState, 'meeting'>, member: Pick<Member, 'role' | 'roomId'>): boolean {
	if (!ROOM_CHOOSER_ROLES.includes(member.role)) return false;
	const choice = rosterPolicy(state).roomChoice;
	return choice === 'choose' || (choice === 'both' && member.roomId === null);
}

/** A name as compared for "is this person already on the roster": no spaces, full-width folded, case-free. */
export function nameKey(name: string): string {
	return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** True while one person holds the entry (an invitation was issued for it, or someone claimed it). */
export function isHeld(member: Member): boolean {
	return !!member.claim;
}

/**
 * Roster entries a person opening `link` may say they are: entries the organiser registered for
 * that link's role (and, for a facilitator link, its room) that nobody holds yet.
 */
export function claimableFor(state: Pick<MeetingState, 'members'>, link: Pick<LinkInfo, 'role' | 'roomId'>): Member[] {
	return Object.values(state.members).filter(
		(m) => !m.selfJoined && !isHeld(m) && m.role === link.role && (link.role !== 'facilitator' || m.roomId === link.roomId)
	);
}

/** The open entry whose name is `name` (compared by `nameKey`) among those `link` offers, if any. */
export function openEntryNamed(state: Pick<MeetingState, 'members'>, link: Pick<LinkInfo, 'role' | 'roomId'>, name: string): Member | undefined {
	const key = nameKey(name);
	return claimableFor(state, link).find((m) => nameKey(m.name) === key);
}

/**
 * Events revoking `linkIds`, each with the claim links made through it, and releasing the roster
 * entries those links held. Links already revoked are left out.
 */
export function revokeLinks(state: MeetingState, linkIds: readonly string[]): MeetingEvent[] {
	const ids = new Set(linkIds);
	for (const l of Object.values(state.links)) if (l.viaLinkId && ids.has(l.viaLinkId)) ids.add(l.id);
	const events: MeetingEvent[] = [];
	for (const id of ids) {
		const link = state.links[id];
		if (!link || link.revoked) continue;
		events.push({ type: 'link.revoked', id });
		for (const held of Object.values(state.members)) if (held.claim?.linkId === id) events.push({ type: 'member.released', id: held.id });
	}
	return events;
}

/** Commands by which a shared link's holder becomes a member (answering a token for the session cookie). */
export const JOIN_COMMANDS: readonly string[] = ['member.join', 'member.claim'];

/** Roster entries holding a live personal invitation, with its link id, sorted as the roster is. */
export function invitations(state: Pick<MeetingState, 'members' | 'links'>): { member: Member; linkId: string }[] {
	return sortedMembers(state)
		.flatMap((member) => {
			const linkId = member.claim?.via === 'invitation' ? member.claim.linkId : null;
			return linkId && state.links[linkId] && !state.links[linkId].revoked ? [{ member, linkId }] : [];
		});
}

/** Rows of the invitations' mail-merge sheet: name, organisation, email, link (`urls` by link id). */
export function invitationRows(state: Pick<MeetingState, 'members' | 'links'>, urls: Record<string, string>): string[][] {
	return invitations(state).map(({ member, linkId }) => [member.name, member.organisation, member.email ?? '', urls[linkId] ?? '']);
}

/** The roster entry `memberId` stands for today: itself, or the entry it was merged into (followed to the end). */
export function currentMemberId(state: Pick<MeetingState, 'members' | 'formerMembers'>, memberId: string): string | null {
	let id: string | null = memberId;
	for (let hops = 0; id && hops < 100; hops++) {
		if (state.members[id]) return id;
		id = state.formerMembers?.[id]?.mergedInto ?? null;
	}
	return null;
}

/** The personal links (invitations, claims) of entry `memberId` that still work. */
export function liveLinksOf(state: Pick<MeetingState, 'links'>, memberId: string): string[] {
	return Object.values(state.links)
		.filter((l) => l.memberId === memberId && !l.revoked)
		.map((l) => l.id);
}
