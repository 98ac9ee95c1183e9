//! `fengong` — the command-line tool over the core crate. Every subcommand delegates to the core; this
//! file only parses arguments and prints.

mod cli;

fn main() {
    // Started as the import's parsing child (a hidden argument): parse stdin and exit.
    fengong::import::isolate::child_main_if_requested();
    std::process::exit(cli::run());
}
