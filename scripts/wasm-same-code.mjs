// Whether two WebAssembly modules hold the same code up to the order of their functions and types:
// for a change that moves AssemblyScript between files (asm/) without changing what it computes.
// Binaryen orders functions by how often they are called, ties by their internal names, which
// contain the file's path; so a moved function changes the bytes but not one instruction.
//   node scripts/wasm-same-code.mjs <before.wasm> <after.wasm>
// Each module is written as text, its functions renamed by a walk from the exports (in export
// order, then each function's callees in the order of their first call) and its types written out
// where used; the two texts are then compared. Exits 0 when they are equal, 1 with a diff when not.
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';

/** The module at `path` as canonical text, and the functions no export reaches. */
export function canonical(path) {
  const m = binaryen.readBinary(readFileSync(path));
  m.setFeatures(binaryen.Features.All);
  const text = m.emitText();
  m.dispose();
  const types = new Map([...text.matchAll(/^ \(type \$(\d+) (\(func.*\))\)$/gm)].map((x) => [x[1], x[2]]));
  const exports = [...text.matchAll(/^ \(export "([^"]+)" \(func \$(\d+)\)\)$/gm)].map((x) => [x[1], x[2]]);
  const [head, ...bodies] = text.split(/\n (?=\(func \$)/);
  const funcs = new Map(bodies.map((b) => [/^\(func \$(\d+)/.exec(b)[1], b]));
  const names = new Map();
  const order = [];
  for (const [name, f] of exports) {
    if (!names.has(f)) { names.set(f, name); order.push(f); }
  }
  for (let i = 0; i < order.length; i++) {
    for (const [, callee] of funcs.get(order[i]).matchAll(/\(call \$(\d+)/g)) {
      if (!names.has(callee)) { names.set(callee, `f${names.size}`); order.push(callee); }
    }
  }
  const rename = (s) => s
    .replace(/\((func|call) \$(\d+)/g, (_, kind, f) => `(${kind} $${names.get(f)}`)
    .replace(/\(type \$(\d+)\)/g, (_, t) => `(type ${types.get(t)})`);
  const out = [rename(head.replace(/^ \(type .*\n/gm, '')), ...order.map((f) => rename(funcs.get(f)))];
  return { text: out.join('\n'), unreached: [...funcs.keys()].filter((f) => !names.has(f)), functions: funcs.size };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [before, after] = process.argv.slice(2);
  const a = canonical(before), b = canonical(after);
  const same = a.text === b.text && a.unreached.length === 0 && b.unreached.length === 0;
  console.log(`${before}: ${a.functions} functions; ${after}: ${b.functions}; ${same ? 'the same code' : 'DIFFERENT code'}`);
  if (!same) {
    const x = a.text.split('\n'), y = b.text.split('\n');
    const i = x.findIndex((line, j) => line !== y[j]);
    console.log(`first difference at canonical line ${i + 1}:\n- ${x[i]}\n+ ${y[i]}`);
  }
  process.exit(same ? 0 : 1);
}
