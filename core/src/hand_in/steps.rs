//! The two key holders' steps: from a pile of hand-in files split between
//! them (split.rs) to the same team report `pulse pool` makes from plain
//! files, with neither holder ever seeing one person's answers, and the
//! first holder (who makes the report) never seeing a sum over a group the
//! report hides.
//!
//! Every figure's n is known to both holders on their own: each response's
//! **presence** bits (which measures it was scored in, which descriptive
//! items and proportions it answered) are sealed in clear to each holder
//! beside their share (`HolderShare::presence`), so each holder counts
//! every n from their own boxes, never from the other's word (in Prio an
//! aggregator can always falsify its own share of a sum, so sizes must not
//! rest on a share). Each figure's sums are added only over the responses
//! whose bit says they count in it.
//!
//! 1. The first holder (listed first in `hand_in.holders`, Prio3's
//!    leader) opens their shares and writes step 1: for each response its
//!    id, its file's digest, the digest of its presence bits and the
//!    holder's Prio3 verifier shares. No size and no sum.
//! 2. The second holder checks the pile is the same (by ids and digests),
//!    that both holders saw the same presence bits in every file (refusing,
//!    naming the file, where a crafted file told them different things),
//!    verifies every proof with both verifier shares, counts the sizes
//!    from their own presence bits and decides which groups the report
//!    shows by the same rule as for plain files (`pool::Pool::verdict`).
//!    Step 2 carries the second holder's verifier shares and, **only for
//!    the groups shown**, their share of the sums the report needs: a
//!    measure's Σv, and Σv² and its spread in fifths only where the row
//!    shows its interval and spread (`pool::detail_from`); each answer's
//!    count; each proportion's. If any proof fails, step 2 names those
//!    responses and carries no sums: the first holder makes step 1 again
//!    leaving them out (`--step` with the refusal), so both drop them.
//! 3. The first holder verifies every proof too, counts the sizes from
//!    their own presence bits, decides again by the same rule, refuses a
//!    step 2 whose groups shown or hidden differ from that decision
//!    (naming the group), adds their own shares of the released sums and
//!    makes the report.
//!
//! Each holder learns the sizes per round and team (how many answered
//! each questionnaire and each descriptive question, never what) and,
//! per response, its presence bits. The first holder learns, for each
//! group the report shows, the exact sums behind it: Σv (so the exact
//! mean, which the report rounds), Σv² and the fifths only where the
//! report shows the interval and spread, each answer's count and each
//! proportion's; nothing of a group the report hides.
//!
//! Every step file is signed (`mac`: keyed BLAKE2b under
//! `split::step_key`, which only the two holders can derive), so a step
//! changed on its way is refused; a step's pile must be what it lists,
//! each response once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use blake2::digest::{KeyInit, Mac};
use blake2::{Blake2b512, Blake2bMac512, Digest};
use prio::field::Field128;
use serde::{Deserialize, Serialize};

use super::flp::{MeasureShape, Prio3Consistent};
use super::ledger::{self, Ledger};
use super::split::{self, HolderShare, Layout, VerifierShare, VerifyState};
use super::{HolderKey, PublicKey};
use crate::catalogue::Catalogue;
use crate::pool::{Group, Hidden, Pool, Report, Roster, Verdict, BINS};
use crate::result_file::{Period, Problem, ResponseId};

/// The value of the `format` field of a step file.
pub const STEP_FORMAT: &str = "practice-pulse-step";
/// The newest step format this build writes and reads.
pub const STEP_VERSION: u32 = 1;
/// The most a step file takes per response: measured 1,063 bytes with the
/// built-in questionnaires (id, file and presence digests, and the one
/// verifier share of the consistency proof), with a margin for a
/// practice's own questionnaires. Held by
/// `step_files_stay_within_their_size_per_response`.
pub const STEP_BYTES_PER_RESPONSE: usize = 1_500;
/// The largest step file read: 100,000 responses, and 32 MiB for the
/// groups' shares (which grow with rounds, teams and questions, not
/// responses). Larger is refused, naming the file and the limit, without
/// being read (the CLI looks at its length first).
pub const MAX_STEP_BYTES: usize = 100_000 * STEP_BYTES_PER_RESPONSE + 32 * 1024 * 1024;

/// What each holder is told to do with the files per round and team
/// before giving a step on (`pulse pool` prints it under them; the team
/// page shows it under its table of them).
pub const COMPARE_FILES: &str = "Before you give your step on, check that each round's total of files equals how many staff said they handed in for that round, and compare each team's files with how many of its staff did. \"Team not given\" (and any team practice.json does not list) is a group no roster can check: made-up files there pass the check of teams, and only the round's total catches them. More files than people means files were made up. Check too that there is no round you did not expect: another round's files brought in again can give a person away.";

/// What the second holder is told, at step 2, of each round when the
/// pile holds more than one (review 4, finding 2: an old round's files in
/// a new round's pile are released again; two releases over files that
/// differ give away the people who differ). Until a release ledger keeps
/// what each round was released over, the holder is told to check.
pub fn released_before(round: &str) -> String {
    format!(
        "{round}: if a report of this round was released before over other files, the two reports together give away the people who differ. Its files must be exactly the files of last time, or leave them out."
    )
}

/// The refusal of a file larger than any step file.
pub fn too_large(name: &str) -> StepRefused {
    StepRefused(format!(
        "{name} is larger than any step file: at most {} MB (100,000 responses)",
        MAX_STEP_BYTES / 1_000_000
    ))
}

/// `practice-pulse-step`, version 1 (docs/hand-in.md).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepV1 {
    pub format: String,
    pub format_version: u32,
    /// 1 (the first holder's) or 2 (the second's).
    pub stage: u8,
    /// The public key line of the holder who made it.
    pub from: String,
    /// The minimum group the report is made at.
    pub min_group: usize,
    /// The layout's digest (the questionnaires).
    pub layout: String,
    /// How many responses, and the digest of their ids and files.
    pub pile: PileV1,
    /// Every response, in id order: id, its file's digest, the digest of
    /// its presence bits, this holder's Prio3 verifier shares (base64,
    /// one per vector).
    pub responses: Vec<ResponseV1>,
    /// Response ids whose proof fails, left out of every sum.
    pub refused: Vec<String>,
    /// Step 2: the groups of every subject, and the second holder's share
    /// of the shown ones' sums; absent in step 1, and when proofs failed
    /// (then `refused` names them and step 1 is made again without them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<Vec<CellV1>>,
    /// Keyed BLAKE2b-512 (RFC 7693; hex) of the step as this format writes
    /// it with `mac` empty, under a key only the two holders can derive
    /// (`split::step_key`): a step changed by anyone else is refused.
    pub mac: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PileV1 {
    pub responses: usize,
    pub digest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseV1 {
    pub id: String,
    pub file: String,
    /// BLAKE2b-128 (hex) of the response's presence bits as this holder's
    /// box holds them: both holders' must be equal.
    pub presence: String,
    pub verify: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellV1 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// `measure`, `item` or `proportion`.
    pub kind: String,
    /// Its place in the layout's measures, items or proportions.
    pub index: usize,
    pub groups: Vec<GroupCellV1>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCellV1 {
    /// "All", "Not given" or the team.
    pub group: String,
    /// The second holder's share of the group's sums, base64; absent
    /// where the group is hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    /// Where hidden, why, as the report says it: `fewer` (under k) or
    /// `secondary` (so a smaller group cannot be worked out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<String>,
}

fn why_text(why: Option<&Hidden>) -> Option<String> {
    why.map(|w| match w {
        Hidden::FewerThan(_) => "fewer".to_owned(),
        Hidden::Secondary => "secondary".to_owned(),
    })
}

/// Why a step could not be taken: the message names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRefused(pub String);

impl fmt::Display for StepRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StepRefused {}

fn refuse<T>(message: impl Into<String>) -> Result<T, StepRefused> {
    Err(StepRefused(message.into()))
}

/// Said after each refusal of a step 2 as changed at step 3 (review 5,
/// R5-12): whether step 3 refuses is itself a yes/no about the added sums
/// (do they pass a check?), so a second holder who edits their share and
/// asks again learns a sum, one bit per try.
pub const NO_OTHER_STEP_TWO: &str = "Do not make the report from another step 2 of this key holder for this \
    pile: each try tells them whether the sums pass a check (docs/hand-in.md, \"Trust, honestly\")";

impl StepRefused {
    /// A step 2 refused as changed at step 3, with `NO_OTHER_STEP_TWO`.
    fn step_two(message: String) -> Self {
        StepRefused(format!("{message}. {NO_OTHER_STEP_TWO}"))
    }
}

fn refuse_step_two<T>(message: String) -> Result<T, StepRefused> {
    Err(StepRefused::step_two(message))
}

/// One response's verification begun: per vector, the state and the
/// verifier share; or why it could not begin.
type Begun = Result<Vec<(VerifyState, VerifierShare)>, Problem>;
/// This holder's output shares of the valid responses, the refused ids,
/// and this holder's verifier shares of every response.
type Verified = (BTreeMap<ResponseId, Vec<Vec<Field128>>>, BTreeSet<String>, Vec<ResponseV1>);
/// A round and team.
type Cell = (Option<String>, Option<String>);
/// Each round and team's sizes: per figure (measures, items, proportions
/// in layout order), how many responses count in it.
type Sizes = BTreeMap<Cell, Vec<usize>>;
/// Each round's earliest month and files.
type Rounds = BTreeMap<Option<String>, (Period, usize)>;

/// One response as this holder opened it.
struct Opened {
    name: String,
    file: String,
    /// Its receipt (`receipt::of_hand_in`), over the file's canonical form.
    receipt: Option<String>,
    /// The digest of its presence bits.
    presence: String,
    share: HolderShare,
}

/// What a figure's groups are to be in the report, decided from sizes.
struct Planned {
    round: Option<String>,
    kind: &'static str,
    index: usize,
    /// Its place in the presence bits.
    figure: usize,
    /// Each group with anyone: hidden (why), or shown with or without its
    /// detail (a measure's interval and spread).
    groups: Vec<(Group, Option<Hidden>, bool)>,
}

/// A pile of hand-in files split between two holders, opened by one of
/// them: definitions join the catalogue first, then every file's share is
/// opened with this holder's key.
pub struct SplitPile {
    catalogue: Catalogue,
    key: HolderKey,
    files: Vec<(String, Vec<u8>)>,
    opened: BTreeMap<ResponseId, Opened>,
    /// Files this key could not open whose clear part names a response
    /// id: the id, and the file's own refusal.
    unopened: BTreeMap<String, String>,
    layout: Option<Layout>,
    refused: Vec<String>,
    duplicates: Vec<String>,
    ignored: usize,
    /// The practice's rounds, oldest first (`Pile::set_rounds`).
    rounds: Vec<String>,
    /// The practice's two key holders, in order (`hand_in.holders`),
    /// when given: the pair the pile's files must be split between.
    holders: Vec<PublicKey>,
    /// What the last step 2 made here released (none when it carried no
    /// sums): per round with any sum released, the files counted.
    released: Option<ledger::Released>,
    /// The practice's teams (`Pile::set_teams`).
    roster: Roster,
}

impl fmt::Debug for SplitPile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SplitPile({} files)", self.opened.len())
    }
}

