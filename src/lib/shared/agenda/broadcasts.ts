/**
 * How long a broadcast stays on a screen: the organiser picks (30 s to 10 min); without a choice the
 * projected display shows it one minute (it is read in the room at once) and people's own screens
 * ten minutes (so someone who reconnects still sees what they missed). Pure: the clock comes in.
 */
import type { Role } from '../meeting/types.js';
import type { Broadcast } from './types.js';

/** The durations the organiser picks from, in seconds. */
export const BROADCAST_SHOW_CHOICES = [30, 60, 180, 300, 600] as const;
export const MIN_SHOW_SECONDS = 10;
export const MAX_SHOW_SECONDS = 3600;

/** Defaults when the organiser did not choose. */
export const DEFAULT_SHOW_SECONDS = { display: 60, person: 600 } as const;

/** Server time until which `role`'s screens show `b`. */
export function broadcastShownUntil(b: Pick<Broadcast, 'at' | 'showSeconds'>, role: Role): number {
	const seconds = b.showSeconds ?? (role === 'display' ? DEFAULT_SHOW_SECONDS.display : DEFAULT_SHOW_SECONDS.person);
	return b.at + seconds * 1000;
}

/** True while `b` is still shown to `role` at server time `now` (from the moment it arrives). */
export function broadcastShown(b: Pick<Broadcast, 'at' | 'showSeconds'>, role: Role, now: number): boolean {
	return now < broadcastShownUntil(b, role);
}
