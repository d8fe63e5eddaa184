// Raw protocol behaviour compared byte for byte with what redis-server answered
// (test/golden/protocol.json, recorded by test/golden/record-protocol.ts): inline and
// multibulk parsing, limits, protocol error texts, closing after errors and QUIT.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as net from 'node:net';
import { startServer, type RunningServer } from '../../src/index';
import { PROTOCOL_CASES, runProtocolCase, comparedOutput, type ProtocolGolden } from '../golden/protocol-cases';
import { mulberry32 } from '../support/prng';

const golden = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'test/golden/protocol.json'), 'latin1')) as ProtocolGolden;
let open: RunningServer;
let protectedServer: RunningServer;

/** Answers of Ferrous for every case, collected concurrently (each waits for quiet). */
const answers = new Map<string, { output: string; closed: boolean }>();

before(async () => {
  open = await startServer({ port: 0, config: { 'enable-debug-command': 'yes' } });
  protectedServer = await startServer({ port: 0, config: { requirepass: 'pw' } });
  await Promise.all(PROTOCOL_CASES.map(async (c) => {
    answers.set(c.name, await runProtocolCase(c.requirepass ? protectedServer.port : open.port, c.input, 200));
  }));
});

after(async () => {
  await open.close();
  await protectedServer.close();
});

test('every protocol case has a recorded answer', () => {
  const recorded = new Set(golden.cases.map((c) => c.name));
  for (const c of PROTOCOL_CASES) assert.ok(recorded.has(c.name), `no golden for '${c.name}': npm run golden:record -- protocol`);
});

for (const c of PROTOCOL_CASES) {
  test(`protocol: ${c.name}`, async () => {
    const expected = golden.cases.find((g) => g.name === c.name);
    if (expected === undefined) return; // reported by the test above
    const actual = answers.get(c.name)!;
    assert.equal(comparedOutput(c, actual.output), expected.output);
    assert.equal(actual.closed, expected.closed, expected.closed ? 'Redis closes the connection here' : 'Redis keeps the connection open here');
  });
}

test('socket: a pipeline written in random pieces is answered exactly', async () => {
  const rand = mulberry32(7);
  let input = '';
  let expected = '';
  for (let i = 0; i < 60; i++) {
    let arg = '';
    const n = Math.floor(rand() * 30);
    for (let j = 0; j < n; j++) arg += String.fromCharCode(Math.floor(rand() * 256));
    input += `*2\r\n$4\r\nECHO\r\n$${arg.length}\r\n${arg}\r\n`;
    expected += `$${arg.length}\r\n${arg}\r\n`;
  }
  for (let round = 0; round < 5; round++) {
    const socket = net.createConnection({ port: open.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    let got = '';
    socket.on('data', (d) => { got += d.toString('latin1'); });
    for (let i = 0; i < input.length;) {
      const n = 1 + Math.floor(rand() * 50);
      socket.write(Buffer.from(input.slice(i, i + n), 'latin1'));
      i += n;
      if (rand() < 0.3) await new Promise((r) => setTimeout(r, 1));
    }
    const deadline = Date.now() + 3000;
    while (got.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    socket.destroy();
    assert.equal(got, expected);
  }
});

test('socket: random garbage never takes the server down', async () => {
  const rand = mulberry32(8);
  for (let i = 0; i < 30; i++) {
    let junk = '';
    const n = 1 + Math.floor(rand() * 300);
    for (let j = 0; j < n; j++) junk += String.fromCharCode(rand() < 0.2 ? [42, 36, 13, 10][Math.floor(rand() * 4)] : Math.floor(rand() * 256));
    const r = await runProtocolCase(open.port, junk, 30);
    // Whatever came back is well-formed replies only: errors, or replies to accidental commands.
    assert.ok(r.output === '' || /^[-+$:*_%~>#,(=]/.test(r.output), JSON.stringify(r.output.slice(0, 80)));
  }
  const ok = await runProtocolCase(open.port, 'PING\r\n', 100);
  assert.equal(ok.output, '+PONG\r\n');
});
