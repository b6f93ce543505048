//! Hand-in files: a result sealed so that only the practice's key holder can
//! read it, whatever route it travels by.
//!
//! This is the one place that touches cryptography, behind a small
//! interface: [`HolderKey`] (make a key pair, save it under a passphrase,
//! open it again), [`PublicKey`] (the one line a practice pastes into its
//! set-up), [`seal`] and [`open`]. The constructions are published and
//! audited ones, never our own: libsodium's sealed box (`crypto_box_seal`:
//! X25519, XSalsa20-Poly1305) through the `crypto_box` crate, and for the
//! key file argon2id (`argon2`) with ChaCha20-Poly1305
//! (`chacha20poly1305`). Randomness comes from the operating system or the
//! browser through `getrandom`.
//!
//! What stays in clear in a hand-in file is only what pooling needs before
//! opening (format, version, scheme, month, round, team, response id, and
//! which holder's key opens it); the result itself (questionnaires chosen,
//! answers, scores) is the sealed result file. On opening, the clear part
//! must match the sealed one, so an edited team or round is refused.
//! docs/hand-in.md documents the formats.

pub mod flp;
pub mod format;
pub mod ledger;
pub mod split;
pub mod steps;

pub use ledger::Ledger;
pub use split::{HolderShare, Layout, SCHEME_PRIO3};
pub use steps::{SplitPile, StepRefused, STEP_FORMAT};

use std::fmt;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use blake2::{Blake2b512, Digest};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;
use crypto_box::aead::rand_core::RngCore;
use crypto_box::aead::OsRng;

use crate::catalogue::Catalogue;
use crate::result_file::{self, Period, Problem, Rejected, ResponseId, ResultRecord, WriteError};
use format::{AeadV1, HandInV1, KdfV1, KeyFileV1, SealedV1};

/// The value of the `format` field of every hand-in file.
pub const HAND_IN_FORMAT: &str = "practice-pulse-handin";
/// The newest hand-in format this build writes and reads.
pub const HAND_IN_VERSION: u32 = 1;
/// Version 1's one scheme: the result sealed whole to one key holder.
pub const SCHEME_SEALED_BOX: &str = "sealed-box";
/// The value of the `format` field of the holder's key file.
pub const KEY_FORMAT: &str = "practice-pulse-holder-key";
/// The newest key-file format this build writes and reads.
pub const KEY_VERSION: u32 = 1;
/// The name the key file is saved under.
pub const KEY_FILE_NAME: &str = "practice-pulse-holder.key";
/// What every public key line starts with (the `1` is the line's version).
pub const PUBLIC_KEY_PREFIX: &str = "pulse-holder-1:";
/// The shortest passphrase a new key file accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// A key file is well under a kilobyte.
pub const MAX_KEY_FILE_BYTES: usize = 16 * 1024;

const KEY_BYTES: usize = 32;
const CHECK_BYTES: usize = 4;
const SALT_BYTES: usize = 16;
const NONCE_BYTES: usize = 12;

/// The name a hand-in file is saved under: `practice-pulse-handin-YYYY-MM.json`.
pub fn file_name(period: Period) -> String {
    format!("practice-pulse-handin-{period}.json")
}

/// Argon2id's cost, stored in each key file. The default is OWASP's
/// recommended minimum for argon2id (19 MiB, 2 passes, 1 lane): about a
/// second in a browser on a slow PC, once per opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
    }
}

impl KdfParams {
    /// The most a key file may ask for: reading a hostile file must neither
    /// exhaust memory nor hang (256 MiB, 16 passes, 4 lanes).
    pub const MAX: KdfParams = KdfParams { memory_kib: 256 * 1024, iterations: 16, parallelism: 4 };

    fn within_bounds(self) -> bool {
        (8..=Self::MAX.memory_kib).contains(&self.memory_kib)
            && (1..=Self::MAX.iterations).contains(&self.iterations)
            && (1..=Self::MAX.parallelism).contains(&self.parallelism)
            // argon2 needs 8 KiB of memory per lane.
            && self.memory_kib >= self.parallelism.saturating_mul(8)
    }
}

/// A holder's public key: what staff pages seal to.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(crypto_box::PublicKey);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// Why a public key line was refused: each says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLineProblem {
    /// It does not start with [`PUBLIC_KEY_PREFIX`].
    NoPrefix,
    /// Characters are missing or added after the prefix.
    WrongLength { found: usize, expected: usize },
    /// A character that no key holds (only A–Z, a–z, 0–9, `-` and `_`).
    BadCharacter,
    /// The checksum does not match: a character was mistyped.
    Checksum,
}

