/**
 * UI language: Japanese by default, English by the switch. One instance per page tree (context),
 * never a module-level singleton, so server rendering never mixes users.
 */
import { getContext, setContext } from 'svelte';
import type { ErrorCode } from '$lib/shared/errors';
import { messages, type Lang, type MessageKey } from './messages/index';

const KEY = Symbol('i18n');

/** `text` with its `{param}` placeholders filled in (also for message files loaded on demand). */
export function fill(text: string, params: Record<string, string | number> = {}): string {
	return text.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}

export class I18n {
	lang = $state<Lang>('ja');

	constructor(lang: Lang) {
		this.lang = lang;
	}

	/** Message `key` with `{param}` placeholders filled in. */
	t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
		return fill(messages[this.lang][key] ?? messages.ja[key] ?? key, params);
	};

	/** Translated refusal code. */
	error = (code: ErrorCode | 'network' | string): string => {
		const key = `error.${code}` as MessageKey;
		return key in messages.ja ? this.t(key) : this.t('error.internal');
	};

	/** Switches language and remembers it in a cookie. */
	set(lang: Lang) {
		this.lang = lang;
		document.cookie = `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
		document.documentElement.lang = lang;
	}
}

export function provideI18n(lang: Lang): I18n {
	return setContext(KEY, new I18n(lang));
}

export function useI18n(): I18n {
	return getContext<I18n>(KEY);
}
