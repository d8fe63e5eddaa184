// Log lines in Redis's format ("pid:M 26 Nov 2026 02:10:11.123 * message"), filtered by
// loglevel, written to the logfile when one is configured.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Logger } from '../../src/server/log';

test('loglevel filters and the line format follows Redis', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-log-'));
  const file = path.join(dir, 'server.log');
  try {
    const log = new Logger('notice', file);
    log.debug('not shown');
    log.verbose('not shown either');
    log.notice('Ready to accept connections');
    log.warning('Received SIGTERM');
    log.level = 'debug';
    log.debug('now shown');
    const lines = fs.readFileSync(file, 'latin1').trimEnd().split('\n');
    assert.equal(lines.length, 3);
    const re = (mark: string, msg: string) => new RegExp(`^${process.pid}:M \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\${mark} ${msg}$`);
    assert.match(lines[0], re('*', 'Ready to accept connections'));
    assert.match(lines[1], re('#', 'Received SIGTERM'));
    assert.match(lines[2], re('.', 'now shown'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
