/**
 * Words of a message file loaded on demand (index.ts → ON_DEMAND_FILES): only the pages that import
 * it download it, and its keys follow the language switch like the main table's.
 */
import { fill, type I18n } from './i18n.svelte';

/** A translator of `table`'s keys in the page's language (Japanese when a word is missing). */
export function wordsOf<K extends string>(i18n: I18n, table: { ja: Record<K, string>; en: Record<K, string> }): (key: K, params?: Record<string, string | number>) => string {
	return (key, params) => fill((i18n.lang === 'en' ? table.en : table.ja)[key] ?? table.ja[key], params);
}
