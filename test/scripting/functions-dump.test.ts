// FUNCTION DUMP / RESTORE against payloads recorded from redis-server 7.0.15
// (test/golden/scripting-functions/dumps.json, cases in dump-cases.ts):
//   - Ferrous RESTOREs every Redis payload and lists the same library code;
//   - Ferrous's DUMP of the same code is byte-identical to Redis's apart from the footer
//     (Ferrous writes RDB version 12 as Redis 7.4 does; 7.0.15 writes 10), libraries compared
//     as a set where Redis's dict order is arbitrary;
//   - the CRC64 agrees with Redis's footers, and the recorded fact that redis-server accepted
//     Ferrous's payload still applies to what Ferrous writes now.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/server/engine';
import { verifyPayload } from '../../src/scripting/rdb';
import { crc64, lzfCompress, lzfDecompress, RdbReader } from '../../src/store/rdb';
import { DUMP_CASES, type DumpGolden } from '../golden/scripting-functions/dump-cases';

const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/scripting-functions/dumps.json'), 'latin1')) as { cases: DumpGolden[] };

function bulkOf(frame: string): string {
  assert.ok(frame.startsWith('$'), `not a bulk reply: ${JSON.stringify(frame.slice(0, 200))}`);
  return frame.slice(frame.indexOf('\r\n') + 2, frame.length - 2);
}

function session(): { run(...argv: string[]): string; close(): void } {
  const engine = new Engine({ config: {} });
  const client = engine.createClient();
  return {
    run(...argv: string[]) { engine.execute(client, argv, client.writer); return client.takeOutput(); },
    close() { engine.close(); },
  };
}

/** The payload's library entries (opcode + encoded string), in payload order. */
function entries(payload: string): string[] {
  const reader = new RdbReader(payload);
  const out: string[] = [];
  while (payload.length - reader.pos > 10) {
    const start = reader.pos;
    reader.byte();
    reader.string();
    out.push(payload.slice(start, reader.pos));
  }
  return out;
}

function restamp(payload: string, version: number): string {
  const body = payload.slice(0, payload.length - 10) + String.fromCharCode(version & 0xff, version >> 8);
  return body + crc64(body);
}

test('dumps.json covers every dump case', () => {
  assert.deepEqual(golden.cases.map((c) => c.name), DUMP_CASES.map((c) => c.name));
});

test('CRC64 matches the footers of redis-server payloads', () => {
  for (const g of golden.cases) {
    const p = g.redisPayload;
    assert.equal(crc64(p, p.length - 8), p.slice(-8), g.name);
    assert.equal(verifyPayload(p), 10, g.name);
  }
  // The check value of CRC-64/Jones as Redis's crc64 test prints it.
  assert.equal(Buffer.from(crc64('123456789'), 'latin1').readBigUInt64LE(0), 0xe9c6d914c4b8d9can);
});

for (const c of DUMP_CASES) {
  const g = golden.cases.find((x) => x.name === c.name)!;

  test(`RESTORE of redis-server's payload: ${c.name}`, () => {
    assert.equal(g.redisRestoresOwn, '+OK\r\n');
    const s = session();
    try {
      assert.equal(s.run('FUNCTION', 'RESTORE', g.redisPayload), '+OK\r\n');
      const listed = s.run('FUNCTION', 'LIST', 'WITHCODE');
      for (const code of c.codes) assert.ok(listed.includes(`$${code.length}\r\n${code}\r\n`), `${c.name}: code not listed`);
      assert.ok(listed.startsWith(`*${c.codes.length}\r\n`), listed.slice(0, 20));
    } finally {
      s.close();
    }
  });

  test(`FUNCTION DUMP matches redis-server's bytes: ${c.name}`, () => {
    const s = session();
    try {
      for (const code of c.codes) assert.ok(s.run('FUNCTION', 'LOAD', code).startsWith('$'));
      const ours = bulkOf(s.run('FUNCTION', 'DUMP'));
      assert.equal(verifyPayload(ours), 12, 'version 12 and a valid CRC');
      assert.deepEqual(entries(ours).sort(), entries(g.redisPayload).sort());
      if (c.codes.length <= 1) assert.equal(ours.slice(0, -10), g.redisPayload.slice(0, -10));
      // redis-server accepted this payload (re-stamped with version 10) when it was recorded.
      assert.equal(g.redisRestoresFerrous, '+OK\r\n');
      assert.deepEqual(entries(restamp(ours, 10)).sort(), entries(g.ferrousPayloadV10).sort());
      for (const code of c.codes) assert.ok(g.redisListAfterRestore.includes(`$${code.length}\r\n${code}\r\n`));
      // And the same round trip through Ferrous: DUMP, FLUSH, RESTORE, same functions.
      assert.equal(s.run('FUNCTION', 'RESTORE', ours, 'FLUSH'), '+OK\r\n');
      assert.equal(bulkOf(s.run('FUNCTION', 'DUMP')), ours);
    } finally {
      s.close();
    }
  });
}

test('LZF round trip and Redis\'s compression threshold', () => {
  const text = Buffer.from('abcabcabcabcabcabcabcabcabcabcabc'.repeat(40), 'latin1');
  const packed = lzfCompress(text, text.length - 4)!;
  assert.ok(packed !== null && packed.length < text.length);
  assert.deepEqual(Buffer.from(lzfDecompress(packed, text.length)!), text);
  // Incompressible input does not fit in len - 4 bytes: stored plain.
  const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
  assert.equal(lzfCompress(noise, noise.length - 4), null);
  assert.equal(lzfDecompress(Buffer.from([0xff, 0xff]), 10), null);
});

test('restored functions run, and library state starts fresh', () => {
  const s = session();
  try {
    const code = "#!lua name=ctr\nlocal n = 0\nredis.register_function('ctr', function() n = n + 1 return n end)";
    s.run('FUNCTION', 'LOAD', code);
    assert.equal(s.run('FCALL', 'ctr', '0'), ':1\r\n');
    assert.equal(s.run('FCALL', 'ctr', '0'), ':2\r\n');
    const payload = bulkOf(s.run('FUNCTION', 'DUMP'));
    assert.equal(s.run('FUNCTION', 'RESTORE', payload, 'REPLACE'), '+OK\r\n');
    assert.equal(s.run('FCALL', 'ctr', '0'), ':1\r\n');
  } finally {
    s.close();
  }
});