impl fmt::Display for KeyLineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyLineProblem::NoPrefix => write!(
                f,
                "is not a key holder's public key: it must start with \"{PUBLIC_KEY_PREFIX}\"; copy the whole line the Key holder view showed"
            ),
            KeyLineProblem::WrongLength { found, expected } => write!(
                f,
                "has {found} characters after \"{PUBLIC_KEY_PREFIX}\" where a key has {expected}: part of it is missing or added; copy the whole line again"
            ),
            KeyLineProblem::BadCharacter => write!(
                f,
                "holds a character no key holds (a key uses only letters, digits, - and _); copy the whole line again"
            ),
            KeyLineProblem::Checksum => {
                write!(f, "does not check out: a character was mistyped; copy the line again rather than typing it")
            }
        }
    }
}

fn checksum(key: &[u8; KEY_BYTES]) -> [u8; CHECK_BYTES] {
    let mut hash = Blake2b512::new();
    hash.update(b"practice-pulse holder public key");
    hash.update(key);
    let digest = hash.finalize();
    let mut out = [0u8; CHECK_BYTES];
    out.copy_from_slice(&digest[..CHECK_BYTES]);
    out
}

impl PublicKey {
    /// Reads a public key line (surrounding spaces and line ends allowed).
    pub fn parse(line: &str) -> Result<Self, KeyLineProblem> {
        let body = line.trim().strip_prefix(PUBLIC_KEY_PREFIX).ok_or(KeyLineProblem::NoPrefix)?;
        // 32 key bytes and 4 check bytes: 48 base64 characters, no padding.
        let expected = 48;
        let found = body.chars().count();
        if found != expected {
            return Err(KeyLineProblem::WrongLength { found, expected });
        }
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| KeyLineProblem::BadCharacter)?;
        let (key, check) = bytes.split_at_checked(KEY_BYTES).ok_or(KeyLineProblem::BadCharacter)?;
        let key: [u8; KEY_BYTES] = key.try_into().map_err(|_| KeyLineProblem::BadCharacter)?;
        if checksum(&key) != check {
            return Err(KeyLineProblem::Checksum);
        }
        Ok(Self(crypto_box::PublicKey::from_bytes(key)))
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.0.to_bytes();
        let mut bytes = key.to_vec();
        bytes.extend_from_slice(&checksum(&key));
        write!(f, "{PUBLIC_KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
    }
}

/// Why a key could not be made or saved, or a result not sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandInError {
    /// The device gave no random numbers.
    NoRandomness,
    /// A new key file's passphrase is shorter than [`MIN_PASSPHRASE_CHARS`].
    ShortPassphrase,
    /// The key file's parameters are outside [`KdfParams::MAX`].
    BadKdfParams,
    /// Sealing needs one holder's key, or two (split trust).
    Holders { found: usize },
    /// The same key given as both holders of a split.
    SameHolderTwice,
    /// The questionnaires cannot be encoded for two holders (a measure's
    /// range is not whole numbers, or too fine or wide); names which.
    Unsplittable { detail: String },
    /// The record could not be written as a result file.
    Write(WriteError),
    /// The sealed result would be larger than any file a pile reads.
    TooLarge,
}

impl fmt::Display for HandInError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandInError::NoRandomness => {
                write!(f, "this device gave no random numbers, so nothing can be sealed")
            }
            HandInError::ShortPassphrase => {
                write!(
                    f,
                    "the passphrase is too short: choose one of at least {MIN_PASSPHRASE_CHARS} characters"
                )
            }
            HandInError::BadKdfParams => write!(f, "the key file's cost parameters are out of range"),
            HandInError::Holders { found } => {
                write!(f, "a hand-in file is sealed to one key holder or split between two ({found} given)")
            }
            HandInError::SameHolderTwice => {
                write!(f, "the two key holders have the same key: each holder makes their own key")
            }
            HandInError::Unsplittable { detail } => {
                write!(f, "these questionnaires cannot be split between two key holders ({detail})")
            }
            HandInError::Write(e) => write!(f, "the result could not be written ({e:?})"),
            HandInError::TooLarge => write!(f, "the sealed result would be too large to hand in"),
        }
    }
}

impl std::error::Error for HandInError {}

fn random<const N: usize>() -> Result<[u8; N], HandInError> {
    let mut out = [0u8; N];
    OsRng.try_fill_bytes(&mut out).map_err(|_| HandInError::NoRandomness)?;
    Ok(out)
}

