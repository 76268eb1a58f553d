/** UI words of the agenda feature. Japanese first; see GLOSSARY.md. */
export const ja = {
	'agenda.title': '次第'
};

export const en: Record<keyof typeof ja, string> = {
	'agenda.title': 'Agenda'
};
