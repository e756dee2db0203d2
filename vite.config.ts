// Vite build of the web shell (web/). The Fastify server serves web/dist at `/` with an SPA
// fallback; in development `/api` is proxied to the server on port 3000.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./web'),
  publicDir: here('./web/public'),
  plugins: [react()],
  resolve: {
    alias: { '@shared': here('./src/shared') },
  },
  build: {
    outDir: here('./web/dist'),
    emptyOutDir: true,
    // antd is large; one vendor chunk for the framework keeps app chunks small and cacheable.
    chunkSizeWarningLimit: 1600,
    // No inline scripts or data: URLs in the output (CSP script-src 'self').
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
