//! `cargo bench --bench render`: printing figures (font parsing, seed render in a warm process, a
//! 2,000-item annex with layout and PDF writing timed apart, PDF sizes, peak memory).
//! Options: `cargo bench --bench render -- [SEED_RUNS] [BIG_ITEMS] [BIG_RUNS]`.

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let runs = args.first().copied().unwrap_or(20);
    let big_items = args.get(1).copied().unwrap_or(2000);
    let big_runs = args.get(2).copied().unwrap_or(3);
    match fengong::bench::render::run(runs, big_items, big_runs) {
        Ok(f) => print!("{f}"),
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    }
}
