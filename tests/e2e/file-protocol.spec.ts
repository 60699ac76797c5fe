import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { snap } from './helpers';

test('dist/index.html opened from disk explains how to open Shelfcast instead of a blank page', async ({ page }) => {
  await page.goto(pathToFileURL(resolve('dist/index.html')).href);
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Shelfcast needs to be opened through a web address');
  await expect(notice).toContainText('python3 -m http.server');
  await snap(page, 'file-protocol');
});