fn hex16(digest: &[u8]) -> String {
    digest.get(..16).unwrap_or_default().iter().map(|b| format!("{b:02x}")).collect()
}

fn file_digest(bytes: &[u8]) -> String {
    hex16(&Blake2b512::digest(bytes))
}

/// The digest of a response's presence bits, as a step file carries it:
/// keyed BLAKE2b (RFC 7693) under `split::presence_key`, over the
/// response id and the bits, so only the two holders can compute it (an
/// unkeyed digest of a few dozen bits is undone by trying them all).
pub fn presence_digest(own: &HolderKey, other: &PublicKey, id: &str, bits: &[bool]) -> String {
    presence_digest_with(&split::presence_key(own, other), id, bits)
}

fn presence_digest_with(key: &[u8; 32], id: &str, bits: &[bool]) -> String {
    let Ok(mut mac) = <Blake2bMac512 as KeyInit>::new_from_slice(key) else { return String::new() };
    mac.update(b"practice-pulse presence 2\n");
    mac.update(id.as_bytes());
    mac.update(b"\n");
    for b in bits {
        mac.update(if *b { b"1" } else { b"0" });
    }
    hex16(&mac.finalize().into_bytes())
}

/// The pile digest over responses' ids and files' digests, in id order.
fn pile_of<'a>(responses: impl Iterator<Item = (&'a str, &'a str)>) -> PileV1 {
    let mut hash = Blake2b512::new();
    hash.update(b"practice-pulse step pile 1\n");
    let mut n = 0usize;
    for (id, file) in responses {
        n = n.saturating_add(1);
        hash.update(format!("{id} {file}\n").as_bytes());
    }
    PileV1 { responses: n, digest: hex16(&hash.finalize()) }
}

fn group_name(team: &Option<String>) -> Group {
    team.clone().map_or(Group::NotGiven, Group::Team)
}

fn encode_field(values: &[Field128]) -> String {
    let mut bytes = Vec::with_capacity(values.len().saturating_mul(16));
    for v in values {
        bytes.extend_from_slice(&u128::from(*v).to_le_bytes());
    }
    STANDARD.encode(bytes)
}

fn decode_field(text: &str, len: usize) -> Option<Vec<Field128>> {
    let bytes = STANDARD.decode(text).ok()?;
    if bytes.len() != len.checked_mul(16)? {
        return None;
    }
    bytes
        .chunks_exact(16)
        .map(|c| {
            let v = u128::from_le_bytes(c.try_into().ok()?);
            // Only canonical elements (below the modulus) are accepted.
            let f = Field128::from(v);
            (u128::from(f) == v).then_some(f)
        })
        .collect()
}

/// Adds element by element. Field arithmetic is modular: it cannot
/// overflow, and sums of counts stay far below the modulus.
#[allow(clippy::arithmetic_side_effects)]
fn add_into(sum: &mut [Field128], values: &[Field128]) {
    for (s, v) in sum.iter_mut().zip(values) {
        *s += *v;
    }
}

impl SplitPile {
    /// An empty pile opened with this holder's key.
    pub fn new(catalogue: Catalogue, key: HolderKey) -> Self {
        Self {
            catalogue,
            key,
            files: Vec::new(),
            opened: BTreeMap::new(),
            unopened: BTreeMap::new(),
            layout: None,
            refused: Vec::new(),
            duplicates: Vec::new(),
            ignored: 0,
            rounds: Vec::new(),
            holders: Vec::new(),
            released: None,
            roster: Roster::default(),
        }
    }

    /// The practice's teams, as `Pile::set_teams` takes them: both
    /// holders decide what is hidden by the pool's rule with them, so "Not
    /// given" and teams the practice does not list never make up the
    /// minimum group hidden groups must hold together.
    pub fn set_teams(&mut self, teams: Vec<String>) {
        self.roster = Roster::new(teams);
    }

    /// The practice's key holders (`hand_in.holders`, first then second):
    /// files split between another pair are refused by name, and the rest
    /// pooled. Without them, the pair most of the files name is taken.
    pub fn set_holders(&mut self, holders: Vec<PublicKey>) {
        self.holders = holders;
    }

    /// The practice's rounds, oldest first: the report reads rounds in
    /// this order, as `Pile::set_rounds` does for plain files.
    pub fn set_rounds(&mut self, listed: Vec<String>) {
        self.rounds = listed;
    }

    /// Takes one file (a `.zip` gives each of its files): a definition
    /// joins the catalogue; a hand-in file is opened once every file is in.
    pub fn take(&mut self, name: &str, bytes: Vec<u8>) {
        if crate::archive::is_archive(name) {
            let mut inner = Vec::new();
            let opened =
                crate::archive::for_each_in_zip(name, &bytes, &mut |n, b| inner.push((n.to_owned(), b)));
            if let Err(why) = opened {
                self.refused.push(why);
            }
            for (n, b) in inner {
                self.take_one(&n, b);
            }
        } else {
            self.take_one(name, bytes);
        }
    }

    fn take_one(&mut self, name: &str, bytes: Vec<u8>) {
        if crate::pool::is_os_added(name, &bytes) {
            self.ignored = self.ignored.saturating_add(1);
            return;
        }
        match crate::pool::file_format(&bytes).as_deref() {
            Some(crate::definition::FORMAT) => {
                if let Err(e) = self.catalogue.add_definition_bytes(name, &bytes) {
                    self.refused.push(format!("{name}: {e}"));
                }
            }
            Some(crate::result_file::FORMAT) => self.refused.push(format!(
                "{name} is a plain (unsealed) result file, not a hand-in file split between the two key holders: it is not counted here (pool it with `pulse pool` without --key, or ask its owner to hand it in)"
            )),
            _ => self.files.push((name.to_owned(), bytes)),
        }
    }

