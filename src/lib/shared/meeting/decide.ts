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
	const denied = can(ctx.actor, command.type);
	if (denied) return refuse(denied);
	const spec = commandSpec(command.type);
	if (!spec) return refuse('invalid');
	return spec.decide(state, command, ctx);
}
