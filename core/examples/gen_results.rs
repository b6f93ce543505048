//! Writes N valid format-2 result files (TPS only, three teams, two rounds)
//! into DIR, for the command-line bench (bench/cli.sh).
//! Usage: cargo run --release -p pulse-core --example gen_results -- N DIR

use pulse_core::result_file::{self, ResponseId};
use pulse_core::{Catalogue, InstrumentKey, Period, Response, ResultRecord};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u32 = args.next().and_then(|a| a.parse().ok()).expect("N, a number of files");
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    std::fs::create_dir_all(&dir).expect("a folder to write in");
    let catalogue = Catalogue::builtin();
    let teams = ["Reception", "Administration", "Secretaries"];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        let mut answers = Vec::with_capacity(7);
        for _ in 0..7 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            answers.push(Some(1 + (state % 7) as i32));
        }
        let mut id = [0u8; 16];
        id[..4].copy_from_slice(&i.to_be_bytes());
        id[4..12].copy_from_slice(&state.to_le_bytes());
        let record = ResultRecord {
            generator: "bench".into(),
            period: Period::new(2026, 11).expect("valid"),
            round: Some(if i % 2 == 0 { "2026 spring" } else { "2026 autumn" }.into()),
            team: Some(teams[(i % 3) as usize].into()),
            response: Some(ResponseId::from_random_bytes(id)),
            responses: vec![Response { key: InstrumentKey { id: "tps".into(), version: 1 }, answers }],
        };
        let text = result_file::write(&record, &catalogue).expect("writes");
        std::fs::write(dir.join(format!("r{i:06}.json")), text).expect("writes a file");
    }
}
