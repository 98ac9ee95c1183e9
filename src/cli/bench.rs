//! `fengong bench`: prints timings and sizes. Benchmarks live here, not in timed unit tests.

use std::time::{Duration, Instant};

use clap::Args;

use fengong::import::parse_annex;
use fengong::model::SearchFilter;
use fengong::sample::{generate_annex, SAMPLE_NAME, SAMPLE_TEXT};
use fengong::store::Store;
use fengong::{Error, Result};

#[derive(Args)]
pub struct BenchArgs {
    /// 检索测试用的事项数
    #[arg(long, default_value_t = 100_000)]
    search_items: usize,
    /// 每项重复次数（取中位数）
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Times `f` `runs` times on a fresh temp database each, returning the median.
fn timed_fresh<F: FnMut(&mut Store) -> Result<()>>(runs: usize, mut f: F) -> Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
        let mut store = Store::open(dir.path().join("bench.db"))?;
        let t = Instant::now();
        f(&mut store)?;
        times.push(t.elapsed());
    }
    Ok(median(times))
}

pub fn run(args: &BenchArgs) -> Result<()> {
    println!("分工 性能测试（{} 次取中位数）", args.runs);

    let seed = timed_fresh(args.runs, |s| {
        let parsed = parse_annex(SAMPLE_TEXT.as_bytes(), SAMPLE_NAME)?;
        s.import(&parsed).map(drop)
    })?;
    println!("示例附件导入（解析+写库，20 项）：{}", ms(seed));

    let big = generate_annex(10_000);
    let t = Instant::now();
    let parsed = parse_annex(big.as_bytes(), "bench-10000.txt")?;
    let parse_time = t.elapsed();
    let write = timed_fresh(1.max(args.runs / 2), |s| s.import(&parsed).map(drop))?;
    println!("1 万项附件导入：解析 {}，写库 {}（{:.1} MB 文本）", ms(parse_time), ms(write), big.len() as f64 / 1e6);

    let dir = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let mut store = Store::open(dir.path().join("search.db"))?;
    let t = Instant::now();
    let chunk = generate_annex(10_000);
    let parsed = parse_annex(chunk.as_bytes(), "bench.txt")?;
    for _ in 0..args.search_items.div_ceil(10_000) {
        store.import_again(&parsed)?;
    }
    println!("检索库准备：{} 项，用时 {:.1} s", args.search_items.div_ceil(10_000) * 10_000, t.elapsed().as_secs_f64());
    let f = SearchFilter::default();
    for (q, limit) in [("税务局", 100), ("税务局", 100_000), ("税务", 100), ("WMS（仓储管理系统）", 100), ("第9999项", 100), ("不存在的词语", 100)] {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            n = store.search(q, &f, limit)?.len();
            times.push(t.elapsed());
        }
        println!("检索“{q}”（最多 {limit} 条）：{}，{n} 条", ms(median(times)));
    }
    Ok(())
}
