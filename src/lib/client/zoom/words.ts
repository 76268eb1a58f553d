/** The side panel's words (messages/zoom-app.ts, loaded with the panel) in the page's language. */
import { fill, type I18n } from '$lib/i18n/i18n.svelte';
import { en, ja, type ZoomAppKey } from '$lib/i18n/messages/zoom-app';

/** A translator of the panel's keys that follows the language switch. */
export function zoomWords(i18n: I18n): (key: ZoomAppKey, params?: Record<string, string | number>) => string {
	return (key, params) => fill((i18n.lang === 'en' ? en : ja)[key], params);
}
