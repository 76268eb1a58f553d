/** The plenary slice: what the display shows, and the summary's structured fields. */
export interface PlenaryState {
	view: 'rooms' | 'themes' | 'questions' | 'summary' | 'clock';
}

export function emptyPlenary(): PlenaryState {
	return { view: 'rooms' };
}
