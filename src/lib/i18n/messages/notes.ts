/** UI words of the notes feature. Japanese first; see GLOSSARY.md. */
export const ja = {
	'notes.title': '記録ボード'
};

export const en: Record<keyof typeof ja, string> = {
	'notes.title': 'Notes'
};
