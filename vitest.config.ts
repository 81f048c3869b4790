import { defineConfig } from 'vitest/config';

// `neurite-source`: the package's own `#host` import resolves to src/ (package.json "imports")
const conditions = ['neurite-source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
