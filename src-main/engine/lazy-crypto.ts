// node:crypto, loaded when first used. Loading it costs a Node process about 0.7 MB, and a session
// runner (which lives as long as its session) reaches the code that imports it but rarely calls it:
// a socket path too long to use as is, a gemini session id, a trusted config's hash.
import type * as Crypto from 'node:crypto';

export function lazyCrypto(): typeof Crypto {
  return process.getBuiltinModule('node:crypto');
}

/** The SHA-256 of `data` in hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return lazyCrypto().createHash('sha256').update(data).digest('hex');
}
