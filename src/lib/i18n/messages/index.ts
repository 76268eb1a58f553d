/** All UI messages, merged from one file per feature (so features can grow their words independently). */
import * as core from './core.js';

export const messages = {
	ja: { ...core.ja },
	en: { ...core.en }
};

export type MessageKey = keyof typeof messages.ja;
export type Lang = keyof typeof messages;
