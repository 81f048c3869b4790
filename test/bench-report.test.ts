// The benchmark's report (bench/report.mjs): the ceilings section, which says where W4's and W5's
// peers and Neurite stand against WebAssembly's ceiling, from the rows of one run; and the native
// ceiling program (bench/peak/native.c) where a C compiler is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Row {
  workload: string;
  lib: string;
  value?: number;
  unit?: string;
  one?: number;
  threads?: number;
}
type Report = (results: Row[], info: Record<string, unknown>) => string;
interface ReportModule { report: Report; cpuFlags: () => string[] }

const root = fileURLToPath(new URL('..', import.meta.url));
// a path in a variable: the report is a plain .mjs without types
const reportModule = join(root, 'bench/report.mjs');
const loadModule = async (): Promise<ReportModule> => (await import(reportModule)) as ReportModule;
const loadReport = async (): Promise<Report> => (await loadModule()).report;
const info = { at: 'test', machine: 'test machine', reps: 3, loads: [0.1], uptimeBefore: 'up', relaxed: true };

const rows = (workload: string, lib: string, values: number[], extra: Partial<Row> = {}): Row[] =>
  values.map((value) => ({ workload, lib, value, unit: 'GFLOP/s', ...extra }));

describe('bench/report.mjs: ceilings', () => {
  const results: Row[] = [
    ...rows('w4', 'neurite wasm-relaxed ×2', [300_000, 320_000, 310_000]),
    ...rows('w4', 'neurite wasm-simd ×2', [280_000, 290_000, 285_000]),
    ...rows('w4', 'sklearn', [390_000, 380_000, 400_000]),
    ...rows('w5', 'neurite wasm-relaxed ×2', [119, 121, 125]),
    ...rows('w5', 'neurite wasm-simd ×2', [110, 112, 113]),
    ...rows('w5', 'numpy', [240, 250, 230]),
    ...[126, 130, 128].map((value, i) => ({ workload: 'peak', lib: 'WebAssembly 128-bit', value, one: [64, 66, 65][i], threads: 2 })),
    ...[258, 260, 256].map((value, i) => ({ workload: 'peak', lib: 'native 256-bit', value, one: [129, 131, 130][i], threads: 2 })),
  ];

  it('tabulates each ceiling and measures W4 and W5 against WebAssembly\'s, with medians of the rows', async () => {
    const page = (await loadReport())(results, info);
    expect(page).toContain('## Ceilings: fused multiply-adds and nothing else (bench/peak)');
    expect(page).toContain('| WebAssembly 128-bit | 65.0 (64.0–66.0) | 128 (126–130) |');
    expect(page).toContain('| native 256-bit | 130 (129–131) | 258 (256–260) |');
    // half of numpy's median 240 is 120: 93.75 % of the ceiling's median 128; Neurite's best row 121
    expect(page).toContain("- W5: half of numpy's 240 GFLOP/s is 120, **93.8 %** of WebAssembly's 2-thread ceiling (128); Neurite's best row, 121, is 94.5 % of it.");
    // 390,000 samples/s × 469,504 flops = 183.1 GFLOP/s = 1.43 × 128; Neurite's best 310,000 → 145.5
    expect(page).toContain("- W4: scikit-learn's 390,000 samples/s is 183.1 GFLOP/s of dense products, **1.43×** WebAssembly's 2-thread ceiling; Neurite's best row is 145.5 dense-equivalent GFLOP/s (1.14×, by skipping zeros).");
  });

  it('leaves the section out of a run without ceilings, and the comparisons out without WebAssembly\'s', async () => {
    const report = await loadReport();
    expect(report(results.filter((r) => r.workload !== 'peak'), info)).not.toContain('## Ceilings');
    const nativeOnly = report(results.filter((r) => r.lib !== 'WebAssembly 128-bit'), info);
    expect(nativeOnly).toContain('| native 256-bit |');
    expect(nativeOnly).not.toContain('Against the WebAssembly ceiling');
  });
});

const cc = spawnSync('cc', ['--version']).status === 0 && process.arch === 'x64' && process.platform === 'linux';

describe.skipIf(!cc)('bench/peak/native.c', () => {
  it('builds and prints one record per vector width the CPU has, each with both thread counts', async () => {
    const flags = (await loadModule()).cpuFlags();
    const dir = mkdtempSync(join(tmpdir(), 'neurite-native-'));
    try {
      const exe = join(dir, 'native');
      execFileSync('cc', ['-O2', '-pthread', join(root, 'bench/peak/native.c'), '-o', exe]);
      const lines = execFileSync(exe, ['2', '2000000'], { encoding: 'utf8' }).trim().split('\n');
      const records = lines.map((l) => JSON.parse(l.replace(/^RESULT /, '')) as { bits: number; one: number; all: number; threads: number });
      // the widths the CPU reports: 128 and 256 bits with AVX2 and FMA, 512 with AVX-512
      const widths = [...(flags.includes('avx2') && flags.includes('fma') ? [128, 256] : []), ...(flags.includes('avx512f') ? [512] : [])];
      expect(records.map((r) => r.bits)).toEqual(widths);
      for (const r of records) {
        expect(r.threads).toBe(2);
        expect(r.one).toBeGreaterThan(0);
        expect(r.all).toBeGreaterThan(0);
      }
      // asked for one width, it prints that one only
      const last = widths[widths.length - 1];
      const only = execFileSync(exe, ['1', '2000000', String(last)], { encoding: 'utf8' }).trim().split('\n');
      expect(only).toHaveLength(1);
      expect(only[0]).toMatch(new RegExp(`^RESULT \\{"bits":${last},`));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
