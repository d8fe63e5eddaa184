// Records how a real redis-server reads redis.conf snippets: for each case of
// config-cases.ts, starts redis-server with the file and stores CONFIG GET of the listed
// options in test/golden/config.json. Run: npm run golden:record -- config

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { freePort, waitForPort } from '../support/redis-oracle';
import { RawRespClient } from '../support/resp-client';
import { CONFIG_CASES } from './config-cases';

async function main(): Promise<void> {
  const out: Record<string, Record<string, string>> = {};
  for (const c of CONFIG_CASES) {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-conf-'));
    const file = path.join(dir, 'redis.conf');
    fs.writeFileSync(file, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nappendonly no\n${c.text}`);
    const child = spawn('redis-server', [file], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      await waitForPort(port);
      const client = await RawRespClient.connect(port);
      const values: Record<string, string> = {};
      for (const name of c.get) {
        const frame = await client.command('CONFIG', 'GET', name);
        values[name] = frame;
      }
      client.close();
      out[c.name] = values;
    } finally {
      child.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const json = JSON.stringify(out, null, 1).replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  fs.writeFileSync(path.join(process.cwd(), 'test/golden/config.json'), json + '\n', 'ascii');
  console.log(`test/golden/config.json: ${CONFIG_CASES.length} config files from redis-server`);
}

main().catch((e) => { console.error(e); process.exit(1); });
