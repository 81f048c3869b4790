#!/usr/bin/env node
// The training data is read beside the loading of the command's modules (Note [reading early] in
// src/data/node/early.ts): early.js loads only the data readers, main.js the rest. Both come from
// dist/cli/bundle (Note [one file to load] in scripts/build-cli.mjs).
import { readEarly } from '../dist/cli/bundle/early.js';

readEarly(process.argv.slice(2));
const { main } = await import('../dist/cli/bundle/main.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
