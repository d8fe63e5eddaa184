// redis.conf parsing and the config registry, against what redis-server itself made of the
// same files (test/golden/config.json, recorded by test/golden/record-config.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/server/engine';
import { parseConfigText, parseMemory } from '../../src/server/config';
import { CONFIG_CASES } from '../golden/config-cases';

const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/config.json'), 'latin1')) as Record<string, Record<string, string>>;

for (const c of CONFIG_CASES) {
  test(`config file: ${c.name}`, () => {
    const expected = golden[c.name];
    assert.ok(expected, `no golden for '${c.name}': npm run golden:record -- config`);
    const config: Record<string, string> = {};
    for (const [name, value] of parseConfigText(c.text)) config[name] = value;
    const engine = new Engine({ config });
    try {
      const client = engine.createClient();
      for (const name of c.get) {
        engine.execute(client, ['CONFIG', 'GET', name], client.writer);
        assert.equal(client.takeOutput(), expected[name], name);
      }
    } finally {
      engine.close();
    }
  });
}

test('unknown directives and bad values are fatal, naming the line', () => {
  assert.throws(() => parseConfigText('hz 10\nnosuch 1\n'), /line 2[\s\S]*nosuch 1[\s\S]*Bad directive/);
  assert.throws(() => parseConfigText('maxmemory lots\n'), /line 1[\s\S]*memory value/);
  assert.throws(() => parseConfigText('requirepass "open\n'), /line 1/);
});

test('memory values: units are case-insensitive, k = 1000, kb = 1024, no sign', () => {
  assert.equal(parseMemory('1k'), 1000);
  assert.equal(parseMemory('1KB'), 1024);
  assert.equal(parseMemory('3Gb'), 3 * 1024 * 1024 * 1024);
  assert.equal(parseMemory('12'), 12);
  assert.equal(parseMemory('-1'), null);
  assert.equal(parseMemory('1x'), null);
});
