/**
 * Role × action matrix, generated from the command registry: every registered command, sent with a
 * schema-valid example payload (tests/helpers/command-examples.ts) by every role (its bare link, and a
 * joined member where the role is joinable), by another meeting's token, a revoked link and no
 * token, over HTTP and over socket.io. Where the registry says the role may not send the command,
 * it is refused for permission (`not_allowed`; `join_required` when it needs a joined member);
 * where it may, it is never refused for permission (state refusals such as `not_found` are fine);
 * anyone without a valid token of the meeting gets `unauthorized`.
 *
 * Rate limits (server/rate-limit.ts: 20 per sender, 5/s) are respected, not weakened: each actor
 * is a pool of fresh links or members, each sending at most PER_SENDER commands, and one meeting per
 * actor keeps the per-meeting bucket and the state effects of one actor away from the others.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_STATUS, type ErrorCode } from '../../src/lib/shared/errors.js';
import { MEMBER_ROLES } from '../../src/lib/shared/meeting/roles.js';
import { ROLES, type Role } from '../../src/lib/shared/meeting/types.js';
import { PROTOCOL_VERSION, type CommandReply } from '../../src/lib/shared/protocol.js';
import type { CommandSpec } from '../../src/lib/shared/meeting/command-kit.js';
import { allExamples, REGISTERED } from '../helpers/command-examples.js';
import { connectSocket, createMeeting, postCommand, sendCommand, startTestServer, teardownAll, type TestServer, type TestSocket } from '../helpers/server.js';

/** Commands one sender sends before the next credential of its pool takes over (burst is 20). */
const PER_SENDER = 15;
const TRANSPORTS = ['http', 'socket.io'] as const;
type Transport = (typeof TRANSPORTS)[number];

type Insider = { name: string; kind: 'bare' | 'member'; role: Role };
type Outsider = { name: string; kind: 'other-meeting' | 'revoked' | 'none' };
type ActorKind = Insider | Outsider;
const isOutsider = (a: ActorKind): a is Outsider => !('role' in a);

/** Every role's bare link, a joined member of every joinable role, and three outsiders. */
const ACTORS: ActorKind[] = [
	...ROLES.map((role) => ({ name: `${role} link`, kind: 'bare' as const, role })),
	...ROLES.filter((r) => MEMBER_ROLES.includes(r)).map((role) => ({ name: `${role} member`, kind: 'member' as const, role })),
	{ name: "another meeting's token", kind: 'other-meeting' },
	{ name: 'revoked link', kind: 'revoked' },
	{ name: 'no token', kind: 'none' }
];

type Expectation = { refused: ErrorCode } | { permitted: true };

/** What the registry says should happen when `actor` sends `spec`'s command. */
function expectation(spec: CommandSpec, actor: ActorKind): Expectation {
	if (isOutsider(actor)) return { refused: 'unauthorized' };
	if (!spec.roles.includes(actor.role)) return { refused: 'not_allowed' };
	if (spec.needsMember && actor.kind !== 'member') return { refused: 'join_required' };
	return { permitted: true };
}

/** Refusal codes that mean "not for you" rather than "not in this state". */
const PERMISSION_CODES: ErrorCode[] = ['not_allowed', 'unauthorized', 'join_required'];

/** Whether `reply` is what `exp` asks for; answers a reason when it is not. */
function mismatch(spec: CommandSpec, actor: ActorKind, exp: Expectation, reply: CommandReply): string | null {
	if ('refused' in exp) {
		if (reply.ok) return `expected ${exp.refused}, was accepted`;
		return reply.code === exp.refused ? null : `expected ${exp.refused}, got ${reply.code}${reply.detail ? ` (${reply.detail})` : ''}`;
	}
	if (reply.ok) return null;
	if (reply.code === 'internal') return 'internal error';
	if (reply.code === 'rate_limited') return 'rate_limited after retries';
	// A command whose decide documents join_required (theme votes) may ask a bare link to join first.
	if (reply.code === 'join_required' && actor.kind === 'bare' && spec.errors.includes('join_required')) return null;
	// A command whose decide documents not_allowed checks the target too (a facilitator confirms lines of their own room only).
	if (reply.code === 'not_allowed' && spec.errors.includes('not_allowed') && reply.detail) return null;
	if (PERMISSION_CODES.includes(reply.code)) return `permitted by the registry, refused with ${reply.code}${reply.detail ? ` (${reply.detail})` : ''}`;
	return null;
}

/** One actor's credentials: a pool of tokens of one meeting, rotated every PER_SENDER commands. */
interface Credentials {
	meetingId: string;
	/** Tokens to send with; [] for "no token". */
	tokens: string[];
	used: number;
}

const t = teardownAll();
let server: TestServer;
const creds = new Map<string, Credentials>();
/** Meeting the outsiders knock on. */
let target: { id: string; organiserToken: string };

const examples = allExamples();
const POOL = Math.ceil((examples.length * TRANSPORTS.length) / PER_SENDER) + 1;

/** Sends an organiser command for setup, waiting out the rate limit; throws unless accepted. */
async function setupCommand(meetingId: string, token: string, command: Record<string, unknown>): Promise<Record<string, any>> {
	for (let attempt = 0; ; attempt++) {
		const r = await postCommand(server.url, meetingId, token, command);
		if (r.json?.ok) return r.json.result ?? {};
		if (r.json?.code !== 'rate_limited' || attempt > 40) throw new Error(`setup ${command.type}: ${r.status} ${r.text}`);
		await sleep(250);
	}
}

