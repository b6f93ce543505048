//! One component per file, named after it, styled by the block of the same
//! name in style/.

mod compare;
mod question;
mod questionnaires;
mod results;
mod score_card;
mod score_line;
mod survey_section;
mod told_us;
mod welcome;

pub use compare::Compare;
pub use question::Question;
pub use questionnaires::Questionnaires;
pub use results::Results;
pub use score_card::ScoreCard;
pub use score_line::ScoreLine;
pub use survey_section::SurveySection;
pub use told_us::ToldUs;
pub use welcome::Welcome;
