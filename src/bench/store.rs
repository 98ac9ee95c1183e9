//! Import and search figures: the seed import, a generated 10,000-item annex, and search latency over
//! a large database (3+ character queries through FTS5 trigram, shorter ones through LIKE).

use std::time::{Duration, Instant};

use super::{median, ms};
use crate::error::{Error, Result};
use crate::import::parse_annex;
use crate::model::SearchFilter;
use crate::sample::{generate_annex, SAMPLE_NAME, SAMPLE_TEXT};
use crate::store::Store;

fn temp_dir() -> Result<tempfile::TempDir> {
    tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))
}

/// Times `f` `runs` times on a fresh temp database each, returning the median.
fn timed_fresh<F: FnMut(&mut Store) -> Result<()>>(runs: usize, mut f: F) -> Result<Duration> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let dir = temp_dir()?;
        let mut store = Store::open(dir.path().join("bench.db"))?;
        let t = Instant::now();
        f(&mut store)?;
        times.push(t.elapsed());
    }
    Ok(median(times))
}

/// Runs the store benchmarks and writes one report line per figure to `out`.
pub fn run(runs: usize, search_items: usize, out: &mut dyn FnMut(String)) -> Result<()> {
    let seed = timed_fresh(runs, |s| {
        let parsed = parse_annex(SAMPLE_TEXT.as_bytes(), SAMPLE_NAME)?;
        s.import(&parsed).map(drop)
    })?;
    out(format!("示例附件导入（解析+写库，20 项）：{}", ms(seed)));

    let big = generate_annex(10_000);
    let t = Instant::now();
    let parsed = parse_annex(big.as_bytes(), "bench-10000.txt")?;
    let parse_time = t.elapsed();
    let write = timed_fresh(1.max(runs / 2), |s| s.import(&parsed).map(drop))?;
    out(format!(
        "1 万项附件导入：解析 {}，写库 {}（{:.1} MB 文本）",
        ms(parse_time),
        ms(write),
        big.len() as f64 / 1e6
    ));

    // The automatic backup (online backup API + integrity_check of the copy + rename) of that database.
    let dir = temp_dir()?;
    let mut store = Store::open(dir.path().join("backup.db"))?;
    store.import(&parsed)?;
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        size = store.backup_now(crate::store::BackupReason::Manual)?.size;
        times.push(t.elapsed());
    }
    out(format!(
        "1 万项数据库的自动备份（含完整性检查）：{}（{:.1} MB）",
        ms(median(times)),
        size as f64 / 1e6
    ));
    drop(store);

    let dir = temp_dir()?;
    let mut store = Store::open(dir.path().join("search.db"))?;
    let t = Instant::now();
    let batches = search_items.div_ceil(10_000).max(1);
    for _ in 0..batches {
        store.import_again(&parsed)?;
    }
    out(format!("检索库准备：{} 项，用时 {:.1} s", batches * 10_000, t.elapsed().as_secs_f64()));
    let f = SearchFilter::default();
    for (q, limit) in [
        ("税务局", 100),
        ("税务局", 100_000),
        ("税务", 100),
        ("WMS（仓储管理系统）", 100),
        ("第9999项", 100),
        ("不存在的词语", 100),
    ] {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            n = store.search(q, &f, limit)?.len();
            times.push(t.elapsed());
        }
        out(format!("检索“{q}”（最多 {limit} 条）：{}，{n} 条", ms(median(times))));
    }
    Ok(())
}
