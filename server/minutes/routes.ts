/**
 * Minutes over HTTP (organisers): GET /api/v1/meetings/:id/minutes.md | .docx | .json (`?shared=1`
 * for shared notes only, `?lang=en`, `?version=internal|public`, `?confidential=1` to print 守秘
 * notes in the internal version), and the next meeting as /next.ics (any role of the meeting).
 * Boards are read from the notes server and parsed; the model is built fresh on every request.
 * `?v=<no>` serves a saved version instead (server/minutes/versions.ts): its text as .md, Word
 * written from it as .docx, the version itself as .json; `version` must then match the privacy
 * version it was edited from (an internal edit is refused as public: `internal_only`).
 * Every .md and .docx served is recorded in the meeting's audit trail (who, when, which version).
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { label } from '../../src/lib/shared/minutes/labels.js';
import { MINUTES_VERSIONS, maskedTimeline, type MinutesVersion } from '../../src/lib/shared/minutes/privacy.js';
import { timelineData } from '../../src/lib/shared/figures/timeline.js';
import type { AuditedExport } from '../../src/lib/shared/privacy/types.js';
import type { Authenticated } from '../http/api.js';
import { issuePath } from '../../src/lib/shared/schemas.js';
import type { Outline } from '../../src/lib/shared/notes/outline-types.js';
import { nextMeetingEvent, renderIcs } from '../../src/lib/shared/minutes/ics.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { buildMinutes, type MinutesModel } from '../../src/lib/shared/minutes/model.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import { PERSON_ROLES, ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { sendJson, sendRefusal } from '../http/io.js';
import type { BoardSource } from '../plenary.js';
import { renderDocx, timelineBlocks } from './docx.js';
import { renderVersionDocx } from './docx-version.js';
import { renderRefusal } from '../../src/lib/shared/minutes/versions.js';
import type { Store } from '../storage/types.js';
import { readableVersion } from './versions.js';

export interface MinutesRouteDeps {
	boards: Pick<BoardSource, 'readDocText'>;
	parse: (text: string) => Outline;
	now: () => number;
	/** Saved versions (`?v=`). */
	versions: Pick<Store, 'readMinutesVersion'>;
	/** Records an export in the audit trail (a server-only command run as the caller). */
	audit(who: Authenticated, entry: { what: AuditedExport; version: MinutesVersion; includedConfidential: boolean }): Promise<void>;
}

const minutesQuery = z.object({
	version: z.enum(MINUTES_VERSIONS).default('internal'),
	confidential: z.enum(['0', '1']).default('0'),
	shared: z.enum(['0', '1']).default('0')
});

