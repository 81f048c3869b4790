// Page-side probes of the playground's browser tests.
import type { Page } from 'playwright-core';

/** The metrics the page writes on #metrics. */
export async function metrics(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => ({ ...(document.querySelector('#metrics') as HTMLElement).dataset }) as Record<string, string>);
}

/** The pixels of a canvas, as a data URL (to compare two moments). */
export function pixels(page: Page, id: string): Promise<string> {
  return page.evaluate((sel) => (document.querySelector(sel) as HTMLCanvasElement).toDataURL(), `#${id}`);
}

/** The fraction of pixels that differ between two canvas snapshots of the same size. */
export async function difference(page: Page, a: string, b: string): Promise<number> {
  return page.evaluate(async ([x, y]) => {
    const load = async (src: string) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, c.width, c.height).data;
    };
    const [p, q] = [await load(x), await load(y)];
    let diff = 0;
    for (let i = 0; i < p.length; i += 4) if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 24) diff++;
    return diff / (p.length / 4);
  }, [a, b] as const);
}

/** Starts recording long tasks (> 50 ms on the page's thread) and the gaps between animation frames. */
export function startResponsivenessProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { probe: { longTasks: number[]; gaps: number[]; render: number } };
    w.probe = { longTasks: [], gaps: [], render: 0 };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.probe.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      w.probe.gaps.push(t - last);
      w.probe.render = Math.max(w.probe.render, Number((document.querySelector('#metrics') as HTMLElement).dataset.renderMs ?? 0));
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** What the probe recorded: long task durations, the largest and the 99th-percentile frame gap, the longest redraw. */
export function readResponsivenessProbe(page: Page): Promise<{ longTasks: number[]; frames: number; maxGap: number; p99Gap: number; render: number }> {
  return page.evaluate(() => {
    const { longTasks, gaps, render } = (window as unknown as { probe: { longTasks: number[]; gaps: number[]; render: number } }).probe;
    const sorted = gaps.slice(1).sort((a, b) => a - b);
    return { longTasks, frames: gaps.length, maxGap: sorted[sorted.length - 1] ?? 0, p99Gap: sorted[Math.floor(sorted.length * 0.99)] ?? 0, render };
  });
}

/** Waits until #metrics says training has reached a condition, or throws after `ms`. */
export async function waitForMetrics(page: Page, ok: (m: Record<string, string>) => boolean, ms: number): Promise<Record<string, string>> {
  const end = Date.now() + ms;
  for (;;) {
    const m = await metrics(page);
    if (ok(m)) return m;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms; metrics: ${JSON.stringify(m)}`);
    await page.waitForTimeout(200);
  }
}
