/**
 * Saved versions of the minutes over HTTP (src/lib/shared/minutes/versions.ts has the rules):
 *   GET  /api/v1/meetings/:id/minutes/versions              → { versions: heads } the caller may read
 *   POST /api/v1/meetings/:id/minutes/versions              { text, basis } → 201 { ok, version, text } (a draft)
 *   GET  /api/v1/meetings/:id/minutes/versions/:no          → the version with its text and the generated text
 *   POST /api/v1/meetings/:id/minutes/versions/:no/finalise → { ok, version } (確定; once)
 * A save regenerates the minutes of its basis on the server (what the diff compares with) and
 * passes the edited text through the privacy gate; it is acknowledged once the store has it.
 * The minutes routes render a version with `?v=<no>` (server/minutes/routes.ts).
 */
import type { ServerResponse } from 'node:http';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import {
	gateEditedText,
	MAX_VERSION_BODY_BYTES,
	MAX_VERSIONS,
	mayReadVersion,
	saveVersionBody,
	versionParam,
	VERSION_EDITOR_ROLES,
	MINUTES_READER_ROLES,
	type MinutesVersionRecord
} from '../../src/lib/shared/minutes/versions.js';
import { issuePath } from '../../src/lib/shared/schemas.js';
import type { Authenticated } from '../http/api.js';
import { readJson, sendJson, sendRefusal } from '../http/io.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import type { Store } from '../storage/types.js';
import { minutesOf, type MinutesRouteDeps } from './routes.js';

export interface VersionRouteDeps extends Pick<MinutesRouteDeps, 'boards' | 'parse' | 'now'> {
	store: Pick<Store, 'addMinutesVersion' | 'listMinutesVersions' | 'readMinutesVersion' | 'finaliseMinutesVersion'>;
}

/** Who did it, as a version records it: the member's name, else the role. */
function whoLabel(who: Authenticated): string {
	const member = who.actor.memberId ? who.state.members[who.actor.memberId] : undefined;
	return member?.name ?? who.actor.role;
}

/**
 * Version `raw` (a `?v=` or path value) of the caller's meeting when the caller may read it; else
 * answers the refusal itself and resolves null.
 */
export async function readableVersion(store: Pick<Store, 'readMinutesVersion'>, res: ServerResponse, who: Authenticated, raw: string): Promise<MinutesVersionRecord | null> {
	const no = versionParam.safeParse(raw);
	if (!no.success) {
		sendRefusal(res, 'invalid', 'v');
		return null;
	}
	const v = await store.readMinutesVersion(who.state.meeting.id, no.data);
	// A draft the caller may not read is not there for them.
	if (!v || !mayReadVersion(who.actor.role, v)) {
		sendRefusal(res, 'not_found', 'version');
		return null;
	}
	return v;
}

/** The version routes, for `api.addRoutes`. */
export function versionRoutes(deps: VersionRouteDeps): MeetingRoute[] {
	const one = `/minutes/versions/(?<no>[0-9]{1,7})`;
	return [
		meetingRoute({
			name: 'minutes-versions',
			method: 'GET',
			path: meetingPath('/minutes/versions'),
			roles: MINUTES_READER_ROLES,
			async handle({ res, who }) {
				const versions = (await deps.store.listMinutesVersions(who.state.meeting.id)).filter((v) => mayReadVersion(who.actor.role, v));
				sendJson(res, 200, { versions });
			}
		}),
		meetingRoute({
			name: 'minutes-version-save',
			method: 'POST',
			path: meetingPath('/minutes/versions'),
			roles: VERSION_EDITOR_ROLES,
			async handle({ req, res, who }) {
				const parsed = saveVersionBody.safeParse(await readJson(req, MAX_VERSION_BODY_BYTES));
				if (!parsed.success) return sendRefusal(res, 'invalid', issuePath(parsed.error));
				const meetingId = who.state.meeting.id;
				if ((await deps.store.listMinutesVersions(meetingId)).length >= MAX_VERSIONS) return sendRefusal(res, 'too_large', 'versions');
				const { basis } = parsed.data;
				const model = await minutesOf(who.state, deps, { sharedOnly: basis.sharedOnly, lang: basis.lang, version: basis.version, includeConfidential: basis.includeConfidential });
				const generated = renderMarkdown(model);
				const gated = gateEditedText(generated, parsed.data.text, basis.version);
				const version = await deps.store.addMinutesVersion(meetingId, { savedBy: whoLabel(who), savedAt: deps.now(), basis, maskedLines: gated.maskedLines, text: gated.text, generated });
				sendJson(res, 201, { ok: true, version, text: gated.text });
			}
		}),
		meetingRoute({
			name: 'minutes-version',
			method: 'GET',
			path: meetingPath(one),
			roles: MINUTES_READER_ROLES,
			async handle({ res, who, params }) {
				const v = await readableVersion(deps.store, res, who, params.no);
				if (v) sendJson(res, 200, v);
			}
		}),
		meetingRoute({
			name: 'minutes-version-finalise',
			method: 'POST',
			path: meetingPath(`${one}/finalise`),
			roles: VERSION_EDITOR_ROLES,
			async handle({ res, who, params }) {
				const no = versionParam.safeParse(params.no);
				if (!no.success) return sendRefusal(res, 'invalid', 'no');
				const done = await deps.store.finaliseMinutesVersion(who.state.meeting.id, no.data, whoLabel(who), deps.now());
				if (done === 'not_found' || done === 'wrong_state') return sendRefusal(res, done, 'version');
				sendJson(res, 200, { ok: true, version: done });
			}
		})
	];
}
