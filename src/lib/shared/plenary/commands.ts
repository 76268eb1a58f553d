/** Plenary commands: what the display shows. */
import { z } from 'zod';
import { accept, defineCommand } from '../meeting/command-kit.js';

export const plenaryCommands = [
	defineCommand({
		type: 'plenary.view',
		fields: { view: z.enum(['rooms', 'themes', 'questions', 'summary', 'clock']) },
		roles: ['organiser'],
		summary: 'Chooses what the plenary display shows.',
		decide(_state, cmd) {
			return accept([{ type: 'plenary.viewChanged', view: cmd.view }]);
		}
	})
] as const;
