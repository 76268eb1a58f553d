/**
 * The two versions of the minutes. The internal version (内部資料) prints everything but 守秘 rooms
 * and sections, which stand as a 【守秘】 placeholder unless the organiser explicitly includes them.
 * The public version (公開版) leaves 守秘 out entirely and masks every possible piece of personal
 * information (privacy/detect.ts) in the notes, the questions and the summary.
 */
import type { TimelineData } from '../figures/timeline.js';
import type { Outline, OutlineSection } from '../notes/outline-types.js';
import type { MeetingState } from '../meeting/types.js';
import { maskPersonalInfo } from '../privacy/detect.js';
import type { MinutesModel, MinutesQuestion, MinutesSection } from './model.js';

export const MINUTES_VERSIONS = ['internal', 'public'] as const;
export type MinutesVersion = (typeof MINUTES_VERSIONS)[number];

/** What stands where 守秘 notes were left out of the internal version. */
export const CONFIDENTIAL_PLACEHOLDER = '【守秘】';

export interface PrivacyOptions {
	version: MinutesVersion;
	/** Internal version only: print 守秘 rooms and sections instead of the placeholder. */
	includeConfidential: boolean;
}

function placeholder(line: number): OutlineSection {
	return { heading: CONFIDENTIAL_PLACEHOLDER, shared: false, confidential: true, line, items: [] };
}

/** One board's outline as a version of the minutes may print it. */
function boardForVersion(outline: Outline | null | undefined, roomConfidential: boolean, opts: PrivacyOptions): Outline | null {
	if (!outline) return null;
	const keep = opts.version === 'internal' && opts.includeConfidential;
	if (roomConfidential && !keep) return { sections: opts.version === 'public' ? [] : [placeholder(0)] };
	const sections: OutlineSection[] = [];
	for (const s of outline.sections) {
		if (!s.confidential || keep) sections.push(s);
		else if (opts.version === 'internal') sections.push(placeholder(s.line));
	}
	return { sections };
}

/** The boards (by room id) as the chosen version of the minutes may print them. */
export function boardsForVersion(state: MeetingState, outlines: Record<string, Outline | null | undefined>, opts: PrivacyOptions): Record<string, Outline | null> {
	const out: Record<string, Outline | null> = {};
	for (const [roomId, outline] of Object.entries(outlines)) out[roomId] = boardForVersion(outline, !!state.rooms[roomId]?.confidential, opts);
	return out;
}

/** The summary board as the chosen version may print it (its 守秘 sections handled like a room's). */
export function summaryForVersion(outline: Outline | null, opts: PrivacyOptions): Outline | null {
	return boardForVersion(outline, false, opts);
}

function maskSections(sections: MinutesSection[]): MinutesSection[] {
	return sections.map((s) => ({ heading: s.heading === null ? null : maskPersonalInfo(s.heading), items: s.items.map((i) => ({ ...i, text: maskPersonalInfo(i.text) })) }));
}

function maskQuestion(q: MinutesQuestion): MinutesQuestion {
	return { ...q, text: maskPersonalInfo(q.text), answer: q.answer === null ? null : maskPersonalInfo(q.answer), replies: q.replies.map((r) => ({ ...r, text: maskPersonalInfo(r.text) })) };
}

/** The timeline figure's data for the public version: item titles masked (it holds no one's name otherwise). */
export function maskedTimeline(timeline: TimelineData): TimelineData {
	return { ...timeline, items: timeline.items.map((i) => ({ ...i, title: maskPersonalInfo(i.title) })) };
}

/** The model of the public version: every note, question, answer and summary line masked. */
export function maskedModel(model: MinutesModel): MinutesModel {
	return {
		...model,
		rooms: model.rooms.map((r) => ({ ...r, sections: maskSections(r.sections) })),
		questions: {
			toMinistry: model.questions.toMinistry.map((d) => ({ ...d, answered: d.answered.map(maskQuestion), deferred: d.deferred.map(maskQuestion), open: d.open.map(maskQuestion) })),
			fromMinistry: model.questions.fromMinistry.map(maskQuestion)
		},
		roomsIntro: model.roomsIntro.map((l) => maskPersonalInfo(l)),
		timeline: maskedTimeline(model.timeline),
		summary: { ...model.summary, remarks: model.summary.remarks.map((l) => maskPersonalInfo(l)), sections: maskSections(model.summary.sections), themes: model.summary.themes.map((t) => ({ ...t, text: maskPersonalInfo(t.text) })) }
	};
}