    /// Opens every file taken (after all definitions): each response once
    /// (files with one id and the same bytes are copies: the first by name
    /// is kept, the others counted as duplicates; files with one id and
    /// different bytes are all refused, each naming another, by both
    /// holders alike), every file of one layout (the most common; others
    /// refused by name).
    fn open_all(&mut self) {
        let files = std::mem::take(&mut self.files);
        let mut layouts: HashMap<String, usize> = HashMap::new();
        let mut opened: Vec<Opened> = Vec::new();
        // The presence digest's key for each pair of holders met (one
        // X25519 product per pair, not per file).
        let mut keys: HashMap<String, zeroize::Zeroizing<[u8; 32]>> = HashMap::new();
        for (name, bytes) in files {
            match super::open_share(&name, &bytes, &self.catalogue, &self.key) {
                Ok(share) => {
                    let counter = layouts.entry(share.layout.digest().to_owned()).or_insert(0);
                    *counter = counter.saturating_add(1);
                    let key = keys
                        .entry(share.other.to_string())
                        .or_insert_with(|| split::presence_key(&self.key, &share.other));
                    let presence = presence_digest_with(key, &share.response.to_string(), &share.presence);
                    opened.push(Opened {
                        name,
                        file: file_digest(&bytes),
                        receipt: crate::receipt::of_hand_in(&bytes),
                        presence,
                        share,
                    });
                }
                Err(r) => {
                    // Its clear part's response id, if it has one: a step
                    // listing it then says why this holder lacks it.
                    let id = serde_json::from_slice::<serde_json::Value>(crate::json::strip_bom(&bytes))
                        .ok()
                        .and_then(|v| v.get("response").and_then(|r| r.as_str()).and_then(ResponseId::parse));
                    if let Some(id) = id {
                        self.unopened.insert(id.to_string(), r.to_string());
                    }
                    self.refused.push(r.to_string());
                }
            }
        }
        let common = layouts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(d, _)| d);
        opened.sort_by(|a, b| a.name.cmp(&b.name));
        // Files of one response id: identical copies count once; files
        // with different contents are all refused, each naming another
        // (as the intake does for plain files: a copied id throws out
        // nothing but itself).
        let mut by_id: BTreeMap<ResponseId, Vec<Opened>> = BTreeMap::new();
        for o in opened {
            if Some(o.share.layout.digest()) != common.as_deref() {
                self.refused.push(format!("{}: {}", o.name, Problem::OtherQuestionnaires));
                continue;
            }
            by_id.entry(o.share.response).or_default().push(o);
        }
        for (id, mut files) in by_id {
            let first_file = files.first().map(|o| o.file.clone());
            if files.iter().any(|o| Some(&o.file) != first_file.as_ref()) {
                let names: Vec<String> = files.iter().map(|o| o.name.clone()).collect();
                for o in &files {
                    let other = names.iter().find(|n| **n != o.name).cloned().unwrap_or_default();
                    self.refused.push(format!(
                        "{}: {} ({} and {other}); neither is counted",
                        o.name,
                        crate::pool::SAME_ID_DIFFERENT_FILES,
                        o.name
                    ));
                }
                continue;
            }
            let kept = files.remove(0);
            self.duplicates.extend(files.into_iter().map(|o| o.name));
            if self.layout.is_none() {
                self.layout = Some(kept.share.layout.clone());
            }
            self.opened.insert(id, kept);
        }
    }

    /// Files turned away, each as its message naming the file.
    pub fn refused(&self) -> &[String] {
        &self.refused
    }
    /// Files whose response id was read before (counted once).
    pub fn duplicates(&self) -> &[String] {
        &self.duplicates
    }
    /// Files an operating system adds, skipped.
    pub fn ignored(&self) -> usize {
        self.ignored
    }
    /// How many files (responses opened, each once) per round and team,
    /// all in clear in the files: what each holder compares with how
    /// many staff handed in, before any sum is released (review 3,
    /// finding 2: made-up files).
    pub fn files_per_round_and_team(&self) -> BTreeMap<Cell, usize> {
        let mut out: BTreeMap<Cell, usize> = BTreeMap::new();
        for o in self.opened.values() {
            let n = out.entry((o.share.round.clone(), o.share.team.clone())).or_insert(0);
            *n = n.saturating_add(1);
        }
        out
    }
    /// How many files (responses opened, each once) per round: the
    /// total each holder checks against how many staff said they handed
    /// in, the one count that catches made-up files in a group no roster
    /// checks (review 5, R5-9).
    pub fn files_per_round(&self) -> BTreeMap<Option<String>, usize> {
        let mut out: BTreeMap<Option<String>, usize> = BTreeMap::new();
        for ((round, _), n) in self.files_per_round_and_team() {
            let total = out.entry(round).or_insert(0);
            *total = total.saturating_add(n);
        }
        out
    }
    /// The teams of the files opened that no roster checks: "Not given"
    /// (none) and, when the practice lists teams
    /// ([`SplitPile::set_teams`]), every team it does not list. Each
    /// holder is told them beside the files per round and team.
    pub fn unchecked_teams(&self) -> Vec<Option<String>> {
        let teams: BTreeSet<Option<String>> = self
            .opened
            .values()
            .map(|o| o.share.team.clone())
            .filter(|t| !self.roster.checks(&group_name(t)))
            .collect();
        teams.into_iter().collect()
    }
    /// The rounds of the files opened that the practice's rounds
    /// ([`SplitPile::set_rounds`]) do not list, files with no round among
    /// them; none when the practice lists no rounds. Each holder is told
    /// them beside the files per round and team: an old round's files
    /// brought into a new round's pile are released twice (review 4,
    /// finding 2).
    pub fn unlisted_rounds(&self) -> Vec<Option<String>> {
        if self.rounds.is_empty() {
            return Vec::new();
        }
        let unlisted: BTreeSet<Option<String>> = self
            .opened
            .values()
            .map(|o| o.share.round.clone())
            .filter(|r| !r.as_ref().is_some_and(|r| self.rounds.contains(r)))
            .collect();
        unlisted.into_iter().collect()
    }
    /// Opens every file taken, as each step does first (files of another
    /// pair of holders refused by name), so that
    /// [`SplitPile::files_per_round_and_team`] and
    /// [`SplitPile::unlisted_rounds`] can be shown before a step is made.
    /// Refused as a step is when no file opens with this key.
    pub fn open(&mut self) -> Result<(), StepRefused> {
        self.ready().map(|_| ())
    }
    /// Each round's receipts (`receipt::of_hand_in`, over each file's
    /// canonical form) of the responses opened, each once, sorted: steps 1 and 2 list them so the second
    /// holder can check them against the receipts staff were given, and
    /// the report lists those it counts.
    pub fn receipts_per_round(&self) -> BTreeMap<Option<String>, Vec<String>> {
        let mut out: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
        for o in self.opened.values() {
            out.entry(o.share.round.clone()).or_default().extend(o.receipt.clone());
        }
        for list in out.values_mut() {
            list.sort_unstable();
        }
        out
    }
    /// Responses opened.
    pub fn responses(&self) -> usize {
        self.opened.len()
    }
    /// The catalogue the pile scores by.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn ready(&mut self) -> Result<(Layout, PublicKey, usize), StepRefused> {
        if !self.files.is_empty() {
            self.open_all();
        }
        let Some(layout) = self.layout.clone() else {
            return refuse("no hand-in file split between two key holders opened with this key");
        };
        // The pair the files must be split between: this key and the
        // other in the practice's `hand_in.holders` when given, else the
        // pair most files name (ties: the first in key order). Files of
        // another pair are refused by name; the rest are pooled.
        let me = self.key.public().clone();
        let listed = (self.holders.len() == 2)
            .then(|| self.holders.iter().position(|h| *h == me))
            .flatten()
            .and_then(|at| self.holders.get(1usize.saturating_sub(at)).map(|o| (o.to_string(), at)));
        let by_practice = listed.is_some();
        let expected = match listed {
            Some(pair) => pair,
            None => {
                let mut votes: BTreeMap<(String, usize), usize> = BTreeMap::new();
                for o in self.opened.values() {
                    let n = votes.entry((o.share.other.to_string(), o.share.aggregator)).or_insert(0);
                    *n = n.saturating_add(1);
                }
                let most = votes.values().copied().max().unwrap_or(0);
                match votes.into_iter().find(|(_, n)| *n == most) {
                    Some((pair, _)) => pair,
                    None => {
                        return refuse("no hand-in file split between two key holders opened with this key")
                    }
                }
            }
        };
        let odd: Vec<ResponseId> = self
            .opened
            .iter()
            .filter(|(_, o)| (o.share.other.to_string(), o.share.aggregator) != expected)
            .map(|(id, _)| *id)
            .collect();
        for id in odd {
            if let Some(o) = self.opened.remove(&id) {
                self.refused.push(format!(
                    "{} is split between another pair of key holders than {}: it is not counted (pool each pair's files apart)",
                    o.name,
                    if by_practice { "the practice's (hand_in.holders)" } else { "most files of the pile" }
                ));
            }
        }
        match self.opened.values().next() {
            Some(o) => Ok((layout, o.share.other.clone(), o.share.aggregator)),
            None => refuse("no hand-in file split between two key holders opened with this key"),
        }
    }

    /// This holder's pile: its responses' ids and files' digests.
    fn pile_digest(&self) -> PileV1 {
        let ids: Vec<(String, &str)> =
            self.opened.iter().map(|(id, o)| (id.to_string(), o.file.as_str())).collect();
        pile_of(ids.iter().map(|(id, f)| (id.as_str(), *f)))
    }

    /// A step file's pile must be what it lists (its count and digest),
    /// list each response once, and be this holder's pile: the same ids,
    /// the same files, and in each file the same presence bits.
    fn check_pile(&self, step: &StepV1, step_name: &str) -> Result<(), StepRefused> {
        let mut listed: Vec<(&str, &str)> =
            step.responses.iter().map(|r| (r.id.as_str(), r.file.as_str())).collect();
        listed.sort_unstable();
        if let Some(twice) = listed.windows(2).find(|w| w.first().map(|p| p.0) == w.get(1).map(|p| p.0)) {
            return refuse(format!(
                "{step_name} lists response {} twice: it was changed after it was made",
                twice.first().map_or("", |p| p.0)
            ));
        }
        if step.pile.responses != listed.len() {
            return refuse(format!(
                "{step_name} says it covers {} responses but lists {}: it was changed after it was made",
                step.pile.responses,
                listed.len()
            ));
        }
        if pile_of(listed.iter().copied()) != step.pile {
            return refuse(format!(
                "{step_name}'s pile digest does not match the responses it lists: it was changed after it was made"
            ));
        }
        self.same_pile(step, step_name)?;
        if step.pile != self.pile_digest() {
            return refuse(format!(
                "{step_name} was made from another pile: its pile digest differs from this pile's"
            ));
        }
        Ok(())
    }

    /// Both holders' piles must be one pile: the same ids, the same files.
    fn same_pile(&self, step: &StepV1, step_name: &str) -> Result<(), StepRefused> {
        let theirs: BTreeMap<&str, &ResponseV1> = step.responses.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut missing = Vec::new();
        let mut unopened = Vec::new();
        let mut extra = Vec::new();
        let mut differ = Vec::new();
        let mut told = Vec::new();
        for (id, o) in &self.opened {
            match theirs.get(id.to_string().as_str()) {
                None => extra.push(o.name.clone()),
                Some(r) if r.file != o.file => differ.push(o.name.clone()),
                Some(r) if r.presence != o.presence => told.push(o.name.clone()),
                Some(_) => {}
            }
        }
        for id in theirs.keys() {
            if ResponseId::parse(id).is_none_or(|id| !self.opened.contains_key(&id)) {
                match self.unopened.get(*id) {
                    Some(why) => unopened.push(why.clone()),
                    None => missing.push((*id).to_owned()),
                }
            }
        }
        let list = |v: &[String]| {
            let mut shown: Vec<&str> = v.iter().take(10).map(String::as_str).collect();
            if v.len() > 10 {
                shown.push("…");
            }
            shown.join(", ")
        };
        if !unopened.is_empty() && missing.is_empty() && extra.is_empty() && differ.is_empty() {
            // The same pile, but this holder's box of some files is
            // damaged: each file's own reason, not "another pile".
            return refuse(format!(
                "{} The other key holder opened {} from the same pile, so {step_name} cannot be used here: both pool a good copy, or both leave {} out.",
                unopened.join(" "),
                if unopened.len() == 1 { "it" } else { "them" },
                if unopened.len() == 1 { "it" } else { "them" }
            ));
        }
        if missing.is_empty() && extra.is_empty() && differ.is_empty() && unopened.is_empty() {
            if !told.is_empty() {
                return refuse(format!(
                    "{}: the file told the two key holders different things (which questionnaires and questions it counts in): it was crafted, or the first holder's step disagrees with it. Both leave it out of the pile and start again; but once a step 2 with sums was made for this round, never make step 2 again over a smaller or larger pile (the difference would give a person's figures away: docs/hand-in.md, \"Trust, honestly\")",
                    list(&told)
                ));
            }
            return Ok(());
        }
        missing.extend(unopened);
        let mut why = format!(
            "{step_name} was made from another pile ({} responses there, {} here): the two holders must pool the same files",
            theirs.len(),
            self.opened.len()
        );
        if !extra.is_empty() {
            why.push_str(&format!("; only in this pile: {}", list(&extra)));
        }
        if !missing.is_empty() {
            why.push_str(&format!("; only in the other holder's pile (response ids): {}", list(&missing)));
        }
        if !differ.is_empty() {
            why.push_str(&format!("; a different file with the same response id: {}", list(&differ)));
        }
        refuse(why)
    }

    /// Verification of every response: this holder's states and verifier
    /// shares (the states to finish with the other's shares).
    fn begin(&self, vdafs: &[Prio3Consistent], other: &PublicKey) -> Vec<(ResponseId, Begun)> {
        let key = split::verify_key(&self.key, other);
        self.opened.iter().map(|(id, o)| (*id, o.share.verify_init(vdafs, &key))).collect()
    }

    /// Step 1, by the first holder: `again` is a step 2 that found
    /// responses failing the proof (none the first time), left out now.
    pub fn step_one(
        &mut self,
        min_group: usize,
        again: Option<(&str, &[u8])>,
    ) -> Result<String, StepRefused> {
        let (layout, other, aggregator) = self.ready()?;
        let me = self.key.public().to_string();
        if let Some((name, bytes)) = again.filter(|_| aggregator != 0) {
            if read_step(name, bytes).is_ok_and(|s| s.from == me && s.stage == 2 && s.cells.is_none()) {
                return refuse(format!(
                    "{name} is your own step 2, which carries no sums (it leaves out responses whose proof fails): give it to the first key holder, who makes step 1 again with it; then make step 2 from their new step 1"
                ));
            }
        }
        if aggregator != 0 {
            return refuse(format!(
                "step 1 is the first key holder's (the first key in hand_in.holders); this key ({me}) is the second's: run step 2 with the first holder's step file"
            ));
        }
        let refused: BTreeSet<String> = match again {
            None => BTreeSet::new(),
            Some((name, bytes)) => {
                let step = read_step(name, bytes)?;
                if step.stage != 2 || step.cells.is_some() {
                    return refuse(format!("{name} is not a step 2 that refused responses; with --out-step, give --step only to make step 1 again after one"));
                }
                if step.from != other.to_string() {
                    return refuse(format!(
                        "{name} was made by another key holder than this pile's second holder"
                    ));
                }
                check_mac(&step, name, &self.key, &other)?;
                self.check_pile(&step, name)?;
                step.refused.into_iter().collect()
            }
        };
        let vdafs = layout.vdafs().map_err(|e| StepRefused(e.to_string()))?;
        let begun = self.begin(&vdafs, &other);
        let mut responses = Vec::new();
        for (id, result) in begun {
            let Some(o) = self.opened.get(&id) else { continue };
            let verify = match result {
                Ok(pairs) => pairs.iter().map(|(_, s)| split::verifier_share_text(s)).collect(),
                // A share that cannot even start verifying: its proof fails.
                Err(_) => Vec::new(),
            };
            responses.push(ResponseV1 {
                id: id.to_string(),
                file: o.file.clone(),
                presence: o.presence.clone(),
                verify,
            });
        }
        let step = StepV1 {
            format: STEP_FORMAT.to_owned(),
            format_version: STEP_VERSION,
            stage: 1,
            from: me,
            min_group,
            layout: layout.digest().to_owned(),
            pile: self.pile_digest(),
            responses,
            refused: refused.into_iter().collect(),
            cells: None,
            mac: String::new(),
        };
        Ok(sign(step, &self.key, &other))
    }

    /// Verifies every response with both holders' verifier shares: this
    /// holder's output shares of the valid ones, and the refused ids.
    fn verify_all(
        &self,
        vdafs: &[Prio3Consistent],
        other: &PublicKey,
        aggregator: usize,
        step: &StepV1,
    ) -> Verified {
        let theirs: HashMap<&str, &ResponseV1> = step.responses.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut outputs = BTreeMap::new();
        let mut refused = BTreeSet::new();
        let mut mine = Vec::new();
        for (id, begun) in self.begin(vdafs, other) {
            let Some(o) = self.opened.get(&id) else { continue };
            let text = id.to_string();
            let mut own_shares = Vec::new();
            let result = begun.and_then(|pairs| {
                let (states, own): (Vec<VerifyState>, Vec<VerifierShare>) = pairs.into_iter().unzip();
                own_shares = own.iter().map(split::verifier_share_text).collect();
                let other_shares: Vec<VerifierShare> = theirs
                    .get(text.as_str())
                    .map(|r| {
                        r.verify
                            .iter()
                            .zip(&states)
                            .filter_map(|(t, state)| split::verifier_share_from_text(t, state))
                            .collect()
                    })
                    .unwrap_or_default();
                let (first, second) =
                    if aggregator == 0 { (&own, &other_shares) } else { (&other_shares, &own) };
                split::verify_finish(vdafs, &o.share.ctx, states, first, second)
            });
            mine.push(ResponseV1 {
                id: text.clone(),
                file: o.file.clone(),
                presence: o.presence.clone(),
                verify: own_shares,
            });
            match result {
                Ok(out) => {
                    outputs.insert(id, out);
                }
                Err(_) => {
                    refused.insert(text);
                }
            }
        }
        (outputs, refused, mine)
    }

    /// The sizes (from this holder's presence bits), this holder's sums
    /// (each figure's entries added only over the responses counted in
    /// it) per round and team, and the rounds' clear counts: over the
    /// valid responses only.
    fn sums(
        &self,
        layout: &Layout,
        outputs: &BTreeMap<ResponseId, Vec<Vec<Field128>>>,
    ) -> (Sizes, BTreeMap<Cell, Vec<Vec<Field128>>>, Rounds) {
        let entries: Vec<Vec<(usize, usize)>> =
            (0..layout.presence_len()).map(|f| layout.figure_entries(f)).collect();
        let zero = Field128::from(0);
        let mut sizes: Sizes = BTreeMap::new();
        let mut sums: BTreeMap<Cell, Vec<Vec<Field128>>> = BTreeMap::new();
        let mut rounds: Rounds = BTreeMap::new();
        for (id, output) in outputs {
            let Some(o) = self.opened.get(id) else { continue };
            let key = (o.share.round.clone(), o.share.team.clone());
            let mut masked = output.clone();
            for (present, places) in o.share.presence.iter().zip(&entries) {
                if !present {
                    for (v, e) in places {
                        if let Some(x) = masked.get_mut(*v).and_then(|v| v.get_mut(*e)) {
                            *x = zero;
                        }
                    }
                }
            }
            let size = sizes.entry(key.clone()).or_insert_with(|| vec![0; layout.presence_len()]);
            for (n, present) in size.iter_mut().zip(&o.share.presence) {
                if *present {
                    *n = n.saturating_add(1);
                }
            }
            let sum = sums.entry(key).or_insert_with(|| output.iter().map(|v| vec![zero; v.len()]).collect());
            for (s, v) in sum.iter_mut().zip(&masked) {
                add_into(s, v);
            }
            let r = rounds.entry(o.share.round.clone()).or_insert((o.share.period, 0));
            r.0 = r.0.min(o.share.period);
            r.1 = r.1.saturating_add(1);
        }
        (sizes, sums, rounds)
    }

    /// Which groups the report shows, by the pool's own rule on a pool of
    /// this holder's sizes.
    fn decide(&self, layout: &Layout, sizes: &Sizes, rounds: &Rounds, k: usize) -> Verdict {
        let mut pool = Pool::default();
        pool.set_roster(self.roster.clone());
        for (round, (first, files)) in rounds {
            pool.put_round(round.clone(), *first, *files);
        }
        put_groups(&mut pool, sizes);
        fill_sizes(&mut pool, layout, sizes);
        pool.verdict(&self.catalogue, k)
    }

    /// Step 2, by the second holder, from the first holder's step 1, at
    /// the minimum group this holder asks for (`min_group`): a step 1 made
    /// at another is refused, naming both, so that the second holder never
    /// releases sums at a smaller group than they asked for.
    pub fn step_two(&mut self, name: &str, bytes: &[u8], min_group: usize) -> Result<String, StepRefused> {
        self.released = None;
        let step = read_step(name, bytes)?;
        let me = self.key.public().to_string();
        if step.stage != 1 {
            if step.from == me {
                return refuse(format!(
                    "{name} is your own step 2: give it to the first key holder ({}), and make step 2 only from their step 1",
                    if step.cells.is_none() { "who makes step 1 again with it" } else { "who makes the report from it" }
                ));
            }
            return refuse(format!(
                "{name} is a step 2 file: with --out-step, the second holder gives the first holder's step 1"
            ));
        }
        let (layout, other, aggregator) = self.ready()?;
        if aggregator != 1 {
            return refuse(format!("step 2 is the second key holder's; this key ({me}) is the first's"));
        }
        if step.from != other.to_string() {
            return refuse(format!("{name} was made by another key holder than this pile's first holder"));
        }
        check_mac(&step, name, &self.key, &other)?;
        let floor = crate::config::MIN_GROUP_FLOOR as usize;
        if step.min_group.max(floor) != min_group.max(floor) {
            return refuse(format!(
                "{name} was made with a minimum group of {}; you asked for {}: the first key holder makes step 1 again with --min-group {}, or you give --min-group {} if the practice agreed it",
                step.min_group,
                min_group.max(floor),
                min_group.max(floor),
                step.min_group
            ));
        }
        self.check_pile(&step, name)?;
        if step.layout != layout.digest() {
            return refuse(format!("{name} was made for other questionnaires than this pile's"));
        }
        let vdafs = layout.vdafs().map_err(|e| StepRefused(e.to_string()))?;
        let (outputs, refused, mine) = self.verify_all(&vdafs, &other, aggregator, &step);
        let claimed: BTreeSet<String> = step.refused.iter().cloned().collect();
        let mut out = StepV1 {
            format: STEP_FORMAT.to_owned(),
            format_version: STEP_VERSION,
            stage: 2,
            from: me,
            min_group: step.min_group,
            layout: layout.digest().to_owned(),
            pile: self.pile_digest(),
            responses: mine,
            refused: refused.iter().cloned().collect(),
            cells: None,
            mac: String::new(),
        };
        // Each response left out is named to this holder: a response's
        // proof fails when its file was crafted, or when the other holder
        // made it fail (docs/hand-in.md, "Trust, honestly").
        for id in &refused {
            let name = ResponseId::parse(id)
                .and_then(|r| self.opened.get(&r))
                .map_or(id.clone(), |o| o.name.clone());
            self.refused.push(format!(
                "{name} {} (checked with the first holder's verifier share: the file was crafted, or the first holder's step disagrees with it; once a step 2 with sums was made for this round, never make step 2 again over a smaller or larger pile)",
                Problem::ProofFailed
            ));
        }
        if refused != claimed {
            // Both must leave out the same responses before any sum.
            return Ok(sign(out, &self.key, &other));
        }
        let k = min_group.max(floor);
        let (sizes, sums, rounds) = self.sums(&layout, &outputs);
        let verdict = self.decide(&layout, &sizes, &rounds, k);
        let mut cells = Vec::new();
        for planned in plan(&layout, &sizes, &verdict) {
            let groups = planned
                .groups
                .iter()
                .map(|(group, hidden, detail)| GroupCellV1 {
                    group: group.to_string(),
                    share: hidden
                        .is_none()
                        .then(|| encode_field(&released(&layout, &planned, group, *detail, &sums))),
                    hidden: why_text(hidden.as_ref()),
                })
                .collect();
            cells.push(CellV1 {
                round: planned.round,
                kind: planned.kind.into(),
                index: planned.index,
                groups,
            });
        }
        // What this step releases: each round any share is given for,
        // with the files counted in its sums (a round whose every group
        // is hidden releases nothing).
        let shared: BTreeSet<&Option<String>> =
            cells.iter().filter(|c| c.groups.iter().any(|g| g.share.is_some())).map(|c| &c.round).collect();
        let mut released = ledger::Released::new();
        for id in outputs.keys() {
            if let Some(o) = self.opened.get(id).filter(|o| shared.contains(&o.share.round)) {
                released.entry(o.share.round.clone()).or_default().insert((id.to_string(), o.file.clone()));
            }
        }
        self.released = Some(released);
        out.cells = Some(cells);
        Ok(sign(out, &self.key, &other))
    }

    /// What the last [`SplitPile::step_two`] released: per round any sum
    /// was given for, the files counted in its sums (response id and file
    /// digest); `None` before one, or when it carried no sums (it named
    /// responses whose proof fails: not a release).
    pub fn released(&self) -> Option<&ledger::Released> {
        self.released.as_ref()
    }

    /// Step 2 kept by the second holder's release ledger: step 2 as
    /// [`SplitPile::step_two`] makes it, then, when it carries sums, each
    /// round it releases decided by [`ledger::decide`] at this minimum
    /// group and `month` (the month it is made). Refused, with no step,
    /// when a round was released before over other files or at another
    /// minimum group; else the step, the ledger to keep (the same one
    /// when the step releases nothing) and each round's decision.
    pub fn step_two_recorded(
        &mut self,
        name: &str,
        bytes: &[u8],
        min_group: usize,
        ledger: &Ledger,
        month: Period,
    ) -> Result<(String, Ledger, ledger::Decisions), StepRefused> {
        let text = self.step_two(name, bytes, min_group)?;
        let Some(released) = self.released.as_ref() else { return Ok((text, ledger.clone(), Vec::new())) };
        let k = min_group.max(crate::config::MIN_GROUP_FLOOR as usize);
        let (kept, decisions) =
            ledger::decide(ledger, released, k, month).map_err(|e| StepRefused(e.to_string()))?;
        Ok((text, kept, decisions))
    }

    /// Step 3, by the first holder, from the second holder's step 2: the
    /// team report at minimum group `min_group` (the one step 1 was made at).
    pub fn report(&mut self, name: &str, bytes: &[u8], min_group: usize) -> Result<Report, StepRefused> {
        let step = read_step(name, bytes)?;
        let (layout, other, aggregator) = self.ready()?;
        let me = self.key.public().to_string();
        if step.stage == 1 && step.from == me {
            return refuse(format!(
                "{name} is your own step 1: give it to the second key holder, who makes step 2 from it, and make the report from the step 2 they send back"
            ));
        }
        if step.stage == 1 && aggregator == 1 {
            return refuse(format!(
                "{name} is the first key holder's step 1: give --out-step to make step 2 from it (the report is made by the first key holder)"
            ));
        }
        if step.stage == 2 && step.from == me {
            return refuse(format!(
                "{name} is your own step 2: give it to the first key holder, who makes the report from it"
            ));
        }
        if step.stage != 2 {
            return refuse(format!("{name} is a step 1 file: the second holder makes step 2 from it"));
        }
        if aggregator != 0 {
            return refuse("the report is made by the first key holder, from the second's step 2".to_owned());
        }
        if step.from != other.to_string() {
            return refuse(format!("{name} was made by another key holder than this pile's second holder"));
        }
        check_mac(&step, name, &self.key, &other)?;
        self.check_pile(&step, name)?;
        if step.layout != layout.digest() {
            return refuse(format!("{name} was made for other questionnaires than this pile's"));
        }
        let Some(cells) = &step.cells else {
            return refuse(format!(
                "{name} leaves out {} responses whose proof fails: make step 1 again with --step {name} and --out-step, then step 2",
                step.refused.len()
            ));
        };
        let floor = crate::config::MIN_GROUP_FLOOR as usize;
        let k = step.min_group.max(floor);
        if min_group.max(floor) != k {
            return refuse(format!(
                "the steps were made at minimum group {}: give --min-group {}, or make them again from step 1 with --min-group {min_group}",
                step.min_group, step.min_group
            ));
        }
        let vdafs = layout.vdafs().map_err(|e| StepRefused(e.to_string()))?;
        let (outputs, refused, _) = self.verify_all(&vdafs, &other, aggregator, &step);
        let claimed: BTreeSet<String> = step.refused.iter().cloned().collect();
        if refused != claimed {
            return refuse(format!(
                "{name} does not verify with this pile: its proofs disagree with this holder's"
            ));
        }
        for id in &refused {
            let name = ResponseId::parse(id)
                .and_then(|r| self.opened.get(&r))
                .map_or(id.clone(), |o| o.name.clone());
            self.refused.push(format!("{name} {}", Problem::ProofFailed));
        }
        // This holder's own sizes and decision: step 2 must match it.
        let (sizes, sums, rounds) = self.sums(&layout, &outputs);
        let verdict = self.decide(&layout, &sizes, &rounds, k);
        let planned = plan(&layout, &sizes, &verdict);
        if cells.len() != planned.len()
            || cells.iter().zip(&planned).any(|(c, p)| {
                c.round != p.round
                    || c.kind != p.kind
                    || c.index != p.index
                    || c.groups.len() != p.groups.len()
                    || c.groups.iter().zip(&p.groups).any(|(g, (group, _, _))| g.group != group.to_string())
            })
        {
            return refuse_step_two(format!(
                "{name} lists other figures or groups than this pile has: it was changed, so no report is made"
            ));
        }
        let mut pool = Pool::with_verdict(verdict);
        pool.set_round_order(self.rounds.iter().cloned().map(Some).collect());
        // The receipts of the responses counted: those whose proof holds.
        for id in outputs.keys() {
            if let Some((o, receipt)) = self.opened.get(id).and_then(|o| Some((o, o.receipt.clone()?))) {
                pool.put_receipt(o.share.round.clone(), receipt);
            }
        }
        for (round, (first, files)) in &rounds {
            pool.put_round(round.clone(), *first, *files);
        }
        put_groups(&mut pool, &sizes);
        for (cell, planned) in cells.iter().zip(&planned) {
            let place = cell.round.as_deref().map_or(String::new(), |r| format!(" in round {r}"));
            for (g, (group, hidden, detail)) in cell.groups.iter().zip(&planned.groups) {
                let n = group_size(&sizes, &planned.round, group, planned.figure);
                if g.share.is_some() && g.hidden.is_some() {
                    return refuse_step_two(format!(
                        "{name} is damaged: {group}{place} both shown and hidden"
                    ));
                }
                let values: Vec<u128> = match (&g.share, hidden) {
                    (Some(_), Some(_)) => {
                        return refuse_step_two(format!(
                            "{name} shows its figures for {group}{place}, which the small-group rule hides at minimum group {k} (by this holder's own count): it was changed, so no report is made"
                        ))
                    }
                    (None, None) => {
                        return refuse_step_two(format!(
                            "{name} hides {group}{place}, which the small-group rule shows at minimum group {k} (by this holder's own count): it was changed, so no report is made"
                        ))
                    }
                    (None, Some(why)) => {
                        if g.hidden != why_text(Some(why)) {
                            return refuse_step_two(format!(
                                "{name} gives another reason for hiding {group}{place} than the small-group rule: it was changed"
                            ));
                        }
                        vec![n as u128]
                    }
                    (Some(text), None) => {
                        let mut total = released(&layout, planned, group, *detail, &sums);
                        let theirs = decode_field(text, total.len()).ok_or_else(|| {
                            StepRefused::step_two(format!(
                                "{name} releases other figures for {group}{place} than the report shows (a share of the wrong length): it was changed"
                            ))
                        })?;
                        add_into(&mut total, &theirs);
                        let values: Vec<u128> =
                            std::iter::once(n as u128).chain(total.iter().map(|f| u128::from(*f))).collect();
                        if let Some(why) = impossible(&layout, planned, *detail, &values) {
                            return refuse_step_two(format!(
                                "{name} gives figures for {} of {group}{place} that no {n} people can add up to ({why}): the second holder's share was changed, so no report is made",
                                figure_name(&layout, planned)
                            ));
                        }
                        values
                    }
                };
                put(&mut pool, &layout, planned, group.clone(), &values);
            }
        }
        Ok(pool.full_report(&self.catalogue, k))
    }
}

