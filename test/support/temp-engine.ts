// An embedded engine whose dir is a fresh temporary folder (RDB files, DEBUG RELOAD), removed
// afterwards; DEBUG is enabled.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/index';

export function withEngineInTempDir(fn: (engine: ReturnType<typeof createEngine>) => void, prefix = 'ferrous-test-'): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const engine = createEngine({ dir, 'enable-debug-command': 'yes' });
  try {
    fn(engine);
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
