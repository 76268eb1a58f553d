/**
 * How figure models get their words: a translator over the on-demand figure message file, passed in
 * by the caller (the page's language in the browser, Japanese in the minutes), so the models stay pure.
 */
import type { ja } from '../../i18n/messages/figures.js';

export type FigureWordKey = keyof typeof ja;
export type FigureWords = (key: FigureWordKey, params?: Record<string, string | number>) => string;

/** A translator over `table` in `lang`, filling `{param}` placeholders (Japanese when a word is missing). */
export function figureWords(table: { ja: Record<FigureWordKey, string>; en: Record<FigureWordKey, string> }, lang: 'ja' | 'en'): FigureWords {
	return (key, params = {}) =>
		(table[lang][key] ?? table.ja[key]).replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}
