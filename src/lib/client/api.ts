/** Browser calls to the HTTP API (for the few things not done over the socket). */
import type { CommandReply } from '$lib/shared/protocol';
import { refuse, type Refusal } from '$lib/shared/errors';

/** POSTs JSON and answers the parsed reply, or a refusal when the network fails. */
export async function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T | Refusal> {
	try {
		const res = await fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			credentials: 'same-origin',
			body: JSON.stringify(body)
		});
		return (await res.json()) as T | Refusal;
	} catch {
		return refuse('unavailable');
	}
}

export type { CommandReply };
