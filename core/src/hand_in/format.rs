//! The hand-in file and the holder's key file, as they are on disk. FROZEN
//! once released: files exist in these shapes. DTOs only; docs/hand-in.md
//! documents both.

use serde::{Deserialize, Serialize};

/// `practice-pulse-handin`, version 1: one person's result, sealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandInV1 {
    /// Always [`super::HAND_IN_FORMAT`].
    pub format: String,
    /// Always 1 in this shape.
    pub format_version: u32,
    /// How the result is sealed: [`super::SCHEME_SEALED_BOX`] (one key
    /// holder) is the only scheme of version 1. Two holders (Prio3) will be
    /// another scheme.
    pub scheme: String,
    /// Year and month, "YYYY-MM", as in the result file.
    pub period: String,
    /// The practice's label for the round; absent if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// The team chosen; absent for "Prefer not to say" or no teams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The result's response id (a random UUID), so a pile counts it once.
    pub response: String,
    /// One sealed box per key holder (one today).
    pub sealed: Vec<SealedV1>,
}

/// The result sealed to one holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedV1 {
    /// The holder's public key line (`pulse-holder-1:…`): which key opens it.
    pub holder: String,
    /// libsodium's `crypto_box_seal` of the result file's JSON, in standard
    /// base64 with padding.
    #[serde(rename = "box")]
    pub sealed_box: String,
}

/// `practice-pulse-holder-key`, version 1: the holder's secret key,
/// encrypted under a key derived from their passphrase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFileV1 {
    /// Always [`super::KEY_FORMAT`].
    pub format: String,
    /// Always 1 in this shape.
    pub format_version: u32,
    /// The public key line this secret key belongs to.
    pub public_key: String,
    pub kdf: KdfV1,
    pub aead: AeadV1,
    /// The 32-byte secret key encrypted with ChaCha20-Poly1305 (48 bytes
    /// with its tag), base64; the public key line is its associated data.
    pub secret_key: String,
}

/// The passphrase's key derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfV1 {
    /// Always "argon2id".
    pub algorithm: String,
    /// Argon2's version: 19 (0x13).
    pub version: u32,
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// 16 random bytes, base64.
    pub salt: String,
}

/// The encryption of the secret key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AeadV1 {
    /// Always "chacha20poly1305".
    pub algorithm: String,
    /// 12 random bytes, base64.
    pub nonce: String,
}

/// What is sealed to each holder of a two-holder hand-in file (scheme
/// `prio3-two-holders`): that holder's Prio3 input shares, one per vector,
/// and the public shares (the same in both boxes). Added beside the frozen
/// shapes above; it is sealed, so only the core ever reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareV1 {
    /// The questionnaires the vectors follow, `id@version`, in id order.
    pub instruments: Vec<String>,
    /// The digest of the layout they make (a check that both ends agree).
    pub layout: String,
    /// 0 for the first holder listed, 1 for the second (Prio3's aggregator id).
    pub aggregator: u8,
    /// Prio3 public shares, base64, the counts vector's first.
    pub public_shares: Vec<String>,
    /// This holder's Prio3 input shares, base64, in the same order.
    pub input_shares: Vec<String>,
    /// Which figures the response counts in, the same in both boxes and
    /// not secret-shared: one character per measure (scored by its
    /// missing-data rule), per descriptive item (answered) and per
    /// team-level proportion (any of its items answered), in layout
    /// order, `1` or `0`. Each holder counts every figure's n from these,
    /// never from the other holder's word.
    pub presence: String,
}
