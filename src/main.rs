//! `fengong` — the command-line tool over the core crate. Every subcommand delegates to the core; this
//! file only parses arguments and prints.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
