/** Events of the plenary slice (display control) and of the summary's structured fields. */
import type { DisplayLanguage, NextDate, NextTheme, PlenaryView, SharedLink } from './types.js';

export type PlenaryEvent =
	| { type: 'plenary.viewChanged'; view: PlenaryView }
	| { type: 'plenary.spotlightChanged'; roomId: string | null }
	| { type: 'plenary.itemHidden'; key: string; hidden: boolean }
	| { type: 'plenary.itemPinned'; key: string; pinned: boolean }
	| { type: 'plenary.itemCleared'; key: string; cleared: boolean }
	| { type: 'plenary.topQuestionsChanged'; count: number }
	| { type: 'plenary.clockShown'; show: boolean }
	| { type: 'plenary.qrChanged'; linkId: string | null }
	/** The display's language (it follows the meeting, not the projector's browser). */
	| { type: 'plenary.languageChanged'; language: DisplayLanguage }
	| { type: 'summary.themeAdded'; theme: NextTheme }
	| { type: 'summary.themeEdited'; id: string; text: string }
	| { type: 'summary.themeRemoved'; id: string }
	| { type: 'summary.themeVoted'; id: string; voter: string }
	| { type: 'summary.themeUnvoted'; id: string; voter: string }
	| { type: 'summary.nextDateSet'; nextDate: NextDate }
	| { type: 'summary.linkAdded'; link: SharedLink }
	| { type: 'summary.linkRemoved'; id: string };
