// The os library of Lua 5.1.5 (loslib.c) for the CLI: clock date difftime execute exit getenv
// remove rename setlocale time tmpname. os.date formats with a C-locale strftime of its own.
// Redis 7.4 exposes only os.clock: openOs(L, 'clock').
//
// File names and environment values are byte strings (latin1), converted at the fs boundary.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LuaTable, type LuaFunction, type LuaValue } from '../value';
import { argError, checkNumber, index, luaError, str2number, typeError } from '../runtime';
import type { LuaState } from '../state';
import { toCInt } from './sformat';
import { str } from './string';

function bytesPath(name: string): Buffer {
  return Buffer.from(name, 'latin1');
}

// errno values and strerror texts (glibc) for the errors file operations commonly meet.
const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'Operation not permitted'], ENOENT: [2, 'No such file or directory'], EIO: [5, 'Input/output error'],
  EBADF: [9, 'Bad file descriptor'], EAGAIN: [11, 'Resource temporarily unavailable'], ENOMEM: [12, 'Cannot allocate memory'],
  EACCES: [13, 'Permission denied'], EBUSY: [16, 'Device or resource busy'], EEXIST: [17, 'File exists'],
  EXDEV: [18, 'Invalid cross-device link'], ENOTDIR: [20, 'Not a directory'], EISDIR: [21, 'Is a directory'],
  EINVAL: [22, 'Invalid argument'], EMFILE: [24, 'Too many open files'], EFBIG: [27, 'File too large'],
  ENOSPC: [28, 'No space left on device'], ESPIPE: [29, 'Illegal seek'], EROFS: [30, 'Read-only file system'],
  EPIPE: [32, 'Broken pipe'], ENAMETOOLONG: [36, 'File name too long'], ENOTEMPTY: [39, 'Directory not empty'],
  ELOOP: [40, 'Too many levels of symbolic links'],
};

/** [errno, strerror] of a Node fs error. */
export function errnoOf(e: unknown): [number, string] {
  const code = (e as { code?: string }).code;
  if (code !== undefined && ERRNO[code] !== undefined) return ERRNO[code];
  const n = (e as { errno?: number }).errno;
  return [typeof n === 'number' ? Math.abs(n) : 5, code ?? String(e)];
}

/** pushresult/os_pushresult: true, or nil, "name: strerror", errno. */
export function failResult(e: unknown, name: string | undefined): LuaValue[] {
  const [n, msg] = errnoOf(e);
  return [undefined, name === undefined ? msg : name + ': ' + msg, n];
}

// ---------------------------------------------------------------------------------------------
// Broken-down time (struct tm) and strftime in the C locale

interface Tm {
  sec: number; min: number; hour: number; mday: number; mon: number; year: number;
  wday: number; yday: number; isdst: boolean; gmtoff: number; zone: string; epoch: number;
}

function dayOfYear(y: number, m: number, d: number): number {
  const start = new Date(0);
  start.setUTCFullYear(y, 0, 1);
  const day = new Date(0);
  day.setUTCFullYear(y, m, d);
  return Math.round((day.getTime() - start.getTime()) / 86400000);
}

function localZoneName(d: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0 && (process.env.TZ === undefined || process.env.TZ === '' || /^(UTC|Etc\/UTC|UTC0)$/.test(process.env.TZ))) return 'UTC';
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d);
    const z = parts.find((p) => p.type === 'timeZoneName');
    if (z !== undefined) return z.value;
  } catch {
    // no Intl data: fall through
  }
  return 'UTC';
}

