// SLOWLOG: the last N commands slower than slowlog-log-slower-than microseconds (slowlog.c).

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds when the command ran. */
  time: number;
  /** Duration in microseconds. */
  duration: number;
  argv: string[];
  peer: string;
  clientName: string;
}

const MAX_ARGC = 32;
const MAX_STRING = 128;

export class SlowLog {
  private entries: SlowlogEntry[] = []; // newest first
  private nextId = 0;

  constructor(public maxLen: number) {}

  /** Records a command as Redis does, trimming long argument lists and long arguments. */
  push(argv: readonly string[], durationUs: number, peer: string, clientName: string): void {
    const argc = Math.min(argv.length, MAX_ARGC);
    const args: string[] = [];
    for (let j = 0; j < argc; j++) {
      if (argc !== argv.length && j === argc - 1) {
        args.push(`... (${argv.length - argc + 1} more arguments)`);
      } else if (argv[j].length > MAX_STRING) {
        args.push(`${argv[j].slice(0, MAX_STRING)}... (${argv[j].length - MAX_STRING} more bytes)`);
      } else {
        args.push(argv[j]);
      }
    }
    this.entries.unshift({
      id: this.nextId++, time: Math.floor(Date.now() / 1000), duration: Math.round(durationUs),
      argv: args, peer, clientName,
    });
    this.trim();
  }

  trim(): void {
    if (this.entries.length > this.maxLen) this.entries.length = Math.max(0, this.maxLen);
  }

  get length(): number { return this.entries.length; }

  /** The newest `count` entries (all when count < 0). */
  get(count: number): readonly SlowlogEntry[] {
    return count < 0 ? this.entries : this.entries.slice(0, count);
  }

  reset(): void { this.entries = []; }
}
