// Child process for test/lua/golden.test.ts: runs corpus programs on our engine, one after
// the other, and sends each result over IPC. A separate process (not a worker thread: V8 kills
// the whole process when a worker's heap blows up), so that a program that hangs or exhausts
// memory (an engine bug) costs that one program and not the whole test file: the parent kills
// this process and starts a fresh one for the remaining programs.
// Input: argv[2] = JSON of WorkerInput.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInEngine } from './run-engine';

export interface WorkerInput { dir: string; files: string[] }
export type ErrorDescription = { kind: 'nil' } | { kind: 'string'; text: string } | { kind: 'number' } | { kind: 'other' };
export type ProgramResult =
  | { ok: true; stdout: string; threw: boolean; error: ErrorDescription | undefined }
  | { ok: false; crash: string };
export type WorkerMessage = { type: 'start'; file: string } | { type: 'done'; file: string; result: ProgramResult };

process.env.TZ = 'UTC';

function describe(value: unknown): ErrorDescription {
  if (value === undefined) return { kind: 'nil' };
  if (typeof value === 'string') return { kind: 'string', text: value };
  if (typeof value === 'number') return { kind: 'number' };
  return { kind: 'other' };
}

const input = JSON.parse(process.argv[2]) as WorkerInput;
const send = (m: WorkerMessage): void => { process.send!(m); };
for (const file of input.files) {
  send({ type: 'start', file });
  let result: ProgramResult;
  try {
    const source = fs.readFileSync(path.join(input.dir, file), 'latin1');
    const run = runInEngine(source, '@' + file);
    result = { ok: true, stdout: run.stdout, threw: run.threw, error: run.threw ? describe(run.errorValue) : undefined };
  } catch (e) {
    result = { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  send({ type: 'done', file, result });
}
process.disconnect();
