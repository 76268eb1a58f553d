/**
 * The shape of a command definition: its schema, who may send it, and its pure `decide`.
 * Every slice (core, agenda, questions, …) lists its commands with `defineCommand`.
 */
import { z } from 'zod';
import type { ErrorCode, Refusal } from '../errors.js';
import type { MeetingEvent } from './events.js';
import type { Actor, MeetingState, Role } from './types.js';

/** A token the server must store (hashed) before the events are appended. */
export interface TokenGrant {
	token: string;
	role: Role;
	linkId: string;
	roomId: string | null;
	memberId: string | null;
}

/** What `decide` may use besides the state: the actor, the server's clock and id sources. */
export interface DecideContext {
	actor: Actor;
	now: number;
	newId(): string;
	/** Token for a new link: shared roles get a token the server can re-derive to show the link again. */
	linkToken(linkId: string, role: Role): string;
	/** A fresh random token (member sessions). */
	newToken(): string;
	/** Set when the server itself issues the command (`executeTrusted`): only then may a `SERVER_ONLY` command run. */
	trusted?: boolean;
}

export type Accepted = {
	ok: true;
	events: MeetingEvent[];
	result?: Record<string, unknown>;
	grants?: TokenGrant[];
};
export type Decision = Accepted | Refusal;

export interface CommandSpec<T extends string = string, S extends z.ZodType = z.ZodType> {
	type: T;
	schema: S;
	/** Roles that may send it (checked before `decide`). */
	roles: readonly Role[];
	/** True when the sender must be a joined member (a bare shared link is not enough). */
	needsMember: boolean;
	/** One line for the command reference. */
	summary: string;
	/** Codes `decide` can answer besides the generic ones (invalid, unauthorized, not_allowed). */
	errors: readonly ErrorCode[];
	/** Fields of `result` on success, for the command reference. */
	returns: string;
	decide(state: MeetingState, command: z.infer<S>, ctx: DecideContext): Decision;
}

/**
 * Declares one command. `fields` is the payload without `type`; unknown fields are refused.
 */
export function defineCommand<T extends string, F extends z.ZodRawShape>(def: {
	type: T;
	fields: F;
	roles: readonly Role[];
	needsMember?: boolean;
	summary: string;
	errors?: readonly ErrorCode[];
	returns?: string;
	decide(state: MeetingState, command: z.infer<z.ZodObject<F & { type: z.ZodLiteral<T> }>>, ctx: DecideContext): Decision;
}): CommandSpec<T, z.ZodObject<F & { type: z.ZodLiteral<T> }, z.core.$strict>> {
	const schema = z.object({ ...def.fields, type: z.literal(def.type) }).strict();
	return {
		type: def.type,
		schema: schema as never,
		roles: def.roles,
		needsMember: def.needsMember ?? false,
		summary: def.summary,
		errors: def.errors ?? [],
		returns: def.returns ?? '—',
		decide: def.decide as never
	};
}

/** A setting's change: accepts `event` when `next` differs from `current`, else accepts with no events. */
export function acceptChange(current: unknown, next: unknown, event: MeetingEvent): Accepted {
	return accept(current === next ? [] : [event]);
}

/** Accepts with events and an optional result. */
export function accept(events: MeetingEvent[], result?: Record<string, unknown>, grants?: TokenGrant[]): Accepted {
	return { ok: true, events, ...(result ? { result } : {}), ...(grants ? { grants } : {}) };
}