/// A key holder's key pair, in memory only: saved to disk only as a key
/// file under a passphrase. Clone: the team page gives one opened key both
/// to its pile (one-holder files) and to the two holders' steps.
#[derive(Clone)]
pub struct HolderKey {
    secret: crypto_box::SecretKey,
    public: PublicKey,
}

impl fmt::Debug for HolderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HolderKey({}, secret not shown)", self.public)
    }
}

/// Why a key file was not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    TooLarge,
    NotKeyFile,
    NewerFormat {
        found: u64,
    },
    Malformed {
        detail: String,
    },
    /// Its argon2 parameters are outside [`KdfParams::MAX`].
    BadParameters,
    /// The passphrase does not open it (or the file was changed).
    WrongPassphrase,
}

/// A key file that was not opened, with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRefused {
    pub file_name: String,
    pub problem: KeyProblem,
}

impl fmt::Display for KeyRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.file_name;
        match &self.problem {
            KeyProblem::TooLarge => write!(f, "{name} is far larger than a key file; choose {KEY_FILE_NAME}"),
            KeyProblem::NotKeyFile => {
                write!(f, "{name} is not a key holder's key file; choose the {KEY_FILE_NAME} you saved")
            }
            KeyProblem::NewerFormat { found } => write!(
                f,
                "{name} was saved by a newer version (key format {found}); this version reads key format {KEY_VERSION}"
            ),
            KeyProblem::Malformed { detail } => {
                write!(f, "{name} is damaged or was edited: it does not have the shape of a key file ({detail})")
            }
            KeyProblem::BadParameters => {
                write!(f, "{name} asks for key-derivation costs out of range; it may have been edited")
            }
            KeyProblem::WrongPassphrase => write!(
                f,
                "{name} does not open with this passphrase: check it and type it again (or the key file was changed)"
            ),
        }
    }
}

impl std::error::Error for KeyRefused {}

fn derive(passphrase: &str, salt: &[u8], params: KdfParams) -> Option<zeroize::Zeroizing<[u8; KEY_BYTES]>> {
    let params =
        argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(KEY_BYTES))
            .ok()?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = zeroize::Zeroizing::new([0u8; KEY_BYTES]);
    argon.hash_password_into(passphrase.as_bytes(), salt, out.as_mut()).ok()?;
    Some(out)
}

impl HolderKey {
    /// A new key pair from the device's randomness.
    pub fn generate() -> Result<Self, HandInError> {
        Ok(Self::from_secret(zeroize::Zeroizing::new(random::<KEY_BYTES>()?)))
    }

    fn from_secret(bytes: zeroize::Zeroizing<[u8; KEY_BYTES]>) -> Self {
        let secret = crypto_box::SecretKey::from_bytes(*bytes);
        let public = PublicKey(secret.public_key());
        Self { secret, public }
    }

    /// The public key, to give to the practice's set-up.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The key file's text, with the default argon2id cost.
    pub fn to_key_file(&self, passphrase: &str) -> Result<String, HandInError> {
        self.to_key_file_with(passphrase, KdfParams::default())
    }