/// Every figure's groups as the report will show them, in a fixed order
/// (round, measures, items, proportions; groups sorted): both holders
/// plan from their own sizes and must get the same.
fn plan(layout: &Layout, sizes: &Sizes, verdict: &Verdict) -> Vec<Planned> {
    let rounds: BTreeSet<&Option<String>> = sizes.keys().map(|(r, _)| r).collect();
    let mut out = Vec::new();
    for round in rounds {
        let teams: Vec<(&Option<String>, &Vec<usize>)> =
            sizes.iter().filter(|((r, _), _)| r == round).map(|((_, t), s)| (t, s)).collect();
        // A figure anyone in the round answered lists every group with
        // files in the round, as the pool's own report does
        // (`Pool::padded`): hidden at n = 0 as under k.
        let present = |figure: usize| -> Vec<Group> {
            let anyone = teams.iter().any(|(_, s)| s.get(figure).is_some_and(|n| *n > 0));
            let mut groups: Vec<Group> = Vec::new();
            if anyone {
                groups.extend(teams.iter().map(|(t, _)| group_name(t)));
                groups.push(Group::All);
            }
            groups.sort();
            groups.dedup();
            groups
        };
        let mut figure = 0usize;
        for (m, slot) in layout.measures.iter().enumerate() {
            let groups: Vec<(Group, Option<Hidden>, bool)> = present(figure)
                .into_iter()
                .map(|group| {
                    let key = (round.clone(), slot.id.clone(), group.clone());
                    let why = verdict.measures.get(&key).copied();
                    let detail = why.is_none() && !verdict.no_detail.contains(&key);
                    (group, why, detail)
                })
                .collect();
            if !groups.is_empty() {
                out.push(Planned { round: round.clone(), kind: "measure", index: m, figure, groups });
            }
            figure = figure.saturating_add(1);
        }
        for (i, slot) in layout.items.iter().enumerate() {
            let groups: Vec<(Group, Option<Hidden>, bool)> = present(figure)
                .into_iter()
                .map(|group| {
                    let key = (round.clone(), slot.instrument.clone(), slot.position, group.clone());
                    (group, verdict.items.get(&key).copied(), false)
                })
                .collect();
            if !groups.is_empty() {
                out.push(Planned { round: round.clone(), kind: "item", index: i, figure, groups });
            }
            figure = figure.saturating_add(1);
        }
        for (s, slot) in layout.shares.iter().enumerate() {
            let groups: Vec<(Group, Option<Hidden>, bool)> = present(figure)
                .into_iter()
                .map(|group| {
                    let key = (
                        round.clone(),
                        slot.instrument.clone(),
                        slot.score.clone(),
                        slot.place,
                        group.clone(),
                    );
                    (group, verdict.shares.get(&key).copied(), false)
                })
                .collect();
            if !groups.is_empty() {
                out.push(Planned { round: round.clone(), kind: "proportion", index: s, figure, groups });
            }
            figure = figure.saturating_add(1);
        }
    }
    out
}

