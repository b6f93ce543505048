//! The two key holders' steps: from a pile of hand-in files split between
//! them (split.rs) to the same team report `pulse pool` makes from plain
//! files, with neither holder ever seeing one person's answers, and the
//! first holder (who makes the report) never seeing a sum over a group the
//! report hides.
//!
//! 1. The first holder (listed first in `hand_in.holders`, Prio3's
//!    leader) opens their shares and writes step 1: for each response its
//!    id, its file's digest and the holder's Prio3 verifier shares; and for
//!    each round and team the holder's share of the **sizes** (how many
//!    scored each measure, answered each descriptive item, each
//!    proportion): never a score, an answer or a spread.
//! 2. The second holder checks the pile is the same (by ids and digests),
//!    verifies every proof with both verifier shares, adds the two sizes
//!    shares, and decides which groups the report shows by the same rule
//!    as for plain files (`pool::Pool::verdict`). Step 2 carries the second
//!    holder's verifier shares and, **only for the groups shown**, their
//!    share of the sums the report needs: a measure's n and Σv, and Σv²
//!    and its spread in fifths only where the row shows its interval and
//!    spread (`pool::detail_from`); each answer's count; each proportion's. If any proof fails, step 2
//!    names those responses and carries no sums: the first holder makes
//!    step 1 again leaving them out (`--step` with the refusal), so both
//!    drop them.
//! 3. The first holder verifies every proof too, adds their own shares of
//!    the released sums, applies the small-group rule again to the n now
//!    revealed (refusing a step 2 that shows a group the rule hides:
//!    `small_group_rule`) and makes the report.
//!
//! The second holder learns the sizes per round and team (how many
//! answered each questionnaire and each descriptive question, never what).
//! The first holder learns, for each group the report shows, the exact n
//! and sums behind it: n and Σv (so the exact mean, which the report
//! rounds), Σv² and the fifths only where the report shows the interval
//! and spread, each answer's count and each proportion's; nothing of a
//! group the report hides. Both rely on the other's step file being the
//! other's own (it is not signed): docs/hand-in.md says what that leaves.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use blake2::{Blake2b512, Digest};
use prio::field::Field128;
use prio::vdaf::prio3::{Prio3InputShare, Prio3SumVec};
use serde::{Deserialize, Serialize};

use super::split::{self, HolderShare, Layout, VerifierShare, VerifyState};
use super::{HolderKey, PublicKey};
use crate::catalogue::Catalogue;
use crate::pool::{Group, Hidden, Pool, Report, Verdict, BINS};
use crate::result_file::{Period, Problem, ResponseId};

/// The value of the `format` field of a step file.
pub const STEP_FORMAT: &str = "practice-pulse-step";
/// The newest step format this build writes and reads.
pub const STEP_VERSION: u32 = 1;
/// A step file for 100,000 responses is about 60 MB; far beyond is not one.
pub const MAX_STEP_BYTES: usize = 512 * 1024 * 1024;

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
    /// Every response, in id order: id, its file's digest, this holder's
    /// Prio3 verifier shares (base64, one per vector).
    pub responses: Vec<ResponseV1>,
    /// Response ids whose proof fails, left out of every sum.
    pub refused: Vec<String>,
    /// Step 1: the first holder's share of each round and team's sizes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sizes: Vec<SizesV1>,
    /// Step 2: the groups of every subject, and the second holder's share
    /// of the shown ones' sums; absent when proofs failed (then `refused`
    /// names them and step 1 is made again without them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<Vec<CellV1>>,
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
    pub verify: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizesV1 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Field elements, base64: each measure's scored, each item's
    /// answered, each proportion's answered, in layout order.
    pub share: String,
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

/// A hidden group's reason read back, with a stand-in size that gives the
/// same reason in the report (`Hidden::of`): none under k, k for secondary.
fn why_of(text: &str, k: usize) -> Option<(Hidden, usize)> {
    match text {
        "fewer" => Some((Hidden::FewerThan(k), 0)),
        "secondary" => Some((Hidden::Secondary, k)),
        _ => None,
    }
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

/// One response's verification begun: per vector, the state and the
/// verifier share; or why it could not begin.
type Begun = Result<Vec<(VerifyState, VerifierShare)>, Problem>;
/// This holder's output shares of the valid responses, the refused ids,
/// and this holder's verifier shares of every response.
type Verified = (BTreeMap<ResponseId, Vec<Vec<Field128>>>, BTreeSet<String>, Vec<ResponseV1>);
/// A round and team.
type Cell = (Option<String>, Option<String>);
/// A round and team's files, sizes and sums (this holder's shares).
type CellSums = (usize, Vec<Field128>, Vec<Vec<Field128>>);

/// One response as this holder opened it.
struct Opened {
    name: String,
    file: String,
    share: HolderShare,
}

/// A pile of hand-in files split between two holders, opened by one of
/// them: definitions join the catalogue first, then every file's share is
/// opened with this holder's key.
pub struct SplitPile {
    catalogue: Catalogue,
    key: HolderKey,
    files: Vec<(String, Vec<u8>)>,
    opened: BTreeMap<ResponseId, Opened>,
    layout: Option<Layout>,
    refused: Vec<String>,
    duplicates: Vec<String>,
    ignored: usize,
    /// The practice's rounds, oldest first (`Pile::set_rounds`).
    rounds: Vec<String>,
}

impl fmt::Debug for SplitPile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SplitPile({} files)", self.opened.len())
    }
}

