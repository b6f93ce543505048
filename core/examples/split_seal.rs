//! Sealing one result to two key holders (Prio3) natively: the median
//! time of `hand_in::seal` over 51 runs (after one warm-up) and the
//! hand-in file's length (the same whatever the answers), for the
//! fixture result (core/tests/fixtures/result-v2.json); then the same
//! beside a practice's own questionnaire at the edge of what two holders
//! carry (a mean of 1 to 30 answered items on a 0–7 scale: span
//! 7 × lcm(1..30) ≈ 1.6 × 10¹³, just under `split::MAX_SPAN` = 2⁴⁴), with
//! each layout's Prio3 measurement length (field elements), proof length
//! and output length.
//! Usage: cargo run --release -p pulse-core --example split_seal

use std::time::Instant;

use prio::flp::{Flp, Type};
use pulse_core::hand_in::{self, HolderKey, Layout};
use pulse_core::Catalogue;

fn edge_definition() -> String {
    let options: Vec<String> = (0..=7).map(|v| format!(r#"{{ "value": {v}, "label": "{v}" }}"#)).collect();
    let items: Vec<String> = (1..=30)
        .map(|i| format!(r#"{{ "id": "edge-{i}", "text": "Statement {i}.", "scale": "s" }}"#))
        .collect();
    let ids: Vec<String> = (1..=30).map(|i| format!("\"edge-{i}\"")).collect();
    format!(
        r#"{{ "format": "practice-pulse-instrument", "format_version": 1, "id": "edge", "version": 1,
  "language": "en-GB", "title": "Edge", "description": "A long mean.", "instruction": "How often?",
  "citation": "Ours.", "licence": {{ "status": "project-own", "text": "Ours." }}, "validated": true,
  "response_scales": [ {{ "id": "s", "options": [ {} ] }} ], "items": [ {} ],
  "scores": [ {{ "id": "edge", "title": "Edge", "about": "A long mean.", "items": [{}],
    "method": {{ "kind": "mean" }}, "min_answered": 1, "direction": "higher-is-better" }} ] }}"#,
        options.join(", "),
        items.join(", "),
        ids.join(", ")
    )
}

fn measure(label: &str, catalogue: &Catalogue) {
    let text = include_str!("../tests/fixtures/result-v2.json");
    let record = pulse_core::result_file::read("result-v2.json", text.as_bytes(), catalogue)
        .expect("the fixture reads");
    let layout = Layout::of(catalogue).expect("a layout");
    let keys = [HolderKey::generate().expect("randomness"), HolderKey::generate().expect("randomness")];
    let holders = [keys[0].public().clone(), keys[1].public().clone()];
    let file = hand_in::seal(&record, catalogue, &holders).expect("seals");
    let mut times = Vec::new();
    for _ in 0..51 {
        let start = Instant::now();
        let again = hand_in::seal(&record, catalogue, &holders).expect("seals");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(again.len(), file.len(), "one length whatever the run");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!("{label}:");
    println!(
        "  measurement {} field elements, proof {}, output {}; {} measures (largest span {})",
        Flp::input_len(&layout.circuit),
        Flp::proof_len(&layout.circuit),
        Type::output_len(&layout.circuit),
        layout.measures.len(),
        layout.measures.iter().map(|m| m.span).max().unwrap_or(0)
    );
    println!("  two-holder hand-in file: {} bytes", file.len());
    println!("  seal (native, release): median {:.2} ms", times[times.len() / 2]);
}

fn main() {
    let catalogue = Catalogue::builtin();
    measure("built-in questionnaires", &catalogue);
    let mut edge = catalogue.clone();
    edge.add_definition("edge-v1.json", &edge_definition()).expect("a valid definition");
    measure("with a 30-item mean on 0–7 (the largest mean from one answer up)", &edge);
}
