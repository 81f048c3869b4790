// The playground's "learning from rewards" view in a real headless Chromium: the cart-pole learns
// on the page, animated, without long tasks; the policy can be watched; the grid world shows the
// policy's arrows, and after learning they lead from the start to the goal.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findChromium, open, SHOTS as shots, usePlayground } from './playground/browser.js';
import { mainThreadTasks, pixels } from './playground/page.js';

const chromiumPath = findChromium();
if (!chromiumPath) {
  const msg = 'rewards-view browser tests SKIPPED: no Chromium found. Install it (apt-get install chromium) or set CHROMIUM_PATH';
  if (process.env.NEURITE_REQUIRE_BROWSER === '1') throw new Error(msg);
  console.warn(msg);
}

const episodes = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector('#rl-metrics')?.getAttribute('data-episodes')));

describe.skipIf(!chromiumPath)('the rewards view in Chromium', () => {
  const pg = usePlayground(chromiumPath, 'neurite-rewards-');

  async function fresh(hash: string): Promise<{ page: Page; errors: string[] }> {
    const r = await open(pg.browser, `${pg.url}${hash}`);
    await r.page.waitForFunction(() => !(document.querySelector('#rl-learn') as HTMLButtonElement).disabled);
    return r;
  }

  it('learns the cart-pole on the page: the cart moves, episodes and returns are drawn, no task > 50 ms; watching pauses learning', async () => {
    const { page, errors } = await fresh('#view=rewards');
    expect(await page.isVisible('#rewards-view')).toBe(true);
    expect(await page.isVisible('#train-view')).toBe(false);
    const blankChart = await pixels(page, 'rl-returns');
    const tasks = await mainThreadTasks(pg.browser, page, async () => {
      await page.click('#rl-learn');
      await page.waitForFunction(() => Number(document.querySelector('#rl-metrics')?.getAttribute('data-episodes')) >= 40, undefined, { timeout: 60_000 });
    });
    expect(tasks.over50).toEqual([]);
    const a = await pixels(page, 'rl-scene');
    await page.waitForTimeout(300);
    expect(await pixels(page, 'rl-scene')).not.toBe(a);
    expect(await pixels(page, 'rl-returns')).not.toBe(blankChart);
    expect(Number(await page.textContent('#rl-steps'))).toBeGreaterThan(400);
    await page.screenshot({ path: join(shots, 'rewards-cartpole.png') });
    // watching: the greedy policy moves the cart while the count of learning episodes stands still
    await page.click('#rl-watch');
    expect(await page.textContent('#rl-status')).toContain('Watching the greedy policy');
    const n = await episodes(page);
    const b = await pixels(page, 'rl-scene');
    await page.waitForTimeout(400);
    expect(await pixels(page, 'rl-scene')).not.toBe(b);
    expect(await episodes(page)).toBe(n);
    await page.click('#rl-watch');
    expect(await page.textContent('#rl-status')).toBe('Paused.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the grid world: DQN learns until the arrows lead from S to the goal; the URL keeps the choice', async () => {
    const { page, errors } = await fresh('#view=rewards&env=gridworld&alg=dqn&rlseed=2');
    expect(await page.inputValue('#rl-env')).toBe('gridworld');
    expect(await page.inputValue('#rl-algorithm')).toBe('dqn');
    const policy = await page.textContent('#rl-policy');
    expect(policy?.split('\n')).toHaveLength(5);
    expect(policy?.split('\n')[4].at(-1)).toBe('G');
    await page.click('#rl-learn');
    await page.waitForFunction(() => document.querySelector('#rl-scene')?.getAttribute('data-leads') === 'G'
      && Number(document.querySelector('#rl-metrics')?.getAttribute('data-episodes')) >= 20, undefined, { timeout: 120_000 });
    await page.click('#rl-learn');
    await page.screenshot({ path: join(shots, 'rewards-gridworld.png') });
    expect(await page.textContent('#rl-status')).toBe('Paused.');
    // another learner from the menu starts over, and goes into the URL
    await page.selectOption('#rl-algorithm', 'a2c');
    await page.waitForFunction(() => location.hash.includes('alg=a2c'));
    expect(await episodes(page)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