/** A file name for Content-Disposition: the title without characters file systems refuse. */
export function attachment(title: string, suffix: string, fallback: string): string {
	const safe = `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80)}${suffix}`;
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

/** Reads every board of the meeting and builds its minutes model. */
export async function minutesOf(
	state: MeetingState,
	deps: Pick<MinutesRouteDeps, 'boards' | 'parse' | 'now'>,
	opts: { sharedOnly: boolean; lang: 'ja' | 'en'; version?: MinutesVersion; includeConfidential?: boolean }
): Promise<MinutesModel> {
	const id = state.meeting.id;
	const outlines: Record<string, Outline> = {};
	await Promise.all(
		Object.keys(state.rooms).map(async (roomId) => {
			outlines[roomId] = deps.parse(await deps.boards.readDocText(`${id}/room/${roomId}`));
		})
	);
	const summary = deps.parse(await deps.boards.readDocText(`${id}/summary`));
	return buildMinutes(state, outlines, summary, { ...opts, now: deps.now() });
}

function send(res: ServerResponse, type: string, body: string | Buffer, disposition: string) {
	res.writeHead(200, { 'content-type': type, 'content-disposition': disposition, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
	res.end(body);
}

/** The minutes (organisers) and the next meeting's .ics (everyone but the screen), for api.addRoutes. */
export function minutesRoutes(deps: MinutesRouteDeps): MeetingRoute[] {
	const lang = (url: URL) => (url.searchParams.get('lang') === 'en' ? 'en' : 'ja');
	return [
		meetingRoute({
			name: 'next.ics',
			method: 'GET',
			path: meetingPath('/next\\.ics'),
			roles: PERSON_ROLES,
			async handle({ res, url, who }) {
				const l = lang(url);
				const event = nextMeetingEvent(who.state, deps.now(), l);
				if (!event) return sendRefusal(res, 'not_found', 'no exact next date');
				send(res, 'text/calendar; charset=utf-8', renderIcs(event), attachment(who.state.meeting.title, l === 'ja' ? '_次回.ics' : '_next.ics', 'next.ics'));
			}
		}),
		meetingRoute({
			name: 'minutes',
			method: 'GET',
			path: meetingPath('/minutes\\.(?<format>md|docx|json)'),
			roles: ORGANISER_ONLY,
			handle: ({ res, url, who, params }) => serveMinutes(deps, res, url, who, params.format as 'md' | 'docx' | 'json')
		})
	];
}

/** The minutes in `format`, in the version the query asks for; files served are recorded in the audit trail. */
async function serveMinutes(deps: MinutesRouteDeps, res: ServerResponse, url: URL, who: Authenticated, format: 'md' | 'docx' | 'json'): Promise<void> {
	const state = who.state;
	const l = url.searchParams.get('lang') === 'en' ? 'en' : 'ja';
	const query = minutesQuery.safeParse(Object.fromEntries(['version', 'confidential', 'shared'].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : []))));
	if (!query.success) return sendRefusal(res, 'invalid', issuePath(query.error));
	const { version } = query.data;
	const includeConfidential = query.data.confidential === '1';
	if (includeConfidential && version === 'public') return sendRefusal(res, 'invalid', 'confidential');
	if (url.searchParams.has('v')) return serveVersion(deps, res, url, who, format);
	const model = await minutesOf(state, deps, { sharedOnly: query.data.shared === '1', lang: l, version, includeConfidential });
	if (format === 'json') return sendJson(res, 200, model);
	const base = `${l === 'ja' ? '_議事録' : '_minutes'}_${label(l, `version_${version}`).replace(/\s+/g, '-')}`;
	const body = format === 'md' ? renderMarkdown(model) : await renderDocx(model);
	await deps.audit(who, { what: `minutes.${format}`, version, includedConfidential: includeConfidential });
	const type = format === 'md' ? 'text/markdown; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
	send(res, type, body, attachment(state.meeting.title, `${base}.${format}`, `minutes-${version}.${format}`));
}

/** The timeline figure for a saved version's .docx: the meeting's run (titles masked in the public version), under its programme. */
function versionFigure(state: MeetingState, now: number, version: MinutesVersion, lang: 'ja' | 'en') {
	const data = timelineData(state, now);
	return { after: `2. ${label(lang, 'programme')}`, blocks: timelineBlocks(version === 'public' ? maskedTimeline(data) : data, lang) };
}

/** A saved version in `format`: its own text, never regenerated (the figure is drawn from the meeting's run); the query may only confirm its basis. */
async function serveVersion(deps: MinutesRouteDeps, res: ServerResponse, url: URL, who: Authenticated, format: 'md' | 'docx' | 'json'): Promise<void> {
	const v = await readableVersion(deps.versions, res, who, url.searchParams.get('v') ?? '');
	if (!v) return;
	const requested = url.searchParams.has('version') ? (url.searchParams.get('version') as MinutesVersion) : null;
	const refusal = renderRefusal(v, requested);
	if (refusal) return sendRefusal(res, refusal, 'version');
	const flag = (k: string) => (url.searchParams.has(k) ? url.searchParams.get(k) === '1' : null);
	if ((flag('confidential') ?? v.basis.includeConfidential) !== v.basis.includeConfidential) return sendRefusal(res, 'invalid', 'confidential');
	if ((flag('shared') ?? v.basis.sharedOnly) !== v.basis.sharedOnly) return sendRefusal(res, 'invalid', 'shared');
	if (format === 'json') return sendJson(res, 200, v);
	const l = v.basis.lang;
	const body = format === 'md' ? v.text : await renderVersionDocx(v.text, versionFigure(who.state, deps.now(), v.basis.version, l));
	await deps.audit(who, { what: `minutes.${format}`, version: v.basis.version, includedConfidential: v.basis.includeConfidential });
	const base = `${l === 'ja' ? '_議事録' : '_minutes'}_${label(l, `version_${v.basis.version}`).replace(/\s+/g, '-')}_${l === 'ja' ? `第${v.no}版` : `v${v.no}`}`;
	const type = format === 'md' ? 'text/markdown; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
	send(res, type, body, attachment(who.state.meeting.title, `${base}.${format}`, `minutes-v${v.no}.${format}`));
}
