// Logging in Redis's format: "pid:M 26 Nov 2026 02:10:11.123 * message", filtered by
// loglevel (debug '.', verbose '-', notice '*', warning '#'), to stdout or the logfile.

import * as fs from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
const RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class Logger {
  /** When false nothing is written (the embedded engine is quiet unless asked). */
  enabled = true;

  constructor(public level: LogLevel = 'notice', public file = '') {}

  log(level: LogLevel, message: string): void {
    if (!this.enabled || RANK[level] < RANK[this.level]) return;
    const d = new Date();
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} `
      + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    const line = `${process.pid}:M ${stamp} ${MARK[level]} ${message}\n`;
    if (this.file === '') process.stdout.write(line);
    else {
      try { fs.appendFileSync(this.file, line); } catch { process.stdout.write(line); }
    }
  }

  debug(m: string): void { this.log('debug', m); }
  verbose(m: string): void { this.log('verbose', m); }
  notice(m: string): void { this.log('notice', m); }
  warning(m: string): void { this.log('warning', m); }
}