    /// The key file's text with the given cost (tests use a light one).
    pub fn to_key_file_with(&self, passphrase: &str, params: KdfParams) -> Result<String, HandInError> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(HandInError::ShortPassphrase);
        }
        if !params.within_bounds() {
            return Err(HandInError::BadKdfParams);
        }
        let salt = random::<SALT_BYTES>()?;
        let nonce = random::<NONCE_BYTES>()?;
        let key = derive(passphrase, &salt, params).ok_or(HandInError::BadKdfParams)?;
        let public_key = self.public.to_string();
        let cipher = ChaCha20Poly1305::new(key.as_ref().into());
        let secret = zeroize::Zeroizing::new(self.secret.to_bytes());
        let sealed = cipher
            .encrypt((&nonce).into(), Payload { msg: secret.as_ref(), aad: public_key.as_bytes() })
            .map_err(|_| HandInError::BadKdfParams)?;
        let file = KeyFileV1 {
            format: KEY_FORMAT.to_owned(),
            format_version: KEY_VERSION,
            public_key,
            kdf: KdfV1 {
                algorithm: "argon2id".to_owned(),
                version: 0x13,
                memory_kib: params.memory_kib,
                iterations: params.iterations,
                parallelism: params.parallelism,
                salt: STANDARD.encode(salt),
            },
            aead: AeadV1 { algorithm: "chacha20poly1305".to_owned(), nonce: STANDARD.encode(nonce) },
            secret_key: STANDARD.encode(sealed),
        };
        // Plain strings and numbers always serialise.
        Ok(serde_json::to_string_pretty(&file).unwrap_or_default() + "\n")
    }

    /// Opens a key file with its passphrase.
    pub fn from_key_file(file_name: &str, bytes: &[u8], passphrase: &str) -> Result<Self, KeyRefused> {
        let refuse = |problem| KeyRefused { file_name: file_name.to_owned(), problem };
        if bytes.len() > MAX_KEY_FILE_BYTES {
            return Err(refuse(KeyProblem::TooLarge));
        }
        let bytes = crate::json::strip_bom(bytes);
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| refuse(KeyProblem::NotKeyFile))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(KEY_FORMAT) {
            return Err(refuse(KeyProblem::NotKeyFile));
        }
        match value.get("format_version").and_then(serde_json::Value::as_u64) {
            Some(1) => {}
            Some(v) if v > u64::from(KEY_VERSION) => {
                return Err(refuse(KeyProblem::NewerFormat { found: v }))
            }
            _ => return Err(refuse(KeyProblem::Malformed { detail: "no valid format_version".into() })),
        }
        let file: KeyFileV1 = serde_json::from_value(value)
            .map_err(|e| refuse(KeyProblem::Malformed { detail: e.to_string() }))?;
        let malformed = |what: &str| refuse(KeyProblem::Malformed { detail: what.to_owned() });
        if file.kdf.algorithm != "argon2id" || file.kdf.version != 0x13 {
            return Err(malformed("kdf must be argon2id version 19"));
        }
        if file.aead.algorithm != "chacha20poly1305" {
            return Err(malformed("aead must be chacha20poly1305"));
        }
        let params = KdfParams {
            memory_kib: file.kdf.memory_kib,
            iterations: file.kdf.iterations,
            parallelism: file.kdf.parallelism,
        };
        if !params.within_bounds() {
            return Err(refuse(KeyProblem::BadParameters));
        }
        let public = PublicKey::parse(&file.public_key).map_err(|e| malformed(&format!("public_key {e}")))?;
        let salt = STANDARD.decode(&file.kdf.salt).map_err(|_| malformed("salt is not base64"))?;
        if salt.len() != SALT_BYTES {
            return Err(malformed("salt must be 16 bytes"));
        }
        let nonce: [u8; NONCE_BYTES] = STANDARD
            .decode(&file.aead.nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(|| malformed("nonce must be 12 bytes of base64"))?;
        let sealed = STANDARD.decode(&file.secret_key).map_err(|_| malformed("secret_key is not base64"))?;
        let key = derive(passphrase, &salt, params).ok_or(refuse(KeyProblem::BadParameters))?;
        let cipher = ChaCha20Poly1305::new(key.as_ref().into());
        let secret = cipher
            .decrypt((&nonce).into(), Payload { msg: &sealed, aad: file.public_key.as_bytes() })
            .map_err(|_| refuse(KeyProblem::WrongPassphrase))?;
        let secret = zeroize::Zeroizing::new(secret);
        let bytes: [u8; KEY_BYTES] =
            secret.as_slice().try_into().map_err(|_| malformed("secret_key must hold 32 bytes"))?;
        let key = Self::from_secret(zeroize::Zeroizing::new(bytes));
        if key.public != public {
            return Err(malformed("the secret key does not belong to its public key"));
        }
        Ok(key)
    }
}

/// The one check of a practice's own questionnaire against the practice's
/// configuration, made wherever a definition meets a `practice.json`
/// (the staff page's Questionnaires page, the leaders' set-up page, and
/// `pulse check` and `pulse seal`): where `hand_in` names two key
/// holders, a definition whose scores cannot be split between them
/// ([`split::check_instrument`]) is refused, each such score named, so a
/// leader learns it before anyone answers rather than when staff hand in.
/// With one holder or none, any valid definition is fine.
pub fn check_definition(
    config: &crate::config::Config,
    file_name: &str,
    instrument: &crate::Instrument,
) -> Result<(), crate::validate::DefinitionRejected> {
    match &config.hand_in {
        Some(hand_in) if hand_in.holders.len() == 2 => split::check_instrument(file_name, instrument),
        _ => Ok(()),
    }
}

