// Latency monitoring (Redis's latency.c) and per-command latency histograms (latency-tracking).
//
// Events: with latency-monitor-threshold > 0, every command that runs at least that many
// milliseconds adds a sample to its event ("command", or "fast-command" for fast commands);
// each event keeps its last 160 samples, one per second (a later sample in the same second keeps
// the maximum), and its all-time maximum.
// Histograms: every command's duration is counted in power-of-two buckets of microseconds, as
// the HDR histogram Redis reports with a log iterator starting at 1 us (LATENCY HISTOGRAM).

/** LATENCY_TS_LEN. */
const SAMPLES_PER_EVENT = 160;

interface LatencySample { time: number; latency: number }

interface LatencyEvent {
  samples: LatencySample[];
  max: number;
}

export class LatencyMonitor {
  private readonly events = new Map<string, LatencyEvent>();

  /** latencyAddSample: `latencyMs` observed now (`nowSec`, unix seconds). */
  add(event: string, latencyMs: number, nowSec: number): void {
    let e = this.events.get(event);
    if (e === undefined) { e = { samples: [], max: 0 }; this.events.set(event, e); }
    if (latencyMs > e.max) e.max = latencyMs;
    const last = e.samples[e.samples.length - 1];
    if (last !== undefined && last.time === nowSec) {
      if (latencyMs > last.latency) last.latency = latencyMs;
      return;
    }
    e.samples.push({ time: nowSec, latency: latencyMs });
    if (e.samples.length > SAMPLES_PER_EVENT) e.samples.shift();
  }

  /** LATENCY LATEST rows: [event, time of the latest sample, its latency, all-time max]. */
  latest(): Array<[string, number, number, number]> {
    const out: Array<[string, number, number, number]> = [];
    for (const [name, e] of this.events) {
      const last = e.samples[e.samples.length - 1];
      if (last !== undefined) out.push([name, last.time, last.latency, e.max]);
    }
    return out;
  }

  history(event: string): LatencySample[] {
    return this.events.get(event)?.samples ?? [];
  }

  /** LATENCY RESET [event ...]: how many events were reset. */
  reset(events: readonly string[]): number {
    if (events.length === 0) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of events) if (this.events.delete(name)) n++;
    return n;
  }
}

/** Buckets of a command's histogram: up to 2^39 us, far beyond any command. */
export const LATENCY_BUCKETS = 40;

/** Histogram bucket of a duration: 0 for <= 1 us, then one per power of two. */
export function latencyBucket(durationUs: number): number {
  if (durationUs <= 1) return 0;
  if (durationUs >= 2147483648) return LATENCY_BUCKETS - 1;
  return 32 - Math.clz32(Math.ceil(durationUs) - 1);
}

/** The upper bound (us) of a bucket, as the histogram's report names it. */
export function bucketMicros(bucket: number): number {
  return 2 ** bucket;
}