/** gmtime/localtime; undefined when the time cannot be represented. */
function breakDown(t: number, utc: boolean): Tm | undefined {
  const d = new Date(t * 1000);
  if (Number.isNaN(d.getTime())) return undefined;
  if (utc) {
    const year = d.getUTCFullYear(), mon = d.getUTCMonth(), mday = d.getUTCDate();
    return {
      sec: d.getUTCSeconds(), min: d.getUTCMinutes(), hour: d.getUTCHours(), mday, mon, year,
      wday: d.getUTCDay(), yday: dayOfYear(year, mon, mday), isdst: false, gmtoff: 0, zone: 'GMT', epoch: t,
    };
  }
  const year = d.getFullYear(), mon = d.getMonth(), mday = d.getDate();
  const offset = -d.getTimezoneOffset();
  const jan = new Date(year, 0, 1).getTimezoneOffset();
  const jul = new Date(year, 6, 1).getTimezoneOffset();
  return {
    sec: d.getSeconds(), min: d.getMinutes(), hour: d.getHours(), mday, mon, year,
    wday: d.getDay(), yday: dayOfYear(year, mon, mday), isdst: jan !== jul && d.getTimezoneOffset() < Math.max(jan, jul),
    gmtoff: offset * 60, zone: localZoneName(d, offset), epoch: t,
  };
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, width: number, fill = '0'): string {
  const neg = n < 0;
  let s = String(neg ? -n : n);
  while (s.length < width) s = fill + s;
  return neg ? '-' + s : s;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** glibc's iso_week_days. */
function isoWeekDays(yday: number, wday: number): number {
  const big = (366 / 7 + 2 | 0) * 7;
  return yday - (yday - wday + 4 + big) % 7 + 4 - 1;
}

function isoWeek(tm: Tm): [number, number] {
  let year = tm.year;
  let days = isoWeekDays(tm.yday, tm.wday);
  if (days < 0) {
    year--;
    days = isoWeekDays(tm.yday + (365 + (isLeap(year) ? 1 : 0)), tm.wday);
  } else {
    const d = isoWeekDays(tm.yday - (365 + (isLeap(year) ? 1 : 0)), tm.wday);
    if (d >= 0) { year++; days = d; }
  }
  return [year, Math.floor(days / 7) + 1];
}

/** One strftime conversion ("%" + c) in the C locale; unknown ones are copied as written. */
function strftimeOne(c: string, tm: Tm): string {
  switch (c) {
    case 'a': return DAYS[tm.wday].slice(0, 3);
    case 'A': return DAYS[tm.wday];
    case 'b': case 'h': return MONTHS[tm.mon].slice(0, 3);
    case 'B': return MONTHS[tm.mon];
    case 'c': return `${DAYS[tm.wday].slice(0, 3)} ${MONTHS[tm.mon].slice(0, 3)} ${pad(tm.mday, 2, ' ')} ${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)} ${tm.year}`;
    case 'C': return pad(Math.floor(tm.year / 100), 2);
    case 'd': return pad(tm.mday, 2);
    case 'D': return `${pad(tm.mon + 1, 2)}/${pad(tm.mday, 2)}/${pad(((tm.year % 100) + 100) % 100, 2)}`;
    case 'e': return pad(tm.mday, 2, ' ');
    case 'F': return `${pad(tm.year, 4)}-${pad(tm.mon + 1, 2)}-${pad(tm.mday, 2)}`;
    case 'g': return pad(((isoWeek(tm)[0] % 100) + 100) % 100, 2);
    case 'G': return String(isoWeek(tm)[0]);
    case 'H': return pad(tm.hour, 2);
    case 'I': return pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, 2);
    case 'j': return pad(tm.yday + 1, 3);
    case 'k': return pad(tm.hour, 2, ' ');
    case 'l': return pad(tm.hour % 12 === 0 ? 12 : tm.hour % 12, 2, ' ');
    case 'm': return pad(tm.mon + 1, 2);
    case 'M': return pad(tm.min, 2);
    case 'n': return '\n';
    case 'p': return tm.hour < 12 ? 'AM' : 'PM';
    case 'P': return tm.hour < 12 ? 'am' : 'pm';
    case 'r': return `${strftimeOne('I', tm)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)} ${strftimeOne('p', tm)}`;
    case 'R': return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}`;
    case 's': return String(tm.epoch);
    case 'S': return pad(tm.sec, 2);
    case 't': return '\t';
    case 'T': case 'X': return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)}`;
    case 'u': return String(tm.wday === 0 ? 7 : tm.wday);
    case 'U': return pad(Math.floor((tm.yday + 7 - tm.wday) / 7), 2);
    case 'V': return pad(isoWeek(tm)[1], 2);
    case 'w': return String(tm.wday);
    case 'W': return pad(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7), 2);
    case 'x': return `${pad(tm.mon + 1, 2)}/${pad(tm.mday, 2)}/${pad(((tm.year % 100) + 100) % 100, 2)}`;
    case 'y': return pad(((tm.year % 100) + 100) % 100, 2);
    case 'Y': return String(tm.year);
    case 'z': {
      const off = tm.gmtoff / 60;
      const a = Math.abs(off);
      return (off < 0 ? '-' : '+') + pad(Math.floor(a / 60), 2) + pad(a % 60, 2);
    }
    case 'Z': return tm.zone;
    case '%': return '%';
    default: return '%' + c;
  }
}

