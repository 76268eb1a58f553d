// Which role opens the board: `?as=<role>`, else the role this browser's session cookie resolves to.
import { error } from '@sveltejs/kit';
import { ROLES, type Role } from '$lib/shared/meeting/types';
import type { PageLoad } from './$types';

// The API is served beside SvelteKit, not by it: this load runs in the browser only.
export const ssr = false;

export const load: PageLoad = async ({ params, url, fetch }) => {
	const as = url.searchParams.get('as');
	if (as && (ROLES as readonly string[]).includes(as)) return { role: as as Role };
	let res: Response;
	try {
		res = await fetch(`/api/v1/meetings/${params.id}`, { credentials: 'same-origin' });
	} catch {
		return { role: 'facilitator' as Role };
	}
	if (res.status === 404) error(404, 'not_found');
	// Without a session for this meeting (401), the facilitator page says that the link is needed.
	const view = res.ok ? ((await res.json()) as { me?: { role?: Role } }) : null;
	return { role: view?.me?.role ?? ('facilitator' as Role) };
};
