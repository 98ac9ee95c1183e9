//! Fuzzing that stays (issue 9): every importer is run on mutated files of every format, each in a parsing
//! child of the real `fengong` binary (the same child the CLI and the desktop use), with a memory and a time
//! limit. Any panic (even one caught at the parser boundary), abort, kill, run over the memory limit or the
//! time limit fails the test; the input is saved under the target's tmp folder and named.
//!
//! The mutator is seeded and deterministic: input `i` is made from seed file `i % seeds` by a generator
//! seeded with `FENGONG_FUZZ_SEED ^ i`, so the same inputs come out whatever the thread timing; only how many
//! are tried depends on the time budget (`FENGONG_FUZZ_SECS`, default 45 s; `FENGONG_FUZZ_MAX`, default
//! 10,000 inputs; a debug build tries some 250 a second on 2 cores). Seeds: the sample text, the sample exported by the project's own Word, Excel, CSV and JSON
//! writers, and an .xls and an .ods LibreOffice made from that Excel export (kept in tests/fixtures/
//! fuzz-seeds, so the test needs no LibreOffice). Mutations: bit flips, interesting values written over
//! bytes and 16/32-bit fields (most damaging in the compound-file header), truncation, deletion, insertion,
//! chunk duplication, and the same applied inside one entry of a zip package, which is then packed again
//! (so the XML parsers are reached, not only the zip reader).
//!
//! The crashers found so far (tests/fixtures/crashers) are replayed first, in a child and in-process.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fengong::import::isolate::{run_child, ChildOutcome, Limits};
use fengong::import::parse_any;

const EXE: &str = env!("CARGO_BIN_EXE_fengong");

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// xorshift64*: small, seeded, the same everywhere.
struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

struct Seed {
    name: String,
    bytes: Vec<u8>,
    /// The entries of a zip package, for mutations inside one entry.
    entries: Option<Vec<(String, Vec<u8>)>>,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn seeds() -> Vec<Seed> {
    let s = common::seed();
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("sample.txt".into(), fengong::sample::SAMPLE_TEXT.as_bytes().to_vec())];
    for f in fengong::export::ExportFormat::ALL {
        let name = format!("sample.{}", if f.extension() == "json" { "fengong.json" } else { f.extension() });
        files.push((name, fengong::service::export::export_document(&s.store, s.doc, f).unwrap()));
    }
    for f in ["sample.xls", "sample.ods"] {
        files.push((f.into(), std::fs::read(fixtures().join("fuzz-seeds").join(f)).unwrap()));
    }
    files
        .into_iter()
        .map(|(name, bytes)| {
            let entries = bytes.starts_with(b"PK").then(|| {
                common::zip_entries(&bytes).into_iter().map(|(n, (b, _))| (n, b)).collect::<Vec<_>>()
            });
            Seed { name, bytes, entries }
        })
        .collect()
}

const INTERESTING: [u32; 10] =
    [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFD, 0xFFFF_FFFE, 0xFFFF_FFFF];

/// One raw mutation of `b`.
fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>) {
    let len = b.len();
    match rng.below(8) {
        0 if len > 0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 if len > 0 => {
            let v = INTERESTING[rng.below(INTERESTING.len())].to_le_bytes();
            let w = [1, 2, 4][rng.below(3)];
            // Half the time in the first 512 bytes (file headers).
            let i = if rng.below(2) == 0 { rng.below(len.min(512)) } else { rng.below(len) };
            let n = w.min(len - i);
            b[i..i + n].copy_from_slice(&v[..n]);
        }
        2 if len > 0 => b.truncate(rng.below(len)),
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(256));
            b.drain(i..i + n);
        }
        4 => {
            let i = rng.below(len + 1);
            let n = 1 + rng.below(64);
            let ins: Vec<u8> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => b"\t,\"\n<>&;"[rng.below(8)],
                    1 => 0x1B,
                    _ => rng.next() as u8,
                })
                .collect();
            b.splice(i..i, ins);
        }
        5 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(4096));
            let chunk = b[i..i + n].to_vec();
            let at = rng.below(len + 1);
            for _ in 0..1 + rng.below(4) {
                b.splice(at..at, chunk.iter().copied());
            }
        }
        6 if len > 0 => {
            // A run of one separator or tag (wide rows, deep nesting).
            let piece: &[u8] = [&b"\t"[..], b",", b"<w:tc>", b"\"", b"\n"][rng.below(5)];
            let at = rng.below(len + 1);
            let n = 1 + rng.below(2000);
            b.splice(at..at, piece.iter().copied().cycle().take(piece.len() * n));
        }
        _ => {
            if len > 0 {
                let i = rng.below(len);
                b[i] = rng.next() as u8;
            }
        }
    }
}