function getField(t: LuaTable, key: string, dflt: number): number {
  const v = index(t, key);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? str2number(v) : undefined;
  if (n !== undefined) return toCInt(n);
  if (dflt < 0) return luaError(`field '${key}' missing in date table`);
  return dflt;
}

// ---------------------------------------------------------------------------------------------

function os_clock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function os_date(f: unknown, t: unknown): LuaValue {
  const nargs = arguments.length;
  let s = f === undefined ? '%c' : str(f, 1, 'date', nargs);
  let time: number;
  if (t === undefined) time = Math.floor(Date.now() / 1000);
  else time = Math.trunc(typeof t === 'number' ? t : checkNumber(t, 2, 'date', nargs));
  let utc = false;
  if (s.charCodeAt(0) === 33 /* ! */) {
    utc = true;
    s = s.slice(1);
  }
  const tm = breakDown(time, utc);
  if (tm === undefined) return undefined;
  if (s === '*t') {
    const r = new LuaTable();
    r.set('sec', tm.sec);
    r.set('min', tm.min);
    r.set('hour', tm.hour);
    r.set('day', tm.mday);
    r.set('month', tm.mon + 1);
    r.set('year', tm.year);
    r.set('wday', tm.wday + 1);
    r.set('yday', tm.yday + 1);
    r.set('isdst', tm.isdst);
    return r;
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '%' || i + 1 >= s.length) out += c;
    else out += strftimeOne(s[++i], tm);
  }
  return out;
}

function os_time(t: unknown): LuaValue {
  if (t === undefined) return Math.floor(Date.now() / 1000);
  if (!(t instanceof LuaTable)) return typeError(1, 'time', 'table', t, arguments.length);
  const sec = getField(t, 'sec', 0);
  const min = getField(t, 'min', 0);
  const hour = getField(t, 'hour', 12);
  const day = getField(t, 'day', -1);
  const month = getField(t, 'month', -1) - 1;
  const year = getField(t, 'year', -1);
  // mktime in local time; JS normalises out-of-range fields the same way.
  const d = new Date(2000, 0, 1, 0, 0, 0, 0);
  d.setFullYear(year, month, day);
  d.setHours(hour, min, sec, 0);
  const ms = d.getTime();
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / 1000);
}

function os_difftime(a: unknown, b: unknown): number {
  const nargs = arguments.length;
  const t1 = Math.trunc(typeof a === 'number' ? a : checkNumber(a, 1, 'difftime', nargs));
  const t2 = b === undefined ? 0 : Math.trunc(typeof b === 'number' ? b : checkNumber(b, 2, 'difftime', nargs));
  return t1 - t2;
}

function os_getenv(name: unknown): LuaValue {
  const key = Buffer.from(str(name, 1, 'getenv', arguments.length), 'latin1').toString('utf8');
  const v = process.env[key];
  return v === undefined ? undefined : Buffer.from(v, 'utf8').toString('latin1');
}

