// Lexer and parser: Lua 5.1's exact syntax error messages (checked against lua5.1).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { errorOf, run } from './core-helpers';

const cases: [string, string][] = [
  ['x = = 1', "t:1: unexpected symbol near '='"],
  ['f(', "t:1: unexpected symbol near '<eof>'"],
  ['function f()', "t:1: 'end' expected near '<eof>'"],
  ['local t = {\n1,\n2\n', "t:4: '}' expected (to close '{' at line 1) near '<eof>'"],
  ['x', "t:1: '=' expected near '<eof>'"],
  ['x = "abc', "t:1: unfinished string near '<eof>'"],
  ['x = "abc\ny"', 't:1: unfinished string near \'"abc\''],
  ['x = 3x', "t:1: malformed number near '3x'"],
  ['x = 1..2', "t:1: malformed number near '1..2'"],
  ['x = [==[ abc', "t:1: unfinished long string near '<eof>'"],
  ['x = [=a', "t:1: invalid long string delimiter near '[='"],
  ['x = "\\400"', 't:1: escape sequence too large near \'"\''],
  ['x = [[ a [[ b ]] ]]', "t:1: nesting of [[...]] is deprecated near '['"],
  ['for i do end', "t:1: '=' or 'in' expected near 'do'"],
  ['return return', "t:1: unexpected symbol near 'return'"],
  ['x = @', "t:1: unexpected symbol near '@'"],
  ['break', "t:1: no loop to break near '<eof>'"],
  ['goto done', "t:1: '=' expected near 'done'"],
  ['f() = 1', "t:1: unexpected symbol near '='"],
  ['(x) = 1', "t:1: syntax error near '='"],
  ['local function f() return ... end', "t:1: cannot use '...' outside a vararg function near '...'"],
  ['while true do\n x = 1\n', "t:3: 'end' expected (to close 'while' at line 1) near '<eof>'"],
  ['f\n(1)', "t:2: ambiguous syntax (function call x new statement) near '('"],
  ['local a.b = 1', "t:1: unexpected symbol near '.'"],
  ['function f(a,) end', "t:1: <name> or '...' expected near ')'"],
  ['x = }', "t:1: unexpected symbol near '}'"],
];

test('syntax errors match lua5.1', () => {
  for (const [src, msg] of cases) assert.equal(errorOf(src), msg, src);
});

test('chunk names in messages', () => {
  assert.equal(errorOf('x = = 1', '@file.lua'), "file.lua:1: unexpected symbol near '='");
  assert.equal(errorOf('x = = 1', 'x = = 1'), `[string "x = = 1"]:1: unexpected symbol near '='`);
  assert.equal(errorOf('x = = 1\nmore', 'x = = 1\nmore'), `[string "x = = 1..."]:1: unexpected symbol near '='`);
});

test('lexer: long strings, comments, escapes, numbers', () => {
  assert.equal(run('print([[\nfirst\nsecond]])'), 'first\nsecond\n');
  assert.equal(run('print([==[a]]b]=]c]==])'), 'a]]b]=]c\n');
  assert.equal(run('--[[ long\ncomment ]] print(1) --[==[ x ]==] print(2)'), '1\n2\n');
  assert.equal(run('print("\\65\\066\\0671", "a\\tb", "\\x", #"\\0")'), 'AB\x431\ta\tb\tx\t1\n');
  assert.equal(run('print("line\\\nnext")'), 'line\nnext\n');
  assert.equal(run('print(0x10, 0xff, 1e2, .5, 3., 2E-1, 0x1p4)'), '16\t255\t100\t0.5\t3\t0.2\t16\n');
  assert.equal(run('print(1e15, 2^53, 123456789012345, -0, 1/0, -1/0)'), '1e+15\t9.007199254741e+15\t1.2345678901234e+14\t-0\t-inf\tinf\n');
});