/// Seals a result (with its response id) to the practice's key holder: the
/// hand-in file's text.
pub fn seal(
    record: &ResultRecord,
    catalogue: &Catalogue,
    holders: &[PublicKey],
) -> Result<String, HandInError> {
    let holder = match holders {
        [holder] => holder,
        [a, b] => return split::seal_split(record, catalogue, [a, b]),
        _ => return Err(HandInError::Holders { found: holders.len() }),
    };
    let response = record.response.ok_or(HandInError::Write(WriteError::NoResponseId))?;
    let plain = pad(result_file::write(record, catalogue).map_err(HandInError::Write)?);
    // Checked first, so the sealing below (whose randomness cannot report
    // a failure) never meets a device without it.
    random::<1>()?;
    let sealed = holder.0.seal(&mut OsRng, plain.as_bytes()).map_err(|_| HandInError::NoRandomness)?;
    let file = HandInV1 {
        format: HAND_IN_FORMAT.to_owned(),
        format_version: HAND_IN_VERSION,
        scheme: SCHEME_SEALED_BOX.to_owned(),
        period: record.period.to_string(),
        round: record.round.clone(),
        team: record.team.clone(),
        response: response.to_string(),
        sealed: vec![SealedV1 { holder: holder.to_string(), sealed_box: STANDARD.encode(sealed) }],
    };
    let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    if text.len() > result_file::MAX_FILE_BYTES {
        return Err(HandInError::TooLarge);
    }
    Ok(text)
}

/// The sealed text is padded with spaces to a whole number of
/// [`PAD_BYTES`], so that a hand-in file's length does not tell anyone who
/// sees it on its way which answers were given, which questions were
/// skipped, or (for the usual sets) which questionnaires were chosen. JSON
/// allows trailing white space, so every reader of result files reads it.
pub const PAD_BYTES: usize = 8 * 1024;

fn pad(mut text: String) -> String {
    let target = text.len().div_ceil(PAD_BYTES).max(1).saturating_mul(PAD_BYTES);
    let missing = target.saturating_sub(text.len());
    text.extend(std::iter::repeat_n(' ', missing));
    text
}

/// A response id for a format-1 result file, which has none, derived from
/// its bytes (BLAKE2b), so that sealing the same old file twice gives one
/// id and a pile counts it once.
pub fn response_id_for_old_file(bytes: &[u8]) -> ResponseId {
    let mut hash = Blake2b512::new();
    hash.update(b"practice-pulse response id of a format-1 file");
    hash.update(bytes);
    let digest = hash.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    ResponseId::from_random_bytes(id)
}

/// Whether these bytes say they are a hand-in file (by their `format`).
pub fn is_hand_in(bytes: &[u8]) -> bool {
    crate::pool::file_format(bytes).as_deref() == Some(HAND_IN_FORMAT)
}

