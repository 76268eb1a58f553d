/**
 * Plenary commands: what the display shows (view, spotlight, hidden/pinned items, questions,
 * clock, QR) and the summary's structured fields (next themes with votes, next date, links).
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { accept, acceptChange, defineCommand, type DecideContext } from '../meeting/command-kit.js';
import { BOARD_WRITER_ROLES, isMemberRole, ORGANISER_ONLY, PERSON_ROLES } from '../meeting/roles.js';
import { LIMITS, id, instant, optionalText, text } from '../schemas.js';
import { ITEM_KEY_PATTERN } from './keys.js';
import { DISPLAY_LANGUAGES, PLENARY_VIEWS } from './types.js';

export const SUMMARY_LIMITS = { themes: 50, links: 30, marks: 500, url: 2000, topQuestions: 10 } as const;

const itemKeyField = z.string().max(80).regex(ITEM_KEY_PATTERN);
const httpUrl = z.url({ protocol: /^https?$/ }).max(SUMMARY_LIMITS.url);

/**
 * Who votes: the member, or the organiser's own link when the organiser is not on the roster.
 * A shared link that has not joined yet has no vote of its own (everyone on it would share it).
 */
function voterOf(ctx: DecideContext): string | null {
	if (ctx.actor.memberId) return ctx.actor.memberId;
	return isMemberRole(ctx.actor.role) ? null : `link:${ctx.actor.linkId}`;
}

