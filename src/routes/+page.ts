// The landing page asks the server whether creating a meeting needs the admin token.
import type { PageLoad } from './$types';

// The API is served beside SvelteKit, not by it: this load runs in the browser only.
export const ssr = false;

export const load: PageLoad = async ({ fetch }) => {
	try {
		const res = await fetch('/api/v1/config');
		const config = (await res.json()) as { adminTokenRequired?: boolean };
		return { adminRequired: Boolean(config.adminTokenRequired) };
	} catch {
		// Unknown: offer the plain form; the server still refuses without the token.
		return { adminRequired: false };
	}
};
