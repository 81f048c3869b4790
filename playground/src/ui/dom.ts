/** Small DOM helpers. */

/** The element with this id; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no element #${id}`);
  return el as T;
}

/** Sets a select's value, adding the option when the URL asked for a value the list lacks. */
export function setSelect(select: HTMLSelectElement, value: string): void {
  if (![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
  select.value = value;
}
