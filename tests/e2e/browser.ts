import { existsSync } from 'node:fs';

// Debian's Chromium on CI machines; Playwright's own browser on a laptop that has it.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const executablePath = existsSync(chromiumPath) ? chromiumPath : undefined;

// Without these, Chromium keeps trying to reach Google's servers from a machine with no internet.
export const QUIET_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// Real WebGPU on the CPU through SwiftShader (shared/RECIPES.md): slow, but the real code path.
export const WEBGPU_ARGS = [
  '--headless=new', '--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPU', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--use-angle=swiftshader',
];
