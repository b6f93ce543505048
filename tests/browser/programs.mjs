// The Rust programs some browser tests run (the pulse CLI, the core's
// example generators), exactly as `cargo test --workspace` builds them.
//
// Any other cargo command (`cargo build -p pulse-cli`, `cargo run -p
// pulse-core --example …`) resolves the crates' features differently, so
// after a change to the core it compiled the core, the CLI and the
// examples again, twice; and a warm run still paid a cargo start-up per
// call. Here there is one cargo command, the test build's own: `./dev test`
// runs it once straight after `cargo test --workspace` (so nothing is
// compiled) and hands the paths to every test file in PULSE_TEST_PROGRAMS;
// a test file run on its own runs it itself, which builds whatever is out
// of date.
//
//   node tests/browser/programs.mjs   prints the paths as JSON ({ name: path })
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Builds (if out of date) what `cargo test --workspace` builds; the path of each program by name. */
function build() {
  const out = execFileSync('cargo', ['test', '--workspace', '--no-run', '-q', '--message-format=json'], {
    cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const programs = {};
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line);
    // Test harnesses are left out: only the programs themselves (bins, examples).
    if (m.reason !== 'compiler-artifact' || !m.executable || m.profile.test) continue;
    if (programs[m.target.name] && programs[m.target.name] !== m.executable) {
      throw new Error(`two programs named ${m.target.name}: ${programs[m.target.name]} and ${m.executable}`);
    }
    programs[m.target.name] = m.executable;
  }
  return programs;
}

let programs;
/** The path of the program `name` (a bin such as `pulse`, or an example such as `gen_team_files`). */
export function program(name) {
  programs ??= process.env.PULSE_TEST_PROGRAMS ? JSON.parse(process.env.PULSE_TEST_PROGRAMS) : build();
  const path = programs[name];
  if (!path) throw new Error(`cargo test --workspace builds no program named ${name}`);
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(build()));
}
