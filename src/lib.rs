//! The web app's code, shared by its two pages, each its own wasm: the
//! staff survey (`src/main.rs`, index.html) and the team results page
//! (`src/bin/team.rs`, team/index.html). Each binary keeps only what it
//! mounts, so staff never download the team page's code.

pub mod app;
pub mod browser;
pub mod components;
pub mod hand_in_job;
pub mod i18n;
pub mod persistence;
pub mod state;
pub mod team;