export const plenaryCommands = [
	defineCommand({
		type: 'plenary.view',
		fields: { view: z.enum(PLENARY_VIEWS) },
		roles: ORGANISER_ONLY,
		summary: 'Chooses what the plenary display shows (rooms, themes, questions, summary, clock, QR).',
		decide(state, cmd) {
			return acceptChange(state.plenary.view, cmd.view, { type: 'plenary.viewChanged', view: cmd.view });
		}
	}),
	defineCommand({
		type: 'plenary.spotlight',
		fields: { roomId: id.nullable() },
		roles: ORGANISER_ONLY,
		errors: ['not_found'],
		summary: 'Shows one room alone on the rooms view (null: every room side by side).',
		decide(state, cmd) {
			if (cmd.roomId && !state.rooms[cmd.roomId]) return refuse('not_found', 'room');
			return accept([{ type: 'plenary.spotlightChanged', roomId: cmd.roomId }]);
		}
	}),
	defineCommand({
		type: 'plenary.item.hide',
		fields: { key: itemKeyField, hidden: z.boolean() },
		roles: ORGANISER_ONLY,
		errors: ['too_large'],
		summary: 'Hides (or shows again) one shared item on the display; hiding also unpins it.',
		decide(state, cmd) {
			if (state.plenary.hidden.includes(cmd.key) === cmd.hidden) return accept([]);
			if (cmd.hidden && state.plenary.hidden.length >= SUMMARY_LIMITS.marks) return refuse('too_large', 'hidden');
			return accept([{ type: 'plenary.itemHidden', key: cmd.key, hidden: cmd.hidden }]);
		}
	}),
	defineCommand({
		type: 'plenary.item.pin',
		fields: { key: itemKeyField, pinned: z.boolean() },
		roles: ORGANISER_ONLY,
		errors: ['too_large'],
		summary: 'Pins (or unpins) one shared item at the top of the display; pinning also unhides it.',
		decide(state, cmd) {
			if (state.plenary.pinned.includes(cmd.key) === cmd.pinned) return accept([]);
			if (cmd.pinned && state.plenary.pinned.length >= SUMMARY_LIMITS.marks) return refuse('too_large', 'pinned');
			return accept([{ type: 'plenary.itemPinned', key: cmd.key, pinned: cmd.pinned }]);
		}
	}),
	defineCommand({
		type: 'plenary.item.clear',
		fields: { key: itemKeyField, cleared: z.boolean() },
		roles: BOARD_WRITER_ROLES,
		errors: ['too_large', 'not_allowed'],
		summary: 'Confirms (or withdraws) that a shared line flagged for possible personal information may reach the display as it is. A facilitator confirms lines of their own room.',
		decide(state, cmd, ctx) {
			if (ctx.actor.role === 'facilitator' && !cmd.key.startsWith(`${ctx.actor.roomId}:`)) return refuse('not_allowed', 'another room');
			const cleared = state.plenary.cleared ?? [];
			if (cleared.includes(cmd.key) === cmd.cleared) return accept([]);
			if (cmd.cleared && cleared.length >= SUMMARY_LIMITS.marks) return refuse('too_large', 'cleared');
			return accept([{ type: 'plenary.itemCleared', key: cmd.key, cleared: cmd.cleared }]);
		}
	}),
	defineCommand({
		type: 'plenary.questions',
		fields: { top: z.number().int().min(1).max(SUMMARY_LIMITS.topQuestions) },
		roles: ORGANISER_ONLY,
		summary: 'Sets how many top questions the display lists and switches it to the questions view.',
		decide(state, cmd) {
			const events = [];
			if (state.plenary.topQuestions !== cmd.top) events.push({ type: 'plenary.topQuestionsChanged' as const, count: cmd.top });
			if (state.plenary.view !== 'questions') events.push({ type: 'plenary.viewChanged' as const, view: 'questions' as const });
			return accept(events);
		}
	}),
	defineCommand({
		type: 'plenary.clock',
		fields: { show: z.boolean() },
		roles: ORGANISER_ONLY,
		summary: 'Shows or hides the small clock in the corner of the display.',
		decide(state, cmd) {
			return acceptChange(state.plenary.showClock, cmd.show, { type: 'plenary.clockShown', show: cmd.show });
		}
	}),
	defineCommand({
		type: 'plenary.qr',
		fields: { linkId: id.nullable() },
		roles: ORGANISER_ONLY,
		errors: ['not_found'],
		summary: 'Shows the join QR code of a participant or ministry link on the display (null: none).',
		decide(state, cmd) {
			if (cmd.linkId) {
				const link = state.links[cmd.linkId];
				if (!link || link.revoked || (link.role !== 'participant' && link.role !== 'ministry')) return refuse('not_found', 'link');
			}
			return accept([{ type: 'plenary.qrChanged', linkId: cmd.linkId }]);
		}
	}),
	defineCommand({
		type: 'plenary.language',
		fields: { language: z.enum(DISPLAY_LANGUAGES) },
		roles: ORGANISER_ONLY,
		summary: 'Sets the display’s language (ja, en): the projected screen follows the meeting, not the projector’s browser.',
		decide(state, cmd) {
			return (state.plenary.language ?? 'ja') === cmd.language ? accept([]) : accept([{ type: 'plenary.languageChanged', language: cmd.language }]);
		}
	}),
	defineCommand({
		type: 'summary.theme.add',
		fields: { text: text(LIMITS.short) },
		roles: PERSON_ROLES,
		errors: ['join_required', 'too_large', 'already_exists'],
		summary: 'Proposes a theme for the next meeting; the proposer’s vote is counted.',
		returns: '`id` (theme)',
		decide(state, cmd, ctx) {
			const voter = voterOf(ctx);
			if (!voter) return refuse('join_required');
			const themes = Object.values(state.plenary.summary.themes);
			if (themes.length >= SUMMARY_LIMITS.themes) return refuse('too_large', 'themes');
			const same = themes.find((t) => t.text.normalize('NFKC') === cmd.text.normalize('NFKC'));
			if (same) return refuse('already_exists', same.id);
			const theme = { id: ctx.newId(), text: cmd.text, votes: [voter], proposedBy: voter, createdAt: ctx.now };
			return accept([{ type: 'summary.themeAdded', theme }], { id: theme.id });
		}
	}),
	defineCommand({
		type: 'summary.theme.edit',
		fields: { id, text: text(LIMITS.short) },
		roles: ORGANISER_ONLY,
		errors: ['not_found'],
		summary: 'Rewords a proposed theme (organisers).',
		decide(state, cmd) {
			if (!state.plenary.summary.themes[cmd.id]) return refuse('not_found');
			return accept([{ type: 'summary.themeEdited', id: cmd.id, text: cmd.text }]);
		}
	}),
	defineCommand({
		type: 'summary.theme.remove',
		fields: { id },
		roles: PERSON_ROLES,
		errors: ['not_found', 'not_allowed'],
		summary: 'Removes a proposed theme (organisers, or whoever proposed it).',
		decide(state, cmd, ctx) {
			const theme = state.plenary.summary.themes[cmd.id];
			if (!theme) return refuse('not_found');
			if (ctx.actor.role !== 'organiser' && theme.proposedBy !== voterOf(ctx)) return refuse('not_allowed');
			return accept([{ type: 'summary.themeRemoved', id: cmd.id }]);
		}
	}),
	defineCommand({
		type: 'summary.theme.vote',
		fields: { id },
		roles: PERSON_ROLES,
		errors: ['not_found', 'join_required', 'already_voted'],
		summary: 'Upvotes a proposed theme (one vote per person and theme).',
		decide(state, cmd, ctx) {
			const theme = state.plenary.summary.themes[cmd.id];
			if (!theme) return refuse('not_found');
			const voter = voterOf(ctx);
			if (!voter) return refuse('join_required');
			if (theme.votes.includes(voter)) return refuse('already_voted');
			return accept([{ type: 'summary.themeVoted', id: cmd.id, voter }]);
		}
	}),
	defineCommand({
		type: 'summary.theme.unvote',
		fields: { id },
		roles: PERSON_ROLES,
		errors: ['not_found', 'join_required', 'not_voted'],
		summary: 'Takes back one’s vote on a theme.',
		decide(state, cmd, ctx) {
			const theme = state.plenary.summary.themes[cmd.id];
			if (!theme) return refuse('not_found');
			const voter = voterOf(ctx);
			if (!voter) return refuse('join_required');
			if (!theme.votes.includes(voter)) return refuse('not_voted');
			return accept([{ type: 'summary.themeUnvoted', id: cmd.id, voter }]);
		}
	}),
	defineCommand({
		type: 'summary.nextDate.set',
		fields: { startsAt: instant.nullable(), endsAt: instant.nullable().default(null), tentative: optionalText(LIMITS.short).default('') },
		roles: ORGANISER_ONLY,
		summary: 'Sets the next meeting’s date and time, or a tentative phrase such as 「7月中旬予定」 (all empty: unset).',
		decide(_state, cmd) {
			if (cmd.endsAt && !cmd.startsAt) return refuse('invalid', 'endsAt without startsAt');
			if (cmd.startsAt && cmd.endsAt && Date.parse(cmd.endsAt) <= Date.parse(cmd.startsAt)) return refuse('invalid', 'endsAt before startsAt');
			return accept([{ type: 'summary.nextDateSet', nextDate: { startsAt: cmd.startsAt, endsAt: cmd.endsAt, tentative: cmd.tentative } }]);
		}
	}),
	defineCommand({
		type: 'summary.link.add',
		fields: { title: optionalText(LIMITS.short).default(''), url: httpUrl },
		roles: ORGANISER_ONLY,
		errors: ['too_large'],
		summary: 'Adds a shared link (http or https) to the summary.',
		returns: '`id` (link)',
		decide(state, cmd, ctx) {
			if (Object.keys(state.plenary.summary.links).length >= SUMMARY_LIMITS.links) return refuse('too_large', 'links');
			const link = { id: ctx.newId(), title: cmd.title, url: cmd.url, createdAt: ctx.now };
			return accept([{ type: 'summary.linkAdded', link }], { id: link.id });
		}
	}),
	defineCommand({
		type: 'summary.link.remove',
		fields: { id },
		roles: ORGANISER_ONLY,
		errors: ['not_found'],
		summary: 'Removes a shared link from the summary.',
		decide(state, cmd) {
			if (!state.plenary.summary.links[cmd.id]) return refuse('not_found');
			return accept([{ type: 'summary.linkRemoved', id: cmd.id }]);
		}
	})
] as const;