/// Input `i`: a mutation of seed `i % seeds`.
fn input(seeds: &[Seed], base: u64, i: usize) -> (String, Vec<u8>) {
    let mut rng = Rng::new(base ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let seed = &seeds[i % seeds.len()];
    let mut bytes = match &seed.entries {
        Some(entries) if rng.below(2) == 0 => {
            let k = rng.below(entries.len());
            let mut entries = entries.clone();
            for _ in 0..1 + rng.below(3) {
                mutate_bytes(&mut rng, &mut entries[k].1);
            }
            let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            common::zip_of(&refs)
        }
        _ => seed.bytes.clone(),
    };
    if bytes == seed.bytes || rng.below(3) == 0 {
        for _ in 0..1 + rng.below(4) {
            mutate_bytes(&mut rng, &mut bytes);
        }
    }
    (format!("fuzz-{i}-{}", seed.name), bytes)
}

/// Limits of the fuzz children: the app's time limit would make a hang take a minute to show.
fn limits() -> Limits {
    Limits { memory: 1 << 30, time: Duration::from_secs(20) }
}

/// What is wrong with an outcome, if anything.
fn problem(o: &ChildOutcome) -> Option<String> {
    match o {
        ChildOutcome::Parsed(_) => None,
        ChildOutcome::Panicked(m) => Some(format!("panic: {m}")),
        ChildOutcome::Crashed(c) => Some(format!(
            "crash: {}{}{}: {}",
            c.status,
            if c.out_of_memory { " (over the memory limit)" } else { "" },
            if c.timed_out { " (over the time limit)" } else { "" },
            c.stderr.lines().take(3).collect::<Vec<_>>().join(" | ")
        )),
    }
}

#[test]
fn every_importer_survives_mutated_files_of_every_format() {
    let base: u64 = env_or("FENGONG_FUZZ_SEED", 0x5EED_F00D);
    let secs: u64 = env_or("FENGONG_FUZZ_SECS", 45);
    let max: usize = env_or("FENGONG_FUZZ_MAX", 10_000);
    let seeds = seeds();
    assert_eq!(seeds.len(), 7, "text, docx, xlsx, csv, json, xls, ods");
    let start = Instant::now();
    let budget = Duration::from_secs(secs);
    let next = AtomicUsize::new(0);
    let tried = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-import-failures");
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                if start.elapsed() >= budget {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= max {
                    break;
                }
                let (name, bytes) = input(&seeds, base, i);
                let o = run_child(Path::new(EXE), &bytes, &name, &limits()).expect("start the parsing child");
                tried.fetch_add(1, Ordering::SeqCst);
                if matches!(o, ChildOutcome::Parsed(Err(_))) {
                    refused.fetch_add(1, Ordering::SeqCst);
                }
                if let Some(p) = problem(&o) {
                    std::fs::create_dir_all(&out_dir).unwrap();
                    let file = out_dir.join(&name);
                    std::fs::write(&file, &bytes).unwrap();
                    failures
                        .lock()
                        .unwrap()
                        .push(format!("{} (input {i}, seed {base:#x}): {p}", file.display()));
                }
            });
        }
    });
    let tried = tried.into_inner();
    let failures = failures.into_inner().unwrap();
    println!(
        "fuzz_import: tried {tried} inputs in {:.1} s (seed {base:#x}, {} refused with a message, {} failures)",
        start.elapsed().as_secs_f64(),
        refused.into_inner(),
        failures.len()
    );
    eprintln!("fuzz_import: tried {tried} inputs");
    assert!(failures.is_empty(), "{} inputs crashed a parser:\n{}", failures.len(), failures.join("\n"));
    assert!(
        tried >= 200.min(max),
        "only {tried} inputs tried in {secs} s: the harness is broken or far too slow"
    );
}

