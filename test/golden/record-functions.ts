// Records the Redis Functions goldens from a real redis-server (Debian 7.0.15):
//   - test/golden/scripting-functions/*.txt: command sessions in the scripting corpus format
//     (test/golden/scripting/corpus.ts), each file on a fresh server;
//   - test/golden/scripting-functions/dumps.json: FUNCTION DUMP payloads of DUMP_CASES, and
//     whether redis-server RESTOREs the payloads Ferrous writes (re-stamped with RDB version
//     10, the newest 7.0.15 accepts; Ferrous writes 12 as Redis 7.4 does).
// Hand-written 7.4 cases live in test/golden/scripting-functions-7.4/ and are not touched.
//
// Run: npm run golden:record -- functions   (needs the Debian package redis-server)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRedisOracle } from '../support/redis-oracle';
import { RawRespClient } from '../support/resp-client';
import { listCorpusFiles } from './scripting/corpus';
import { recordCorpusFile } from './scripting/record-session';
import { DUMP_CASES, type DumpGolden } from './scripting-functions/dump-cases';
import { Engine } from '../../src/server/engine';
import { crc64 } from '../../src/store/rdb';

const dir = path.join(process.cwd(), 'test/golden/scripting-functions');

/** The bulk string inside a reply frame. */
function bulkOf(frame: string): string {
  if (!frame.startsWith('$')) throw new Error(`not a bulk reply: ${JSON.stringify(frame.slice(0, 200))}`);
  const nl = frame.indexOf('\r\n');
  return frame.slice(nl + 2, frame.length - 2);
}

/** Ferrous's FUNCTION DUMP for the codes (in-process engine). */
function ferrousDump(codes: string[]): string {
  const engine = new Engine({ config: {} });
  try {
    const client = engine.createClient();
    for (const code of codes) {
      engine.execute(client, ['FUNCTION', 'LOAD', code], client.writer);
      const r = client.takeOutput();
      if (!r.startsWith('$')) throw new Error(`Ferrous could not load a dump case: ${r}`);
    }
    engine.execute(client, ['FUNCTION', 'DUMP'], client.writer);
    return bulkOf(client.takeOutput());
  } finally {
    engine.close();
  }
}

/** The payload with another RDB version in its footer and the CRC recomputed. */
function restamp(payload: string, version: number): string {
  const body = payload.slice(0, payload.length - 10) + String.fromCharCode(version & 0xff, version >> 8);
  return body + crc64(body);
}

async function recordDumps(): Promise<number> {
  const oracle = await startRedisOracle();
  const client = await RawRespClient.connect(oracle.port);
  const out: DumpGolden[] = [];
  try {
    for (const c of DUMP_CASES) {
      await client.command('FUNCTION', 'FLUSH');
      for (const code of c.codes) {
        const r = await client.command('FUNCTION', 'LOAD', code);
        if (!r.startsWith('$')) throw new Error(`${c.name}: redis-server refused the code: ${r}`);
      }
      const redisPayload = bulkOf(await client.command('FUNCTION', 'DUMP'));
      await client.command('FUNCTION', 'FLUSH');
      const redisRestoresOwn = await client.command('FUNCTION', 'RESTORE', redisPayload);
      const ferrous = ferrousDump(c.codes);
      const ferrousPayloadV10 = restamp(ferrous, 10);
      await client.command('FUNCTION', 'FLUSH');
      const redisRestoresFerrous = await client.command('FUNCTION', 'RESTORE', ferrousPayloadV10);
      const redisListAfterRestore = await client.command('FUNCTION', 'LIST', 'WITHCODE');
      await client.command('FUNCTION', 'FLUSH');
      const redisRestoresFerrousV12 = await client.command('FUNCTION', 'RESTORE', ferrous);
      out.push({ name: c.name, redisPayload, redisRestoresOwn, ferrousPayloadV10, redisRestoresFerrous, redisListAfterRestore, redisRestoresFerrousV12 });
      if (redisRestoresFerrous !== '+OK\r\n') console.warn(`${c.name}: redis-server refused Ferrous's payload: ${redisRestoresFerrous}`);
    }
  } finally {
    client.close();
    await oracle.stop();
  }
  const file = path.join(dir, 'dumps.json');
  fs.writeFileSync(file, JSON.stringify({ redisVersion: oracle.version, cases: out }, null, 1) + '\n', 'latin1');
  return out.length;
}

async function main(): Promise<void> {
  let total = 0;
  for (const file of listCorpusFiles(dir)) {
    const n = await recordCorpusFile(file);
    total += n;
    console.log(`${path.relative(process.cwd(), file)}: ${n} replies`);
  }
  const d = await recordDumps();
  console.log(`recorded ${total} function replies and ${d} dump cases`);
}

main().catch((e) => { console.error(e); process.exit(1); });
