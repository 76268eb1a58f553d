// SvelteKit configuration: adapter-node build, served by server/index.ts together with the realtime endpoints.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				// Framed by the Zoom client (its web client and app pages on zoom.us) and no one else; the
				// desktop client's embedded browser opens the Zoom App's home URL top-level. README → Zoom App.
				'frame-ancestors': ['https://zoom.us', 'https://*.zoom.us'],
				'form-action': ['self']
			}
		}
	}
};