/// How many in a group count in a figure (All: every team of the round).
fn group_size(sizes: &Sizes, round: &Option<String>, group: &Group, figure: usize) -> usize {
    sizes
        .iter()
        .filter(|((r, t), _)| r == round && (*group == Group::All || group_name(t) == *group))
        .filter_map(|(_, s)| s.get(figure).copied())
        .fold(0, usize::saturating_add)
}

/// This holder's share of a shown group's sums for one figure, as step 2
/// releases them: a measure's Σv, and Σv² and its five fifths with its
/// detail; an item's count of each option; a proportion's "gave one".
/// Never a count of who answered: each holder has that from the presence
/// bits.
fn released(
    layout: &Layout,
    planned: &Planned,
    group: &Group,
    detail: bool,
    sums: &BTreeMap<Cell, Vec<Vec<Field128>>>,
) -> Vec<Field128> {
    let pick = |full: &[Vec<Field128>]| -> Vec<Field128> {
        match planned.kind {
            "measure" => measure_entries(layout, planned.index, full, detail),
            "item" => {
                let len = layout.items.get(planned.index).map_or(0, |s| s.values.len());
                counts_range(full, layout.options_at(planned.index), len)
            }
            _ => counts_range(full, layout.gave_at(planned.index), 1),
        }
    };
    let mut total: Option<Vec<Field128>> = None;
    for ((round, team), full) in sums {
        if *round != planned.round || (*group != Group::All && group_name(team) != *group) {
            continue;
        }
        let v = pick(full);
        match &mut total {
            Some(t) => add_into(t, &v),
            None => total = Some(v),
        }
    }
    total.unwrap_or_else(|| pick(&[]))
}

