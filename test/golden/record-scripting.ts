// Records the scripting golden replies from a real redis-server (Debian 7.0.15).
//
// Every test/golden/scripting/*.txt file is one session on a fresh server (the PRNG state of
// math.random is process-global, so each file starts from Redis's fixed initial state): each
// command line is sent and its exact reply frame is written back under it as a `=>` line.
// See test/golden/scripting/corpus.ts for the format. The hand-written 7.4 cases in
// test/golden/scripting-7.4/ are not touched (7.0.15 answers them differently by design).
//
// Run: npm run golden:record -- scripting   (needs the Debian package redis-server)

import * as path from 'node:path';
import { listCorpusFiles } from './scripting/corpus';
import { recordCorpusFile } from './scripting/record-session';

async function main(): Promise<void> {
  // deep.txt holds replies nested 8000 levels deep; the RESP client's frame scanner recurses
  // once per level, so record with a larger JS stack (re-run this file with --stack-size).
  if (!process.execArgv.some((a) => a.startsWith('--stack-size'))) {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--stack-size=7000', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const dir = path.join(process.cwd(), 'test/golden/scripting');
  const filter = process.argv[2];
  let total = 0;
  for (const file of listCorpusFiles(dir)) {
    if (filter && !file.includes(filter)) continue;
    const n = await recordCorpusFile(file);
    total += n;
    console.log(`${path.relative(process.cwd(), file)}: ${n} replies`);
  }
  console.log(`recorded ${total} scripting replies`);
}

main().catch((e) => { console.error(e); process.exit(1); });
