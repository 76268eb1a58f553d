/**
 * Lines of the minutes' overview and programme that every renderer (Markdown, Word, the print page)
 * writes the same way: a category's count with its note, and a programme item with its notes.
 */
import { label, paren, type MinutesLang } from './labels.js';
import type { MinutesModel, MinutesProgrammeRow } from './model.js';

/** 「自治体 5名（実参加 4名）（北海道・直営含む）」. */
export function countText(lang: MinutesLang, c: MinutesModel['overview']['counts'][number]): string {
	const attended = c.attended === undefined ? '' : paren(lang, label(lang, 'attended', { n: c.attended }));
	return `${c.label} ${label(lang, 'people', { n: c.count })}${attended}${c.note ? paren(lang, c.note) : ''}`;
}

/** 「グループ討議：… 【ブレイクアウトルーム】」: the item's title followed by its notes. */
export function programmeItemText(lang: MinutesLang, r: Pick<MinutesProgrammeRow, 'title' | 'notes'>): string {
	return r.notes ? `${r.title}${lang === 'ja' ? '　' : ' '}${r.notes}` : r.title;
}
