/**
 * Tokens and sessions: random tokens (stored only as SHA-256 hashes), links re-derivable by HMAC,
 * signed session cookies, and resolving a token to an Actor against the current meeting state.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, MeetingState, Role } from '../src/lib/shared/meeting/types.js';
import { SHARED_LINK_ROLES } from '../src/lib/shared/meeting/roles.js';
import { currentMemberId } from '../src/lib/shared/meeting/roster.js';
import type { Store, TokenClaims, TokenRecord } from './storage/types.js';

/** 128-bit random id (base64url), for meetings, rooms, members, links. */
export function newId(): string {
	return randomBytes(16).toString('base64url');
}

/** 256-bit random token. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Roles whose links an organiser can show again (re-derived, never stored in clear). */
export { SHARED_LINK_ROLES };

export class Auth {
	constructor(
		private readonly secret: string,
		private readonly store: Store
	) {}

	/** Token of a link: re-derivable for shared roles, random (shown once) for organiser links. */
	linkToken = (linkId: string, role: Role): string =>
		SHARED_LINK_ROLES.includes(role) ? createHmac('sha256', this.secret).update(`link:${linkId}`).digest('base64url') : newToken();

	/** Stores grants (hashed). */
	async storeGrants(meetingId: string, grants: { token: string; role: Role; linkId: string; roomId: string | null; memberId: string | null }[], now: number) {
		if (grants.length === 0) return;
		const records: TokenRecord[] = grants.map((g) => ({
			hash: hashToken(g.token),
			meetingId,
			role: g.role,
			linkId: g.linkId,
			roomId: g.roomId,
			memberId: g.memberId,
			createdAt: now
		}));
		await this.store.putTokens(records);
	}

	async lookup(token: string): Promise<TokenRecord | null> {
		if (!token || token.length > 200) return null;
		return this.store.findToken(hashToken(token));
	}

	/** Signs a cookie value. */
	sign(value: string): string {
		const mac = createHmac('sha256', this.secret).update(value).digest('base64url');
		return `${value}.${mac}`;
	}

	/** Verifies a signed cookie value; null when tampered. */
	unsign(signed: string): string | null {
		const i = signed.lastIndexOf('.');
		if (i <= 0) return null;
		const value = signed.slice(0, i);
		const expected = Buffer.from(this.sign(value));
		const given = Buffer.from(signed);
		return expected.length === given.length && timingSafeEqual(expected, given) ? value : null;
	}
}

/**
 * The actor a token record stands for in the current state, or null when its link was revoked,
 * its member removed, or its room no longer exists. A member merged away acts as the entry it was merged into.
 */
export function actorFor(record: TokenClaims, state: MeetingState): Actor | null {
	const link = state.links[record.linkId];
	if (!link || link.revoked) return null;
	// A member merged into another entry acts as that one from now on; a removed one stops.
	const memberId = record.memberId && currentMemberId(state, record.memberId);
	if (record.memberId && !memberId) return null;
	if (record.roomId && !state.rooms[record.roomId]) return null;
	return { role: record.role, memberId: memberId || null, linkId: record.linkId, roomId: record.roomId };
}

/** Name of the session cookie for a meeting and role. */
export function cookieName(meetingId: string, role: Role): string {
	return `yoriai_${role}_${meetingId}`;
}

/** Parses a Cookie header into a map. */
export function parseCookies(header: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!header) return out;
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i < 0) continue;
		const k = part.slice(0, i).trim();
		const v = part.slice(i + 1).trim();
		if (k && !(k in out)) {
			try {
				out[k] = decodeURIComponent(v);
			} catch {
				/* ignore malformed cookie */
			}
		}
	}
	return out;
}
