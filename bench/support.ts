// What the benchmarks that drive a server process share: the median of repeated runs and a
// server's CPU time, read from /proc (steadier than requests/s on a shared machine).

import * as fs from 'node:fs';
import * as net from 'node:net';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** The server's process id, from INFO server. */
export function serverPid(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    socket.on('connect', () => socket.write('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n'));
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /process_id:(\d+)/.exec(buf);
      if (m !== null) { socket.destroy(); resolve(Number(m[1])); }
    });
    socket.on('error', reject);
  });
}
