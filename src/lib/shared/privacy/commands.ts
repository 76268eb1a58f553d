/**
 * Privacy commands: the organiser's retention setting, and the audit entries only the server
 * itself records (an export served, a purge done) — no link may send those.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { accept, acceptChange, defineCommand } from '../meeting/command-kit.js';
import { ORGANISER_ONLY, SERVER_ONLY } from '../meeting/roles.js';
import { AUDITED_EXPORTS } from './types.js';

/** Longest retention an organiser can choose: ten years. */
export const MAX_RETENTION_DAYS = 3650;

export const privacyCommands = [
	defineCommand({
		type: 'privacy.retention',
		fields: { days: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable() },
		roles: ORGANISER_ONLY,
		summary: 'Purges the board text `days` after the meeting ends (null: keep it, the default). Minutes already exported are not touched. Refused once the boards are purged.',
		errors: ['wrong_state'],
		decide(state, { days }) {
			if (state.privacy.purgedAt !== null) return refuse('wrong_state', 'already purged');
			return acceptChange(state.privacy.retentionDays, days, { type: 'privacy.retentionSet', days });
		}
	}),
	defineCommand({
		type: 'privacy.recordExport',
		fields: { what: z.enum(AUDITED_EXPORTS), version: z.enum(['internal', 'public']), includedConfidential: z.boolean() },
		roles: SERVER_ONLY,
		summary: 'Server only: records in the audit trail that the minutes were exported, which version, by whom.',
		decide(state, cmd, ctx) {
			const member = ctx.actor.memberId ? state.members[ctx.actor.memberId] : null;
			const by = member?.name ?? ctx.actor.role;
			return accept([{ type: 'privacy.exported', what: cmd.what, version: cmd.version, includedConfidential: cmd.includedConfidential, by }]);
		}
	}),
	defineCommand({
		type: 'privacy.recordPurge',
		fields: { boards: z.number().int().min(0).max(10_000) },
		roles: SERVER_ONLY,
		summary: 'Server only: records that the retention job purged the meeting’s boards.',
		decide(_state, { boards }) {
			return accept([{ type: 'privacy.purged', boards }]);
		}
	})
];
