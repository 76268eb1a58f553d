/**
 * How figure models get their words: a translator over an on-demand message file (each figure has its
 * own, e.g. src/lib/i18n/messages/figures-timeline.ts), passed in by the caller — the page's language in
 * the browser, Japanese in the minutes — so the models stay pure.
 */

/** Translates a key of one figure's message file, filling `{param}` placeholders. */
export type FigureWords<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/** A translator over `table` in `lang`, filling `{param}` placeholders (Japanese when a word is missing). */
export function figureWords<K extends string>(table: { ja: Record<K, string>; en: Record<K, string> }, lang: 'ja' | 'en'): FigureWords<K> {
	return (key, params = {}) =>
		(table[lang][key] ?? table.ja[key]).replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}
