// Every connection reads into one shared buffer (server.ts): whatever a connection keeps of a
// read (a partial request, a big bulk in pieces, requests waiting behind a blocked command)
// must be copied before another connection's read overwrites the buffer. Two clients
// interleave byte-split pipelines here, and every reply must still be exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from '../support/server';
import { sleep } from '../support/wait';

function encode(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

test('two clients sending pipelines in small interleaved pieces get exact replies', async () => {
  await withServer(async (_srv, connect) => {
    const a = await connect();
    const b = await connect();
    const big = 'x'.repeat(100_000) + '\x00\xff' + 'y'.repeat(50_000);
    const pipelineA = encode('SET', 'ka', big) + encode('GET', 'ka') + encode('STRLEN', 'ka');
    const pipelineB = encode('SET', 'kb', 'v\r\nb') + encode('APPEND', 'kb', 'zz') + encode('GET', 'kb');
    // Cut points chosen so pieces end inside headers, inside bulks and between requests.
    const cutsA = [1, 5, 17, 33, 4096, 70_000, 120_000, pipelineA.length];
    const cutsB = [2, 9, 11, 20, 30, pipelineB.length];
    let ia = 0, ib = 0, pa = 0, pb = 0;
    while (ia < cutsA.length || ib < cutsB.length) {
      if (ia < cutsA.length) { a.writeRaw(pipelineA.slice(pa, cutsA[ia])); pa = cutsA[ia++]; }
      if (ib < cutsB.length) { b.writeRaw(pipelineB.slice(pb, cutsB[ib])); pb = cutsB[ib++]; }
      await sleep(5);
    }
    assert.equal(await a.readFrame(), '+OK\r\n');
    assert.equal(await a.readFrame(), `$${big.length}\r\n${big}\r\n`);
    assert.equal(await a.readFrame(), `:${big.length}\r\n`);
    assert.equal(await b.readFrame(), '+OK\r\n');
    assert.equal(await b.readFrame(), ':6\r\n');
    assert.equal(await b.readFrame(), '$6\r\nv\r\nbzz\r\n');
  });
});

test('requests queued behind a blocked command survive other clients\' reads', async () => {
  await withServer(async (_srv, connect) => {
    const blocked = await connect();
    const other = await connect();
    // BLPOP blocks; the GET and ECHO after it stay in the blocked client's parser.
    blocked.writeRaw(encode('BLPOP', 'q', '0') + encode('GET', 'after') + encode('ECHO', 'still-here'));
    await sleep(20);
    for (let i = 0; i < 20; i++) assert.equal(await other.command('SET', 'after', 'value-' + i), '+OK\r\n');
    assert.equal(await other.command('RPUSH', 'q', 'item'), ':1\r\n');
    assert.equal(await blocked.readFrame(), '*2\r\n$1\r\nq\r\n$4\r\nitem\r\n');
    assert.equal(await blocked.readFrame(), '$8\r\nvalue-19\r\n');
    assert.equal(await blocked.readFrame(), '$10\r\nstill-here\r\n');
  });
});

test('with FERROUS_NO_SHARED_READ_BUFFER=1 (Node\'s own read path) the same pipelines work', async () => {
  process.env.FERROUS_NO_SHARED_READ_BUFFER = '1';
  try {
    await withServer(async (_srv, connect) => {
      const a = await connect();
      const pipeline = encode('SET', 'k', 'v'.repeat(70_000)) + encode('STRLEN', 'k') + encode('PING');
      a.writeRaw(pipeline.slice(0, 3));
      await sleep(5);
      a.writeRaw(pipeline.slice(3, 50_000));
      await sleep(5);
      a.writeRaw(pipeline.slice(50_000));
      assert.equal(await a.readFrame(), '+OK\r\n');
      assert.equal(await a.readFrame(), ':70000\r\n');
      assert.equal(await a.readFrame(), '+PONG\r\n');
    });
  } finally {
    delete process.env.FERROUS_NO_SHARED_READ_BUFFER;
  }
});
