/** UI words of the questions feature. Japanese first; see GLOSSARY.md. */
export const ja = {
	'questions.title': '質問'
};

export const en: Record<keyof typeof ja, string> = {
	'questions.title': 'Questions'
};
