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
import { execFileSync } from 'node:child_process';
import { readLibCases, REPLIES_PATH, type LibGolden } from './libs/lib-cases';
import { formatGInputs, numberStrings } from './libs/number-inputs';

/**
 * "%.<p>g" of many doubles and tonumber() of many strings, as real Lua 5.1 (glibc printf and
 * strtod) computes them: the truth for fpconv.ts. Doubles are passed as their shortest
 * round-trip text, which strtod reads back to the same double.
 */
function recordNumbers(): void {
  const inputs = formatGInputs();
  const lines: string[] = ['local out = {}'];
  for (const [x, p] of inputs) {
    const lit = Number.isNaN(x) ? '(0/0)' : x === Infinity ? '(1/0)' : x === -Infinity ? '(-1/0)' : Object.is(x, -0) ? "(-tonumber('0'))" : `(${String(x)})`;
    lines.push(`out[#out+1] = string.format('%.${p}g', ${lit})`);
  }
  const strs = numberStrings();
  for (const s of strs) {
    const lit = '"' + Array.from(s, (ch) => '\\' + ch.charCodeAt(0)).join('') + '"';
    lines.push(`do local n = tonumber(${lit}) out[#out+1] = n == nil and 'nil' or string.format('%.17g', n) end`);
  }
  lines.push("io.write(table.concat(out, '\\n'))");
  const text = execFileSync('lua5.1', ['-'], { input: lines.join('\n'), maxBuffer: 64 << 20 }).toString('latin1');
  const outputs = text.split('\n');
  const formatG = inputs.map(([x, p], i) => ({ x: String(x), p, out: outputs[i] }));
  const tonumber = strs.map((s, i) => ({ s, out: outputs[inputs.length + i] }));
  const file = path.join(process.cwd(), 'test/golden/libs/numbers.json');
  fs.writeFileSync(file, JSON.stringify({ lua: '5.1', formatG, tonumber }, null, 0) + '\n', 'utf8');
  console.log(`recorded ${formatG.length} %g formats and ${tonumber.length} tonumber() from lua5.1`);
}

async function main(): Promise<void> {
  recordNumbers();
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
