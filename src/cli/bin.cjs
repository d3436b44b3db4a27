#!/usr/bin/env node
// Entry for `npx pgpartition`: runs the TypeScript CLI through tsx's loader.
require('tsx/cjs');
require('./main.ts');
