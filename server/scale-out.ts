/**
 * Scale-out with REDIS_URL: socket.io's Redis streams adapter, so events reach clients on every instance.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { YoriaiServer } from './sockets.js';
import { closeRedisClient } from './storage/redis.js';

/** Connects a Redis client for the adapter and installs it on `io`. */
export async function useRedisAdapter(io: YoriaiServer, url: string): Promise<() => Promise<void>> {
	const client = createClient({ url });
	client.on('error', () => undefined); // reconnects by itself; the store reports health
	await client.connect();
	io.adapter(createAdapter(client));
	return async () => {
		await closeRedisClient(client);
	};
}
