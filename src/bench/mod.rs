//! Benchmarks as plain functions that print figures, shared by `fengong bench` and `cargo bench`.
//! Speed and memory targets live here, not in timed unit tests.

pub mod formats;
pub mod render;
pub mod store;

use std::time::Duration;

/// The median of some timings (sorts them).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A duration as milliseconds for a report line.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident memory of this process (VmHWM from /proc/self/status), KiB. None off Linux.
pub fn peak_memory_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
