// Pattern-matching cases: hand-written ones for every feature and error of Lua 5.1 patterns,
// then pseudo-random patterns over small alphabets (fixed seed) to sweep the corners.

import { Arg, Case } from '../../lua/stdlib-cases';
import { mulberry32 } from '../../support/prng';

function c(kind: 'find' | 'match' | 'gmatch' | 'gsub', ...args: Arg[]): Case {
  return { kind, args };
}

/** [subject, pattern] pairs run through find, match, gmatch and gsub(…, "<%0>"). */
const PAIRS: [string, string][] = [
  ['hello world', 'o'], ['hello world', 'l+'], ['hello world', 'l*'], ['hello world', 'l-'], ['hello world', 'l?'],
  ['hello world', '^h'], ['hello world', '^w'], ['hello world', 'd$'], ['hello world', 'o$'], ['hello world', '$'],
  ['hello world', '^'], ['hello world', ''], ['', ''], ['', 'a*'], ['', '^$'], ['abc', '^$'],
  ['hello world', '(o)(r)'], ['hello world', '()o()'], ['hello world', '(h)(e)(l)(l)(o)'], ['hello', '((l)(l))'],
  ['hello world', '%w+'], ['hello world', '%W+'], ['  x  ', '%s*(.-)%s*$'], ['key = value', '(%w+)%s*=%s*(%w+)'],
  ['abc123def', '%d+'], ['abc123def', '%D+'], ['abc123def', '%a+'], ['ABCabc', '%u+'], ['ABCabc', '%l+'],
  ['a.b,c;d', '%p'], ['a\tb\nc', '%c'], ['deadBEEF xyz', '%x+'], ['a\0b', '%z'], ['a\0b', '%Z+'],
  ['a.b', '%.'], ['a%b', '%%'], ['a+b', 'a+b'], ['a+b', 'a%+b'], ['[x]', '%[(.)%]'],
  ['hello', '[aeiou]'], ['hello', '[^aeiou]+'], ['hello', '[a-f]+'], ['hello', '[%a-]+'], ['a-b', '[a%-]+'],
  ['a]b', '[]]'], ['a]b', '[^]]+'], ['a^b', '[b^]+'], ['x-y', '[x-]+'], ['-x', '[-x]+'], ['abc', '[%w_]+'],
  ['f(a(b)c)d', '%b()'], ['f(a(b)c', '%b()'], ['[[x]]', '%b[]'], ['aaa', '%baa'], ['xax', '%bxx'],
  ['THE (quick) fox', '%f[%a]%a+'], ['THE (quick) fox', '%f[%A]'], ['hello', '%f[%l]'], ['hello', '%f[%z]'],
  ['hello', '%f[^%l]'], ['aXb', '%f[%u]'],
  ['hello hello', '(h%w+) %1'], ['abcabc', '(abc)%1'], ['xyzxyz', '(x)(y)(z)%1%2%3'], ['aa', '(a)%1'],
  ['hello', '(h)(.-)o'], ['hello', '.-'], ['hello', '.-$'], ['hello', '.*'], ['hello', 'x*'],
  ['one two three', '(%a+)'], ['a,b,,c', '([^,]*)'], ['a1b2c3', '%a%d'], ['aaa', 'a-a'], ['aaa', 'a-$'],
  ['date: 2024-01-15', '(%d+)-(%d+)-(%d+)'], ['\xe9\xe8', '[\xe0-\xff]+'], ['\xe9A', '%a+'], ['\xff', '.'],
  ['a$b', 'a$b'], ['a$', 'a$'], ['$', '^$'], ['^', '^^'], ['x^', 'x^'], ['abc', 'a.c'], ['abc', '^abc$'],
  ['a\0b\0c', 'b\0c'], ['a\0b', '%z'], ['abc', 'b\0x'], ['a(b', 'a%(b'], ['abc', '()'], ['abc', '()()'],
  ['aaab', 'a-b'], ['aaab', 'a*b'], ['aaab', 'a+b'], ['aaab', 'a?b'], ['b', 'a?b'], ['ab', 'a?a?b'],
];

const ERROR_PATTERNS = [
  '%', 'a%', '[a', '[', '[^', '[%', '(a', 'a)', ')', '%b', '%ba', '%f', '%fa', '%1', '(a)%2', '(a%1)', '(()',
  '%0', '(a)%0', '[a-', '((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))',
  '(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))',
];

function randomPattern(r: () => number): string {
  const atoms = ['a', 'b', '.', '%a', '%d', '[ab]', '[^a]', '[a-c]', '%s', '%w', 'x', '%.', '%%', '%b()', '%f[%a]', '%f[%d]'];
  const suffixes = ['', '', '', '*', '+', '-', '?'];
  let p = r() < 0.2 ? '^' : '';
  const n = 1 + Math.floor(r() * 5);
  let open = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.15) { p += '('; open++; }
    if (r() < 0.05) p += '()';
    const atom = atoms[Math.floor(r() * atoms.length)];
    p += atom;
    if (!atom.startsWith('%b') && !atom.startsWith('%f')) p += suffixes[Math.floor(r() * suffixes.length)];
    if (open > 0 && r() < 0.3) { p += ')'; open--; }
    if (open === 0 && i > 0 && r() < 0.1) p += '%1';
  }
  while (open-- > 0) p += ')';
  if (r() < 0.15) p += '$';
  return p;
}

