// Records the golden replies for Redis's Lua libraries (cjson, cmsgpack, bit, struct).
//
// Each non-comment line of test/golden/libs/cases.txt is a Lua script body. It is sent to a
// real redis-server as `EVAL <body> 0` and the exact reply frame is stored, byte for byte,
// in test/golden/libs/replies.json (latin1 bytes kept as JSON string code units 0..255).
// SCRIPT FLUSH runs before every case: it recreates Redis's Lua VM, so cjson settings changed
// by one case (encode_number_precision...) never leak into the next one.
//
// Run: npm run golden:record -- libs   (needs the Debian package redis-server)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRedisOracle } from '../support/redis-oracle';
import { RawRespClient } from '../support/resp-client';
import { readLibCases, REPLIES_PATH, type LibGolden } from './libs/lib-cases';

async function main(): Promise<void> {
  const cases = readLibCases();
  const oracle = await startRedisOracle();
  const client = await RawRespClient.connect(oracle.port);
  const out: LibGolden = { redis: oracle.version, recordedAt: new Date().toISOString(), cases: [] };
  try {
    for (const c of cases) {
      const flushed = await client.command('SCRIPT', 'FLUSH');
      if (flushed !== '+OK\r\n') throw new Error(`SCRIPT FLUSH answered ${JSON.stringify(flushed)}`);
      const reply = await client.command('EVAL', c.src, '0');
      out.cases.push({ line: c.line, src: c.src, reply });
    }
  } finally {
    client.close();
    await oracle.stop();
  }
  const file = path.join(process.cwd(), REPLIES_PATH);
  fs.writeFileSync(file, JSON.stringify(out, null, 1) + '\n', 'utf8');
  console.log(`recorded ${out.cases.length} cases from redis ${oracle.version} into ${REPLIES_PATH}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
