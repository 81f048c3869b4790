/**
 * What the image layers (conv2d, the poolings, flatten's counterpart globalAvgPool2d) share: the
 * check that their input is an image, and the checks of their window settings in a spec or a
 * model file.
 */
import { describe, type Problem } from '../core/errors.js';
import { type Shape, shapeString } from '../core/shape.js';
import { type Padding, PADDINGS, planWindow, type Size2d } from '../ops/window.js';

/** A window's settings, checked: sizes as `[height, width]`. */
export interface WindowSettings {
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** A size setting (`3` or `[3, 5]`) as `[height, width]`, or null having pushed a problem at `path`. */
export function sizeSetting(value: unknown, path: string, problems: Problem[]): [number, number] | null {
  if (isCount(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every(isCount)) return [value[0], value[1]];
  problems.push({ path, expected: 'a positive integer or [height, width] of positive integers', received: describe(value) });
  return null;
}

/**
 * A window's size (under `sizeName`), stride (default: `defaultStride`, or the size when null) and
 * padding (default `valid`), or null when a problem leaves the output shape unknown.
 */
export function windowSettings(json: Readonly<Record<string, unknown>>, at: string, problems: Problem[], sizeName: string, defaultStride: Size2d | null): WindowSettings | null {
  const size = sizeSetting(json[sizeName], `${at}.${sizeName}`, problems);
  const strideValue = json.stride ?? defaultStride ?? size ?? 1;
  const stride = sizeSetting(strideValue, `${at}.stride`, problems);
  const padding = json.padding ?? 'valid';
  const paddingOk = (PADDINGS as readonly unknown[]).includes(padding);
  if (!paddingOk) problems.push({ path: `${at}.padding`, expected: `one of ${PADDINGS.map((p) => JSON.stringify(p)).join(', ')}`, received: describe(padding) });
  return size && stride && paddingOk ? { size, stride, padding: padding as Padding } : null;
}

/** The layer kind's complaint when its input is not an image, or null when it is. */
export function notAnImage(type: string, input: Shape): string | null {
  if (input.length === 3) return null;
  return `a ${type} layer needs an image input [height, width, channels], not ${shapeString(input)}; image layers go before any flatten, dense or globalAvgPool2d layer, on a network given an inputShape [height, width, channels] (--image HxWxC on the command line)`;
}

/** The output `[outHeight, outWidth, channels]` of a window over an image, or why it does not fit. */
export function windowOutput(type: string, input: Shape, w: WindowSettings, channels: number): Shape | string {
  const wrong = notAnImage(type, input);
  if (wrong) return wrong;
  const plan = planWindow(input, w.size, w.stride, w.padding);
  return typeof plan === 'string' ? plan : [plan.outHeight, plan.outWidth, channels];
}

/** The settings as they go in a model file and a spec: `{ [sizeName]: [h, w], stride: [h, w], padding }`. */
export function windowConfig(sizeName: string, w: WindowSettings): Record<string, unknown> {
  return { [sizeName]: [...w.size], stride: [...w.stride], padding: w.padding };
}
