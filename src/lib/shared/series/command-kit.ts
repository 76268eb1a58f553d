/**
 * Series commands in the shape of the meeting's (meeting/command-kit.ts): a schema, the series
 * roles that may send it, and a pure `decide` over the series state and its current ledger.
 */
import { z } from 'zod';
import { refuse, type ErrorCode, type Refusal } from '../errors.js';
import { parseWith } from '../meeting/commands.js';
import type { Ledger } from '../ledger/types.js';
import type { SeriesActor, SeriesEvent, SeriesRole, SeriesState } from './types.js';

export interface SeriesDecideContext {
	actor: SeriesActor;
	now: number;
	/** The series' ledger as it stands (what rows exist, what each holds). */
	ledger: Ledger;
	/** Set when the server itself issues the command: only then may a server-only command run. */
	trusted?: boolean;
}

export type SeriesDecision = { ok: true; events: SeriesEvent[]; result?: Record<string, unknown> } | Refusal;

export interface SeriesCommandSpec<T extends string = string, S extends z.ZodType = z.ZodType> {
	type: T;
	schema: S;
	/** Series roles that may send it; none = the server only. */
	roles: readonly SeriesRole[];
	summary: string;
	errors: readonly ErrorCode[];
	returns: string;
	decide(state: SeriesState, command: z.infer<S>, ctx: SeriesDecideContext): SeriesDecision;
}

/** Declares one series command; `fields` is the payload without `type`; unknown fields are refused. */
export function defineSeriesCommand<T extends string, F extends z.ZodRawShape>(def: {
	type: T;
	fields: F;
	roles: readonly SeriesRole[];
	summary: string;
	errors?: readonly ErrorCode[];
	returns?: string;
	decide(state: SeriesState, command: z.infer<z.ZodObject<F & { type: z.ZodLiteral<T> }>>, ctx: SeriesDecideContext): SeriesDecision;
}): SeriesCommandSpec<T, z.ZodObject<F & { type: z.ZodLiteral<T> }, z.core.$strict>> {
	const schema = z.object({ ...def.fields, type: z.literal(def.type) }).strict();
	return { type: def.type, schema: schema as never, roles: def.roles, summary: def.summary, errors: def.errors ?? [], returns: def.returns ?? '—', decide: def.decide as never };
}

/** Accepts with events and an optional result. */
export function acceptSeries(events: SeriesEvent[], result?: Record<string, unknown>): SeriesDecision {
	return { ok: true, events, ...(result ? { result } : {}) };
}

/** A registry of series commands: parse (the schema gate) and decide (role check, then the spec's decide). */
export function seriesRegistry<const Specs extends readonly SeriesCommandSpec[]>(specs: Specs) {
	const byType = new Map<string, SeriesCommandSpec>(specs.map((s) => [s.type, s]));
	type Command = z.infer<Specs[number]['schema']> & { type: string };
	return {
		specs,
		parse(raw: unknown): { ok: true; command: Command } | Refusal {
			return parseWith<Command>(raw, (type) => byType.get(type));
		},
		decide(state: SeriesState, command: Command, ctx: SeriesDecideContext): SeriesDecision {
			const spec = byType.get(command.type);
			if (!spec) return refuse('invalid');
			const allowed = spec.roles.length === 0 ? !!ctx.trusted : spec.roles.includes(ctx.actor.role);
			if (!allowed) return refuse('not_allowed');
			return spec.decide(state, command, ctx);
		}
	};
}
