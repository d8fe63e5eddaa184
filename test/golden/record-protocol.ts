// Records how a real redis-server answers raw protocol input: well-formed and malformed
// RESP, inline commands, limits. For every case the exact bytes the server wrote and whether
// it closed the connection go to test/golden/protocol.json; test/server/protocol.test.ts
// replays them against Ferrous. Run: npm run golden:record -- protocol
// (needs: apt-get install redis-server). The oracle runs with enable-debug-command yes
// (DEBUG PROTOCOL / POPULATE cases), as the replay server does.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRedisOracle } from '../support/redis-oracle';
import { PROTOCOL_CASES, runProtocolCase, comparedOutput, type ProtocolGolden } from './protocol-cases';

async function main(): Promise<void> {
  const results: ProtocolGolden['cases'] = [];
  let version = 'unknown';
  for (const requirepass of [false, true]) {
    const oracle = await startRedisOracle(requirepass ? ['--requirepass', 'pw'] : []);
    version = oracle.version;
    try {
      for (const c of PROTOCOL_CASES.filter((x) => (x.requirepass ?? false) === requirepass)) {
        const r = await runProtocolCase(oracle.port, c.input);
        results.push({ name: c.name, output: comparedOutput(c, r.output), closed: r.closed });
      }
    } finally {
      await oracle.stop();
    }
  }
  const golden: ProtocolGolden = { redisVersion: version, cases: results };
  const json = JSON.stringify(golden, null, 1)
    .replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  const out = path.join(process.cwd(), 'test/golden/protocol.json');
  fs.writeFileSync(out, json + '\n', 'ascii');
  console.log(`test/golden/protocol.json: ${results.length} cases from redis ${version}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
