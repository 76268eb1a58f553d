// The series' ledger page: who this browser is for the series (its session cookie, or `?meeting=` a meeting's), and the ledger it may see.
import { error } from '@sveltejs/kit';
import type { Ledger } from '$lib/shared/ledger/types';
import type { PageLoad } from './$types';

// The API is served beside SvelteKit, not by it: this load runs in the browser only.
export const ssr = false;

export interface SeriesView {
	id: string;
	title: string;
	access: 'organiser' | 'ministry' | 'member';
	viewerMeetingId: string | null;
	meetings: { meetingId: string; title: string; startsAt: string; region: string | null }[];
}

export const load: PageLoad = async ({ params, url, fetch, depends }) => {
	depends('yoriai:ledger');
	const meeting = url.searchParams.get('meeting');
	const q = meeting ? `?meeting=${encodeURIComponent(meeting)}` : '';
	const get = async <T,>(path: string): Promise<T> => {
		let res: Response;
		try {
			res = await fetch(`/api/v1/series/${encodeURIComponent(params.id)}${path}${q}`, { credentials: 'same-origin' });
		} catch {
			error(503, 'network');
		}
		const body = await res.json().catch(() => null);
		if (!res.ok) error(res.status, body?.code ?? 'internal');
		return body as T;
	};
	const view = await get<SeriesView>('');
	const { ledger, now } = await get<{ ledger: Ledger; now: number }>('/ledger.json');
	return { view, ledger, now, meeting, initialTab: url.searchParams.get('view') === 'ministry' && view.access !== 'member' ? 'ministry' : 'ledger' };
};
