//! Parsing an untrusted file in a child process of the same program, so that even a crash the parser
//! cannot recover from (an abort on a failed allocation, a stack overflow, a loop that never ends) only fails
//! that one import with a clear message, instead of killing the CLI or the whole desktop app with the
//! user's unsaved work.
//!
//! How: the program (the `fengong` CLI, the desktop app) calls [`child_main_if_requested`] first thing in
//! `main`. [`parse_isolated`] starts [`std::env::current_exe`] with the hidden argument [`CHILD_FLAG`]; the
//! child limits its own memory (address space, [`MEMORY_LIMIT`]) and CPU time, reads the file from stdin,
//! parses it with [`super::parse_any`] (which catches panics at the parser boundary) and writes the
//! [`ParsedAnnex`] (or the error) as JSON to stdout. The parent waits at most [`TIME_LIMIT`], then kills the
//! child; a child that dies, is killed or runs out of memory becomes an [`Error::File`] naming the file.
//!
//! Protocol (versioned in the flag, so an updated binary on disk never misreads an old one): the child first
//! writes [`MAGIC`]; then for each request on stdin (`u32` LE length + source name in UTF-8, `u64` LE length +
//! the file's bytes) it answers with a `u64` LE length + a JSON [`Wire`] value, until stdin ends. One request
//! per child for imports; the fuzz test sends one per child too, so a crash is attributed to its input.
//!
//! Limits: on Linux and macOS `setrlimit(RLIMIT_AS)` (Linux enforces it for every allocation; macOS accepts
//! it but does not enforce it for all mappings, so there the child is a containment, not a cap) and
//! `RLIMIT_CPU`; on Linux the child also dies with its parent (`PR_SET_PDEATHSIG`). On Windows the child runs
//! without a memory cap (a Job object limit through `windows-sys` would do it; not done yet) — a crash or an
//! abort is still contained in the child, and the time limit still applies.
//!
//! Rejected: only `catch_unwind` in-process (an abort or a stack overflow is not a panic, and in the desktop
//! it would take the window down); a thread with a memory budget (Rust has no per-thread allocation limit);
//! a separate helper executable (one more file to bundle, sign and keep in step with the app). In-process
//! parsing with `catch_unwind` stays for library callers and unit tests, where `current_exe` is a test
//! harness: a program that never called [`child_main_if_requested`] parses in-process ([`serves_as_child`]).

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{parse_caught, ParsedAnnex};
use crate::error::{Error, Result};

/// The hidden first argument that makes the program a parsing child (followed by the memory limit in
/// bytes).
pub const CHILD_FLAG: &str = "--fengong-parse-child-v1";
/// What the child writes first, so a parent knows it talks to a parsing child of this protocol.
pub const MAGIC: &[u8] = b"FENGONG-PARSE-CHILD 1\n";
/// Address space a parsing child may use: a 20 MB annex needs a few hundred MB at most.
pub const MEMORY_LIMIT: u64 = 2 << 30;
/// Wall time a parse may take before the child is killed (a 10,000-item annex parses in 0.1 s).
pub const TIME_LIMIT: Duration = Duration::from_secs(60);
/// CPU seconds the child may use (a second guard on top of the parent's wall-clock limit).
#[cfg(unix)]
const CPU_LIMIT_SECS: u64 = 120;
/// Largest answer read back from a child.
const MAX_ANSWER: u64 = 1 << 30;
/// How much of a child's stderr is kept for the technical part of a message.
const MAX_STDERR: u64 = 16 * 1024;

/// The limits a child runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub memory: u64,
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { memory: MEMORY_LIMIT, time: TIME_LIMIT }
    }
}

/// One answer of the child.
#[derive(Debug, Serialize, Deserialize)]
enum Wire {
    Parsed(Box<ParsedAnnex>),
    Failed(WireError),
    /// The parser panicked (caught at the boundary); the panic's message and place.
    Panicked(String),
}

