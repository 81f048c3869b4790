// Page-side probes of the playground's browser tests.
import type { Browser, Page } from 'playwright-core';

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

type Probe = { longTasks: number[]; gaps: number[]; render: number; observer: PerformanceObserver; stop: boolean };

/**
 * Starts recording long tasks (> 50 ms of wall-clock time on the page's thread) and the gaps
 * between animation frames. A probe started before is stopped first (its observer disconnected,
 * its frame loop ended), and only long tasks that began after this start are kept, so no task is
 * counted twice and none from before the window is counted in it.
 */
export function startResponsivenessProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { probe?: Probe };
    if (w.probe) {
      w.probe.observer.disconnect();
      w.probe.stop = true;
    }
    const since = performance.now();
    const probe: Probe = { longTasks: [], gaps: [], render: 0, stop: false, observer: new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.startTime >= since) probe.longTasks.push(e.duration);
    }) };
    w.probe = probe;
    probe.observer.observe({ type: 'longtask' });
    let last = since;
    const tick = (t: number) => {
      if (probe.stop) return;
      probe.gaps.push(t - last);
      probe.render = Math.max(probe.render, Number((document.querySelector('#metrics') as HTMLElement).dataset.renderMs ?? 0));
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** What the probe recorded: long task durations, the largest and the 99th-percentile frame gap, the longest redraw. */
export function readResponsivenessProbe(page: Page): Promise<{ longTasks: number[]; frames: number; maxGap: number; p99Gap: number; render: number }> {
  return page.evaluate(() => {
    const { longTasks, gaps, render } = (window as unknown as { probe: Probe }).probe;
    const sorted = gaps.slice(1).sort((a, b) => a - b);
    return { longTasks: [...longTasks], frames: gaps.length, maxGap: sorted[sorted.length - 1] ?? 0, p99Gap: sorted[Math.floor(sorted.length * 0.99)] ?? 0, render };
  });
}

/**
 * The tasks the page's main thread ran while `during` ran, from a Chromium trace: each task's
 * thread time (CPU time on that thread, in ms), which is what the page's own work costs. Wall-clock
 * long tasks also count the time the thread waited for a core, which on a loaded machine is most
 * of it (an 80 ms busy loop showed 44 ms of thread time at load 9 on 2 cores).
 */
export async function mainThreadTasks(browser: Browser, page: Page, during: () => Promise<void>): Promise<{ count: number; longest: number; over50: number[] }> {
  await browser.startTracing(page, { categories: ['toplevel'] });
  try {
    await during();
  } catch (e) {
    await browser.stopTracing();
    throw e;
  }
  type Event = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Event[] }).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && /RunTask$/.test(e.name) && e.tdur !== undefined && main.has(`${e.pid}/${e.tid}`)).map((e) => (e.tdur as number) / 1000);
  if (main.size === 0 || tasks.length === 0) throw new Error('the trace has no task of the page\'s main thread (CrRendererMain)');
  return { count: tasks.length, longest: Math.max(...tasks), over50: tasks.filter((t) => t > 50) };
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
