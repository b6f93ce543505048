//! The report's first page: each measure's headline per group with its
//! change. Plain data over the report (nothing shown that the report
//! hides), so the team page and its print only draw it.

use super::{layout::in_catalogue_order, Report, Row, Trend};
use crate::Catalogue;

/// One measure's headline: each group's figures in the newest round that
/// has the measure, and the change from the round before where both show.
#[derive(Debug)]
pub struct Headline<'a> {
    pub measure: &'a str,
    /// The newest round with this measure.
    pub round: &'a Option<String>,
    /// Each group's row in that round (its figures, or hidden), with its
    /// change from the round before when both figures show.
    pub groups: Vec<(&'a Row, Option<&'a Trend>)>,
}

impl Report {
    /// Every measure with figures, in the catalogue's order: its headline
    /// in the newest round (in the report's round order).
    pub fn headlines(&self, catalogue: &Catalogue) -> Vec<Headline<'_>> {
        let mut measures: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !measures.contains(&row.measure.as_str()) {
                measures.push(&row.measure);
            }
        }
        in_catalogue_order(measures, catalogue)
            .into_iter()
            .filter_map(|measure| {
                let round = self
                    .rounds
                    .iter()
                    .rev()
                    .find(|round| self.rows.iter().any(|r| &r.round == *round && r.measure == measure))?;
                let groups =
                    self.rows
                        .iter()
                        .filter(|r| &r.round == round && r.measure == measure)
                        .map(|row| {
                            let change = self.trends.iter().find(|t| {
                                t.measure == measure && &t.to_round == round && t.group == row.group
                            });
                            (row, change)
                        })
                        .collect();
                Some(Headline { measure, round, groups })
            })
            .collect()
    }
}
