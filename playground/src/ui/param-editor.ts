/** A small box to type a new value for one weight or bias, opened by clicking it on the network. */
import { byId } from './dom.js';

let done: ((value: number | null) => void) | null = null;
/** Where the focus was before the editor opened (the network canvas, for keyboard users). */
let back: HTMLElement | null = null;

function close(value: number | null): void {
  const box = byId('param-editor');
  if (box.hidden) return;
  box.hidden = true;
  const d = done;
  done = null;
  back?.focus();
  d?.(value);
}

/** Opens the editor at a page position; `set` receives the number typed (Enter), nothing on Escape. */
export function editParam(label: string, value: number, x: number, y: number, set: (value: number) => void): void {
  const box = byId('param-editor');
  const input = byId<HTMLInputElement>('param-value');
  back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  byId('param-label').textContent = label;
  input.value = String(Number(value.toPrecision(5)));
  box.hidden = false;
  box.style.left = `${Math.max(4, Math.min(x, window.innerWidth - box.offsetWidth - 8))}px`;
  box.style.top = `${Math.max(4, Math.min(y, window.innerHeight - box.offsetHeight - 8))}px`;
  done = (v) => {
    if (v !== null) set(v);
  };
  input.focus();
  input.select();
}

/** Wires the editor's form once. */
export function watchParamEditor(): void {
  const input = byId<HTMLInputElement>('param-value');
  byId('param-editor').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      input.setCustomValidity('type a number, such as 0.5 or -1.2');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    close(v);
  });
  input.addEventListener('input', () => input.setCustomValidity(''));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close(null);
  });
  byId('param-cancel').addEventListener('click', () => close(null));
}