/// An [`Error`] as the child sends it; the parent rebuilds the same variant, so messages are unchanged.
#[derive(Debug, Serialize, Deserialize)]
enum WireError {
    File {
        path: PathBuf,
        message: String,
    },
    AtLine {
        path: PathBuf,
        line: usize,
        message: String,
    },
    AtField {
        path: PathBuf,
        line: usize,
        column: usize,
        field: String,
        message: String,
    },
    InField {
        path: PathBuf,
        field: String,
        message: String,
    },
    /// Any other error, by its message (shown the same through [`Error::Invalid`]).
    Other(String),
}

impl From<Error> for WireError {
    fn from(e: Error) -> WireError {
        match e {
            Error::File { path, message } => WireError::File { path, message },
            Error::AtLine { path, line, message } => WireError::AtLine { path, line, message },
            Error::AtField { path, line, column, field, message } => {
                WireError::AtField { path, line, column, field, message }
            }
            Error::InField { path, field, message } => WireError::InField { path, field, message },
            e => WireError::Other(e.to_string()),
        }
    }
}

impl From<WireError> for Error {
    fn from(e: WireError) -> Error {
        match e {
            WireError::File { path, message } => Error::File { path, message },
            WireError::AtLine { path, line, message } => Error::AtLine { path, line, message },
            WireError::AtField { path, line, column, field, message } => {
                Error::AtField { path, line, column, field, message }
            }
            WireError::InField { path, field, message } => Error::InField { path, field, message },
            WireError::Other(m) => Error::Invalid(m),
        }
    }
}

/// How a child ended that did not answer normally.
#[derive(Debug, Clone, PartialEq)]
pub struct Crash {
    /// The exit status as the system reports it (`signal: 6 (SIGABRT)`, `exit status: 101` …).
    pub status: String,
    /// The start of the child's stderr.
    pub stderr: String,
    /// The child ran out of its memory limit (an allocation failed).
    pub out_of_memory: bool,
    /// The child was killed after [`Limits::time`].
    pub timed_out: bool,
}

/// What became of one parse in a child.
// One value per import, moved once: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum ChildOutcome {
    /// The parser finished: the annex, or its refusal.
    Parsed(Result<ParsedAnnex>),
    /// The parser panicked; the panic was caught in the child.
    Panicked(String),
    /// The child died, was killed, or answered nonsense.
    Crashed(Crash),
}

impl ChildOutcome {
    /// The result an import shows: a panic or a crash becomes a Chinese error naming the file.
    pub fn into_result(self, source: &str, limits: &Limits) -> Result<ParsedAnnex> {
        match self {
            ChildOutcome::Parsed(r) => r,
            ChildOutcome::Panicked(m) => Err(super::panic_error(source, &m)),
            ChildOutcome::Crashed(c) => Err(crash_error(source, &c, limits)),
        }
    }
}

fn crash_error(source: &str, c: &Crash, limits: &Limits) -> Error {
    let what = if c.timed_out {
        format!("读取超过 {} 秒仍未完成，已停止读取", limits.time.as_secs())
    } else if c.out_of_memory {
        format!("读取它需要的内存超过上限（{} MB），已停止读取", limits.memory / 1024 / 1024)
    } else {
        "读取时出错，已停止读取".to_string()
    };
    let detail = c.stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let detail: String = detail.chars().take(200).collect();
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "文件已损坏或不是正常的文档，{what}，未导入任何内容，数据库没有改动。请向发文单位重新索取文件，\
             或在 Word/Excel/WPS 中打开后另存一份再导入。（技术信息：解析进程{}{}{}）",
            c.status,
            if detail.is_empty() { "" } else { "；" },
            detail
        ),
    }
}

