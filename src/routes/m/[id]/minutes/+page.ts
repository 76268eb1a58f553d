// The minutes for the print page, in the UI language (organisers only): the generated minutes, or with `?v=<no>` a saved version.
import { error } from '@sveltejs/kit';
import { listVersions, readVersion } from '$lib/client/minutes-versions';
import type { MinutesModel } from '$lib/shared/minutes/model';
import type { MinutesVersionHead, MinutesVersionRecord } from '$lib/shared/minutes/versions';
import { httpStatusFor, isRefusal, type ErrorCode } from '$lib/shared/errors';
import type { PageLoad } from './$types';

// The API is served beside SvelteKit, not by it: this load runs in the browser only.
export const ssr = false;

/** The language the switch last chose (it keeps it in the `lang` cookie). */
function cookieLang(): 'ja' | 'en' {
	return /(?:^|;\s*)lang=en(?:;|$)/.test(document.cookie) ? 'en' : 'ja';
}

type Loaded = { lang: 'ja' | 'en'; versions: MinutesVersionHead[] } & ({ model: MinutesModel; version: null } | { model: null; version: MinutesVersionRecord });

export const load: PageLoad = async ({ params, url, fetch, depends }): Promise<Loaded> => {
	depends('yoriai:lang');
	const lang = cookieLang();
	const listed = await listVersions(params.id, fetch);
	const versions = isRefusal(listed) ? [] : listed;
	const v = url.searchParams.get('v');
	if (v !== null) {
		const version = await readVersion(params.id, Number(v), fetch);
		if (isRefusal(version)) error(httpStatusFor(version.code as ErrorCode), version.code);
		return { lang, versions, model: null, version };
	}
	// The console's choices (shared only, version, 守秘 included) pass through as they are; the API checks them.
	const choice = new URLSearchParams();
	for (const k of ['shared', 'version', 'confidential']) if (url.searchParams.has(k)) choice.set(k, url.searchParams.get(k)!);
	let res: Response;
	try {
		res = await fetch(`/api/v1/meetings/${params.id}/minutes.json?as=organiser&lang=${lang}&${choice}`, { credentials: 'same-origin' });
	} catch {
		error(503, 'network');
	}
	const body = (await res.json().catch(() => null)) as MinutesModel | { code?: string } | null;
	if (!res.ok) error(res.status, (body as { code?: string } | null)?.code ?? 'internal');
	return { lang, versions, model: body as MinutesModel, version: null };
};
