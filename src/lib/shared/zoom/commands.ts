/** The attendance command: recording actual attendance (from Zoom's participant report, after review). */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { id, LIMITS } from '../schemas.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import { presence, reportSource } from './participants.js';

export const zoomCommands = [
	defineCommand({
		type: 'attendance.record',
		fields: {
			source: reportSource,
			present: z.array(z.object({ memberId: id, ...presence }).strict()).max(5000),
			unmatched: z.array(z.object({ name: z.string().max(LIMITS.short), email: z.string().max(LIMITS.short), ...presence }).strict()).max(5000)
		},
		roles: ORGANISER_ONLY,
		summary:
			'Records actual attendance (minutes and connections per roster entry, and who matched nobody), replacing the one before; shown in the console and the minutes. `POST …/zoom/participants` builds it from Zoom’s participant report.',
		returns: '`present`, `unmatched` (counts of people)',
		errors: ['not_found'],
		decide(state, { source, present, unmatched }, ctx) {
			if (present.some((p) => !state.members[p.memberId])) return refuse('not_found', 'memberId');
			const byMember: Record<string, { minutes: number; joins: number }> = {};
			for (const p of present) {
				const had = byMember[p.memberId] ?? { minutes: 0, joins: 0 };
				byMember[p.memberId] = { minutes: had.minutes + p.minutes, joins: had.joins + p.joins };
			}
			return accept([{ type: 'attendance.recorded', attendance: { source, present: byMember, unmatched, recordedAt: ctx.now } }], {
				present: Object.keys(byMember).length,
				unmatched: unmatched.length
			});
		}
	})
] as const;
