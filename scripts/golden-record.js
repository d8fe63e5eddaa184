#!/usr/bin/env node
// Re-records every golden file from the real oracles (redis-server, lua5.1).
// Each recorder is a compiled module dist/test/golden/record-*.js; run `npm run golden:record`
// (it builds first). Needs: apt-get install -y redis-server redis-tools lua5.1
// Usage: npm run golden:record [-- name-filter]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'dist', 'test', 'golden');
const filter = process.argv[2];
const recorders = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => /^record-.*\.js$/.test(f) && (!filter || f.includes(filter))).sort()
  : [];
if (recorders.length === 0) { console.error('no recorders found'); process.exit(1); }
let failed = 0;
for (const r of recorders) {
  console.log(`== ${r}`);
  const res = spawnSync(process.execPath, [path.join(dir, r)], { stdio: 'inherit' });
  if (res.status !== 0) { failed++; console.error(`${r} failed`); }
}
process.exit(failed ? 1 : 0);
