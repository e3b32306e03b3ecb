import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into web/dist and served by the Fastify server (SPA fallback).
// DSFR styles, fonts and icons are imported from node_modules/@codegouvfr/react-dsfr: nothing is copied by hand.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep SVG icons as separate files: the browser then only downloads the icons a page really shows.
    assetsInlineLimit: (file) => (file.endsWith('.svg') ? false : undefined),
    chunkSizeWarningLimit: 800,
    // web/dist/.vite/manifest.json: which chunks each page loads (bench/web-first-load.ts measures them).
    manifest: true,
  },
  server: {
    // `npx vite web` during development: the API is served by `npm start` on port 3000.
    proxy: {
      '/api': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/dev': 'http://localhost:3000',
    },
  },
});
