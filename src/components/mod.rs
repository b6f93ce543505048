//! One component per file, named after it, styled by the block of the same
//! name in style/.

mod button;
mod clear_answers;
mod elsewhere;
mod notices;
mod own_tab;
mod question;
mod questionnaires;
mod results;
mod review;
mod score_card;
mod score_line;
mod support;
mod survey_section;
mod told_us;
mod welcome;

pub use button::{Button, Look};
pub use clear_answers::ClearAnswers;
pub use elsewhere::Elsewhere;
pub use notices::Notices;
pub use own_tab::{OpenOwnTab, SameOriginHost};
pub use question::Question;
pub use questionnaires::Questionnaires;
pub use results::Results;
pub use review::Review;
pub use score_card::ScoreCard;
pub use score_line::ScoreLine;
pub use support::Support;
pub use survey_section::SurveySection;
pub use told_us::ToldUs;
pub use welcome::Welcome;

use leptos::html::H1;
use leptos::prelude::*;

/// Moves focus to a screen's heading once the screen is shown, so a screen
/// reader says where the person now is. (An effect: it syncs with the DOM.)
pub fn focus_heading_when_shown(heading: NodeRef<H1>) {
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            crate::browser::focus_element(&h);
            crate::browser::ask_host_to_show_top();
        }
    });
}
