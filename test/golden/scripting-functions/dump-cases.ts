// The FUNCTION DUMP / RESTORE cases shared by the recorder (test/golden/record-functions.ts)
// and the replay test (test/scripting/functions-dump.test.ts). Each case is a set of library
// codes loaded into an empty server before FUNCTION DUMP; dumps.json holds what redis-server
// 7.0.15 answered.

/** Deterministic filler text (a small LCG), so the cases never change between recordings. */
function filler(length: number, alphabet: string, seed: number): string {
  let x = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

function lib(name: string, body: string): string {
  return `#!lua name=${name}\n${body}`;
}

export interface DumpCase {
  name: string;
  codes: string[];
}

export const DUMP_CASES: DumpCase[] = [
  { name: 'empty', codes: [] },
  { name: 'short plain', codes: [lib('s', "redis.register_function('s', function() return 1 end)")] },
  {
    name: 'lzf compressed (repetitive)',
    codes: [lib('rep', Array.from({ length: 12 }, (_, i) => `redis.register_function('f${i}', function(keys, args) return redis.call('get', keys[1]) end)`).join('\n'))],
  },
  {
    name: 'lzf long literal runs and long back-references',
    codes: [lib('mixed', `local s = '${filler(300, 'abcdefghijklmnopqrstuvwxyz0123456789', 7)}'\nlocal t = '${'x'.repeat(600)}'\nredis.register_function('mixed', function() return #s + #t end)`)],
  },
  {
    name: '14-bit length, incompressible',
    codes: [lib('inc', `-- ${filler(200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 11)}\nredis.register_function('inc', function() return 1 end)`)],
  },
  {
    name: '32-bit length',
    codes: [lib('big', `-- ${filler(20000, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 3)}\nredis.register_function('big', function() return 2 end)`)],
  },
  {
    name: 'binary bytes in the code',
    codes: [lib('bin', `local s = '\xff\xfe\x00\x01\xc3\xa9'\nredis.register_function('bin', function() return s end)`)],
  },
  {
    name: 'two libraries',
    codes: [
      lib('one', "redis.register_function('one', function() return 1 end)"),
      lib('two', "redis.register_function('two', function() return 2 end)"),
    ],
  },
];

export interface DumpGolden {
  name: string;
  /** redis-server's FUNCTION DUMP payload (latin1 bytes). */
  redisPayload: string;
  /** redis-server's reply to FUNCTION RESTORE of its own payload into an empty server. */
  redisRestoresOwn: string;
  /** Ferrous's payload re-stamped with RDB version 10 (7.0.15 refuses newer versions). */
  ferrousPayloadV10: string;
  /** redis-server's replies to FUNCTION FLUSH + FUNCTION RESTORE of that payload. */
  redisRestoresFerrous: string;
  /** FUNCTION LIST WITHCODE on redis-server after that restore. */
  redisListAfterRestore: string;
  /** redis-server's reply to Ferrous's unmodified (version 12) payload. */
  redisRestoresFerrousV12: string;
}
