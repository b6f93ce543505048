// A hand-in file's receipt, worked out here on its own from the file's
// bytes, as docs/hand-in.md states it (the core's `receipt::of_hand_in`):
// BLAKE2b-512 over the canonical form (clear fields, each sealed box's
// holder line and decoded bytes, each length-prefixed), its first 60 bits
// as 12 of Crockford's base32 characters in three groups of 4.
import { createHash } from 'node:crypto';

const DIGITS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The receipt of the hand-in file whose bytes (or text) are given. */
export function receiptOf(bytes) {
  const file = JSON.parse(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
  const h = createHash('blake2b512');
  const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
  const put = (buf) => { h.update(u64(buf.length)); h.update(buf); };
  const text = (t) => {
    if (t === undefined || t === null) { h.update(Buffer.from([0])); return; }
    h.update(Buffer.from([1]));
    put(Buffer.from(t, 'utf8'));
  };
  h.update('practice-pulse receipt of a hand-in file 1\n');
  const version = Buffer.alloc(4);
  version.writeUInt32LE(file.format_version);
  h.update(version);
  put(Buffer.from(file.scheme, 'utf8'));
  put(Buffer.from(file.period, 'utf8'));
  text(file.round);
  text(file.team);
  put(Buffer.from(file.response, 'utf8'));
  h.update(u64(file.sealed.length));
  for (const s of file.sealed) {
    put(Buffer.from(s.holder, 'utf8'));
    put(Buffer.from(s.box, 'base64'));
  }
  const bits = h.digest().readBigUInt64BE(0);
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += DIGITS[Number((bits >> BigInt(59 - 5 * i)) & 31n)];
  }
  return out;
}