function os_remove(name: unknown): LuaValue | LuaValue[] {
  const filename = str(name, 1, 'remove', arguments.length);
  try {
    // remove(3): unlink, or rmdir for a directory
    let isDir = false;
    try { isDir = fs.lstatSync(bytesPath(filename)).isDirectory(); } catch { /* unlink reports it */ }
    if (isDir) fs.rmdirSync(bytesPath(filename));
    else fs.unlinkSync(bytesPath(filename));
    return true;
  } catch (e) {
    return failResult(e, filename);
  }
}

function os_rename(from: unknown, to: unknown): LuaValue | LuaValue[] {
  const nargs = arguments.length;
  const fromName = str(from, 1, 'rename', nargs);
  const toName = str(to, 2, 'rename', nargs);
  try {
    fs.renameSync(bytesPath(fromName), bytesPath(toName));
    return true;
  } catch (e) {
    return failResult(e, fromName);
  }
}

/** mkstemp("/tmp/lua_XXXXXX"): creates the file and returns its name. */
export function makeTempFile(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const dir = fs.existsSync('/tmp') ? '/tmp' : os.tmpdir();
  for (let attempt = 0; attempt < 100; attempt++) {
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += chars[Math.floor(Math.random() * chars.length)];
    const name = path.join(dir, 'lua_' + suffix);
    try {
      fs.closeSync(fs.openSync(name, 'wx', 0o600));
      return name;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') break;
    }
  }
  return luaError('unable to generate a unique filename');
}

function os_tmpname(): string {
  return Buffer.from(makeTempFile(), 'utf8').toString('latin1');
}

const LOCALE_CATEGORIES = ['all', 'collate', 'ctype', 'monetary', 'numeric', 'time'];

/** Only the C locale exists here: querying gives "C", setting "C"/"POSIX"/"" works, others fail. */
function os_setlocale(l: unknown, c: unknown): LuaValue {
  const nargs = arguments.length;
  const locale = l === undefined ? undefined : str(l, 1, 'setlocale', nargs);
  const cat = c === undefined ? 'all' : str(c, 2, 'setlocale', nargs);
  if (!LOCALE_CATEGORIES.includes(cat)) argError(2, 'setlocale', `invalid option '${cat}'`);
  if (locale === undefined || locale === 'C' || locale === 'POSIX' || locale === '') return 'C';
  return undefined;
}

function os_exit(code: unknown): never {
  const status = code === undefined ? 0 : toCInt(typeof code === 'number' ? code : checkNumber(code, 1, 'exit', arguments.length));
  process.exit(status & 255);
}

function os_execute(cmd: unknown): number {
  if (cmd === undefined) return 1; // a shell is available
  const command = str(cmd, 1, 'execute', arguments.length);
  const r = spawnSync('/bin/sh', ['-c', Buffer.from(command, 'latin1').toString('utf8')], { stdio: 'inherit' });
  if (r.status !== null) return r.status * 256; // a wait status, as system() returns it
  return 127 * 256;
}

export function makeOsLibrary(mode: 'full' | 'clock'): LuaTable {
  const lib = new LuaTable();
  const fns: [string, LuaFunction][] = mode === 'clock' ? [['clock', os_clock]] : [
    ['clock', os_clock], ['date', os_date], ['difftime', os_difftime], ['execute', os_execute], ['exit', os_exit],
    ['getenv', os_getenv], ['remove', os_remove], ['rename', os_rename], ['setlocale', os_setlocale],
    ['time', os_time], ['tmpname', os_tmpname],
  ];
  for (const [name, fn] of fns) {
    fn.luaName = name;
    lib.set(name, fn);
  }
  return lib;
}

export function openOs(L: LuaState, mode: 'full' | 'clock' = 'full'): LuaTable {
  const lib = makeOsLibrary(mode);
  L.globals.set('os', lib);
  return lib;
}
