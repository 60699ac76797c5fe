import { expect, test } from '@playwright/test';
import { snap } from './helpers';

// WebGPU here is SwiftShader: real WebGPU, emulated on the CPU, where the Transformer runs 2–30×
// slower than on WebAssembly. The forecast worker passes such adapters over and says why; training
// on WebGPU itself is exercised in models.webgpu.spec.ts (chosen explicitly in the Models view).
test('with WebGPU available only in software (SwiftShader), the workers compute on WebAssembly and say why', async ({ page }) => {
  await page.goto('./');
  expect(await page.evaluate(() => 'gpu' in navigator)).toBe(true);
  const status = page.getByTestId('compute-backend');
  await expect(status).toHaveText('Compute: WebAssembly', { timeout: 90_000 });
  await expect(status).toHaveAttribute('title', /webgpu unavailable: WebGPU runs in software here/);
  await snap(page, 'webgpu-status');
});
