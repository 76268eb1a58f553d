/**
 * Minutes over HTTP (organisers): GET /api/v1/meetings/:id/minutes.md | .docx | .json (`?shared=1`
 * for shared notes only, `?lang=en`), and the next meeting as /next.ics (any role of the meeting).
 * Boards are read from the notes server and parsed; the model is built fresh on every request.
 */
import type { ServerResponse } from 'node:http';
import type { Outline } from '../../src/lib/shared/notes/outline-types.js';
import { nextMeetingEvent, renderIcs } from '../../src/lib/shared/minutes/ics.js';
import { renderMarkdown } from '../../src/lib/shared/minutes/markdown.js';
import { buildMinutes, type MinutesModel } from '../../src/lib/shared/minutes/model.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { meetingPath, meetingRoute, type MeetingRoute } from '../http/routes.js';
import { PERSON_ROLES, ORGANISER_ONLY } from '../../src/lib/shared/meeting/roles.js';
import { sendJson, sendRefusal } from '../http/io.js';
import type { BoardSource } from '../plenary.js';
import { renderDocx } from './docx.js';

export interface MinutesRouteDeps {
	boards: Pick<BoardSource, 'readDocText'>;
	parse: (text: string) => Outline;
	now: () => number;
}

/** A file name for Content-Disposition: the title without characters file systems refuse. */
export function attachment(title: string, suffix: string, fallback: string): string {
	const safe = `${title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 80)}${suffix}`;
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

/** Reads every board of the meeting and builds its minutes model. */
export async function minutesOf(state: MeetingState, deps: MinutesRouteDeps, opts: { sharedOnly: boolean; lang: 'ja' | 'en' }): Promise<MinutesModel> {
	const id = state.meeting.id;
	const outlines: Record<string, Outline> = {};
	await Promise.all(
		Object.keys(state.rooms).map(async (roomId) => {
			outlines[roomId] = deps.parse(await deps.boards.readDocText(`${id}/room/${roomId}`));
		})
	);
	const summary = deps.parse(await deps.boards.readDocText(`${id}/summary`));
	return buildMinutes(state, outlines, summary, { sharedOnly: opts.sharedOnly, lang: opts.lang, now: deps.now() });
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
			async handle({ res, url, who, params }) {
				const state = who.state;
				const l = lang(url);
				const model = await minutesOf(state, deps, { sharedOnly: url.searchParams.get('shared') === '1', lang: l });
				const base = l === 'ja' ? '_議事録' : '_minutes';
				if (params.format === 'json') sendJson(res, 200, model);
				else if (params.format === 'md') send(res, 'text/markdown; charset=utf-8', renderMarkdown(model), attachment(state.meeting.title, `${base}.md`, 'minutes.md'));
				else send(res, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await renderDocx(model), attachment(state.meeting.title, `${base}.docx`, 'minutes.docx'));
			}
		})
	];
}
