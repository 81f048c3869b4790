/** What every drawing starts with, and the marks several plots share. */
import type { Frame } from './ticks.js';

/** A canvas's 2-D context, cleared, with its size. */
export function blank(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; h: number } {
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  return { g, w, h };
}

/** A dashed green line across the frame at height `y`: the level a plot is measured against. */
export function levelLine(g: CanvasRenderingContext2D, f: Frame, y: number): void {
  g.strokeStyle = '#3c963c';
  g.setLineDash([6, 4]);
  g.beginPath();
  g.moveTo(f.left, y);
  g.lineTo(f.left + f.width, y);
  g.stroke();
  g.setLineDash([]);
}
