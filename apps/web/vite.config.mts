// The web client's build: a single-page application in dist/client, served by
// src/server/web-server.ts (npm start) which also proxies /graphql to the gateway.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/demo': 'http://127.0.0.1:3000' } },
});
