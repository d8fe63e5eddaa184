// KeyIndex (the keyspace's hash index) against a Map-and-array model: random inserts,
// lookups and swap-removes, through growth and shrinking, with keys built to share prefixes
// and suffixes, binary bytes and the empty key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyIndex, hashKey } from '../../src/store/key-index';
import { mulberry32 } from '../support/prng';

function randomKey(rand: () => number): string {
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return 'key:' + String(Math.floor(rand() * 3000)).padStart(8, '0');
  if (kind === 1) return String(Math.floor(rand() * 500));
  if (kind === 2) {
    let s = '';
    const n = Math.floor(rand() * 6);
    for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * 256));
    return s;
  }
  return 'user:' + Math.floor(rand() * 200) + ':session';
}

test('KeyIndex behaves as a Map of key -> dense slot with swap-remove', () => {
  for (const seed of [1, 2, 3, 42]) {
    const rand = mulberry32(seed);
    const index = new KeyIndex();
    const model: string[] = [];
    const slotOf = new Map<string, number>();
    for (let step = 0; step < 20000; step++) {
      const key = randomKey(rand);
      const op = rand();
      // Grow first, then mostly delete, so the table both grows and shrinks.
      const deleting = step > 12000 ? op < 0.8 : op < 0.3;
      const expected = slotOf.get(key) ?? -1;
      assert.equal(index.find(key), expected, `find ${JSON.stringify(key)} at step ${step} (seed ${seed})`);
      if (deleting) {
        if (expected < 0) continue;
        const moved = index.removeAt(expected);
        const last = model.length - 1;
        assert.equal(moved, expected === last ? -1 : last);
        if (expected !== last) {
          model[expected] = model[last];
          slotOf.set(model[expected], expected);
        }
        model.pop();
        slotOf.delete(key);
      } else if (expected < 0) {
        const slot = index.append(key);
        assert.equal(slot, model.length);
        model.push(key);
        slotOf.set(key, slot);
      }
      assert.equal(index.size, model.length);
    }
    assert.deepEqual(index.keys, model);
    for (const [key, slot] of slotOf) assert.equal(index.find(key), slot);
    for (let i = 0; i < 200; i++) {
      const key = 'absent:' + i;
      assert.equal(index.find(key), -1);
    }
  }
});

test('KeyIndex.clear empties it and it is usable again', () => {
  const index = new KeyIndex();
  for (let i = 0; i < 1000; i++) index.append('k' + i);
  index.clear();
  assert.equal(index.size, 0);
  assert.equal(index.find('k1'), -1);
  assert.equal(index.append('k1'), 0);
  assert.equal(index.find('k1'), 0);
});

test('hashKey depends on every byte and on the length', () => {
  const base = 'key:0000000000001234';
  const seen = new Set<number>();
  for (let i = 0; i < base.length; i++) {
    const changed = base.slice(0, i) + String.fromCharCode(base.charCodeAt(i) ^ 1) + base.slice(i + 1);
    seen.add(hashKey(changed));
  }
  seen.add(hashKey(base));
  seen.add(hashKey(base + '\x00'));
  assert.equal(seen.size, base.length + 2);
});