/// Parses `bytes` (the file called `source`) in a child process of this program (see the module comment).
/// When no child can be started, or the running program does not answer as a parsing child (a test
/// harness), it parses in-process with panics caught.
pub fn parse_isolated(bytes: &[u8], source: &str) -> Result<ParsedAnnex> {
    let limits = Limits::default();
    if !serves_as_child() {
        return super::parse_any(bytes, source);
    }
    // A program that cannot start itself (deleted or replaced on disk, no processes left) still imports,
    // with panics caught.
    let Ok(exe) = std::env::current_exe() else { return super::parse_any(bytes, source) };
    match run_child(&exe, bytes, source, &limits) {
        Ok(outcome) => outcome.into_result(source, &limits),
        Err(_) => super::parse_any(bytes, source),
    }
}

/// Runs the program `exe` (one that calls [`child_main_if_requested`] first) as a parsing child on one
/// file. `Err` only when the child could not be started; every way a child ends is an outcome.
pub fn run_child(exe: &Path, bytes: &[u8], source: &str, limits: &Limits) -> std::io::Result<ChildOutcome> {
    let mut child = Command::new(exe)
        .arg(CHILD_FLAG)
        .arg(limits.memory.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let (answer, err_text, status, timed_out) = std::thread::scope(|s| {
        s.spawn(move || {
            // The child reads the whole request before it parses, so a write fails only if it died at once.
            let mut head = Vec::with_capacity(source.len() + 12);
            head.extend((source.len() as u32).to_le_bytes());
            head.extend(source.as_bytes());
            head.extend((bytes.len() as u64).to_le_bytes());
            let _ = stdin.write_all(&head).and_then(|_| stdin.write_all(bytes));
        });
        let err_reader = s.spawn(move || {
            let mut buf = Vec::new();
            let mut stderr = stderr;
            let _ = (&mut stderr).take(MAX_STDERR).read_to_end(&mut buf);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            String::from_utf8_lossy(&buf).into_owned()
        });
        let (tx, rx) = std::sync::mpsc::channel();
        s.spawn(move || {
            let mut out = Vec::new();
            let r = stdout.take(MAX_ANSWER).read_to_end(&mut out).map(|_| out);
            let _ = tx.send(r);
        });
        let mut timed_out = false;
        let answer = match rx.recv_timeout(limits.time) {
            Ok(a) => a,
            Err(_) => {
                timed_out = true;
                let _ = child.kill();
                rx.recv().unwrap_or_else(|_| Ok(Vec::new()))
            }
        };
        let status = child.wait();
        (answer, err_reader.join().unwrap_or_default(), status, timed_out)
    });
    let status = status?;
    let answer = answer.unwrap_or_default();
    // No greeting: the child died (or was killed) before it could write one, or `exe` is not a program
    // that serves as a parsing child; either way nothing was parsed.
    let body = answer.strip_prefix(MAGIC).unwrap_or(&[]);
    let parsed = (body.len() >= 8)
        .then(|| u64::from_le_bytes(body[..8].try_into().expect("8 bytes")) as usize)
        .filter(|&n| body.len() >= 8 + n)
        .and_then(|n| serde_json::from_slice::<Wire>(&body[8..8 + n]).ok());
    Ok(match parsed {
        Some(Wire::Parsed(p)) if !timed_out => ChildOutcome::Parsed(Ok(*p)),
        Some(Wire::Failed(e)) if !timed_out => ChildOutcome::Parsed(Err(e.into())),
        Some(Wire::Panicked(m)) if !timed_out => ChildOutcome::Panicked(m),
        _ => ChildOutcome::Crashed(crash(&status, err_text, timed_out)),
    })
}

fn crash(status: &std::process::ExitStatus, stderr: String, timed_out: bool) -> Crash {
    let out_of_memory = stderr.contains("memory allocation of") || stderr.contains("capacity overflow");
    let status = {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            match status.signal() {
                Some(6) => "被中止（SIGABRT）".to_string(),
                Some(9) => "被终止（SIGKILL）".to_string(),
                Some(11) => "访问内存出错（SIGSEGV）".to_string(),
                Some(24) => "超出 CPU 时间（SIGXCPU）".to_string(),
                Some(s) => format!("被信号 {s} 终止"),
                None => format!("退出码 {}", status.code().unwrap_or(-1)),
            }
        }
        #[cfg(not(unix))]
        {
            format!("退出码 {:#x}", status.code().unwrap_or(-1) as u32)
        }
    };
    Crash { status, stderr, out_of_memory, timed_out }
}

