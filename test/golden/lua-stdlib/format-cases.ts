// string.format cases: every conversion over a spread of values, flag/width/precision
// combinations, and every error. Deterministic (no randomness), so re-recording is stable.

import { Arg, Case } from '../../lua/stdlib-cases';

const nan: Arg = { num: 'nan' };
const negNan: Arg = { num: '-nan' };
const inf: Arg = { num: 'inf' };
const negInf: Arg = { num: '-inf' };
const negZero: Arg = { num: '-0' };

/** Values for the floating conversions: ties, carries, extremes, subnormals. */
const FLOATS: Arg[] = [
  0, negZero, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 0.0625, 3.14159265358979, -3.14159265358979,
  1e-5, 1e-4, 0.0001234, 123456.789, 999999.5, 9.5, 99.5, 0.05, 0.15, 0.25, 0.35, 9.9999995,
  1 / 3, 2 / 3, 0.1, 0.3, 1e-7, 1e15, 1e16, 1e21, 1e22, 1.5e300, 1e100, 1.7976931348623157e308,
  5e-324, 2.2250738585072014e-308, 1e-300, 2 ** 53, 2 ** 63, 2 ** 64, -(2 ** 63), 123456789012345,
  2 ** -21, 2 ** -20, 1099511627776.5, 4503599627370495.5, 0.000095, 0.00001, 100, 1e6, 1e7,
  inf, negInf, nan, negNan,
];

/** Values for the integer conversions (%d %i %u %o %x %X %c). */
const INTEGERS: Arg[] = [
  0, negZero, 1, -1, 65, 255, -255, 3.7, -3.7, 0.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 32 + 65,
  2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 62, 2 ** 63, -(2 ** 63), 2 ** 64, 1e20, -1e20, 1e15 + 0.5,
  inf, negInf, nan, negNan, '10', ' 0x10 ', '1e2', '-7',
];

const FLOAT_CONVS = ['e', 'E', 'f', 'g', 'G'];
const INT_CONVS = ['d', 'i', 'u', 'o', 'x', 'X', 'c'];
const PRECISIONS = ['', '.', '.0', '.1', '.2', '.3', '.5', '.10', '.14', '.17', '.20'];
const FLAG_SETS = ['', '-', '+', ' ', '#', '0', '#0', '-+ #0'];
const WIDTHS = ['', '12'];

function fmt(spec: string, ...args: Arg[]): Case {
  return { kind: 'format', args: [spec, ...args] };
}

