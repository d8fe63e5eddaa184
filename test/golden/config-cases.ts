// redis.conf snippets whose effect (CONFIG GET of the listed options) is recorded from a real
// redis-server started with that file (test/golden/record-config.ts -> config.json) and
// compared with Ferrous's config parser (test/server/config.test.ts).

export interface ConfigCase {
  name: string;
  /** redis.conf text (port, dir and pidfile lines are added by the recorder). */
  text: string;
  /** Options whose CONFIG GET value is compared. */
  get: string[];
}

export const CONFIG_CASES: ConfigCase[] = [
  { name: 'save lines accumulate', text: 'save 900 1\nsave 300 10\nsave 60 10000\n', get: ['save'] },
  { name: 'save "" clears', text: 'save 900 1\nsave ""\n', get: ['save'] },
  { name: 'memory units', text: 'maxmemory 100mb\nproto-max-bulk-len 2gb\nclient-query-buffer-limit 512MB\n', get: ['maxmemory', 'proto-max-bulk-len', 'client-query-buffer-limit'] },
  { name: 'memory units k and g', text: 'maxmemory 1g\n', get: ['maxmemory'] },
  { name: 'memory k', text: 'maxmemory 10k\n', get: ['maxmemory'] },
  { name: 'enum case', text: 'maxmemory-policy ALLKEYS-LRU\nloglevel WARNING\n', get: ['maxmemory-policy', 'loglevel'] },
  { name: 'bool case', text: 'lazyfree-lazy-user-flush YES\n', get: ['lazyfree-lazy-user-flush'] },
  { name: 'quoted values', text: 'dbfilename "a b\\x41.rdb"\n', get: ['dbfilename'] },
  { name: 'single quoted', text: "dbfilename 'it\\'s.rdb'\n", get: ['dbfilename'] },
  { name: 'comments and blank lines', text: '# a comment\n\n   \nhz 50\n  # indented comment\ntimeout 30\n', get: ['hz', 'timeout'] },
  { name: 'aliases', text: 'lua-time-limit 100\nhash-max-ziplist-entries 64\nslave-read-only no\n', get: ['busy-reply-threshold', 'lua-time-limit', 'hash-max-listpack-entries', 'replica-read-only'] },
  { name: 'notify keyspace events', text: 'notify-keyspace-events KEA\n', get: ['notify-keyspace-events'] },
  { name: 'notify keyspace events subset', text: 'notify-keyspace-events Exg$\n', get: ['notify-keyspace-events'] },
  { name: 'output buffer limits', text: 'client-output-buffer-limit pubsub 64mb 16mb 90\n', get: ['client-output-buffer-limit'] },
  { name: 'bind list', text: 'bind 127.0.0.1 -::1\n', get: ['bind'] },
  { name: 'later line wins', text: 'hz 20\nhz 30\n', get: ['hz'] },
  { name: 'databases and slowlog', text: 'databases 4\nslowlog-log-slower-than -1\nslowlog-max-len 5\n', get: ['databases', 'slowlog-log-slower-than', 'slowlog-max-len'] },
];