fn file_digest(bytes: &[u8]) -> String {
    let digest = Blake2b512::digest(bytes);
    digest.get(..16).unwrap_or_default().iter().map(|b| format!("{b:02x}")).collect()
}

fn group_name(team: &Option<String>) -> Group {
    team.clone().map_or(Group::NotGiven, Group::Team)
}

fn group_of(text: &str) -> Group {
    match text {
        "All" => Group::All,
        "Not given" => Group::NotGiven,
        team => Group::Team(team.to_owned()),
    }
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

/// A whole count from a field element (sums stay far below the modulus).
fn count(f: Field128) -> Option<usize> {
    usize::try_from(u128::from(f)).ok()
}

impl SplitPile {
    /// An empty pile opened with this holder's key.
    pub fn new(catalogue: Catalogue, key: HolderKey) -> Self {
        Self {
            catalogue,
            key,
            files: Vec::new(),
            opened: BTreeMap::new(),
            layout: None,
            refused: Vec::new(),
            duplicates: Vec::new(),
            ignored: 0,
            rounds: Vec::new(),
        }
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
        if crate::pool::is_os_file(name) {
            self.ignored = self.ignored.saturating_add(1);
            return;
        }
        match crate::pool::file_format(&bytes).as_deref() {
            Some(crate::definition::FORMAT) => {
                if let Err(e) = self.catalogue.add_definition_bytes(name, &bytes) {
                    self.refused.push(format!("{name}: {e}"));
                }
            }
            _ => self.files.push((name.to_owned(), bytes)),
        }
    }

    /// Opens every file taken (after all definitions): each response once
    /// (of two files with one id, the one whose digest sorts first, so
    /// both holders keep the same), every file of one layout (the most
    /// common; others refused by name).
    fn open_all(&mut self) {
        let files = std::mem::take(&mut self.files);
        let mut layouts: HashMap<String, usize> = HashMap::new();
        let mut opened: Vec<Opened> = Vec::new();
        for (name, bytes) in files {
            match super::open_share(&name, &bytes, &self.catalogue, &self.key) {
                Ok(share) => {
                    let counter = layouts.entry(share.layout.digest().to_owned()).or_insert(0);
                    *counter = counter.saturating_add(1);
                    opened.push(Opened { name, file: file_digest(&bytes), share });
                }
                Err(r) => self.refused.push(r.to_string()),
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
        let mut other = None;
        let mut aggregator = None;
        for o in self.opened.values() {
            if *other.get_or_insert_with(|| o.share.other.clone()) != o.share.other
                || *aggregator.get_or_insert(o.share.aggregator) != o.share.aggregator
            {
                return refuse(format!(
                    "{} is split between another pair of key holders than the other files: pool each pair's files apart",
                    o.name
                ));
            }
        }
        match (other, aggregator) {
            (Some(o), Some(a)) => Ok((layout, o, a)),
            _ => refuse("no hand-in file split between two key holders opened with this key"),
        }
    }

    fn pile_digest(&self, skip: &BTreeSet<String>) -> PileV1 {
        let mut hash = Blake2b512::new();
        hash.update(b"practice-pulse step pile 1\n");
        let mut n = 0usize;
        for (id, o) in &self.opened {
            let id = id.to_string();
            if skip.contains(&id) {
                continue;
            }
            n = n.saturating_add(1);
            hash.update(format!("{id} {}\n", o.file).as_bytes());
        }
        let digest = hash.finalize();
        PileV1 {
            responses: n,
            digest: digest.get(..16).unwrap_or_default().iter().map(|b| format!("{b:02x}")).collect(),
        }
    }

    /// Both holders' piles must be one pile: the same ids, the same files.
    fn same_pile(&self, step: &StepV1, step_name: &str) -> Result<(), StepRefused> {
        let theirs: BTreeMap<&str, &str> =
            step.responses.iter().map(|r| (r.id.as_str(), r.file.as_str())).collect();
        let mut missing = Vec::new();
        let mut extra = Vec::new();
        let mut differ = Vec::new();
        for (id, o) in &self.opened {
            match theirs.get(id.to_string().as_str()) {
                None => extra.push(o.name.clone()),
                Some(file) if *file != o.file => differ.push(o.name.clone()),
                Some(_) => {}
            }
        }
        for id in theirs.keys() {
            if ResponseId::parse(id).is_none_or(|id| !self.opened.contains_key(&id)) {
                missing.push((*id).to_owned());
            }
        }
        if missing.is_empty() && extra.is_empty() && differ.is_empty() {
            return Ok(());
        }
        let mut why = format!(
            "{step_name} was made from another pile ({} responses there, {} here): the two holders must pool the same files",
            theirs.len(),
            self.opened.len()
        );
        let list = |v: &[String]| {
            let mut shown: Vec<&str> = v.iter().take(10).map(String::as_str).collect();
            if v.len() > 10 {
                shown.push("…");
            }
            shown.join(", ")
        };
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
    fn begin(&self, vdafs: &[Prio3SumVec], other: &PublicKey) -> Vec<(ResponseId, Begun)> {
        let key = split::verify_key(&self.key, other);
        self.opened.iter().map(|(id, o)| (*id, o.share.verify_init(vdafs, &key))).collect()
    }

    /// Step 1, by the first holder: `refused` are the responses a step 2
    /// found failing the proof (none the first time).
    pub fn step_one(
        &mut self,
        min_group: usize,
        again: Option<(&str, &[u8])>,
    ) -> Result<String, StepRefused> {
        let (layout, other, aggregator) = self.ready()?;
        let me = self.key.public().to_string();
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
                self.same_pile(&step, name)?;
                step.refused.into_iter().collect()
            }
        };
        let vdafs = layout.vdafs().map_err(|e| StepRefused(e.to_string()))?;
        let begun = self.begin(&vdafs, &other);
        let mut responses = Vec::new();
        let sizes_len = sizes_len(&layout);
        let mut sizes: BTreeMap<(Option<String>, Option<String>), Vec<Field128>> = BTreeMap::new();
        for (id, result) in begun {
            let Some(o) = self.opened.get(&id) else { continue };
            let verify = match result {
                Ok(pairs) => pairs.iter().map(|(_, s)| split::verifier_share_text(s)).collect(),
                // A share that cannot even start verifying: its proof fails.
                Err(_) => Vec::new(),
            };
            responses.push(ResponseV1 { id: id.to_string(), file: o.file.clone(), verify });
            if refused.contains(&id.to_string()) {
                continue;
            }
            let Some(Prio3InputShare::Leader { measurement_share, .. }) = o.share.input_shares.first() else {
                return refuse(format!("{}: its first share is not the first holder's", o.name));
            };
            let entry = sizes
                .entry((o.share.round.clone(), o.share.team.clone()))
                .or_insert_with(|| vec![Field128::from(0); sizes_len]);
            add_into(entry, &size_entries(&layout, measurement_share));
        }
        let step = StepV1 {
            format: STEP_FORMAT.to_owned(),
            format_version: STEP_VERSION,
            stage: 1,
            from: me,
            min_group,
            layout: layout.digest().to_owned(),
            pile: self.pile_digest(&BTreeSet::new()),
            responses,
            refused: refused.into_iter().collect(),
            sizes: sizes
                .into_iter()
                .map(|((round, team), share)| SizesV1 { round, team, share: encode_field(&share) })
                .collect(),
            cells: None,
        };
        Ok(serde_json::to_string(&step).unwrap_or_default() + "\n")
    }

    /// Verifies every response with both holders' verifier shares: this
    /// holder's output shares of the valid ones, and the refused ids.
    fn verify_all(
        &self,
        vdafs: &[Prio3SumVec],
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
            let result = begun.and_then(|pairs| {
                let (states, own): (Vec<VerifyState>, Vec<VerifierShare>) = pairs.into_iter().unzip();
                mine.push(ResponseV1 {
                    id: text.clone(),
                    file: o.file.clone(),
                    verify: own.iter().map(split::verifier_share_text).collect(),
                });
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
            match result {
                Ok(out) => {
                    outputs.insert(id, out);
                }
                Err(_) => {
                    if !mine.iter().any(|r| r.id == text) {
                        mine.push(ResponseV1 { id: text.clone(), file: o.file.clone(), verify: Vec::new() });
                    }
                    refused.insert(text);
                }
            }
        }
        (outputs, refused, mine)
    }

    /// Step 2, by the second holder, from the first holder's step 1, at
    /// the minimum group this holder asks for (`min_group`): a step 1 made
    /// at another is refused, naming both, so that the second holder never
    /// releases sums at a smaller group than they asked for.
    pub fn step_two(&mut self, name: &str, bytes: &[u8], min_group: usize) -> Result<String, StepRefused> {
        let step = read_step(name, bytes)?;
        if step.stage != 1 {
            return refuse(format!(
                "{name} is a step 2 file: with --out-step, the second holder gives the first holder's step 1"
            ));
        }
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
        let (layout, other, aggregator) = self.ready()?;
        let me = self.key.public().to_string();
        if aggregator != 1 {
            return refuse(format!("step 2 is the second key holder's; this key ({me}) is the first's"));
        }
        if step.from != other.to_string() {
            return refuse(format!("{name} was made by another key holder than this pile's first holder"));
        }
        self.same_pile(&step, name)?;
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
            pile: self.pile_digest(&BTreeSet::new()),
            responses: mine,
            refused: refused.iter().cloned().collect(),
            sizes: Vec::new(),
            cells: None,
        };
        if refused != claimed {
            // Both must leave out the same responses before any sum.
            return Ok(serde_json::to_string(&out).unwrap_or_default() + "\n");
        }
        // Each round and team's sizes: the first holder's share and ours.
        let sizes_len = sizes_len(&layout);
        let mut groups: BTreeMap<Cell, CellSums> = BTreeMap::new();
        let mut rounds: BTreeMap<Option<String>, (Period, usize)> = BTreeMap::new();
        for (id, output) in &outputs {
            let Some(o) = self.opened.get(id) else { continue };
            let key = (o.share.round.clone(), o.share.team.clone());
            let entry = groups.entry(key).or_insert_with(|| {
                (
                    0,
                    vec![Field128::from(0); sizes_len],
                    output.iter().map(|v| vec![Field128::from(0); v.len()]).collect(),
                )
            });
            entry.0 = entry.0.saturating_add(1);
            for (sum, v) in entry.2.iter_mut().zip(output) {
                add_into(sum, v);
            }
            let r = rounds.entry(o.share.round.clone()).or_insert((o.share.period, 0));
            r.0 = r.0.min(o.share.period);
            r.1 = r.1.saturating_add(1);
        }
        for (_, sizes, full) in groups.values_mut() {
            if let Some(counts) = full.first() {
                *sizes = size_entries(&layout, counts);
            }
        }
        let mut theirs: BTreeMap<(Option<String>, Option<String>), Vec<Field128>> = BTreeMap::new();
        for s in &step.sizes {
            let share = decode_field(&s.share, sizes_len).ok_or_else(|| {
                StepRefused(format!("{name} is damaged: a sizes share is not {sizes_len} numbers"))
            })?;
            theirs.insert((s.round.clone(), s.team.clone()), share);
        }
        if theirs.keys().any(|k| !groups.contains_key(k)) || groups.keys().any(|k| !theirs.contains_key(k)) {
            return refuse(format!("{name} has sizes for other rounds or teams than this pile's"));
        }
        let mut sizes_pool = Pool::default();
        let k = min_group.max(floor);
        for (round, (first, files)) in &rounds {
            sizes_pool.put_round(round.clone(), *first, *files);
        }
        let mut size_of: BTreeMap<(Option<String>, Option<String>), Vec<usize>> = BTreeMap::new();
        for (key, (files, ours, _)) in &groups {
            let mut total = ours.clone();
            if let Some(t) = theirs.get(key) {
                add_into(&mut total, t);
            }
            let sizes: Vec<usize> = total.iter().map(|f| count(*f).unwrap_or(usize::MAX)).collect();
            // No size can exceed the files of its round and team (a
            // first holder's step changed to claim more is refused).
            if sizes.iter().any(|s| s > files) {
                return refuse(format!(
                    "{name} claims more answers than this pile has files in a round and team: it was changed"
                ));
            }
            size_of.insert(key.clone(), sizes);
        }
        fill_sizes(&mut sizes_pool, &layout, &size_of);
        let verdict = sizes_pool.verdict(&self.catalogue, k);
        // Our share of each shown group's sums.
        let mut cells = Vec::new();
        for round in rounds.keys() {
            let teams: Vec<&Option<String>> =
                groups.keys().filter(|(r, _)| r == round).map(|(_, t)| t).collect();
            let sum_for =
                |group: &Group, pick: &dyn Fn(&[Vec<Field128>]) -> Vec<Field128>| -> Vec<Field128> {
                    let mut total: Option<Vec<Field128>> = None;
                    for team in &teams {
                        if *group != Group::All && group_name(team) != *group {
                            continue;
                        }
                        if let Some((_, _, full)) = groups.get(&(round.clone(), (*team).clone())) {
                            let v = pick(full);
                            match &mut total {
                                Some(t) => add_into(t, &v),
                                None => total = Some(v),
                            }
                        }
                    }
                    total.unwrap_or_default()
                };
            let present = |index: usize| -> Vec<Group> {
                let mut out = vec![];
                for team in &teams {
                    if size_of
                        .get(&(round.clone(), (*team).clone()))
                        .and_then(|s| s.get(index))
                        .is_some_and(|n| *n > 0)
                    {
                        out.push(group_name(team));
                    }
                }
                if !out.is_empty() {
                    out.push(Group::All);
                }
                out.sort();
                out.dedup();
                out
            };
            for (m, slot) in layout.measures.iter().enumerate() {
                let mut gs = Vec::new();
                for group in present(m) {
                    let why = verdict.measures.get(&(round.clone(), slot.id.clone(), group.clone()));
                    let share = why.is_none().then(|| {
                        let v = sum_for(&group, &|full| measure_entries(&layout, m, full, true));
                        let detail =
                            !verdict.no_detail.contains(&(round.clone(), slot.id.clone(), group.clone()));
                        // Without detail the row shows n and the mean only:
                        // n and Σv, never Σv² (which gives the spread).
                        let v = if detail { v } else { v.into_iter().take(2).collect() };
                        encode_field(&v)
                    });
                    gs.push(GroupCellV1 { group: group.to_string(), share, hidden: why_text(why) });
                }
                if !gs.is_empty() {
                    cells.push(CellV1 { round: round.clone(), kind: "measure".into(), index: m, groups: gs });
                }
            }
            let items_base = layout.measures.len();
            for (i, slot) in layout.items.iter().enumerate() {
                let mut gs = Vec::new();
                for group in present(items_base.saturating_add(i)) {
                    let why = verdict.items.get(&(
                        round.clone(),
                        slot.instrument.clone(),
                        slot.position,
                        group.clone(),
                    ));
                    let share = why.is_none().then(|| {
                        let at = layout.item_at(i);
                        let len = slot.values.len().saturating_add(1);
                        encode_field(&sum_for(&group, &|full| counts_range(full, at, len)))
                    });
                    gs.push(GroupCellV1 { group: group.to_string(), share, hidden: why_text(why) });
                }
                if !gs.is_empty() {
                    cells.push(CellV1 { round: round.clone(), kind: "item".into(), index: i, groups: gs });
                }
            }
            let shares_base = items_base.saturating_add(layout.items.len());
            for (s, slot) in layout.shares.iter().enumerate() {
                let mut gs = Vec::new();
                for group in present(shares_base.saturating_add(s)) {
                    let why = verdict.shares.get(&(
                        round.clone(),
                        slot.instrument.clone(),
                        slot.score.clone(),
                        slot.place,
                        group.clone(),
                    ));
                    let share = why.is_none().then(|| {
                        let at = layout.share_at(s);
                        encode_field(&sum_for(&group, &|full| counts_range(full, at, 2)))
                    });
                    gs.push(GroupCellV1 { group: group.to_string(), share, hidden: why_text(why) });
                }
                if !gs.is_empty() {
                    cells.push(CellV1 {
                        round: round.clone(),
                        kind: "proportion".into(),
                        index: s,
                        groups: gs,
                    });
                }
            }
        }
        out.cells = Some(cells);
        Ok(serde_json::to_string(&out).unwrap_or_default() + "\n")
    }

    /// Step 3, by the first holder, from the second holder's step 2: the
    /// team report at minimum group `min_group` (the one step 1 was made at).
    pub fn report(&mut self, name: &str, bytes: &[u8], min_group: usize) -> Result<Report, StepRefused> {
        let step = read_step(name, bytes)?;
        let (layout, other, aggregator) = self.ready()?;
        if step.stage != 2 {
            return refuse(format!("{name} is a step 1 file: the second holder makes step 2 from it"));
        }
        if aggregator != 0 {
            return refuse("the report is made by the first key holder, from the second's step 2".to_owned());
        }
        if step.from != other.to_string() {
            return refuse(format!("{name} was made by another key holder than this pile's second holder"));
        }
        self.same_pile(&step, name)?;
        if step.layout != layout.digest() {
            return refuse(format!("{name} was made for other questionnaires than this pile's"));
        }
        let Some(cells) = &step.cells else {
            return refuse(format!(
                "{name} leaves out {} responses whose proof fails: make step 1 again with --step {name} and --out-step, then step 2",
                step.refused.len()
            ));
        };
        let k = step.min_group;
        if min_group.max(crate::config::MIN_GROUP_FLOOR as usize)
            != k.max(crate::config::MIN_GROUP_FLOOR as usize)
        {
            return refuse(format!(
                "the steps were made at minimum group {k}: give --min-group {k}, or make them again from step 1 with --min-group {min_group}"
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
        // Our own sums per round and team, and the rounds' clear counts.
        let mut groups: BTreeMap<(Option<String>, Group), Vec<Vec<Field128>>> = BTreeMap::new();
        let mut rounds: BTreeMap<Option<String>, (Period, usize)> = BTreeMap::new();
        for (id, output) in &outputs {
            let Some(o) = self.opened.get(id) else { continue };
            for group in [Group::All, group_name(&o.share.team)] {
                let entry = groups
                    .entry((o.share.round.clone(), group))
                    .or_insert_with(|| output.iter().map(|v| vec![Field128::from(0); v.len()]).collect());
                for (sum, v) in entry.iter_mut().zip(output) {
                    add_into(sum, v);
                }
            }
            let r = rounds.entry(o.share.round.clone()).or_insert((o.share.period, 0));
            r.0 = r.0.min(o.share.period);
            r.1 = r.1.saturating_add(1);
        }
        let mut verdict = Verdict::default();
        let mut shown: Vec<(&CellV1, Group, Vec<u128>)> = Vec::new();
        let mut revealed: Revealed<'_> = BTreeMap::new();
        let detail_from = crate::pool::detail_from(k);
        for cell in cells {
            for g in &cell.groups {
                let group = group_of(&g.group);
                let hidden = match (&g.share, &g.hidden) {
                    (None, Some(why)) => Some(
                        why_of(why, k)
                            .ok_or_else(|| StepRefused(format!("{name} is damaged: a reason {why:?}")))?,
                    ),
                    (Some(_), None) => None,
                    _ => {
                        return refuse(format!(
                            "{name} is damaged: a group both shown and hidden, or neither"
                        ))
                    }
                };
                let (len, ours) = match cell.kind.as_str() {
                    "measure" => {
                        let slot = layout.measures.get(cell.index).ok_or_else(|| {
                            StepRefused(format!("{name} is damaged: no measure {}", cell.index))
                        })?;
                        if let Some((why, _)) = hidden {
                            verdict
                                .measures
                                .insert((cell.round.clone(), slot.id.clone(), group.clone()), why);
                        }
                        let full = groups.get(&(cell.round.clone(), group.clone()));
                        let ours =
                            full.map(|f| measure_entries(&layout, cell.index, f, true)).unwrap_or_default();
                        (0, ours)
                    }
                    "item" => {
                        let slot = layout.items.get(cell.index).ok_or_else(|| {
                            StepRefused(format!("{name} is damaged: no item {}", cell.index))
                        })?;
                        if let Some((why, _)) = hidden {
                            verdict.items.insert(
                                (cell.round.clone(), slot.instrument.clone(), slot.position, group.clone()),
                                why,
                            );
                        }
                        let len = slot.values.len().saturating_add(1);
                        let at = layout.item_at(cell.index);
                        let ours = groups
                            .get(&(cell.round.clone(), group.clone()))
                            .map(|f| counts_range(f, at, len))
                            .unwrap_or_default();
                        (len, ours)
                    }
                    "proportion" => {
                        let slot = layout.shares.get(cell.index).ok_or_else(|| {
                            StepRefused(format!("{name} is damaged: no proportion {}", cell.index))
                        })?;
                        if let Some((why, _)) = hidden {
                            verdict.shares.insert(
                                (
                                    cell.round.clone(),
                                    slot.instrument.clone(),
                                    slot.score.clone(),
                                    slot.place,
                                    group.clone(),
                                ),
                                why,
                            );
                        }
                        let at = layout.share_at(cell.index);
                        let ours = groups
                            .get(&(cell.round.clone(), group.clone()))
                            .map(|f| counts_range(f, at, 2))
                            .unwrap_or_default();
                        (2, ours)
                    }
                    other => return refuse(format!("{name} is damaged: a cell of kind {other:?}")),
                };
                let Some(text) = &g.share else {
                    // A stand-in size giving the same reason in the report.
                    let size = hidden.map_or(0, |(_, size)| size as u128);
                    shown.push((cell, group, vec![size]));
                    continue;
                };
                let want = if cell.kind == "measure" { ours.len() } else { len };
                // A measure's share is n, Σv, then Σv² and the spread when
                // the row shows its detail (n, Σv, Σv² from earlier builds).
                let theirs = decode_field(text, want)
                    .or_else(|| decode_field(text, 2))
                    .or_else(|| decode_field(text, 3))
                    .ok_or_else(|| StepRefused(format!("{name} is damaged: a share of the wrong length")))?;
                let mut total: Vec<Field128> = ours.iter().take(theirs.len()).copied().collect();
                if total.len() != theirs.len() {
                    return refuse(format!("{name} releases figures for a group this pile does not have"));
                }
                add_into(&mut total, &theirs);
                let values: Vec<u128> = total.iter().map(|f| u128::from(*f)).collect();
                // The first holder checks what it can: nothing under k.
                let n = values.first().copied().unwrap_or(0);
                if n < k as u128 {
                    return refuse(format!("{name} releases a group of fewer than {k}: it was changed"));
                }
                if cell.kind == "measure" {
                    // A spread only from 2k people (the rest of the detail
                    // rule needs the hidden sizes: the second holder's).
                    if values.len() > 3 && n < detail_from as u128 {
                        return refuse(format!(
                            "{name} releases a spread the report would not show: it was changed"
                        ));
                    }
                    if values.len() <= 3 {
                        if let Some(slot) = layout.measures.get(cell.index) {
                            verdict.no_detail.insert((cell.round.clone(), slot.id.clone(), group.clone()));
                        }
                    }
                }
                revealed.entry((cell.round.clone(), cell.kind.as_str(), cell.index)).or_default().push((
                    group.clone(),
                    n,
                    cell.kind == "measure" && values.len() > 3,
                ));
                shown.push((cell, group, values));
            }
        }
        small_group_rule(name, &revealed, k)?;
        let mut pool = Pool::with_verdict(verdict);
        pool.set_round_order(self.rounds.iter().cloned().map(Some).collect());
        for (round, (first, files)) in &rounds {
            pool.put_round(round.clone(), *first, *files);
        }
        for (cell, group, values) in shown {
            let round = cell.round.clone();
            match cell.kind.as_str() {
                "measure" => {
                    let Some(slot) = layout.measures.get(cell.index) else { continue };
                    let (stats, bins) = measure_figures(slot, &values);
                    pool.put_measure(round, slot.id.clone(), group, stats, bins);
                }
                "item" => {
                    let Some(slot) = layout.items.get(cell.index) else { continue };
                    let n = values.first().and_then(|v| usize::try_from(*v).ok()).unwrap_or(0);
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
                    let Some(slot) = layout.shares.get(cell.index) else { continue };
                    let n = values.first().and_then(|v| usize::try_from(*v).ok()).unwrap_or(0);
                    let hits = values.get(1).and_then(|v| usize::try_from(*v).ok()).unwrap_or(0);
                    pool.put_share(
                        (round, slot.instrument.clone(), slot.score.clone(), slot.place),
                        group,
                        (hits, n),
                    );
                }
            }
        }
        Ok(pool.full_report(&self.catalogue, k))
    }
}

/// Each cell's groups released by step 2: their n as unsharded, and
/// whether their detail (a measure's spread and interval) came too.
type Revealed<'a> = BTreeMap<(Option<String>, &'a str, usize), Vec<(Group, u128, bool)>>;

/// The rest of a partition: everyone in All not in a group shown.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Part {
    Shown(Group),
    Rest,
}

/// The small-group rule again, on the n the report is about to show (the
/// second holder decided it from sizes the first holder cannot check),
/// by the pool's own rule (`pool::suppressed_beside`): with the groups
/// shown and everyone else as one hidden group (All's n minus the shown
/// teams'), the rule must hide that rest and nothing shown: so every
/// group shown has at least k, and the groups hidden hold together none
/// or at least k (else their figures follow by subtraction). The same
/// for detail at `detail_from(k)`. A step 2 showing more is refused,
/// naming a group the rule hides.
fn small_group_rule(name: &str, revealed: &Revealed<'_>, k: usize) -> Result<(), StepRefused> {
    let detail_from = crate::pool::detail_from(k);
    for ((round, _, _), groups) in revealed {
        let place = round.as_deref().map_or(String::new(), |r| format!(" in round {r}"));
        let all = groups.iter().find(|(g, _, _)| *g == Group::All);
        for (level, what) in [(k, "its figures"), (detail_from, "its spread and interval")] {
            let teams: Vec<(Part, usize)> = groups
                .iter()
                .filter(|(g, _, detail)| *g != Group::All && (level == k || *detail))
                .map(|(g, n, _)| (Part::Shown(g.clone()), usize::try_from(*n).unwrap_or(usize::MAX)))
                .collect();
            let shown = teams.iter().fold(0usize, |sum, (_, n)| sum.saturating_add(*n));
            let everyone = match all {
                Some((_, n, detail)) if level == k || *detail => usize::try_from(*n).unwrap_or(usize::MAX),
                // All not released at this level: the rest is unknown to
                // this holder, so only the groups' own sizes are checked.
                _ => shown.saturating_add(level),
            };
            let Some(rest) = everyone.checked_sub(shown) else {
                return refuse(format!(
                    "{name} shows groups{place} holding more people than All: it was changed, so no report is made"
                ));
            };
            let mut parts = teams.clone();
            parts.push((Part::Rest, rest));
            let already: std::collections::HashSet<Part> = [Part::Rest].into_iter().collect();
            let (all_hidden, hidden) = crate::pool::suppressed_beside(&parts, level, already);
            let wrong = teams.iter().find(|(p, _)| all_hidden || hidden.contains(p));
            let all_wrong = all.is_some_and(|(_, n, detail)| {
                (level == k || *detail) && usize::try_from(*n).unwrap_or(usize::MAX) < level
            });
            if let Some((Part::Shown(group), _)) = wrong {
                return refuse(format!(
                    "{name} shows {what} for {group}{place}, which the small-group rule hides at minimum group {k}: it was changed, so no report is made"
                ));
            }
            if all_wrong {
                return refuse(format!(
                    "{name} shows {what} for All{place}, which the small-group rule hides at minimum group {k}: it was changed, so no report is made"
                ));
            }
        }
    }
    Ok(())
}

/// Reads a step file, refusing anything else by name.
pub fn read_step(name: &str, bytes: &[u8]) -> Result<StepV1, StepRefused> {
    if bytes.len() > MAX_STEP_BYTES {
        return refuse(format!("{name} is far larger than a step file"));
    }
    let value: serde_json::Value = serde_json::from_slice(crate::json::strip_bom(bytes))
        .map_err(|_| StepRefused(format!("{name} is not a step file (not JSON)")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(STEP_FORMAT) {
        return refuse(format!("{name} is not a step file: give the file the other key holder's step wrote"));
    }
    match value.get("format_version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(v) if v > u64::from(STEP_VERSION) => {
            return refuse(format!("{name} was made by a newer version (step format {v}); this version reads step format {STEP_VERSION}"))
        }
        _ => return refuse(format!("{name} is damaged: no valid format_version")),
    }
    let step: StepV1 = serde_json::from_value(value)
        .map_err(|e| StepRefused(format!("{name} is damaged or was edited ({e})")))?;
    if !(1..=2).contains(&step.stage) {
        return refuse(format!("{name} is damaged: stage {}", step.stage));
    }
    Ok(step)
}

/// Length of the sizes vector: measures, items, proportions.
fn sizes_len(layout: &Layout) -> usize {
    layout.measures.len().saturating_add(layout.items.len()).saturating_add(layout.shares.len())
}

/// The sizes entries of a counts vector (or a share of one).
fn size_entries(layout: &Layout, counts: &[Field128]) -> Vec<Field128> {
    let zero = Field128::from(0);
    let mut out = Vec::with_capacity(sizes_len(layout));
    for m in 0..layout.measures.len() {
        out.push(counts.get(layout.measure_at(m)).copied().unwrap_or(zero));
    }
    for i in 0..layout.items.len() {
        out.push(counts.get(layout.item_at(i)).copied().unwrap_or(zero));
    }
    for s in 0..layout.shares.len() {
        out.push(counts.get(layout.share_at(s)).copied().unwrap_or(zero));
    }
    out
}

fn counts_range(full: &[Vec<Field128>], at: usize, len: usize) -> Vec<Field128> {
    full.first().and_then(|c| c.get(at..at.saturating_add(len))).map(<[Field128]>::to_vec).unwrap_or_default()
}

/// A measure's entries: n, Σv, Σv², then its five fifths (when `bins`).
fn measure_entries(layout: &Layout, m: usize, full: &[Vec<Field128>], bins: bool) -> Vec<Field128> {
    let zero = Field128::from(0);
    let at = layout.measure_at(m);
    let counts = full.first();
    let mut out = vec![counts.and_then(|c| c.get(at)).copied().unwrap_or(zero)];
    for square in [false, true] {
        let value = layout.classes.iter().enumerate().find_map(|(c, (_, entries))| {
            let place = entries.iter().position(|e| *e == (m, square))?;
            full.get(c.saturating_add(1)).and_then(|v| v.get(place)).copied()
        });
        out.push(value.unwrap_or(zero));
    }
    if bins {
        for b in 0..BINS {
            out.push(
                counts.and_then(|c| c.get(at.saturating_add(1).saturating_add(b))).copied().unwrap_or(zero),
            );
        }
    }
    out
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
