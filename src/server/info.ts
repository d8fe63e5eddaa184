// INFO: the sections and field names of Redis 7 (server.c genRedisInfoString), filled with
// what Ferrous knows. Lines end with \r\n, sections are separated by a blank line.

import * as os from 'node:os';
import type { Engine } from './engine';
import { REDIS_VERSION } from './version';
import * as fs from 'node:fs';
import { memoryUsage } from '../store/eviction';
import { scriptingInfo } from '../scripting/commands';
import { functionsInfo } from '../scripting/function-commands';
import { blockedClientCount, blockingInfo } from './blocking';
import { watchingInfo } from './multi';
import { persistenceState } from '../commands/persistence';

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
const ALL_SECTIONS = [...DEFAULT_SECTIONS.slice(0, 8), 'commandstats', 'errorstats', 'cluster', 'keyspace'];
const EVERYTHING = [...ALL_SECTIONS.slice(0, 8), 'commandstats', 'errorstats', 'latencystats', 'cluster', 'keyspace'];

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(2)}${units[i]}`;
}

/** Which sections INFO [section ...] asks for, in Redis's order. */
export function selectSections(args: readonly string[]): string[] {
  if (args.length === 0) return DEFAULT_SECTIONS.filter((s, i, a) => a.indexOf(s) === i);
  const wanted = new Set<string>();
  for (const a of args) {
    const s = a.toLowerCase();
    if (s === 'default') DEFAULT_SECTIONS.forEach((x) => wanted.add(x));
    else if (s === 'all') ALL_SECTIONS.forEach((x) => wanted.add(x));
    else if (s === 'everything') EVERYTHING.forEach((x) => wanted.add(x));
    else wanted.add(s);
  }
  const order = [...EVERYTHING];
  const out = order.filter((s) => wanted.has(s));
  return out;
}

export function infoString(engine: Engine, sections: readonly string[]): string {
  const parts: string[] = [];
  for (const s of sections) {
    const lines = section(engine, s);
    if (lines !== null) parts.push(lines.join('\r\n'));
  }
  return parts.join('\r\n\r\n') + (parts.length > 0 ? '\r\n' : '');
}

function section(engine: Engine, name: string): string[] | null {
  const now = Date.now();
  const uptime = Math.floor((now - engine.startTime) / 1000);
  const config = engine.config;
  const stats = engine.stats;
  const ks = engine.keyspace;
  switch (name) {
    case 'server':
      return [
        '# Server',
        `redis_version:${REDIS_VERSION}`, 'redis_git_sha1:00000000', 'redis_git_dirty:0', 'redis_build_id:0',
        'redis_mode:standalone', `os:${os.type()} ${os.release()} ${os.arch()}`, 'arch_bits:64',
        'monotonic_clock:POSIX clock_gettime', 'multiplexing_api:epoll', 'atomicvar_api:c11-builtin',
        'gcc_version:0.0.0', `process_id:${process.pid}`, 'process_supervised:no',
        `run_id:${engine.runId}`, `tcp_port:${engine.tcpPort}`, `server_time_usec:${now * 1000}`,
        `uptime_in_seconds:${uptime}`, `uptime_in_days:${Math.floor(uptime / 86400)}`,
        `hz:${config.get('hz')}`, `configured_hz:${config.get('hz')}`, `lru_clock:${ks.lruClock()}`,
        `executable:${process.argv[1] ?? ''}`, `config_file:${config.configFile ?? ''}`, 'io_threads_active:0',
        'ferrous_engine:node', `node_version:${process.version}`,
      ];
    case 'clients': {
      const watching = watchingInfo(engine);
      const blocking = blockingInfo(engine);
      return [
        '# Clients',
        `connected_clients:${engine.clients.size}`, 'cluster_connections:0',
        `maxclients:${config.get('maxclients')}`, 'client_recent_max_input_buffer:0',
        'client_recent_max_output_buffer:0', `blocked_clients:${blockedClientCount(engine)}`, 'tracking_clients:0',
        'pubsub_clients:0', `watching_clients:${watching.clients}`, `clients_in_timeout_table:${blocking.withTimeout}`,
        `total_watched_keys:${watching.keys}`, `total_blocking_keys:${blocking.keys}`,
        `total_blocking_keys_on_nokey:${blocking.keysOnNokey}`,
      ];
    }
    case 'memory': {
      const mem = process.memoryUsage();
      const lua = scriptingInfo(engine);
      const fns = functionsInfo(engine);
      // used_memory is what maxmemory is compared with (the store's estimate plus a fixed
      // baseline), as in Redis; the process's real figures follow as rss and heap fields.
      const used = memoryUsage(ks);
      const maxmemory = config.getInt('maxmemory');
      const dataset = ks.usedBytes();
      if (used > engine.peakMemory) engine.peakMemory = used;
      return [
        '# Memory',
        `used_memory:${used}`, `used_memory_human:${bytesToHuman(used)}`,
        `used_memory_rss:${mem.rss}`, `used_memory_rss_human:${bytesToHuman(mem.rss)}`,
        `used_memory_peak:${engine.peakMemory}`, `used_memory_peak_human:${bytesToHuman(engine.peakMemory)}`,
        `used_memory_peak_perc:${((used / engine.peakMemory) * 100).toFixed(2)}%`,
        `used_memory_overhead:${Math.max(0, used - dataset)}`, `used_memory_startup:${engine.startupMemory}`,
        `used_memory_dataset:${dataset}`,
        `used_memory_dataset_perc:${used > 0 ? ((dataset / used) * 100).toFixed(2) : '0.00'}%`,
        `total_system_memory:${os.totalmem()}`, `total_system_memory_human:${bytesToHuman(os.totalmem())}`,
        `used_memory_heap:${mem.heapUsed}`, `used_memory_heap_total:${mem.heapTotal}`,
        `used_memory_external:${mem.external}`,
        `used_memory_lua:${lua.used_memory_lua}`, `used_memory_vm_eval:${lua.used_memory_vm_eval}`,
        `used_memory_lua_human:${bytesToHuman(lua.used_memory_lua)}`,
        `used_memory_scripts_eval:${lua.used_memory_scripts_eval}`,
        `number_of_cached_scripts:${lua.number_of_cached_scripts}`,
        `number_of_functions:${fns.number_of_functions}`, `number_of_libraries:${fns.number_of_libraries}`,
        `used_memory_vm_functions:${fns.used_memory_vm_functions}`,
        `used_memory_vm_total:${lua.used_memory_vm_eval + fns.used_memory_vm_functions}`,
        `used_memory_vm_total_human:${bytesToHuman(lua.used_memory_vm_eval + fns.used_memory_vm_functions)}`,
        `used_memory_functions:${fns.used_memory_functions}`,
        `used_memory_scripts:${lua.used_memory_scripts_eval + fns.used_memory_functions}`,
        `used_memory_scripts_human:${bytesToHuman(lua.used_memory_scripts_eval + fns.used_memory_functions)}`,
        `maxmemory:${maxmemory}`, `maxmemory_human:${bytesToHuman(maxmemory)}`,
        `maxmemory_policy:${config.get('maxmemory-policy')}`,
        `mem_fragmentation_ratio:${used > 0 ? (mem.rss / used).toFixed(2) : '0.00'}`,
        'mem_not_counted_for_evict:0', 'mem_clients_slaves:0', 'mem_clients_normal:0',
        'mem_allocator:v8', 'lazyfree_pending_objects:0', `lazyfreed_objects:${engine.keyspace.stats.lazyfreedObjects}`,
      ];
    }
    case 'persistence': {
      // SAVE / BGSAVE (written synchronously: no bgsave is ever in progress) and the last load.
      const rdb = persistenceState(ks);
      return [
        '# Persistence',
        'loading:0', 'async_loading:0', `rdb_changes_since_last_save:${ks.dirty}`,
        'rdb_bgsave_in_progress:0', `rdb_last_save_time:${engine.lastSave}`,
        `rdb_last_bgsave_status:${rdb.lastBgsaveOk ? 'ok' : 'err'}`,
        `rdb_last_bgsave_time_sec:${rdb.lastBgsaveSeconds}`, 'rdb_current_bgsave_time_sec:-1', `rdb_saves:${rdb.saves}`,
        `rdb_last_load_keys_expired:${rdb.lastLoadKeysExpired}`, `rdb_last_load_keys_loaded:${rdb.lastLoadKeysLoaded}`,
        `aof_enabled:${config.getBool('appendonly') ? 1 : 0}`, 'aof_rewrite_in_progress:0',
        'aof_rewrite_scheduled:0', 'aof_last_rewrite_time_sec:-1', 'aof_current_rewrite_time_sec:-1',
        'aof_last_bgrewrite_status:ok', 'aof_rewrites:0', 'aof_last_write_status:ok',
      ];
    }
    case 'stats': {
      const k = ks.stats;
      return [
        '# Stats',
        `total_connections_received:${stats.totalConnections}`,
        `total_commands_processed:${stats.totalCommands}`,
        `instantaneous_ops_per_sec:${stats.instantaneousOps()}`,
        `total_net_input_bytes:${stats.netInputBytes}`, `total_net_output_bytes:${stats.netOutputBytes}`,
        'total_net_repl_input_bytes:0', 'total_net_repl_output_bytes:0',
        'instantaneous_input_kbps:0.00', 'instantaneous_output_kbps:0.00',
        `rejected_connections:${stats.rejectedConnections}`,
        'sync_full:0', 'sync_partial_ok:0', 'sync_partial_err:0',
        `expired_keys:${k.expiredKeys}`, `expired_stale_perc:${k.expiredStalePerc.toFixed(2)}`,
        'expired_time_cap_reached_count:0', `evicted_keys:${k.evictedKeys}`, 'evicted_clients:0',
        `evicted_scripts:${scriptingInfo(engine).evicted_scripts}`,
        `keyspace_hits:${k.keyspaceHits}`, `keyspace_misses:${k.keyspaceMisses}`,
        `pubsub_channels:${engine.pubsubCounts().channels}`, `pubsub_patterns:${engine.pubsubCounts().patterns}`,
        'pubsubshard_channels:0', 'latest_fork_usec:0', 'total_forks:0',
        `total_error_replies:${stats.totalErrorReplies}`,
        `total_reads_processed:${stats.netInputBytes > 0 ? stats.totalCommands : 0}`,
        // Redis 7.2+: ACL denials (ACLUpdateInfoMetrics), last in the section.
        `acl_access_denied_auth:${engine.acl.deniedAuth}`, `acl_access_denied_cmd:${engine.acl.deniedCmd}`,
        `acl_access_denied_key:${engine.acl.deniedKey}`, `acl_access_denied_channel:${engine.acl.deniedChannel}`,
      ];
    }
    case 'replication':
      return [
        '# Replication', 'role:master', 'connected_slaves:0', 'master_failover_state:no-failover',
        `master_replid:${engine.runId}`, 'master_replid2:0000000000000000000000000000000000000000',
        'master_repl_offset:0', 'second_repl_offset:-1', 'repl_backlog_active:0',
        'repl_backlog_size:1048576', 'repl_backlog_first_byte_offset:0', 'repl_backlog_histlen:0',
      ];
    case 'cpu': {
      const u = process.cpuUsage();
      const main = mainThreadCpu() ?? { user: u.user / 1e6, system: u.system / 1e6 };
      return [
        '# CPU', `used_cpu_sys:${(u.system / 1e6).toFixed(6)}`, `used_cpu_user:${(u.user / 1e6).toFixed(6)}`,
        'used_cpu_sys_children:0.000000', 'used_cpu_user_children:0.000000',
        `used_cpu_sys_main_thread:${main.system.toFixed(6)}`, `used_cpu_user_main_thread:${main.user.toFixed(6)}`,
      ];
    }
    case 'modules':
      return ['# Modules'];
    case 'commandstats': {
      const lines = ['# Commandstats'];
      for (const [cmdName, s] of engine.commandStats()) {
        const usec = Math.round(s.usec);
        lines.push(`cmdstat_${cmdName}:calls=${s.calls},usec=${usec},usec_per_call=${s.calls > 0 ? (s.usec / s.calls).toFixed(2) : '0.00'},rejected_calls=${s.rejected},failed_calls=${s.failed}`);
      }
      return lines;
    }
    case 'errorstats': {
      const lines = ['# Errorstats'];
      // Sorted by the code's bytes (Redis's rax); '#', ':', CR and LF cannot appear in an INFO
      // field name and are written as '_' (getSafeInfoString).
      for (const [code, count] of [...stats.errors].sort((a, b) => (a[0] < b[0] ? -1 : 1))) lines.push(`errorstat_${code.replace(/[#:\r\n]/g, '_')}:count=${count}`);
      return lines;
    }
    case 'latencystats':
      return ['# Latencystats'];
    case 'cluster':
      return ['# Cluster', 'cluster_enabled:0'];
    case 'keyspace': {
      const lines = ['# Keyspace'];
      for (const db of ks.dbs) {
        if (db.size === 0) continue;
        lines.push(`db${db.id}:keys=${db.size},expires=${db.expires.size},avg_ttl=${Math.round(db.avgTtl)}`);
      }
      return lines;
    }
    default:
      return null;
  }
}

/**
 * CPU seconds of the main thread (the event loop; V8's GC and compiler threads are the rest
 * of used_cpu_*), from /proc on Linux as Redis's getrusage(RUSAGE_THREAD); null elsewhere.
 */
function mainThreadCpu(): { user: number; system: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat) in clock ticks; USER_HZ is 100 on Linux.
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return null;
  }
}