/// A figure's name in a refusal: the measure, or the question and its
/// questionnaire, or the proportion.
fn figure_name(layout: &Layout, planned: &Planned) -> String {
    match planned.kind {
        "measure" => {
            layout.measures.get(planned.index).map_or(String::new(), |m| format!("measure {}", m.id))
        }
        "item" => layout
            .items
            .get(planned.index)
            .map_or(String::new(), |i| format!("{} question {}", i.instrument, i.item)),
        _ => layout
            .shares
            .get(planned.index)
            .map_or(String::new(), |s| format!("{} proportion {}", s.instrument, s.score)),
    }
}

/// Why a shown group's added sums cannot come from `n` people's
/// consistent answers (each proven in range: a score `v` in 0..=span, its
/// square, one fifth; one option per question; "gave one" 0 or 1), or
/// `None` where they can. `values` is n, then the sums as `released`
/// orders them. A sum that is not a small whole number (a field element
/// above what n people can add up to) fails the first bound it meets.
/// Either holder can still move a figure within what is possible (they
/// can change their own share; docs/hand-in.md, "Trust, honestly").
fn impossible(layout: &Layout, planned: &Planned, detail: bool, values: &[u128]) -> Option<String> {
    let n = values.first().copied().unwrap_or(0);
    let sums = values.get(1..).unwrap_or_default();
    match planned.kind {
        "measure" => {
            let m = layout.measures.get(planned.index)?;
            impossible_measure(n, &MeasureShape::of_report(m.range, m.lo, m.scale, m.span), detail, sums)
        }
        "item" => {
            let mut total = 0u128;
            for (o, c) in sums.iter().enumerate() {
                if *c > n {
                    return Some(format!("option {} counted more times than n", o.saturating_add(1)));
                }
                let Some(t) = total.checked_add(*c) else { return Some("a count too large".to_owned()) };
                total = t;
            }
            (total != n).then(|| "its options' counts do not add up to n".to_owned())
        }
        _ => {
            let gave = sums.first().copied().unwrap_or(0);
            (gave > n).then(|| "more gave one than n".to_owned())
        }
    }
}

