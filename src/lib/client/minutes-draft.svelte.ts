/**
 * The minutes being edited in the console, per meeting, kept while the console's tabs change (the
 * Minutes tab is unmounted when another tab opens): the text, what it counts as saved against, the
 * query it was generated from and the saved version it is. The console warns before leaving while
 * `edited` is true.
 */
import type { MinutesBasis } from '$lib/shared/minutes/versions';

export class MinutesDraft {
	markdown = $state('');
	/** What the text counts as saved against: the generated text, or the version opened or saved. */
	reference = $state('');
	/** The query the text was generated from (a save records it). */
	basis = $state<MinutesBasis | null>(null);
	/** The saved version in the editor, or null for a freshly generated text. */
	openNo = $state<number | null>(null);
	/** True while the editor holds edits not saved as a version. */
	get edited(): boolean {
		return this.markdown !== this.reference;
	}
}

const drafts = new Map<string, MinutesDraft>();

/** The draft of `meetingId` (one per meeting for the life of the page). */
export function minutesDraft(meetingId: string): MinutesDraft {
	let d = drafts.get(meetingId);
	if (!d) drafts.set(meetingId, (d = new MinutesDraft()));
	return d;
}
