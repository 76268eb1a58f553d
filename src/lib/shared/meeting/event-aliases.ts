/**
 * Event types renamed since logs were first stored: old name → today's name. Stored logs are never
 * rewritten; an event is read under today's name by `normaliseEvent`, which `reduce`, `visibleEvent`
 * and `personalAudience` call first, so the server (loading, catching up) and browser replicas need
 * no step of their own. Never remove an entry: a log written before a rename may be read at any time.
 *
 * Issue 10 settled one naming style, `<slice>.<camelCase past tense>` (`plenary.itemHidden`,
 * `summary.themeVoted`), and renamed the three snake_case question events.
 */
import type { LoggedEvent } from './events.js';
import type { EventType } from './slices.js';

export const EVENT_ALIASES = {
	'question.status_changed': 'question.statusChanged',
	'question.reply_hidden': 'question.replyHidden',
	'question.moderation_set': 'question.moderationSet'
} as const satisfies Record<string, EventType>;

/** An old name must never be a current one (it would rename a current event). */
type AliasShadowsCurrentType = Extract<keyof typeof EVENT_ALIASES, EventType>;
const noAliasShadows: [AliasShadowsCurrentType] extends [never] ? true : AliasShadowsCurrentType = true;
void noAliasShadows;

const aliases = new Map<string, EventType>(Object.entries(EVENT_ALIASES));

/** Today's name for an event type read from a log (the name itself when it was never renamed). */
export function currentEventType(type: string): string {
	return aliases.get(type) ?? type;
}

/**
 * A logged event under today's names: the same object when nothing was renamed, else a copy.
 * Call it on events read from a store or received from an older peer before matching on their type.
 */
export function normaliseEvent(logged: LoggedEvent): LoggedEvent {
	const type = aliases.get(logged.event.type);
	return type ? { ...logged, event: { ...logged.event, type } as LoggedEvent['event'] } : logged;
}
