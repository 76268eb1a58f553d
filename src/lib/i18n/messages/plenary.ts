/** UI words of the plenary feature. Japanese first; see GLOSSARY.md. */
export const ja = {
	'plenary.title': '全体共有'
};

export const en: Record<keyof typeof ja, string> = {
	'plenary.title': 'Plenary'
};
