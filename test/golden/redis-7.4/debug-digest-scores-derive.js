// Usage (repo root, after a build): redis-server --port 7792 --save "" --enable-debug-command yes &
//   node test/golden/redis-7.4/debug-digest-scores-derive.js 7792 test/golden/redis-7.4/debug-digest-scores.txt test/golden/redis-7.4/debug-digest-scores.golden.json
// (DIST=/path/to/dist when the build went elsewhere.)
// Replays the corpus against a real redis-server 7.0.15 and records every reply; the replies
// of DEBUG DIGEST and DEBUG DIGEST-VALUE are then turned into Redis 7.2+'s: for every sorted-set
// element, the 7.0 score text ("%.17g", what 7.0's ZRANGE WITHSCORES prints) is swapped for
// the 7.2+ text (fpconv_dtoa, below) by xor-ing in
//     DIGEST-VALUE {member: text70} (a one-field hash) xor DIGEST-VALUE {member: text72}
// both computed by the same 7.0 server. This works because debug.c xors a zset element in as
// mix(mix(0, member), scoreText) and a hash field as mix(mix(0, field), value), after the
// value's last mix, so the element terms are linear in the key's digest. (Not in the dataset
// digest, which hashes each key's digest: DEBUG DIGEST lines must not hold such zsets.)
const fs = require('fs');
const path = require('path');
const dist = process.env.DIST || path.join(process.cwd(), 'dist');
const { readCorpusFile } = require(path.join(dist, 'test/golden/redis/corpus.js'));
const { RawRespClient } = require(path.join(dist, 'test/support/resp-client.js'));
const { formatDouble } = require(path.join(dist, 'src/store/number-text.js'));
const [port, file, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const SCRATCH_DB = '9'; // the helper connection's database; the corpus must not use it

/** fpconv_dtoa (deps/fpconv/fpconv_dtoa.c): shortest digits, then emit_digits' layout. */
function fpconvDtoa(d) {
  if (Number.isNaN(d)) return 'nan';
  const neg = d < 0 || Object.is(d, -0);
  const a = Math.abs(d);
  if (a === Infinity) return (neg ? '-' : '') + 'inf';
  if (a === 0) return (neg ? '-' : '') + '0';
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(a.toExponential());
  const digits = m[1] + (m[2] || '');
  let nd = digits.length;
  const K = Number(m[3]) - (nd - 1); // value = digits * 10^K
  let exp = Math.abs(K + nd - 1);
  let s;
  if (K >= 0 && exp < nd + 7) s = digits + '0'.repeat(K);
  else if (K < 0 && (K > -7 || exp < 4)) {
    const offset = nd + K;
    s = offset <= 0 ? '0.' + '0'.repeat(-offset) + digits : digits.slice(0, offset) + '.' + digits.slice(offset);
  } else {
    nd = Math.min(nd, 18 - (neg ? 1 : 0));
    s = digits[0] + (nd > 1 ? '.' + digits.slice(1, nd) : '') + 'e' + (K + nd - 1 < 0 ? '-' : '+');
    let e = '';
    let cent = 0;
    if (exp > 99) { cent = Math.floor(exp / 100); e += cent; exp -= cent * 100; }
    if (exp > 9) { const dec = Math.floor(exp / 10); e += dec; exp -= dec * 10; } else if (cent) e += '0';
    s += e + (exp % 10);
  }
  return (neg ? '-' : '') + s;
}

/** The bulk strings of a flat RESP2 array reply. */
function bulks(reply) {
  const outv = [];
  let p = reply.indexOf('\r\n') + 2;
  while (p < reply.length) {
    const e = reply.indexOf('\r\n', p);
    const n = Number(reply.slice(p + 1, e));
    outv.push(reply.slice(e + 2, e + 2 + n));
    p = e + 2 + n + 2;
  }
  return outv;
}

const xorHex = (a, b) => Buffer.from(a, 'hex').map((x, i) => x ^ Buffer.from(b, 'hex')[i]).toString('hex');

(async () => {
  const helper = await RawRespClient.connect(port);
  await helper.command('SELECT', SCRATCH_DB);
  const hashDigest = async (field, value) => {
    await helper.command('DEL', '__digest_tmp');
    await helper.command('HSET', '__digest_tmp', field, value);
    const r = await helper.command('DEBUG', 'DIGEST-VALUE', '__digest_tmp');
    await helper.command('DEL', '__digest_tmp');
    return /^\*1\r\n\+([0-9a-f]{40})\r\n$/.exec(r)[1];
  };
  /** What to xor into a 7.0 digest of key `key` (on connection c) to get 7.2+'s. */
  const correction = async (c, key) => {
    let x = '0'.repeat(40);
    if ((await c.command('TYPE', key)) !== '+zset\r\n') return x;
    const items = bulks(await c.command('ZRANGE', key, '0', '-1', 'WITHSCORES'));
    for (let i = 0; i < items.length; i += 2) {
      const text70 = items[i + 1];
      const text72 = fpconvDtoa(Number(text70));
      if (text70 === text72) continue;
      x = xorHex(x, xorHex(await hashDigest(items[i], text70), await hashDigest(items[i], text72)));
    }
    return x;
  };

  const entries = [];
  let changed = 0;
  for (const session of readCorpusFile(file)) {
    const c = await RawRespClient.connect(port);
    await c.command('FLUSHALL');
    for (const step of session.steps) {
      if (step.kind === 'sleep') { await new Promise((r) => setTimeout(r, step.sleepMs)); continue; }
      if (step.argv[0].toUpperCase() === 'SELECT') throw new Error(`line ${step.line}: the derivation handles database 0 only`);
      let reply = await c.command(...step.argv);
      if (step.kind !== 'command') continue;
      const sub = step.argv[0].toUpperCase() === 'DEBUG' ? step.argv[1].toUpperCase() : '';
      if (sub === 'DIGEST-VALUE') {
        const digests = [...reply.matchAll(/\+([0-9a-f]{40})\r\n/g)].map((m) => m[1]);
        const fixed = [];
        for (let k = 0; k < digests.length; k++) {
          fixed.push(digests[k] === '0'.repeat(40) ? digests[k] : xorHex(digests[k], await correction(c, step.argv[2 + k])));
        }
        const next = `*${fixed.length}\r\n` + fixed.map((d) => `+${d}\r\n`).join('');
        if (next !== reply) changed++;
        reply = next;
      } else if (step.argv[0].toUpperCase() === 'ZINCRBY' || step.argv[0].toUpperCase() === 'ZSCORE') {
        // A double reply: 7.4 prints d2string's shortest text where 7.0 printed %.17g.
        const m = /^\$\d+\r\n(.*)\r\n$/s.exec(reply);
        if (m !== null) {
          const text = formatDouble(m[1] === 'inf' ? Infinity : m[1] === '-inf' ? -Infinity : Number(m[1]));
          const next = `$${text.length}\r\n${text}\r\n`;
          if (next !== reply) changed++;
          reply = next;
        }
      } else if (sub === 'DIGEST') {
        // The dataset digest xors in SHA1 of each whole key digest (key name mixed first):
        // not linear in the elements, so it cannot be derived. Only datasets whose zsets
        // print alike in both versions may ask for it.
        for (const key of bulks(await c.command('KEYS', '*'))) {
          if ((await correction(c, key)) !== '0'.repeat(40)) throw new Error(`line ${step.line}: DEBUG DIGEST of a zset whose score text differs cannot be derived`);
        }
      }
      entries.push({ line: step.line, cmd: step.text, reply });
    }
    c.close();
  }
  helper.close();
  const json = JSON.stringify({ redisVersion: '7.4 (hand-written)', entries }, null, 1)
    .replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  fs.writeFileSync(out, json + '\n');
  console.log('wrote', entries.length, 'replies,', changed, 'digests changed from 7.0');
})().catch((e) => { console.error(e); process.exit(1); });
