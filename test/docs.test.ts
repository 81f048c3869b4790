// Every export of the public entry points has TSDoc.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const entries = ['../src/index.ts', '../src/dense.ts', '../src/node.ts', '../src/onnx.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function undocumented(): string[] {
  const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    if (!file) throw new Error(`cannot read ${entry}`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    for (const exported of checker.getExportsOfModule(moduleSymbol as ts.Symbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      if (doc === '') missing.push(exported.getName());
    }
  }
  return missing;
}

describe('documentation', () => {
  it('every public export has TSDoc', () => {
    expect(undocumented()).toEqual([]);
  });
});
