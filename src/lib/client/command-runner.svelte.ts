/**
 * Sends commands from a component: one at a time (`busy` disables buttons meanwhile), and a
 * refusal's code goes to an error handler (the page's notices unless the component shows it itself).
 */
import type { Command } from '$lib/shared/meeting/commands';
import type { CommandReply } from '$lib/shared/protocol';
import { useMeeting } from './live-meeting';
import { useNotices } from './notices.svelte';

export class CommandRunner {
	busy = $state(false);

	constructor(
		private readonly target: { send(command: Command): Promise<CommandReply> },
		private readonly onerror: (code: string) => void
	) {}

	/** Sends `command` right away and answers the reply (refusals are reported too). */
	reply = async (command: Command): Promise<CommandReply> => {
		const reply = await this.target.send(command);
		if (!reply.ok) this.onerror(reply.code);
		return reply;
	};

	/** Sends `command` right away, even while another is in flight (drag and keyboard moves). */
	send = async (command: Command): Promise<boolean> => (await this.reply(command)).ok;

	/** Sends `command` unless another is in flight; resolves true when the server accepted it. */
	run = async (command: Command): Promise<boolean> => {
		if (this.busy) return false;
		this.busy = true;
		try {
			return await this.send(command);
		} finally {
			this.busy = false;
		}
	};
}

/** A runner for the enclosing meeting; refusals go to `onerror`, by default the page's notices. */
export function useCommands(onerror?: (code: string) => void): CommandRunner {
	return new CommandRunner(useMeeting(), onerror ?? useNotices().error);
}