/// [`impossible`] for a measure: Σv ≤ n·span; with its detail,
/// Σv² ≤ span·Σv (each v² ≤ span·v), n·Σv² ≥ (Σv)² (Cauchy–Schwarz), the
/// fifths each at most n and adding up to n, and Σv and Σv² within what
/// the fifths' counts allow (each person's `v` lies in the fifth they are
/// counted in: Σ c_f·first_f ≤ Σv ≤ Σ c_f·last_f, and so for v²).
/// Checked arithmetic: an overflow is itself impossible (honest sums are
/// far below it). The reason names the bound, never a sum: a refusal is
/// shown to the holder whose share was changed, and a sum in it would
/// give them the exact figure (review4 F7).
fn impossible_measure(n: u128, shape: &MeasureShape, detail: bool, sums: &[u128]) -> Option<String> {
    let too_big = || Some("a sum too large for any answers".to_owned());
    let span = shape.span;
    let sum = sums.first().copied().unwrap_or(0);
    let Some(most) = n.checked_mul(span) else { return too_big() };
    if sum > most {
        return Some("Σv is above n·span".to_owned());
    }
    if !detail {
        return None;
    }
    let squares = sums.get(1).copied().unwrap_or(0);
    let Some(most) = span.checked_mul(sum) else { return too_big() };
    if squares > most {
        return Some("Σv² is above span·Σv".to_owned());
    }
    let (Some(left), Some(right)) = (n.checked_mul(squares), sum.checked_mul(sum)) else { return too_big() };
    if left < right {
        return Some("n·Σv² is below (Σv)²".to_owned());
    }
    let fifths = sums.get(2..).unwrap_or_default();
    let mut counted = 0u128;
    // The least and most Σv and Σv² the fifths' counts allow.
    let (mut low, mut high, mut low2, mut high2) = (0u128, 0u128, 0u128, 0u128);
    for (f, c) in fifths.iter().enumerate() {
        if *c > n {
            return Some("a fifth counts more people than n".to_owned());
        }
        let Some(t) = counted.checked_add(*c) else { return too_big() };
        counted = t;
        if *c == 0 {
            continue;
        }
        let Some((first, last)) = shape.fifth_bounds(f) else {
            return Some("a fifth that no score falls in counts people".to_owned());
        };
        let add = |total: u128, v: u128, power: bool| {
            let v = if power { v.checked_mul(v)? } else { v };
            total.checked_add(c.checked_mul(v)?)
        };
        let (Some(l), Some(h), Some(l2), Some(h2)) =
            (add(low, first, false), add(high, last, false), add(low2, first, true), add(high2, last, true))
        else {
            return too_big();
        };
        (low, high, low2, high2) = (l, h, l2, h2);
    }
    if counted != n {
        return Some("its fifths do not add up to n".to_owned());
    }
    if sum < low || sum > high {
        return Some("Σv is outside what its fifths allow".to_owned());
    }
    if squares < low2 || squares > high2 {
        return Some("Σv² is outside what its fifths allow".to_owned());
    }
    None
}

/// Puts one group's figures (n first, then the released sums; n alone
/// where hidden) into the report's pool.
fn put(pool: &mut Pool, layout: &Layout, planned: &Planned, group: Group, values: &[u128]) {
    let round = planned.round.clone();
    let n = values.first().and_then(|v| usize::try_from(*v).ok()).unwrap_or(0);
    match planned.kind {
        "measure" => {
            let Some(slot) = layout.measures.get(planned.index) else { return };
            let (stats, bins) = measure_figures(slot, values);
            pool.put_measure(round, slot.id.clone(), group, stats, bins);
        }
        "item" => {
            let Some(slot) = layout.items.get(planned.index) else { return };
            let counts: BTreeMap<i32, usize> = slot
                .values
                .iter()
                .zip(values.iter().skip(1))
                .filter(|(_, c)| **c > 0)
                .map(|(v, c)| (*v, usize::try_from(*c).unwrap_or(0)))
                .collect();
            pool.put_item(
                (round, slot.instrument.clone(), slot.position, slot.item.clone()),
                group,
                n,
                counts,
            );
        }
        _ => {
            let Some(slot) = layout.shares.get(planned.index) else { return };
            let hits = values.get(1).and_then(|v| usize::try_from(*v).ok()).unwrap_or(0);
            pool.put_share(
                (round, slot.instrument.clone(), slot.score.clone(), slot.place),
                group,
                (hits, n),
            );
        }
    }
}

fn counts_range(full: &[Vec<Field128>], at: usize, len: usize) -> Vec<Field128> {
    let zero = Field128::from(0);
    (0..len)
        .map(|e| full.first().and_then(|c| c.get(at.saturating_add(e))).copied().unwrap_or(zero))
        .collect()
}

/// A measure's released entries: Σv, then Σv² and its five fifths (when
/// `detail`).
fn measure_entries(layout: &Layout, m: usize, full: &[Vec<Field128>], detail: bool) -> Vec<Field128> {
    let [v, square] = [0, 1].map(|e| counts_range(full, layout.value_at(m).saturating_add(e), 1));
    let mut out = v;
    if detail {
        out.extend(square);
        out.extend(counts_range(full, layout.fifths_at(m), BINS));
    }
    out
}

/// The MAC of a step's content: keyed BLAKE2b-512 over a context line
/// and the step as written with `mac` empty.
fn step_mac(step: &StepV1, key: &[u8; 32]) -> Option<Blake2bMac512> {
    let mut blank = step.clone();
    blank.mac = String::new();
    let text = serde_json::to_vec(&blank).ok()?;
    let mut mac = <Blake2bMac512 as KeyInit>::new_from_slice(key).ok()?;
    mac.update(b"practice-pulse step 1\n");
    mac.update(&text);
    Some(mac)
}

/// A step file's text, signed by the holder who makes it (`own`) for the
/// other holder (`other`): what every step this build writes goes
/// through, and what a holder could always do with their own key.
pub fn sign(mut step: StepV1, own: &HolderKey, other: &PublicKey) -> String {
    let key = split::step_key(own, other, true);
    step.mac = step_mac(&step, &key)
        .map(|m| m.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect())
        .unwrap_or_default();
    serde_json::to_string(&step).unwrap_or_default() + "\n"
}

/// Signs a step file's text again with `own`'s key: what a holder can do
/// to any step (tests play a hostile holder with it).
pub fn sign_text(text: &str, own: &HolderKey, other: &PublicKey) -> Option<String> {
    serde_json::from_str(text).ok().map(|step| sign(step, own, other))
}