function randomSubject(r: () => number): string {
  const chars = 'aabbc x1(2)ab.%';
  const n = Math.floor(r() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

export function patternCases(): Case[] {
  const cases: Case[] = [];
  for (const [s, p] of PAIRS) {
    cases.push(c('find', s, p));
    cases.push(c('match', s, p));
    cases.push(c('gmatch', s, p));
    cases.push(c('gsub', s, p, '<%0>'));
  }
  for (const p of ERROR_PATTERNS) {
    cases.push(c('find', 'a(b)c', p));
    cases.push(c('match', 'a(b)c', p));
    cases.push(c('gmatch', 'a(b)c', p));
    cases.push(c('gsub', 'a(b)c', p, 'x'));
  }
  // find: init (positive, negative, out of range, fractional) and plain.
  for (const init of [1, 2, 5, 11, 12, 13, 100, 0, -1, -3, -11, -12, -100, 2.7, -2.7, '3', ' 4 '] as Arg[]) {
    cases.push(c('find', 'hello world', 'o', init));
    cases.push(c('find', 'hello world', '', init));
    cases.push(c('find', 'hello world', 'l+', init));
    cases.push(c('match', 'hello world', '(o)', init));
    cases.push(c('find', 'hello world', '^w', init));
  }
  for (const plain of [true, false, 1, 0, null, 'x'] as Arg[]) {
    cases.push(c('find', 'a.b+c', '.', 1, plain));
    cases.push(c('find', 'a.b+c', 'b+', 1, plain));
    cases.push(c('find', 'a.b+c', '', 1, plain));
    cases.push(c('find', 'a.b+c', '%', 1, plain));
  }
  cases.push(c('find', 'a\0b', '\0'), c('find', 'a\0b.', '\0b.'), c('find', 'a\0b.', '\0b.', 1, true), c('find', 'abc', 'abcd'));
  cases.push(c('find', 123456, 34), c('find', 12.5, '%.'), c('match', 2 ** 63, '%d+'), c('match', -0.5, '^-'));
  cases.push(c('find', null, 'a'), c('find', 'a', null), c('find', { tbl: {} }, 'a'), c('find', 'a', 'a', 'x'));
  cases.push(c('match', true, 'a'), c('match', 'a'), c('gmatch', 'a'), c('gmatch', null, 'a'));
  cases.push(c('find'), c('match'), c('gsub'), c('gsub', 'a'), c('gsub', 'a', 'a'));
  // gsub replacements: strings with escapes, tables, functions, numbers, max n.
  for (const repl of ['%1', '%2', '%0%0', '%%', '%a', '%', 'x%', '[%1-%2]', '%9', '', 5, 1.5, -0.25] as Arg[]) {
    cases.push(c('gsub', 'hello world', '(o)', repl));
    cases.push(c('gsub', 'hello world', 'o', repl));
    cases.push(c('gsub', 'hello world', '()(l+)', repl));
  }
  const table: Arg = { tbl: { hello: 'HI', world: 3, o: false, l: true } };
  for (const p of ['%w+', '(%w+)', 'o', 'l', '()l']) cases.push(c('gsub', 'hello world', p, table));
  for (const fn of ['join', 'nil', 'false', 'table', 'number'] as const) {
    for (const p of ['%w+', '(%w)(%w)', '()o', '', 'x']) cases.push(c('gsub', 'hello world', p, { fn }));
  }
  for (const n of [0, 1, 2, 3, -1, 1.9, 100, '2', 'x', null] as Arg[]) {
    cases.push(c('gsub', 'hello world', 'o', '0', n));
    cases.push(c('gsub', 'abc', '', '-', n));
  }
  cases.push(c('gsub', 'abc', '^', '>'), c('gsub', 'abc', '$', '<'), c('gsub', 'abc', '^a', ''), c('gsub', 'aaa', '^a', 'b'));
  cases.push(c('gsub', 'abc', '.', true), c('gsub', 'abc', '.', null), c('gsub', 'abc', '.'), c('gsub', 'a b', '%s', '%\0'));
  cases.push(c('gsub', 'hello', 'l', '%1'), c('gsub', 'hello', '(l)', '%2'), c('gsub', 'hello', '(l)(l)', '%2%1'));
  cases.push(c('gsub', 'abc', '%w', '%0%0', 2), c('gsub', 'a,b', ',', '\0'), c('gsub', 'x', 'x', 'a\0b'));
  cases.push(c('gsub', 'hello world', '(o)', { tbl: { o: { num: 'inf' } as never } }));
  // Long subjects: no stack growth per subject character.
  const long: Arg = { rep: 'a', n: 100000 };
  const longB: Arg = { rep: 'a', n: 100000, tail: 'b' };
  cases.push(c('find', longB, 'a*b'), c('find', { rep: 'a', n: 2000 }, '.-b'), c('match', longB, '()a+b()'), c('gsub', long, 'a', ''));
  cases.push(c('match', longB, '^(a-)b$', 99990), c('gmatch', longB, '()a-b()'));
  // Generated.
  const r = mulberry32(20260126);
  for (let i = 0; i < 1500; i++) {
    const p = randomPattern(r);
    const s = randomSubject(r);
    const pick = r();
    if (pick < 0.35) cases.push(c('find', s, p));
    else if (pick < 0.6) cases.push(c('match', s, p));
    else if (pick < 0.8) cases.push(c('gmatch', s, p));
    else cases.push(c('gsub', s, p, '<%0>'));
  }
  return cases;
}
