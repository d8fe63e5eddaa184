// The encoding thresholds of the data types (redis.conf's *-max-listpack-* and
// set-max-intset-entries): the limits below which a hash, set or sorted set keeps its compact
// encoding, which OBJECT ENCODING, DUMP and memory estimates report. The server sets them from
// its configuration (CONFIG SET applies to objects converted from then on, as in Redis); one
// process shares them, like Redis's `server` globals.

export const encodingLimits = {
  hashMaxListpackEntries: 512,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  setMaxListpackEntries: 128,
  setMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
};

export type EncodingLimits = typeof encodingLimits;

/** Sets the thresholds (from the server's configuration). */
export function setEncodingLimits(limits: EncodingLimits): void {
  Object.assign(encodingLimits, limits);
}
