/**
 * The registry of every command, and `parseCommand`, the schema gate every transport calls first.
 */
import type { z } from 'zod';
import { agendaCommands } from '../agenda/commands.js';
import { refuse, type Refusal } from '../errors.js';
import { questionCommands } from '../questions/commands.js';
import { plenaryCommands } from '../plenary/commands.js';
import { privacyCommands } from '../privacy/commands.js';
import { issuePath } from '../schemas.js';
import type { CommandSpec } from './command-kit.js';
import { coreCommands } from './core-commands.js';
import { rosterCommands } from './roster-commands.js';
import { zoomCommands } from '../zoom/commands.js';

export const ALL_COMMANDS = [...coreCommands, ...rosterCommands, ...agendaCommands, ...questionCommands, ...plenaryCommands, ...privacyCommands, ...zoomCommands] as const;

type AnySpec = (typeof ALL_COMMANDS)[number];
/** Every command, as a tagged union on `type`. */
export type Command = z.infer<AnySpec['schema']>;
export type CommandType = AnySpec['type'];

const byType = new Map<string, CommandSpec>(ALL_COMMANDS.map((c) => [c.type, c as unknown as CommandSpec]));

/** The spec of a command type, if there is one. */
export function commandSpec(type: string): CommandSpec | undefined {
	return byType.get(type);
}

/**
 * The schema gate of a command registry: `raw` must be an object whose `type` names a spec that
 * `specOf` knows, and pass that spec's schema. Shared by the meeting's registry and the series'.
 */
export function parseWith<C>(raw: unknown, specOf: (type: string) => { schema: z.ZodType } | undefined): { ok: true; command: C } | Refusal {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse('invalid', 'not an object');
	const type = (raw as { type?: unknown }).type;
	if (typeof type !== 'string') return refuse('invalid', 'type');
	const spec = specOf(type);
	if (!spec) return refuse('invalid', `unknown command ${type.slice(0, 40)}`);
	const parsed = spec.schema.safeParse(raw);
	if (!parsed.success) return refuse('invalid', issuePath(parsed.error));
	return { ok: true, command: parsed.data as C };
}

/** Checks an untrusted payload against its command's schema. Unknown types and fields are refused. */
export function parseCommand(raw: unknown): { ok: true; command: Command } | Refusal {
	return parseWith<Command>(raw, (type) => byType.get(type));
}
