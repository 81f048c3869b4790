/**
 * What the "learning without labels" view trains: 2-D points (their labels, if any, dropped) and
 * a self-organizing map over them, trained step by step. Pure: the same settings give the same
 * points and, step for step, the same map as the library gives anywhere else (a test checks).
 */
import { loadDataset, MapTrainer, Random, SelfOrganizingMap } from '../../../src/index.js';
import type { Settings } from '../settings.js';

/** Points asked of every data set the view offers (a generated set may round it to its classes). */
export const MAP_POINTS = 400;
/** Passes over the points: enough for an 8 × 8 map to unfold and settle. */
export const MAP_EPOCHS = 40;

/** The map being trained, its points (x, y per point) and its trainer. */
export interface MapRun {
  readonly key: string;
  readonly points: Float32Array;
  readonly map: SelfOrganizingMap;
  readonly trainer: MapTrainer;
}

/** The settings a map run is made from; another key starts another run. */
export const mapKey = (s: Settings): string => `${s.somData}/${s.somGrid}/${s.somSeed}`;

/**
 * The points: uniform in the unit square (the classic picture: a net unfolding to cover it), or
 * the x and y of a generated data set, its label column left out.
 */
export function mapPoints(data: Settings['somData'], seed: number): Float32Array {
  if (data === 'square') {
    const rng = new Random(seed);
    return Float32Array.from({ length: 2 * MAP_POINTS }, () => rng.float());
  }
  const table = loadDataset(data, { seed, samples: MAP_POINTS });
  const out = new Float32Array(2 * table.rows.length);
  table.rows.forEach((r, i) => {
    out[2 * i] = Number(r[0]);
    out[2 * i + 1] = Number(r[1]);
  });
  return out;
}

/** A new map on the settings' grid, its units started on points drawn from the seed. */
export function startMap(s: Settings): MapRun {
  const points = mapPoints(s.somData, s.somSeed);
  const [rows, cols] = s.somGrid.split('x').map(Number);
  const map = new SelfOrganizingMap({ inputs: 2, grid: [rows, cols] });
  const trainer = new MapTrainer(map, { data: points, rows: points.length / 2, cols: 2 }, { epochs: MAP_EPOCHS, seed: s.somSeed });
  return { key: mapKey(s), points, map, trainer };
}
