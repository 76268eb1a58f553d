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
import type { ErrorCode } from '../../src/lib/shared/errors.js';
import type { ExtraRoute } from '../http/api.js';
import { sendJson, sendRefusal } from '../http/io.js';
import type { BoardSource } from '../plenary.js';
import { renderDocx } from './docx.js';

const PATH = /^\/api\/v1\/meetings\/([A-Za-z0-9_-]{1,64})\/(minutes\.(md|docx|json)|next\.ics)$/;

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

/** The route handler for api.addRoute. */
export function minutesRoute(deps: MinutesRouteDeps): ExtraRoute {
	return async ({ req, res, url, authenticate }) => {
		const m = PATH.exec(url.pathname);
		if (!m || req.method !== 'GET') return false;
		const refused = (code: ErrorCode, detail?: string) => {
			sendRefusal(res, code, detail);
			return true;
		};
		const who = await authenticate(m[1]);
		if ('code' in who) return refused(who.code);
		const state = who.state;
		const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'ja';
		if (m[2] === 'next.ics') {
			if (who.actor.role === 'display') return refused('not_allowed');
			const event = nextMeetingEvent(state, deps.now(), lang);
			if (!event) return refused('not_found', 'no exact next date');
			send(res, 'text/calendar; charset=utf-8', renderIcs(event), attachment(state.meeting.title, lang === 'ja' ? '_次回.ics' : '_next.ics', 'next.ics'));
			return true;
		}
		if (who.actor.role !== 'organiser') return refused('not_allowed');
		const model = await minutesOf(state, deps, { sharedOnly: url.searchParams.get('shared') === '1', lang });
		const base = lang === 'ja' ? '_議事録' : '_minutes';
		if (m[3] === 'json') sendJson(res, 200, model);
		else if (m[3] === 'md') send(res, 'text/markdown; charset=utf-8', renderMarkdown(model), attachment(state.meeting.title, `${base}.md`, 'minutes.md'));
		else send(res, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await renderDocx(model), attachment(state.meeting.title, `${base}.docx`, 'minutes.docx'));
		return true;
	};
}
