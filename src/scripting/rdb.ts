// The FUNCTION DUMP / FUNCTION RESTORE payload (spec §5.9), byte-compatible with Redis 7.x:
//
//   for each library:  0xF5 (RDB_OPCODE_FUNCTION2)  <library code as an RDB string>
//   then:              2-byte little-endian RDB version, 8-byte little-endian CRC64 (Jones)
//                      of everything before it.
//
// An RDB string is a length (6-bit, 14-bit, 32-bit or 64-bit encoding) and the bytes, or a
// special encoding: an integer (8/16/32-bit) or an LZF-compressed blob. Redis writes a string
// LZF-compressed when it is longer than 20 bytes and LZF saves at least 4 bytes; the
// compressor below is liblzf 3.6 as Redis builds it (HLOG 16, VERY_FAST), with a zeroed hash
// table, so the bytes are the ones Redis writes.
//
// Payloads are byte strings (latin1 JS strings), like every value in Ferrous.

import { RDB_VERSION, crc64, rdbString } from '../store/rdb';


/** The oldest RDB version whose function payloads Ferrous restores (Redis 7.0). */
export const RDB_MIN_FUNCTION_VERSION = 10;
export const RDB_OPCODE_FUNCTION2 = 0xf5;
export const RDB_OPCODE_FUNCTION_PRE_GA = 0xf6;

// ---------------------------------------------------------------------------------------------
// The payload

/** FUNCTION DUMP's payload for the libraries' codes, in the order given. */
export function dumpFunctions(codes: readonly string[], version = RDB_VERSION): string {
  let body = '';
  for (const code of codes) body += String.fromCharCode(RDB_OPCODE_FUNCTION2) + rdbString(code);
  body += String.fromCharCode(version & 0xff, (version >> 8) & 0xff);
  return body + crc64(body);
}

/**
 * verifyDumpPayload: at least the 10-byte footer, a version Ferrous reads, a matching CRC.
 * Returns the RDB version, or null.
 */
export function verifyPayload(p: string, maxVersion = RDB_VERSION): number | null {
  if (p.length < 10) return null;
  const at = p.length - 10;
  const version = p.charCodeAt(at) | (p.charCodeAt(at + 1) << 8);
  if (version > maxVersion) return null;
  return crc64(p, p.length - 8) === p.slice(p.length - 8) ? version : null;
}
