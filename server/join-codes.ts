/**
 * Join codes on the server: each shared link's code is derived from the secret (so it is the same
 * on every instance and after a restart) and indexed in the token store under a keyed hash that no
 * bearer token can hit. `POST /api/v1/join { code }` answers the link's URL while the link lives
 * (a revoked link's code stops with it), rate-limited per client and overall against guessing.
 * `GET …/join-codes` gives organisers the codes of their meeting's shared links.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from './auth.js';
import { clientAddress } from './http/client-address.js';
import { originOf, readJson, sendJson, sendRefusal } from './http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute } from './http/routes.js';
import type { Meetings } from './meetings.js';
import type { BucketRule } from './rate-limit.js';
import type { Store } from './storage/types.js';
import { linkUrl } from './views.js';
import { formatJoinCode, joinCodeFromBytes, normaliseJoinCode } from '../src/lib/shared/join-code.js';
import { ORGANISER_ONLY, SHARED_LINK_ROLES } from '../src/lib/shared/meeting/roles.js';
import type { LinkInfo } from '../src/lib/shared/meeting/types.js';
import { z } from 'zod';

/** Tries per client (a few typos, then one every 10 s) and for everyone together. */
export const JOIN_CODE_LIMITS = {
	perClient: { capacity: 10, refillPerSecond: 0.1 },
	all: { capacity: 600, refillPerSecond: 30 }
} satisfies Record<string, BucketRule>;

const joinBody = z.object({ code: z.string().max(40) }).strict();

export interface JoinCodesDeps {
	secret: string;
	store: Store;
	auth: Pick<Auth, 'linkToken'>;
	meetings: Meetings;
	publicUrl: string | null;
	trustProxy: number;
}

export class JoinCodes {
	/** Links whose code this instance has indexed already (the index write is idempotent anyway). */
	private indexed = new Set<string>();

	constructor(private readonly deps: JoinCodesDeps) {}

	/** The code of a shared link (8 symbols, without the hyphen). */
	codeOf(linkId: string): string {
		return joinCodeFromBytes(createHmac('sha256', this.deps.secret).update(`joincode:${linkId}`).digest());
	}

	/** The store key for `code`: keyed, so no bearer token's SHA-256 can ever equal it. */
	private indexKey(code: string): string {
		return createHmac('sha256', this.deps.secret).update(`joincode-index:${code}`).digest('hex');
	}

	/** Indexes and answers the shown codes (ABCD-2345) of `links` that are live shared links. */
	async codesFor(meetingId: string, links: LinkInfo[], now: number): Promise<Record<string, string>> {
		const live = links.filter((l) => !l.revoked && SHARED_LINK_ROLES.includes(l.role));
		const fresh = live.filter((l) => !this.indexed.has(l.id));
		if (fresh.length) {
			await this.deps.store.putTokens(
				fresh.map((l) => ({ hash: this.indexKey(this.codeOf(l.id)), meetingId, role: l.role, linkId: l.id, roomId: l.roomId, memberId: null, createdAt: now }))
			);
			for (const l of fresh) this.indexed.add(l.id);
		}
		return Object.fromEntries(live.map((l) => [l.id, formatJoinCode(this.codeOf(l.id))]));
	}

	/** The URL a typed code opens, or null (unknown code, or its link was revoked). */
	async resolve(input: string, origin: string): Promise<string | null> {
		const code = normaliseJoinCode(input);
		if (!code) return null;
		const record = await this.deps.store.findToken(this.indexKey(code));
		if (!record) return null;
		const state = await this.deps.meetings.load(record.meetingId);
		const link = state?.links[record.linkId];
		if (!link || link.revoked || this.codeOf(link.id) !== code) return null;
		return linkUrl(origin, this.deps.auth.linkToken(link.id, link.role));
	}

	/** `POST /api/v1/join { code }` → 200 `{ url }`, 404 `not_found`, 429 `rate_limited`. */
	async handleJoin(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const client = clientAddress(req, this.deps.trustProxy);
		const buckets: [string, BucketRule][] = [
			[`joincode:${client}`, JOIN_CODE_LIMITS.perClient],
			['joincode:all', JOIN_CODE_LIMITS.all]
		];
		if (!(await this.deps.meetings.takeShared(buckets))) return sendRefusal(res, 'rate_limited');
		const body = joinBody.safeParse(await readJson(req, 1024));
		if (!body.success) return sendRefusal(res, 'invalid');
		const url = await this.resolve(body.data.code, originOf(req, this.deps.publicUrl));
		if (!url) return sendRefusal(res, 'not_found');
		sendJson(res, 200, { url });
	}

	/** `GET /api/v1/meetings/:id/join-codes` (organisers): `{ codes: { linkId: 'ABCD-2345' } }`. */
	route(now: () => number): MeetingRoute {
		return meetingRoute({
			name: 'join-codes',
			method: 'GET',
			path: meetingPath('/join-codes'),
			roles: ORGANISER_ONLY,
			handle: async ({ res, who }) => sendJson(res, 200, { codes: await this.codesFor(who.state.meeting.id, Object.values(who.state.links), now()) })
		});
	}
}