async function credentialsFor(actor: ActorKind): Promise<Credentials> {
	if (actor.kind === 'none') return { meetingId: target.id, tokens: [], used: 0 };
	if (actor.kind === 'other-meeting') {
		const other = await createMeeting(server.url);
		return { meetingId: target.id, tokens: [other.organiserToken], used: 0 };
	}
	if (actor.kind === 'revoked') {
		const link = await setupCommand(target.id, target.organiserToken, { type: 'link.create', role: 'organiser' });
		await setupCommand(target.id, target.organiserToken, { type: 'link.revoke', linkId: link.id });
		return { meetingId: target.id, tokens: [link.token], used: 0 };
	}
	if (isOutsider(actor)) throw new Error(`unexpected outsider ${actor.kind}`);
	const role = actor.role;
	const m = await createMeeting(server.url);
	const roomId = role === 'facilitator' ? (await setupCommand(m.id, m.organiserToken, { type: 'room.add', name: 'ルーム1' })).id : undefined;
	const newLink = async () => (await setupCommand(m.id, m.organiserToken, { type: 'link.create', role, ...(roomId ? { roomId } : {}) })).token as string;
	const tokens: string[] = [];
	if (actor.kind === 'bare') for (let i = 0; i < POOL; i++) tokens.push(await newLink());
	else {
		const shared = await newLink();
		for (let i = 0; i < POOL; i++) tokens.push((await setupCommand(m.id, shared, { type: 'member.join', name: `参加者${i}`, organisation: '札幌市' })).token);
	}
	return { meetingId: m.id, tokens, used: 0 };
}

beforeAll(async () => {
	server = t.add(await startTestServer(), (s) => s.stop());
	target = await createMeeting(server.url);
	for (const actor of ACTORS) creds.set(actor.name, await credentialsFor(actor));
});

/** The next token of an actor's pool (undefined for "no token"). */
function nextToken(c: Credentials): string | undefined {
	if (!c.tokens.length) return undefined;
	const token = c.tokens[Math.floor(c.used / PER_SENDER) % c.tokens.length];
	c.used++;
	return token;
}

const sockets = new Map<string, TestSocket>();

/** Connects (once per token) and sends the command; a refused handshake answers its code. */
async function overSocket(meetingId: string, token: string | undefined, command: Record<string, unknown>): Promise<CommandReply> {
	const key = `${meetingId}:${token}`;
	let s = sockets.get(key);
	if (!s) {
		try {
			s = await connectSocket(server.url, { meetingId, token });
		} catch (err) {
			const code = (err as { code?: ErrorCode }).code;
			return { ok: false, code: code ?? ('no code: ' + (err as Error).message) as ErrorCode };
		}
		sockets.set(key, t.add(s, (x) => x.close()));
	}
	return sendCommand(s.socket, command);
}

async function send(transport: Transport, c: Credentials, command: Record<string, unknown>): Promise<{ reply: CommandReply; status?: number }> {
	const token = nextToken(c);
	for (let attempt = 0; ; attempt++) {
		let reply: CommandReply;
		let status: number | undefined;
		if (transport === 'http') {
			const r = token === undefined
				? await postCommand(server.url, c.meetingId, undefined as unknown as string, command).catch(() => null)
				: await postCommand(server.url, c.meetingId, token, command);
			if (!r) throw new Error('http request failed');
			reply = r.json;
			status = r.status;
		} else reply = await overSocket(c.meetingId, token, command);
		// Waiting out a rate limit is not a permission result: retry (the limits stay as they are).
		if (reply && !reply.ok && reply.code === 'rate_limited' && attempt < 40) {
			await sleep(250);
			continue;
		}
		return { reply, status };
	}
}

describe('role × action matrix', () => {
	it('every registered command has a schema-valid example payload', () => {
		expect(examples.map((e) => e.spec.type)).toEqual(REGISTERED.map((s) => s.type));
		for (const { spec, example, error } of examples) {
			expect(error, `${spec.type}: the example generator could not fill it; extend tests/helpers/command-examples.ts`).toBeNull();
			const parsed = spec.schema.safeParse(example);
			expect(parsed.success, `${spec.type}: example ${JSON.stringify(example)} does not pass its schema: ${parsed.error?.issues[0]?.message}`).toBe(true);
		}
	});

	for (const transport of TRANSPORTS) {
		it(`every command × every role over ${transport}`, async () => {
			const failures: string[] = [];
			let cells = 0;
			const tally = { refusedAsExpected: 0, permittedAccepted: 0, permittedRefusedForState: 0 };
			for (const actor of ACTORS) {
				const c = creds.get(actor.name)!;
				for (const { spec, example } of examples) {
					const exp = expectation(spec, actor);
					const { reply, status } = await send(transport, c, example!);
					cells++;
					const why = reply ? mismatch(spec, actor, exp, reply) : 'no reply';
					if (why) failures.push(`${transport} | ${actor.name} | ${spec.type} ${JSON.stringify(example)}: ${why}`);
					else if ('refused' in exp) tally.refusedAsExpected++;
					else if (reply.ok) tally.permittedAccepted++;
					else tally.permittedRefusedForState++;
					// HTTP: the status is the one the refusal code maps to (200 on success).
					if (transport === 'http' && reply) {
						const want = reply.ok ? 200 : ERROR_STATUS[reply.code];
						if (status !== want) failures.push(`http | ${actor.name} | ${spec.type}: status ${status} for ${JSON.stringify(reply)}, expected ${want}`);
					}
				}
			}
			console.log(`role matrix over ${transport}: ${cells} cells (${examples.length} commands × ${ACTORS.length} actors): ${JSON.stringify(tally)}`);
			expect(cells).toBe(REGISTERED.length * ACTORS.length);
			// Both sides of the matrix must be exercised, or the check above proves nothing.
			expect(tally.refusedAsExpected).toBeGreaterThan(0);
			expect(tally.permittedAccepted).toBeGreaterThan(0);
			expect(failures, failures.join('\n')).toEqual([]);
		});
	}
});
