// Vite configuration: SvelteKit plus a dev-only plugin that attaches the same realtime endpoints
// (socket.io, y-websocket, /api/v1) that production attaches in server/index.ts.
import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

function yoriaiRealtime(): Plugin {
	return {
		name: 'yoriai-realtime',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const { startRealtimeForDev } = await import('./server/dev.ts');
			const rt = await startRealtimeForDev(server.httpServer as HttpServer);
			server.middlewares.use((req, res, next) => rt.httpHandler(req, res, next));
			server.httpServer.on('close', () => void rt.close());
		}
	};
}

export default defineConfig({
	plugins: [yoriaiRealtime(), sveltekit()],
	server: { port: 3000 },
	test: {
		projects: [
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
			{
				extends: true,
				test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000, fileParallelism: false }
			},
			{
				extends: true,
				test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 90_000, hookTimeout: 180_000, fileParallelism: false }
			}
		]
	}
});
