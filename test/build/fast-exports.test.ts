// Every internal module's exports object must stay in V8's fast (hidden-class) form. A
// re-export (`export { x } from './y'`, or `export { x }` of an imported x) compiles to a
// getter defined over a data property, which turns the whole exports object into V8's
// dictionary form: then every `module_1.name` read in that module's importers is a hash
// lookup through a generic IC (~15 ns), on hot paths such as `runtime_1.rt` or
// `util_1.parseInt64`. The public entry points (src/index.ts, src/lua/index.ts,
// src/scripting/libs/index.ts) re-export on purpose and are not imported internally.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const SRC = path.join(__dirname, '..', '..', 'src');

function modules(dir: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'cli') modules(p, out); // cli modules start a process when loaded
    } else if (entry.name.endsWith('.js') && entry.name !== 'index.js') {
      out.push(p);
    }
  }
  return out;
}

test('internal modules keep fast exports objects (no re-exports)', () => {
  const files = modules(SRC, []);
  assert.ok(files.length > 50, `found only ${files.length} modules under ${SRC}`);
  const probe = `
    require(${JSON.stringify(path.join(SRC, 'index.js'))}); // the server's own load order first
    const slow = [];
    for (const f of ${JSON.stringify(files)}) {
      if (!%HasFastProperties(require(f))) slow.push(f.slice(${JSON.stringify(SRC.length + 1)}));
    }
    process.stdout.write(JSON.stringify(slow));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', probe], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [], 'modules whose exports are in dictionary mode (look for a re-export)');
});
