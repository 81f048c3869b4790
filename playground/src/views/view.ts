/**
 * A view of the page: one tab, one `<main id="ID-view">` in index.html, one module. To add a
 * view, add its id to VIEWS (settings.ts), its section and tab button to index.html, and its
 * module to the list in registry.ts.
 */
import type { Settings, ViewId } from '../settings.js';

export interface View {
  readonly id: ViewId;
  /** Wires the view's controls once; `change` takes new settings (and redraws through `show`). */
  watch(get: () => Settings, change: (s: Settings) => void): void;
  /** Shows the view for these settings (again after every change while it is the one shown). */
  show(s: Settings): void;
  /** Another view was chosen: stop what runs in the background. */
  hide(): void;
}
