// LATENCY HISTOGRAM (latency-tracking), LATENCY LATEST / HISTORY / RESET (latency-monitor-threshold),
// as Redis's latency-monitor.tcl drives them.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/index';

test('LATENCY HISTOGRAM: calls per command and cumulative counts at power-of-two microsecond bounds', () => {
  const e = createEngine({});
  try {
    e.command('CONFIG', 'RESETSTAT');
    const afterReset = e.command('LATENCY', 'HISTOGRAM') as Map<string, unknown>;
    assert.deepEqual([...afterReset.keys()], ['config|resetstat']);
    e.command('SET', 'a', 'b');
    e.command('SET', 'c', 'd');
    e.command('CLIENT', 'ID');
    const h = e.command('LATENCY', 'HISTOGRAM', 'set', 'client', 'nosuch') as Map<string, Map<string, unknown>>;
    assert.deepEqual([...h.keys()], ['set', 'client|id'], 'a container stands for its subcommands; unknown names are skipped');
    assert.equal(h.get('set')!.get('calls'), 2);
    const points = h.get('set')!.get('histogram_usec') as Map<number, number>;
    const bounds = [...points.keys()];
    const counts = [...points.values()];
    assert.ok(bounds.every((b) => Number.isInteger(Math.log2(b))), `bounds are powers of two: ${bounds}`);
    assert.equal(counts[counts.length - 1], 2, 'cumulative: the last count is every call');
    assert.deepEqual([...(e.command('LATENCY', 'HISTOGRAM', 'nosuch') as Map<string, unknown>).keys()], []);
  } finally {
    e.close();
  }
});

test('LATENCY LATEST / HISTORY / RESET record commands slower than latency-monitor-threshold', () => {
  const e = createEngine({ 'enable-debug-command': 'yes' });
  try {
    e.command('DEBUG', 'SLEEP', '0.02');
    assert.deepEqual(e.command('LATENCY', 'LATEST'), [], 'no threshold: nothing recorded');
    e.command('CONFIG', 'SET', 'latency-monitor-threshold', '10');
    e.command('DEBUG', 'SLEEP', '0.03');
    const latest = e.command('LATENCY', 'LATEST') as Array<[string, number, number, number]>;
    assert.equal(latest.length, 1);
    assert.equal(latest[0][0], 'command');
    assert.ok(latest[0][2] >= 30 && latest[0][3] >= latest[0][2], JSON.stringify(latest));
    const history = e.command('LATENCY', 'HISTORY', 'command') as Array<[number, number]>;
    assert.equal(history.length, 1);
    assert.equal(history[0][1], latest[0][2]);
    assert.deepEqual(e.command('LATENCY', 'HISTORY', 'nosuch'), []);
    assert.equal(e.command('LATENCY', 'RESET', 'nosuch'), 0);
    assert.equal(e.command('LATENCY', 'RESET'), 1);
    assert.deepEqual(e.command('LATENCY', 'LATEST'), []);
  } finally {
    e.close();
  }
});
