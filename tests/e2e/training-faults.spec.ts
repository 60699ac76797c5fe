import { expect, test, type Page } from '@playwright/test';
import { openDemo, openModels, snap } from './helpers';
import { expectConsistent, storedVersions } from './modelStore';

/** Starts a fine-tune and returns once it is inside its first epoch (at least one step trained). */
async function startLongFineTune(page: Page): Promise<void> {
  const card = page.getByRole('region', { name: 'Transformer model' });
  await card.getByLabel('Budget').selectOption('standard'); // several epochs of 8 steps: long enough to interrupt
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  const stats = page.getByRole('region', { name: 'Training progress' }).getByTestId('train-stats');
  await expect(stats).toContainText(/epoch 1\/\d+ · loss \d/, { timeout: 60_000 });
  await expect(page.getByTestId('training-status')).toBeVisible();
}

/**
 * Issue 8: killing the training worker mid-epoch — the tab reloaded or closed, or the seller's
 * Cancel, which terminates the worker — leaves the model store as it was, and training restarts.
 * A fine-tune writes its version in one transaction at the very end, so there is no half-written
 * or "training" record to clean up; this checks that from IndexedDB itself, not only the screen.
 */
test('killing the training worker mid-epoch leaves the model store consistent, and training restarts', async ({ page: first, context }) => {
  test.setTimeout(240_000);
  let page = first;
  await openDemo(page);
  let card = await openModels(page);
  await expect(card.getByTestId('train-backend')).toHaveText('WebAssembly');

  // A version of our own in use, so "unchanged" means something: a quick fine-tune, put in use
  // even if its backtest did not keep it.
  await card.getByLabel('Budget').selectOption('quick');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  await expect(page.getByTestId('train-summary')).toContainText(/Kept|Not kept/, { timeout: 60_000 });
  const versions = page.getByRole('region', { name: 'Model versions' });
  const mine = versions.locator('tbody tr[data-version^="tfm-"]');
  await expect(mine).toHaveCount(1);
  if (!(await card.getByTestId('active-model').textContent())?.includes('fine-tuned')) {
    await mine.getByRole('button', { name: /Use version/ }).click();
  }
  await expect(card.getByTestId('active-model')).toContainText('fine-tuned on your sales');
  const inUse = (await card.getByTestId('active-model').textContent())!;
  const before = await storedVersions(page);
  expect(before).toHaveLength(1);
  expect(before[0].status).toBe('active');
  expectConsistent(before);

  for (const interruption of ['reload', 'close the tab', 'cancel'] as const) {
    await startLongFineTune(page);
    if (interruption === 'reload') await snap(page, 'training-before-kill');
    if (interruption === 'reload') {
      await page.reload();
    } else if (interruption === 'close the tab') {
      await page.close();
      page = await context.newPage();
      await page.goto('./');
    } else {
      await page.getByRole('region', { name: 'Training progress' }).getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('alert')).toContainText('Training cancelled; nothing was changed');
    }
    // Nothing half-written, nothing lost, nothing left "training", the same version in use.
    const after = await storedVersions(page);
    expect(after, `after: ${interruption}`).toEqual(before);
    card = await openModels(page);
    await expect(card.getByTestId('active-model')).toHaveText(inUse);
    await expect(page.getByRole('region', { name: 'Model versions' }).locator('tbody tr[data-version^="tfm-"]')).toHaveCount(1);
    await expect(page.getByTestId('training-status')).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Fine-tune on my sales' })).toBeEnabled();
    if (interruption === 'reload') await snap(page, 'training-after-reload');
  }

  // Training restarts and runs to completion: a second version, stored whole, its parent the one in use.
  await card.getByLabel('Budget').selectOption('quick');
  await card.getByRole('button', { name: 'Fine-tune on my sales' }).click();
  await expect(page.getByTestId('train-summary')).toContainText(/Kept|Not kept/, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Model versions' }).locator('tbody tr[data-version^="tfm-"]')).toHaveCount(2);
  const final = await storedVersions(page);
  expectConsistent(final);
  expect(final).toHaveLength(2);
  const added = final.find((v) => v.id !== before[0].id)!;
  expect(added.parentId).toBe(before[0].id);
  await snap(page, 'training-restarted');
});
