/** All UI messages, merged from one file per feature (so features can grow their words independently). */
import * as core from './core.js';
import * as agenda from './agenda.js';
import * as questions from './questions.js';
import * as notes from './notes.js';
import * as plenary from './plenary.js';
import * as privacy from './privacy.js';
import * as time from './time.js';
import * as links from './links.js';
import * as display from './display.js';
import * as roster from './roster.js';
import * as zoom from './zoom.js';
import * as report from './report.js';
import * as series from './series.js';

export const messages = {
	ja: { ...core.ja, ...agenda.ja, ...questions.ja, ...notes.ja, ...plenary.ja, ...privacy.ja, ...time.ja, ...links.ja, ...display.ja, ...roster.ja, ...zoom.ja, ...report.ja, ...series.ja },
	en: { ...core.en, ...agenda.en, ...questions.en, ...notes.en, ...plenary.en, ...privacy.en, ...time.en, ...links.en, ...display.en, ...roster.en, ...zoom.en, ...report.en, ...series.en }
};

export type MessageKey = keyof typeof messages.ja;
export type Lang = keyof typeof messages;

/** Message files loaded only by the pages that need them (not in the table above, so other pages never download them). */
export const ON_DEMAND_FILES = ['zoom-app.ts', 'zoom-settings.ts', 'figures.ts', 'figures-timeline.ts', 'figures-rooms.ts', 'figures-ledger.ts', 'series-create.ts'];
