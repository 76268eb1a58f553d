/**
 * `decide(state, command, ctx)`: checks permissions and invariants and answers events or a refusal.
 * Pure: the clock, ids and tokens come in through `ctx`.
 */
import { refuse } from '../errors.js';
import { can } from './access.js';
import type { DecideContext, Decision } from './command-kit.js';
import { commandSpec, type Command } from './commands.js';
import type { MeetingState } from './types.js';

/** Decides one already-parsed command. */
export function decide(state: MeetingState, command: Command, ctx: DecideContext): Decision {
	const spec = commandSpec(command.type);
	if (!spec) return refuse('invalid');
	// A server-only command (no role may send it) runs only when the server issues it itself.
	const denied = spec.roles.length === 0 ? (ctx.trusted ? null : 'not_allowed') : can(ctx.actor, command.type);
	if (denied) return refuse(denied);
	return spec.decide(state, command, ctx);
}