/// Refuses a step not signed by the other holder for this one, or
/// changed since.
fn check_mac(step: &StepV1, name: &str, own: &HolderKey, other: &PublicKey) -> Result<(), StepRefused> {
    let key = split::step_key(own, other, false);
    let tag: Option<Vec<u8>> = (step.mac.len() == 128 && step.mac.is_ascii())
        .then(|| {
            step.mac
                .as_bytes()
                .chunks_exact(2)
                .map(|h| std::str::from_utf8(h).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
                .collect()
        })
        .flatten();
    let good = match (step_mac(step, &key), tag) {
        (Some(mac), Some(tag)) => mac.verify_slice(&tag).is_ok(),
        _ => false,
    };
    if good {
        Ok(())
    } else {
        refuse(format!(
            "{name} was changed after it was made, or not made by the other key holder: ask them for it again, by a route you trust"
        ))
    }
}

/// A step file's header, read before the rest: everything else is
/// skipped without being kept (serde's `IgnoredAny`), so a file of
/// millions of tiny values takes no memory here (review 3, finding 7).
#[derive(Deserialize)]
struct StepHeader {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    format_version: Option<u64>,
}

/// Reads a step file, refusing anything else by name (and, where it is
/// not valid, the place: serde_json's line and column). Read in two
/// passes over the bytes, never through `serde_json::Value`: the header,
/// then straight into [`StepV1`], which refuses unknown and duplicate
/// fields (a field given twice is refused, not read as its last value).
pub fn read_step(name: &str, bytes: &[u8]) -> Result<StepV1, StepRefused> {
    if bytes.len() > MAX_STEP_BYTES {
        return Err(too_large(name));
    }
    let text = crate::json::strip_bom(bytes);
    let header: StepHeader = serde_json::from_slice(text).map_err(|e| {
        StepRefused(match e.classify() {
            serde_json::error::Category::Data => format!("{name} is not a step file, or is damaged ({e})"),
            _ => format!("{name} is not a step file (not JSON: {e})"),
        })
    })?;
    if header.format.as_deref() != Some(STEP_FORMAT) {
        return refuse(format!("{name} is not a step file: give the file the other key holder's step wrote"));
    }
    match header.format_version {
        Some(1) => {}
        Some(v) if v > u64::from(STEP_VERSION) => {
            return refuse(format!("{name} was made by a newer version (step format {v}); this version reads step format {STEP_VERSION}"))
        }
        _ => return refuse(format!("{name} is damaged: no valid format_version")),
    }
    let step: StepV1 = serde_json::from_slice(text)
        .map_err(|e| StepRefused(format!("{name} is damaged or was edited ({e})")))?;
    if !(1..=2).contains(&step.stage) {
        return refuse(format!("{name} is damaged: stage {}", step.stage));
    }
    Ok(step)
}

/// Notes every group with files in each round, so that each figure lists
/// them all (`Pool::padded`), as `pulse pool` does.
fn put_groups(pool: &mut Pool, sizes: &Sizes) {
    for (round, team) in sizes.keys() {
        pool.put_group(round.clone(), group_name(team));
    }
}

/// A pool of sizes only (every figure zero): what the rule decides from.
fn fill_sizes(
    pool: &mut Pool,
    layout: &Layout,
    size_of: &BTreeMap<(Option<String>, Option<String>), Vec<usize>>,
) {
    let rounds: BTreeSet<Option<String>> = size_of.keys().map(|(r, _)| r.clone()).collect();
    for round in rounds {
        let teams: Vec<(&Option<String>, &Vec<usize>)> =
            size_of.iter().filter(|((r, _), _)| *r == round).map(|((_, t), s)| (t, s)).collect();
        let mut groups: Vec<Group> = teams.iter().map(|(t, _)| group_name(t)).collect();
        groups.push(Group::All);
        for group in groups {
            let size = |index: usize| -> usize {
                teams
                    .iter()
                    .filter(|(t, _)| group == Group::All || group_name(t) == group)
                    .filter_map(|(_, s)| s.get(index).copied())
                    .fold(0, usize::saturating_add)
            };
            for (m, slot) in layout.measures.iter().enumerate() {
                let n = size(m);
                if n > 0 {
                    pool.put_measure(round.clone(), slot.id.clone(), group.clone(), (n, 0.0, 0.0), [0; BINS]);
                }
            }
            let base = layout.measures.len();
            for (i, slot) in layout.items.iter().enumerate() {
                let n = size(base.saturating_add(i));
                if n > 0 {
                    let key = (round.clone(), slot.instrument.clone(), slot.position, slot.item.clone());
                    pool.put_item(key, group.clone(), n, BTreeMap::new());
                }
            }
            let base = base.saturating_add(layout.items.len());
            for (s, slot) in layout.shares.iter().enumerate() {
                let n = size(base.saturating_add(s));
                if n > 0 {
                    let key = (round.clone(), slot.instrument.clone(), slot.score.clone(), slot.place);
                    pool.put_share(key, group.clone(), (0, n));
                }
            }
        }
    }
}

/// A measure's n, exact mean and sum of squared deviations, and spread,
/// from n, Σv, Σv² (and the fifths): mean = lo + Σv / (n·D), and
/// Σ(x − mean)² = (n·Σv² − (Σv)²) / (n·D²), worked in whole numbers.
fn measure_figures(slot: &split::MeasureSlot, values: &[u128]) -> ((usize, f64, f64), [usize; BINS]) {
    let n = values.first().copied().unwrap_or(0);
    let sum = values.get(1).copied().unwrap_or(0);
    let squares = values.get(2).copied().unwrap_or(0);
    let scale = slot.scale as f64;
    let n_f = n as f64;
    let mean = if n == 0 { 0.0 } else { slot.lo as f64 + sum as f64 / (n_f * scale) };
    let spread = n.checked_mul(squares).and_then(|a| a.checked_sub(sum.checked_mul(sum)?)).unwrap_or(0);
    let m2 = if n == 0 { 0.0 } else { spread as f64 / (n_f * scale * scale) };
    let mut bins = [0usize; BINS];
    for (b, v) in bins.iter_mut().zip(values.iter().skip(3)) {
        *b = usize::try_from(*v).unwrap_or(0);
    }
    ((usize::try_from(n).unwrap_or(0), mean, m2), bins)
}

#[cfg(test)]
mod tests {
    use super::{impossible_measure, MeasureShape};

    /// Review finding 4: each bound on a measure's added sums (span 10,
    /// fifths starting at 0, 3, 5, 7, 9; n 3; the honest sums of 2, 4, 10:
    /// Σv 16, Σv² 120, fifths 1, 1, 0, 0, 1 pass). Review 4 F9: sums that
    /// do not fit the fifths' counts; F7: no reason carries a sum.
    #[test]
    fn a_measures_sums_that_no_n_people_can_make_are_named() {
        let shape = MeasureShape { span: 10, starts: [3, 5, 7, 9] };
        let honest = [16, 120, 1, 1, 0, 0, 1];
        assert_eq!(impossible_measure(3, &shape, true, &honest), None);
        assert_eq!(impossible_measure(3, &shape, false, &[16]), None);
        let wide = MeasureShape { span: u128::MAX, starts: [1, 2, 3, 4] };
        let found = impossible_measure(3, &wide, false, &[1]);
        assert_eq!(found.as_deref(), Some("a sum too large for any answers"));
        let cases: [(&[u128], &str); 9] = [
            (&[31], "Σv is above n·span"),
            (&[16, 161, 1, 1, 0, 0, 1], "Σv² is above span·Σv"),
            // Σv 16 with Σv² 80: n·Σv² 240 < 256, no three scores do it.
            (&[16, 80, 1, 1, 0, 0, 1], "n·Σv² is below (Σv)²"),
            (&[16, 120, 1, 1, 0, 0, 2], "its fifths do not add up to n"),
            (&[16, 120, 4, 0, 0, 0, 0], "a fifth counts more people than n"),
            (&[u128::MAX - 5], "is above n·span"),
            // Everyone in the top fifth (9 or 10) with Σv 16: at least 27.
            (&[16, 86, 0, 0, 0, 0, 3], "Σv is outside what its fifths allow"),
            // Fifths 0, 1, 4 (v in 0–2, 3–4, 9–10) allow Σv 12 to 16 and
            // Σv² 90 to 120: Σv 15 with Σv² 89 passes every other bound.
            (&[15, 89, 1, 1, 0, 0, 1], "Σv² is outside what its fifths allow"),
            (&[16, 120, 1, 1, 0, 0, 1], ""),
        ];
        for (sums, why) in cases {
            let found = impossible_measure(3, &shape, true, sums);
            if why.is_empty() {
                assert_eq!(found, None, "{sums:?}");
                continue;
            }
            assert!(found.as_deref().is_some_and(|f| f.contains(why)), "{sums:?}: {found:?}");
            let reason = found.unwrap_or_default();
            for sum in sums.iter().take(2) {
                assert!(!reason.contains(&sum.to_string()), "a sum in the reason: {reason}");
            }
        }
        let empty = MeasureShape { span: 10, starts: [3, 5, 5, 9] };
        let found = impossible_measure(1, &empty, true, &[5, 25, 0, 0, 1, 0, 0]);
        assert_eq!(found.as_deref(), Some("a fifth that no score falls in counts people"));
    }
}
