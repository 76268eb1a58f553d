/**
 * Words of the figures (timeline, rooms' activity, ledger at a glance). Loaded on demand by the pages
 * that draw a figure and by the server's minutes, never merged into the table every page carries
 * (index.ts lists it in ON_DEMAND_FILES).
 */
export const ja = {
	'figure.asTable': '表で見る'
};

export const en: Record<keyof typeof ja, string> = {
	'figure.asTable': 'Show as a table'
};
