//! Receipts: what a person is shown when they hand in, and what a team
//! report lists per round for the files it counted, so that each person
//! can check their own file was counted (docs/hand-in.md "Receipts").
//!
//! A receipt binds the file's contents (review 5, R5-1): it is a digest
//! (BLAKE2b-512, RFC 7693, the `blake2` crate) of a canonical form of the
//! hand-in file, its clear fields as the core reads them and each sealed
//! box's bytes decoded from base64, never the JSON text, so re-spacing or
//! re-escaping a file gives the same receipt and no free tries. Its first
//! 60 bits are shown as 12 characters of Crockford's base32 in three
//! groups (`ABCD-EFGH-JKMN`). Whoever deletes a person's file and makes up
//! another with its response id (in clear) cannot make the made-up file
//! carry the deleted file's receipt without about 2⁶⁰ tries, each a fresh
//! seal; so a real file removed or replaced is noticed by its owner, whose
//! receipt is missing. Receipts never show files *added*: a made-up file
//! has a receipt like any other.
//!
//! One function, [`of_hand_in`], gives the receipt of a hand-in file, for
//! the staff page (over the bytes it saves), the team page and `pulse`
//! (through the pool and the two holders' steps). A plain result file
//! (not sealed) has the receipt of its record ([`of_record`]): a digest of
//! its response id, month, round, team and every answer; a file with no
//! response id (format 1) has none.

use blake2::{Blake2b512, Blake2s256, Digest};

use crate::hand_in::format::HandInV1;
use crate::result_file::{self, ResultRecord};

/// Characters of a receipt, without the hyphens between its groups.
pub const RECEIPT_CHARS: usize = 12;
/// The bits a receipt keeps of its digest (5 per character).
pub const RECEIPT_BITS: usize = 60;

/// Crockford's base32 digits: no I, L, O or U, so none reads as another.
const DIGITS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length-prefixed bytes, so that no two forms run into one.
fn put(h: &mut impl Digest, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// An optional text: absent and empty differ.
fn text(h: &mut impl Digest, t: Option<&str>) {
    match t {
        Some(t) => {
            h.update([1]);
            put(h, t.as_bytes());
        }
        None => h.update([0]),
    }
}

/// The first 60 bits of a digest as 12 base32 characters in groups of 4.
fn shown(digest: &[u8]) -> String {
    let mut first = [0u8; 8];
    for (to, from) in first.iter_mut().zip(digest) {
        *to = *from;
    }
    let bits = u64::from_be_bytes(first);
    let mut out = String::with_capacity(RECEIPT_CHARS.saturating_add(2));
    for i in 0..RECEIPT_CHARS {
        if i > 0 && i.checked_rem(4) == Some(0) {
            out.push('-');
        }
        // 12 groups of 5 bits from the top: shifts 59 down to 4.
        let shift = 59u32.saturating_sub(u32::try_from(i).unwrap_or(u32::MAX).saturating_mul(5));
        let digit = bits.checked_shr(shift).unwrap_or(0) & 0x1f;
        out.push(char::from(DIGITS.get(usize::try_from(digit).unwrap_or(0)).copied().unwrap_or(b'0')));
    }
    out
}

/// The receipt of a hand-in file (either scheme: one key holder or two),
/// from its bytes; none when they are not a hand-in file the core reads
/// (such a file is refused anyway). Needs no key.
pub fn of_hand_in(bytes: &[u8]) -> Option<String> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    if bytes.len() > result_file::MAX_FILE_BYTES {
        return None;
    }
    let file: HandInV1 = serde_json::from_slice(crate::json::strip_bom(bytes)).ok()?;
    if file.format != crate::hand_in::HAND_IN_FORMAT {
        return None;
    }
    let clear = crate::hand_in::Clear::of(&file).ok()?;
    let mut h = Blake2b512::new();
    h.update(b"practice-pulse receipt of a hand-in file 1\n");
    h.update(file.format_version.to_le_bytes());
    put(&mut h, file.scheme.as_bytes());
    put(&mut h, clear.period.to_string().as_bytes());
    text(&mut h, clear.round.as_deref());
    text(&mut h, clear.team.as_deref());
    put(&mut h, clear.response.to_string().as_bytes());
    h.update((file.sealed.len() as u64).to_le_bytes());
    for sealed in &file.sealed {
        let holder = crate::hand_in::PublicKey::parse(&sealed.holder)
            .map_or_else(|_| sealed.holder.clone(), |k| k.to_string());
        put(&mut h, holder.as_bytes());
        put(&mut h, &STANDARD.decode(&sealed.sealed_box).ok()?);
    }
    Some(shown(&h.finalize()))
}

/// The receipt of a plain result file: of its record (response id and
/// what [`record_digest`] covers); none without a response id.
pub fn of_record(record: &ResultRecord) -> Option<String> {
    let id = record.response?;
    let mut h = Blake2b512::new();
    h.update(b"practice-pulse receipt of a result 1\n");
    put(&mut h, id.to_string().as_bytes());
    h.update(record_digest(record));
    Some(shown(&h.finalize()))
}

/// The receipt of a file read into `record`: the hand-in file's own
/// ([`of_hand_in`]) when it is one, else the record's ([`of_record`]).
pub fn of_file(bytes: &[u8], record: &ResultRecord) -> Option<String> {
    if crate::hand_in::is_hand_in(bytes) {
        of_hand_in(bytes)
    } else {
        of_record(record)
    }
}

/// A digest of what a record holds for the report (month, round, team and
/// every answer; not the app version that wrote it), so that two copies of
/// one result (saved twice, or once plain and once sealed) are known as
/// one. BLAKE2s, so that no file can be made to pass for a copy of another.
pub(crate) fn record_digest(record: &ResultRecord) -> [u8; 32] {
    let mut h = Blake2s256::new();
    put(&mut h, record.period.to_string().as_bytes());
    text(&mut h, record.round.as_deref());
    text(&mut h, record.team.as_deref());
    h.update((record.responses.len() as u64).to_le_bytes());
    for response in &record.responses {
        put(&mut h, response.key.id.as_bytes());
        h.update(response.key.version.to_le_bytes());
        h.update((response.answers.len() as u64).to_le_bytes());
        for answer in &response.answers {
            match answer {
                Some(v) => {
                    h.update([1]);
                    h.update(v.to_le_bytes());
                }
                None => h.update([0]),
            }
        }
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_shown_as_twelve_crockford_characters_in_three_groups() {
        assert_eq!(shown(&[0; 8]), "0000-0000-0000");
        assert_eq!(shown(&[0xff; 8]), "ZZZZ-ZZZZ-ZZZZ");
        // 0x0842_1084_2108_4210: 00001 repeated, from the top bit.
        assert_eq!(shown(&0x0842_1084_2108_4210u64.to_be_bytes()), "1111-1111-1111");
    }
}
