// Page requests: picks the UI language (cookie `lang`, default Japanese) and sets <html lang>.
import type { Handle } from '@sveltejs/kit';

export const handle: Handle = async ({ event, resolve }) => {
	const lang = event.cookies.get('lang') === 'en' ? 'en' : 'ja';
	event.locals.lang = lang;
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};