/// Set by [`child_main_if_requested`]: this program can be started as a parsing child.
static SERVES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the running program called [`child_main_if_requested`] (the `fengong` CLI and the desktop app
/// do; a test harness or another program using the library does not, and parses in-process).
pub fn serves_as_child() -> bool {
    SERVES.load(std::sync::atomic::Ordering::SeqCst)
}

/// The last panic's message and place, set by the child's panic hook (the default hook would print a
/// backtrace hint to stderr).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Call first thing in `main`: when the program was started as a parsing child ([`CHILD_FLAG`]) this
/// serves the requests on stdin and exits; otherwise it returns at once.
pub fn child_main_if_requested() {
    SERVES.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() != Some(OsStr::new(CHILD_FLAG)) {
        return;
    }
    let memory = args.next().and_then(|a| a.to_str()?.parse::<u64>().ok()).unwrap_or(MEMORY_LIMIT);
    std::process::exit(child_main(memory));
}

fn child_main(memory: u64) -> i32 {
    limit_self(memory);
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("（{}:{}）", l.file(), l.line())).unwrap_or_default();
        let msg = super::panic_text(info.payload());
        if let Ok(mut p) = LAST_PANIC.lock() {
            *p = Some(format!("{msg}{place}"));
        }
    }));
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(MAGIC).and_then(|_| stdout.flush()).is_err() {
        return 2;
    }
    let mut stdin = std::io::stdin().lock();
    loop {
        let mut n4 = [0u8; 4];
        match stdin.read_exact(&mut n4) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return 0,
            Err(_) => return 2,
        }
        let mut name = vec![0u8; u32::from_le_bytes(n4).min(64 * 1024) as usize];
        let mut n8 = [0u8; 8];
        if stdin.read_exact(&mut name).and_then(|_| stdin.read_exact(&mut n8)).is_err() {
            return 2;
        }
        let len = u64::from_le_bytes(n8);
        let mut bytes = Vec::new();
        match (&mut stdin).take(len).read_to_end(&mut bytes) {
            Ok(n) if n as u64 == len => {}
            Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
                eprintln!("memory allocation of {len} bytes failed (reading the file)");
                return 2;
            }
            _ => return 2,
        }
        let source = String::from_utf8_lossy(&name).into_owned();
        let wire = match parse_caught(&bytes, &source) {
            Ok(Ok(p)) => Wire::Parsed(Box::new(p)),
            Ok(Err(e)) => Wire::Failed(e.into()),
            Err(payload) => {
                let placed = LAST_PANIC.lock().ok().and_then(|mut p| p.take());
                Wire::Panicked(placed.unwrap_or(payload))
            }
        };
        drop(bytes);
        let Ok(json) = serde_json::to_vec(&wire) else { return 3 };
        if stdout
            .write_all(&(json.len() as u64).to_le_bytes())
            .and_then(|_| stdout.write_all(&json))
            .and_then(|_| stdout.flush())
            .is_err()
        {
            return 2;
        }
    }
}

/// The child's own limits (see the module comment).
fn limit_self(memory: u64) {
    #[cfg(unix)]
    unsafe {
        // SAFETY: plain system calls on this process with values on the stack.
        let as_limit = libc::rlimit { rlim_cur: memory as libc::rlim_t, rlim_max: memory as libc::rlim_t };
        libc::setrlimit(libc::RLIMIT_AS, &as_limit);
        let cpu = libc::rlimit {
            rlim_cur: CPU_LIMIT_SECS as libc::rlim_t,
            rlim_max: CPU_LIMIT_SECS as libc::rlim_t + 5,
        };
        libc::setrlimit(libc::RLIMIT_CPU, &cpu);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = memory;
}
