/**
 * Debian's Chromium through playwright-core (never a browser a test tool
 * downloads). With the WebGPU flags Chromium offers navigator.gpu through
 * SwiftShader, in the page and in workers; without them it has no WebGPU and
 * the app must fall back.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.GATELAB_CHROMIUM ?? '/usr/bin/chromium';

export const WEBGPU_FLAGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader',
];
export const QUIET_FLAGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Launches headless Chromium, with real WebGPU (SwiftShader) or without it, plus any `args`. */
export async function launch(opts: { webgpu: boolean; args?: readonly string[] }): Promise<Browser> {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright adds its own --headless; ours comes later and wins.
    args: ['--headless=new', '--no-sandbox', ...(opts.webgpu ? WEBGPU_FLAGS : []), ...QUIET_FLAGS, ...(opts.args ?? [])],
    timeout: 60_000,
  });
}
