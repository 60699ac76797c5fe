import { expect, test } from '@playwright/test';
import { executablePath, QUIET_ARGS, WEBGPU_ARGS } from './browser';
import { openDemo, openModels, snap } from './helpers';
import { expectConsistent, storedVersions } from './modelStore';

// This file crashes the browser's GPU process, so it gets a browser of its own (a launch option of
// its own makes Playwright start one), which Chromium must not give up on after the crash.
test.use({
  launchOptions: {
    executablePath, args: [...QUIET_ARGS, ...WEBGPU_ARGS, '--disable-gpu-process-crash-limit'], ignoreDefaultArgs: ['--headless'],
  },
});

/**
 * Issue 8: the WebGPU device is lost mid-epoch → training continues on the next backend and says so.
 *
 * How the fault is provoked: the DevTools protocol's Browser.crashGpuProcess kills Chromium's GPU
 * process, as a driver reset or a crashed GPU would. The train worker's GPUDevice is then really
 * lost (its pending mapAsync fails, device.lost resolves), so the app's own detection and fallback
 * run unchanged — no test-only hook in the product code. (Page init scripts cannot reach workers,
 * and a hook that destroys the device from inside would test a path no seller meets.)
 */
test('the WebGPU device lost mid-epoch: training continues on WebAssembly, says so, and stores its version', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await openDemo(page);
  const card = await openModels(page);
  await card.getByLabel('Compute on').selectOption('webgpu');
  await expect(card.getByTestId('train-backend')).toHaveText('WebGPU', { timeout: 90_000 });
  await card.getByLabel('Budget').selectOption('quick');
  await card.getByLabel('Layers to train').selectOption('last');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();

  // The validation before training is done and the first epoch's steps are running on WebGPU.
  const stats = page.getByRole('region', { name: 'Training progress' }).getByTestId('train-stats');
  await expect(stats).toContainText(/epoch [01]\/1 .*WebGPU/s, { timeout: 120_000 });
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.crashGpuProcess' as Parameters<typeof cdp.send>[0]);
  await cdp.detach();

  await expect(page.getByRole('alert').filter({ hasText: 'WebGPU failed' }))
    .toContainText(/WebGPU failed \(the WebGPU device was lost.*\); continuing on WebAssembly from the last finished epoch/, { timeout: 60_000 });
  const summary = page.getByTestId('train-summary');
  await expect(summary).toContainText(/(Kept|Not kept).* on WebAssembly\.\)$/, { timeout: 120_000 });
  await expect(card.getByTestId('train-backend')).toHaveText('WebAssembly');
  await expect(card.getByTestId('backend-skipped').first()).toContainText('WebGPU not used: failed while working: the WebGPU device was lost');
  const stored = page.getByRole('region', { name: 'Model versions' }).locator('tbody tr[data-version^="tfm-"]');
  await expect(stored).toHaveCount(1);
  await expect(stored).toContainText('on WebAssembly (after a fallback)');
  expectConsistent(await storedVersions(page));
  await snap(page, 'device-lost-fallback');
});
