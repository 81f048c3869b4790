/**
 * The form: writes settings into the controls and reads them back, and the hidden-layer editor
 * (add or remove layers and neurons).
 */
import { FEATURES, type FeatureId } from '../features.js';
import { DEFAULT_NOISE, DEFAULT_SAMPLES, MAX_LAYERS, MAX_UNITS, type Settings } from '../settings.js';
import { byId, setSelect } from './dom.js';

const SELECTS = { source: 'source', activation: 'activation', loss: 'loss', optimizer: 'optimizer', task: 'task', reg: 'reg', colorBy: 'color-by' } as const;
const NUMBER_SELECTS = { lr: 'lr', batch: 'batch', regRate: 'reg-rate', dropout: 'dropout' } as const;
const RANGES = { noise: 'noise', samples: 'samples', classes: 'classes', validation: 'validation' } as const;
const FEATURE_IDS = Object.keys(FEATURES) as FeatureId[];

function noiseRange(s: Settings): { max: number; step: number } {
  return s.source === 'salary' ? { max: 20, step: 0.5 } : s.source === 'blobs' ? { max: 2, step: 0.05 } : { max: 0.5, step: 0.01 };
}

/** Shows settings in the form. */
export function writeForm(s: Settings): void {
  for (const [key, id] of Object.entries(SELECTS)) setSelect(byId<HTMLSelectElement>(id), String(s[key as keyof typeof SELECTS]));
  for (const [key, id] of Object.entries(NUMBER_SELECTS)) setSelect(byId<HTMLSelectElement>(id), String(s[key as keyof typeof NUMBER_SELECTS]));
  const noise = byId<HTMLInputElement>('noise');
  const r = noiseRange(s);
  noise.max = String(r.max);
  noise.step = String(r.step);
  for (const [key, id] of Object.entries(RANGES)) {
    byId<HTMLInputElement>(id).value = String(s[key as keyof typeof RANGES]);
    byId<HTMLOutputElement>(`${id}-out`).value = String(s[key as keyof typeof RANGES]);
  }
  byId<HTMLInputElement>('seed').value = String(s.seed);
  byId<HTMLInputElement>('log-scale').checked = s.logScale;
  for (const f of FEATURE_IDS) byId<HTMLInputElement>(`feat-${f}`).checked = s.features.includes(f);
  byId('reg-rate-row').hidden = s.reg === 'none';
  byId('generated').hidden = s.source === 'csv';
  byId('classes-row').hidden = s.source !== 'spiral' && s.source !== 'blobs';
  byId('columns').hidden = s.source !== 'csv';
  byId('task-row').hidden = s.source !== 'csv';
  for (const [id, value] of [['feature-x', s.featureX], ['feature-y', s.featureY], ['target', s.target]] as const) {
    const sel = byId<HTMLSelectElement>(id);
    if (value && [...sel.options].some((o) => o.value === value)) sel.value = value;
  }
}

/** Reads the form into settings; `base` supplies what the form does not hold. */
export function readForm(base: Settings): Settings {
  const s: Settings = { ...base, hidden: [...base.hidden] };
  const sel = (id: string) => byId<HTMLSelectElement>(id).value;
  for (const [key, id] of Object.entries(SELECTS)) (s as unknown as Record<string, string>)[key] = sel(id);
  for (const [key, id] of Object.entries(NUMBER_SELECTS)) s[key as keyof typeof NUMBER_SELECTS] = Number(sel(id));
  for (const [key, id] of Object.entries(RANGES)) s[key as keyof typeof RANGES] = Number(byId<HTMLInputElement>(id).value);
  const seed = Number(byId<HTMLInputElement>('seed').value);
  s.seed = Number.isInteger(seed) && seed >= 0 ? seed : base.seed;
  s.logScale = byId<HTMLInputElement>('log-scale').checked;
  s.features = FEATURE_IDS.filter((f) => byId<HTMLInputElement>(`feat-${f}`).checked);
  if (s.source !== base.source && s.source !== 'csv') {
    s.noise = DEFAULT_NOISE[s.source];
    s.samples = DEFAULT_SAMPLES[s.source];
  }
  if (s.source === 'csv') {
    s.featureX = sel('feature-x');
    s.featureY = sel('feature-y');
    s.target = sel('target');
  }
  return s;
}

/** Draws the hidden-layer editor; `change` receives the new widths. */
export function writeLayers(hidden: readonly number[], change: (hidden: number[]) => void): void {
  const box = byId('layers');
  box.replaceChildren();
  const button = (text: string, label: string, disabled: boolean, next: () => number[]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.disabled = disabled;
    b.addEventListener('click', () => change(next()));
    return b;
  };
  box.append(`${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'}`,
    button('+', 'add a hidden layer', hidden.length >= MAX_LAYERS, () => [...hidden, hidden[hidden.length - 1] ?? 4]),
    button('−', 'remove the last hidden layer', hidden.length === 0, () => hidden.slice(0, -1)));
  hidden.forEach((units, i) => {
    const layer = document.createElement('span');
    layer.className = 'layer';
    const set = (u: number) => () => hidden.map((v, j) => (j === i ? u : v));
    layer.append(
      button('−', `remove a neuron from layer ${i + 1}`, units <= 1, set(units - 1)),
      `${units}`,
      button('+', `add a neuron to layer ${i + 1}`, units >= MAX_UNITS, set(units + 1)),
    );
    box.append(layer);
  });
}

/** Fills the CSV column choosers: feature x and y (or all features) and the label. */
export function writeColumns(columns: readonly string[], s: Pick<Settings, 'featureX' | 'featureY' | 'target'>): void {
  const fill = (id: string, options: [string, string][], value: string) => {
    const sel = byId<HTMLSelectElement>(id);
    sel.replaceChildren(...options.map(([v, text]) => new Option(text, v)));
    sel.value = options.some(([v]) => v === value) ? value : options[0][0];
  };
  const cols: [string, string][] = columns.map((c) => [c, c]);
  fill('feature-x', [['', 'all features (no decision regions)'], ...cols], s.featureX);
  fill('feature-y', [['', 'all features (no decision regions)'], ...cols], s.featureY);
  fill('target', cols, s.target || columns[columns.length - 1]);
}
