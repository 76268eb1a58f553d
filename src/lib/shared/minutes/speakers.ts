/**
 * Who said what, as the minutes word it: a person's side (〈自治体〉, as the ministry's own summaries
 * label statements), organisation or name, chosen per meeting; and the 参加者数 wording per category,
 * which a meeting may set (生活困窮者支援機関 for 支援機関, with a note such as 北海道・直営含む).
 */
import type { MeetingInfo, MeetingState, OrgCategory, SpeakerStyle } from '../meeting/types.js';
import { categoryLabel, sideLabel, type MinutesLang } from './labels.js';
import type { MinutesVersion } from './privacy.js';

/** The person behind a member id: a current roster entry, or a removed one (organisation and category kept). */
interface Speaker {
	name: string | null;
	organisation: string;
	category: OrgCategory;
}

function speakerOf(state: Pick<MeetingState, 'members' | 'formerMembers'>, memberId: string | null): Speaker | null {
	if (!memberId) return null;
	const m = state.members[memberId];
	if (m) return { name: m.name, organisation: m.organisation, category: m.category };
	const former = state.formerMembers?.[memberId];
	if (!former) return null;
	const into = former.mergedInto ? state.members[former.mergedInto] : undefined;
	return into ? { name: into.name, organisation: into.organisation, category: into.category } : { name: null, organisation: former.organisation, category: former.category };
}

/** The style the minutes use: the meeting's choice, except that the public version never prints names. */
export function effectiveStyle(meeting: Pick<MeetingInfo, 'speakerStyle'>, version: MinutesVersion): SpeakerStyle {
	const chosen = meeting.speakerStyle ?? 'side';
	return version === 'public' && chosen === 'name' ? 'organisation' : chosen;
}

/**
 * How one member is named in the minutes: 「自治体」 (side), 「千歳市」 (organisation, falling back to
 * the side) or 「藤井 紗季（千歳市）」 (name). Null when the member is unknown.
 */
export function speakerLabel(state: Pick<MeetingState, 'members' | 'formerMembers'>, memberId: string | null, style: SpeakerStyle, lang: MinutesLang): string | null {
	const who = speakerOf(state, memberId);
	if (!who) return null;
	const side = sideLabel(lang, who.category);
	if (style === 'side') return side;
	if (style === 'organisation' || !who.name) return who.organisation || side;
	return who.organisation ? `${who.name}${lang === 'ja' ? `（${who.organisation}）` : ` (${who.organisation})`}` : who.name;
}

/** The 参加者数 wording of a category: the meeting's own label when it set one, else the default. */
export function countLabel(meeting: Pick<MeetingInfo, 'categoryLabels'>, lang: MinutesLang, c: OrgCategory): string {
	return meeting.categoryLabels?.[c] || categoryLabel(lang, c);
}

/** The meeting's qualifier for a category's count (「北海道・直営含む」), or ''. */
export function countNote(meeting: Pick<MeetingInfo, 'categoryNotes'>, c: OrgCategory): string {
	return meeting.categoryNotes?.[c] ?? '';
}
