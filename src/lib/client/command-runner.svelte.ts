/**
 * Sends commands for a control panel: one at a time (`busy` disables buttons meanwhile), and a
 * refusal's code goes to the panel's error handler so the UI can translate it.
 */
import type { Command } from '$lib/shared/meeting/commands';
import type { MeetingSession } from './session.svelte';

export class CommandRunner {
	busy = $state(false);

	constructor(
		private readonly session: MeetingSession,
		private readonly onerror: (code: string) => void
	) {}

	/** Sends `command` right away, even while another is in flight (drag and keyboard moves). */
	send = async (command: Command): Promise<boolean> => {
		const reply = await this.session.send(command);
		if (!reply.ok) this.onerror(reply.code);
		return reply.ok;
	};

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