/// The two key holders' public key lines of a hand-in file split between
/// them (scheme [`SCHEME_PRIO3`]), the first holder first, as its clear
/// part says; `None` for any other file. Read before any key is opened, so
/// a page can tell a split pile and say which holder makes which step; the
/// steps check everything again (`SplitPile`).
pub fn split_holders(bytes: &[u8]) -> Option<[String; 2]> {
    if bytes.len() > result_file::MAX_FILE_BYTES {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(crate::json::strip_bom(bytes)).ok()?;
    if value.get("format")?.as_str()? != HAND_IN_FORMAT || value.get("scheme")?.as_str()? != SCHEME_PRIO3 {
        return None;
    }
    let holder = |i: usize| Some(value.get("sealed")?.get(i)?.get("holder")?.as_str()?.to_owned());
    Some([holder(0)?, holder(1)?])
}

/// Opens a hand-in file with the holders' keys this reader has (none: it is
/// refused as needing a key). On any problem the file is refused whole.
pub fn open(
    file_name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    keys: &[HolderKey],
) -> Result<ResultRecord, Rejected> {
    open_inner(file_name, bytes, catalogue, keys)
        .map_err(|problem| Rejected { file_name: file_name.to_owned(), problem })
}

fn open_inner(
    file_name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    keys: &[HolderKey],
) -> Result<ResultRecord, Problem> {
    if bytes.len() > result_file::MAX_FILE_BYTES {
        return Err(Problem::TooLarge { bytes: bytes.len() });
    }
    let bytes = crate::json::strip_bom(bytes);
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| Problem::NotJson)?;
    // A key given twice in the clear part (`"team": "A", "team": "B"`)
    // would show a person reading the file one thing and the reader another.
    let mut top = serde_json::Deserializer::from_slice(bytes);
    crate::json::unique_keys::<_, serde::de::IgnoredAny>(&mut top)
        .map_err(|e| Problem::Malformed { detail: e.to_string() })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(HAND_IN_FORMAT) {
        return Err(Problem::NotResultFile);
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(v) if v > u64::from(HAND_IN_VERSION) => return Err(Problem::NewerHandIn { found: v }),
        _ => return Err(Problem::BadFormatVersion),
    }
    // A scheme this version does not know is a newer file's.
    match value.get("scheme").and_then(|s| s.as_str()) {
        Some(SCHEME_SEALED_BOX) => {}
        Some(SCHEME_PRIO3) => return Err(Problem::SplitBetweenHolders),
        _ => return Err(Problem::NewerHandIn { found: u64::from(HAND_IN_VERSION) }),
    }
    let file: HandInV1 =
        serde_json::from_value(value).map_err(|e| Problem::Malformed { detail: e.to_string() })?;
    let Clear { period, response, round, team } = Clear::of(&file)?;
    if keys.is_empty() {
        return Err(Problem::NeedsKey);
    }
    let Some((key, sealed)) = keys
        .iter()
        .find_map(|k| file.sealed.iter().find(|s| s.holder == k.public.to_string()).map(|s| (k, s)))
    else {
        return Err(Problem::SealedForAnotherHolder);
    };
    let boxed = STANDARD.decode(&sealed.sealed_box).map_err(|_| Problem::SealChanged)?;
    let plain = key.secret.unseal(&boxed).map_err(|_| Problem::SealChanged)?;
    let record = result_file::read(file_name, &plain, catalogue).map_err(|r| match r.problem {
        // Only a questionnaire unknown here is the reader's to fix; any
        // other fault inside a sealed box was sealed so, or changed.
        p @ Problem::UnknownInstrument { .. } => p,
        _ => Problem::SealChanged,
    })?;
    if record.period != period
        || record.round != round
        || record.team != team
        || record.response != Some(response)
    {
        return Err(Problem::ClearPartChanged);
    }
    Ok(record)
}

/// A hand-in file's clear part, checked: what pooling reads before
/// opening, and what the sealed part must match (both schemes).
pub(crate) struct Clear {
    pub period: Period,
    pub response: ResponseId,
    pub round: Option<String>,
    pub team: Option<String>,
}

impl Clear {
    pub(crate) fn of(file: &HandInV1) -> Result<Self, Problem> {
        let period =
            Period::parse(&file.period).ok_or_else(|| Problem::BadPeriod { found: file.period.clone() })?;
        let response = ResponseId::parse(&file.response)
            .ok_or_else(|| Problem::BadResponseId { found: file.response.clone() })?;
        let round = result_file::label("round", file.round.clone())?;
        let team = result_file::label("team", file.team.clone())?;
        Ok(Clear { period, response, round, team })
    }
}

/// Reads a result file or opens a hand-in file, whichever it is.
pub fn read_any(
    file_name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    keys: &[HolderKey],
) -> Result<ResultRecord, Rejected> {
    match result_file::read(file_name, bytes, catalogue) {
        Err(r) if r.problem == Problem::NeedsKey => open(file_name, bytes, catalogue, keys),
        other => other,
    }
}

/// Opens one holder's share of a two-holder hand-in file (scheme
/// [`SCHEME_PRIO3`]) with that holder's key: random numbers, useful only
/// in the two holders' steps. A one-holder file is refused as not split.
pub fn open_share(
    file_name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    key: &HolderKey,
) -> Result<HolderShare, Rejected> {
    let refuse = |problem| Rejected { file_name: file_name.to_owned(), problem };
    if bytes.len() > result_file::MAX_FILE_BYTES {
        return Err(refuse(Problem::TooLarge { bytes: bytes.len() }));
    }
    let value: serde_json::Value =
        serde_json::from_slice(crate::json::strip_bom(bytes)).map_err(|_| refuse(Problem::NotJson))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(HAND_IN_FORMAT) {
        return Err(refuse(Problem::NotResultFile));
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(v) if v > u64::from(HAND_IN_VERSION) => return Err(refuse(Problem::NewerHandIn { found: v })),
        _ => return Err(refuse(Problem::BadFormatVersion)),
    }
    if value.get("scheme").and_then(|s| s.as_str()) != Some(SCHEME_PRIO3) {
        return Err(refuse(Problem::NotSplit));
    }
    let file: HandInV1 =
        serde_json::from_value(value).map_err(|e| refuse(Problem::Malformed { detail: e.to_string() }))?;
    split::open_share(file, catalogue, key).map_err(refuse)
}
