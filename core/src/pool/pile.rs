//! The one way from a pile of files to a team report, for the team page,
//! `pulse pool` and the fuzzer alike: every file through [`Intake`] (a
//! definition joins the catalogue, a result counts once, a `.zip` archive
//! gives each of its files), every record into the [`Pool`], the results
//! that waited for a definition read before any report is made, then the
//! report with its suppression. No caller strings these steps together
//! itself, so none can drop one.
//!
//! Sealed hand-in files open with the key holders' keys given when the
//! pile is made ([`Pile::with_keys`]): callers still only `take` and
//! `report`.
//!
//! The pile keeps the records read (each file's answers, not its bytes)
//! and pools them when a report is asked for: a record whose response id
//! a later file carries with other contents is then left out, with that
//! file (the intake refuses both, naming them), so a made-up file with a
//! copied id cannot throw out someone's real answers, whatever the order
//! the files come in.

use std::collections::BTreeMap;

use super::{Intake, Pool, Report, Roster};
use crate::archive;
use crate::catalogue::Catalogue;
use crate::hand_in::HolderKey;
use crate::result_file::ResultRecord;

/// Files taken in so far, as the records read (never the files' bytes,
/// except results waiting for their questionnaire's definition).
#[derive(Debug)]
pub struct Pile {
    intake: Intake,
    records: Vec<ResultRecord>,
    /// The order rounds are read in ([`Pool::set_round_order`]).
    order: Vec<Option<String>>,
    /// The practice's rounds ([`Pile::set_rounds`]); none: it lists none.
    listed: Vec<String>,
    /// The files of each round `listed` leaves out, by name.
    unlisted: BTreeMap<Option<String>, Vec<String>>,
    /// The practice's teams ([`Pile::set_teams`]).
    roster: Roster,
}

/// Notes `name` under its round when the practice lists rounds and not
/// this one.
fn note(
    unlisted: &mut BTreeMap<Option<String>, Vec<String>>,
    listed: &[String],
    name: &str,
    record: &ResultRecord,
) {
    let known = record.round.as_ref().is_some_and(|r| listed.contains(r));
    if !listed.is_empty() && !known {
        unlisted.entry(record.round.clone()).or_default().push(name.to_owned());
    }
}

impl Pile {
    /// An empty pile, scoring by `catalogue` plus every definition among
    /// the files.
    pub fn new(catalogue: Catalogue) -> Self {
        Self::with_keys(catalogue, Vec::new())
    }

    /// The same, also opening hand-in files sealed to these keys.
    pub fn with_keys(catalogue: Catalogue, keys: Vec<HolderKey>) -> Self {
        Self {
            intake: Intake::with_keys(catalogue, keys),
            records: Vec::new(),
            order: Vec::new(),
            listed: Vec::new(),
            unlisted: BTreeMap::new(),
            roster: Roster::default(),
        }
    }

    /// The practice's teams (`teams` in practice.json; none: every named
    /// team is one a roster checks): "Not given" and any team they do not
    /// list never make up the minimum group hidden groups must hold
    /// together ([`Roster`], [`super::suppressed_in`]).
    pub fn set_teams(&mut self, teams: Vec<String>) {
        self.roster = Roster::new(teams);
    }

    /// The practice's rounds, oldest first (`config::Config::round_order`):
    /// the report reads them in this order, and the files of any other
    /// round are kept by name ([`Pile::unlisted`]). Set before taking files.
    pub fn set_rounds(&mut self, listed: Vec<String>) {
        self.order = listed.iter().cloned().map(Some).collect();
        self.listed = listed;
    }

    /// The order rounds are read in for the next report: every round as a
    /// leader placed them (see [`Pool::set_round_order`]).
    pub fn set_round_order(&mut self, order: Vec<Option<String>>) {
        self.order = order;
    }

    /// The files of each round the practice's list leaves out, by name (a
    /// result that waited for its questionnaire's definition is not named);
    /// nothing when the practice lists no rounds.
    pub fn unlisted(&self) -> &BTreeMap<Option<String>, Vec<String>> {
        &self.unlisted
    }

    /// Adds a key holder's key: hand-in files sealed to it open from now
    /// on (files refused before for want of it are read when given again).
    pub fn add_key(&mut self, key: HolderKey) {
        self.intake.add_key(key);
    }

    /// Takes one file; a `.zip` archive (by its name) gives each of its
    /// files, named `archive.zip/inner.json`, and an archive that cannot be
    /// opened is refused by name.
    pub fn take(&mut self, name: &str, bytes: Vec<u8>) {
        if archive::is_archive(name) {
            let (intake, records, unlisted, listed) =
                (&mut self.intake, &mut self.records, &mut self.unlisted, &self.listed);
            let opened = archive::for_each_in_zip(name, &bytes, &mut |inner, data| {
                if let Some(record) = intake.take(inner, data) {
                    note(unlisted, listed, inner, &record);
                    records.push(record);
                }
            });
            if let Err(why) = opened {
                self.intake.refused.push(why);
            }
        } else if let Some(record) = self.intake.take(name, bytes) {
            note(&mut self.unlisted, &self.listed, name, &record);
            self.records.push(record);
        }
    }

    /// A file the caller could not read at all (too large, unreadable),
    /// listed with the refused ones; `why` names the file.
    pub fn refuse(&mut self, why: String) {
        self.intake.refused.push(why);
    }

    /// Reads the results that waited for a definition (those still unknown
    /// are refused). [`Pile::report`] does this itself; call it to have
    /// [`Pile::refused`] complete before a report is asked for. More files
    /// may be taken after it.
    pub fn finish(&mut self) {
        let waited = self.intake.finish();
        self.records.extend(waited);
    }

    /// The whole team report at minimum group `k` (raised to 3), after
    /// reading every waiting result.
    pub fn report(&mut self, k: usize) -> Report {
        self.finish();
        let mut pool = Pool::default();
        pool.set_round_order(self.order.clone());
        pool.set_roster(self.roster.clone());
        for record in &self.records {
            match record.response {
                Some(id) if self.intake.conflicted(&id) => {}
                Some(id) => {
                    let receipts = self.intake.receipts(&id).cloned();
                    pool.add_with_receipts(&self.intake.catalogue, record, receipts);
                }
                None => pool.add(&self.intake.catalogue, record),
            }
        }
        pool.full_report(&self.intake.catalogue, k)
    }

    /// The catalogue the pile scores by: the given one and every
    /// definition among the files.
    pub fn catalogue(&self) -> &Catalogue {
        &self.intake.catalogue
    }

    /// Result files read, each response once.
    pub fn records(&self) -> usize {
        self.intake.records
    }

    /// Definitions added from among the files.
    pub fn definitions(&self) -> usize {
        self.intake.definitions
    }

    /// Files whose response id was read before, by name (counted once).
    pub fn duplicates(&self) -> &[String] {
        &self.intake.duplicates
    }

    /// Every file turned away, each as its message (naming the file).
    pub fn refused(&self) -> &[String] {
        &self.intake.refused
    }

    /// Files an operating system adds, skipped.
    pub fn ignored(&self) -> usize {
        self.intake.ignored
    }
}