export function formatCases(): Case[] {
  const cases: Case[] = [];
  // Every float conversion at every precision, no flags.
  for (const conv of FLOAT_CONVS) {
    for (const prec of PRECISIONS) {
      for (const v of FLOATS) cases.push(fmt('%' + prec + conv, v));
    }
    for (const prec of ['.40', '.99']) {
      for (const v of [0.1, 1e-5, 1.5e300, 5e-324, 2 ** 63, 2 ** -21, 123456.789, negZero]) cases.push(fmt('%' + prec + conv, v));
    }
  }
  // Flags and widths on a handful of values.
  const someFloats: Arg[] = [0, -2.5, 1e-5, inf, negNan];
  for (const conv of FLOAT_CONVS) {
    for (const flags of FLAG_SETS) {
      for (const width of WIDTHS) {
        for (const prec of ['', '.0', '.3']) {
          for (const v of someFloats) cases.push(fmt('[%' + flags + width + prec + conv + ']', v));
        }
      }
    }
  }
  // Integer conversions.
  for (const conv of INT_CONVS) {
    for (const prec of ['', '.0', '.3', '.20']) {
      for (const v of INTEGERS) cases.push(fmt('[%' + prec + conv + ']', v));
    }
    for (const flags of FLAG_SETS) {
      for (const width of ['', '6']) {
        for (const prec of ['', '.0', '.4']) {
          for (const v of [0, 7, -7, 2 ** 63] as Arg[]) cases.push(fmt('[%' + flags + width + prec + conv + ']', v));
        }
      }
    }
  }
  // %c of every byte (NUL ends the item), with widths.
  for (let b = 0; b < 256; b += 1) cases.push(fmt('%c', b));
  for (const spec of ['[%5c]', '[%-5c]', '[%05c]', '[%.0c]']) {
    for (const v of [0, 65, 256 + 66, -1, 2 ** 31, 1e10] as Arg[]) cases.push(fmt(spec, v));
  }
  // %s: C-string cut at NUL, the 100-byte rule, precision, numbers through %.14g.
  const strings: Arg[] = [
    '', 'abc', 'a\0b', '\0', 'x'.repeat(99), 'x'.repeat(100), 'y'.repeat(98) + '\0z', 'y'.repeat(100) + '\0z',
    '\xe9t\xe9\xff', 1, -1, 1.5, 1e100, 2 ** 63, 123456789012345, 0.1, negZero, inf, negInf, nan, negNan,
    2 ** -21, 1e14, 1e15, -1e14, 100000000000000.5,
  ];
  for (const spec of ['%s', '[%5s]', '[%-5s]', '[%.2s]', '[%5.1s]', '[%.0s]', '[%05s]', '[%.99s]', '[%99s]', '[%-99.3s]', '[%#s]']) {
    for (const v of strings) cases.push(fmt(spec, v));
  }
  // %q.
  let all = '';
  for (let b = 0; b < 256; b++) all += String.fromCharCode(b);
  for (const v of ['', 'abc', 'a"b', 'a\\b', 'a\nb', 'a\rb', 'a\0b', 'a\0' + '1', all, 1.5, 12, negZero, inf] as Arg[]) {
    cases.push(fmt('%q', v));
    cases.push(fmt('[%10q]', v));
  }
  // Several items, literal text, %%.
  cases.push(fmt('%d %5.2f %s %q', 3.7, 3.14159, 12, 'a\nb'));
  cases.push(fmt('100%% sure %s%%', 'x'));
  cases.push(fmt('%%'));
  cases.push(fmt('no items at all'));
  cases.push(fmt(''));
  cases.push(fmt('a\0b%sc\0', '!'));
  cases.push(fmt('%s %s %s', 1, 2, 3));
  cases.push(fmt('%s', 'extra', 'ignored'));
  cases.push(fmt('%5.2s|%-+8.3d|%#10.4x|%+.3e|%G', 'abc', 42, 255, 12345.678, 1e-10));
  // Errors.
  for (const spec of ['%y', '%', 'abc%', '%5', '%.', '%-', '%------d', '%-----d', '%+ #0-d', '%123d', '%1.123f',
    '%.123f', '%100s', '%10.5.1f', '%ld', '%hd', '%Lf', '%n', '%p', '%a', '%A', '%b', '%\0d', '%5%']) {
    cases.push(fmt(spec, 1));
  }
  cases.push(fmt('%d'));
  cases.push(fmt('%d %d', 1));
  cases.push(fmt('%s'));
  cases.push(fmt('%d', 'x'));
  cases.push(fmt('%d', '10x'));
  cases.push(fmt('%f', null));
  cases.push(fmt('%x', true));
  cases.push(fmt('%s', null));
  cases.push(fmt('%s', true));
  cases.push(fmt('%q', null));
  cases.push(fmt('%c', 'a'));
  cases.push(fmt('%s', { fn: 'nil' }));
  cases.push(fmt('%d', { tbl: {} }));
  cases.push({ kind: 'format', args: [] });
  cases.push({ kind: 'format', args: [12] });
  cases.push({ kind: 'format', args: [12.5, 1] });
  cases.push({ kind: 'format', args: [null] });
  cases.push({ kind: 'format', args: [{ tbl: {} }] });
  // tostring semantics in %s: numbers use %.14g (no __tostring in 5.1's %s).
  for (const v of FLOATS) cases.push(fmt('%s', v));
  for (const v of FLOATS) cases.push({ kind: 'expr', code: 'tostring(' + luaNumber(v) + ')' });
  return cases;
}

function luaNumber(v: Arg): string {
  if (typeof v === 'number') return v < 0 ? '(' + String(v) + ')' : String(v);
  const s = (v as { num: string }).num;
  return s === 'nan' ? '(-(0/0))' : s === '-nan' ? '(0/0)' : s === 'inf' ? 'math.huge' : s === '-inf' ? '(-math.huge)' : 'tonumber("-0")';
}
