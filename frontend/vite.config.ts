/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` proxies to running backends; the targets come from the environment.
const backtest = process.env.ODUM_BACKTEST_URL ?? "http://127.0.0.1:8000";
const live = process.env.ODUM_LIVE_URL ?? "http://127.0.0.1:8001";

export default defineConfig({
  plugins: [react()],
  build: { chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      "/svc/backtest": { target: backtest, rewrite: (p) => p.replace(/^\/svc\/backtest/, "") },
      "/svc/live": { target: live, rewrite: (p) => p.replace(/^\/svc\/live/, "") },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