#[test]
fn the_crashers_found_so_far_are_refused_in_a_child_and_in_process() {
    let dir = fixtures().join("crashers");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e == "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let o = run_child(Path::new(EXE), &bytes, &name, &limits()).unwrap();
        match o {
            ChildOutcome::Parsed(Err(e)) => {
                let e = e.to_string();
                assert!(e.contains(&name) && e.contains("已损坏"), "{e}");
            }
            o => panic!("{name}: {o:?}"),
        }
        assert!(parse_any(&bytes, &name).is_err());
        n += 1;
    }
    assert!(n >= 5, "crashers in {}", dir.display());
}

#[test]
fn a_child_parses_every_seed_exactly_as_in_process() {
    for s in seeds() {
        let here = parse_any(&s.bytes, &s.name).unwrap();
        match run_child(Path::new(EXE), &s.bytes, &s.name, &Limits::default()).unwrap() {
            ChildOutcome::Parsed(Ok(p)) => assert_eq!(p, here, "{}", s.name),
            o => panic!("{}: {o:?}", s.name),
        }
    }
    // A refusal comes back as the same error.
    let bad = b"PK\x03\x04broken";
    let e = run_child(Path::new(EXE), bad, "坏.docx", &Limits::default()).unwrap();
    match e {
        ChildOutcome::Parsed(Err(e)) => {
            assert_eq!(e.to_string(), parse_any(bad, "坏.docx").unwrap_err().to_string())
        }
        o => panic!("{o:?}"),
    }
}

/// What the parent makes of a child that runs out of memory or time: a Chinese error naming the file.
#[test]
fn a_child_over_its_memory_or_time_limit_fails_only_that_import() {
    let text = fengong::sample::generate_annex(2000);
    let tight = Limits { memory: 1 << 20, time: Duration::from_secs(20) };
    let o = run_child(Path::new(EXE), text.as_bytes(), "大.txt", &tight).unwrap();
    let ChildOutcome::Crashed(c) = &o else { panic!("{o:?}") };
    assert!(!c.timed_out, "{c:?}");
    let e = o.into_result("大.txt", &tight).unwrap_err().to_string();
    assert!(e.contains("大.txt") && e.contains("未导入任何内容"), "{e}");

    let hasty = Limits { memory: 1 << 30, time: Duration::from_micros(1) };
    let o = run_child(Path::new(EXE), text.as_bytes(), "慢.txt", &hasty).unwrap();
    let ChildOutcome::Crashed(c) = &o else { panic!("{o:?}") };
    assert!(c.timed_out, "{c:?}");
    let e = o.into_result("慢.txt", &hasty).unwrap_err().to_string();
    assert!(e.contains("慢.txt") && e.contains("秒仍未完成"), "{e}");
}

/// The CLI refuses a FIFO (it used to hang) and /dev/zero (it read until memory ran out), and a crasher
/// ends with a message and exit code 1, not a backtrace.
#[cfg(unix)]
#[test]
fn the_cli_import_refuses_special_files_and_survives_crashers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let fifo = dir.path().join("管道");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for target in [fifo.as_path(), Path::new("/dev/zero")] {
        let mut child = std::process::Command::new(EXE)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(target)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let t = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if t.elapsed() > Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("import of {} did not end", target.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("不是普通文件") && err.contains(&target.display().to_string()), "{err}");
    }
    let crasher = fixtures().join("crashers/xls-minifat-count-ffff.xls");
    let o = common::fengong(&db, &["import", crasher.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("xls-minifat-count-ffff.xls") && err.contains("已损坏") && !err.contains("panicked"),
        "{err}"
    );
}
