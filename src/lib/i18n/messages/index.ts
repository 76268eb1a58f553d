/** All UI messages, merged from one file per feature (so features can grow their words independently). */
import * as core from './core.js';
import * as agenda from './agenda.js';
import * as questions from './questions.js';
import * as notes from './notes.js';
import * as plenary from './plenary.js';
import * as roster from './roster.js';
import * as zoom from './zoom.js';

export const messages = {
	ja: { ...core.ja, ...agenda.ja, ...questions.ja, ...notes.ja, ...plenary.ja, ...roster.ja, ...zoom.ja },
	en: { ...core.en, ...agenda.en, ...questions.en, ...notes.en, ...plenary.en, ...roster.en, ...zoom.en }
};

export type MessageKey = keyof typeof messages.ja;
export type Lang = keyof typeof messages;
