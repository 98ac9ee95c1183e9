//! Waiting for the database while another window or command writes to it.
//!
//! SQLite lets one writer at a time; a second one used to wait 5 s and fail with the English “database is
//! locked”, losing what the user meant to save. Now a writer waits as long as another operation plausibly
//! takes ([`MAX_WAIT`]), and after [`NOTICE_AFTER`] says in Chinese what it is waiting for: the operation
//! that holds the database writes a short note beside it (`<db>-busy`, see [`Activity`]) that the waiting
//! side reads. Only when the wait runs out does the operation fail, with a Chinese message, and nothing is
//! half written (the store's changes are transactions).
//!
//! Write transactions start with `BEGIN IMMEDIATE` (set in `Store::open`): a deferred transaction that
//! read first and then wants to write cannot wait for the lock in WAL mode (SQLite returns busy at once to
//! avoid a deadlock), which would lose the second write however long the handler waits.
//!
//! Rejected: a note inside the database (a waiting reader sees only committed data, so the holder would
//! need a separate commit before and after, and a schema change); polling with a timer thread (the busy
//! handler is the hook SQLite gives).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::Store;
use crate::error::Result;

/// How long a write waits for another operation to finish before giving up (a 10,000-item import takes
/// about two seconds; a backup of a large database some more).
pub const MAX_WAIT: Duration = Duration::from_secs(10 * 60);
/// After this long the wait is announced, so a user knows why nothing happens.
pub const NOTICE_AFTER: Duration = Duration::from_millis(800);

type Notifier = Arc<dyn Fn(&str) + Send + Sync>;
static NOTIFIER: RwLock<Option<Notifier>> = RwLock::new(None);

/// Where “waiting for …” messages go: the CLI prints them to stderr, the desktop shows them. Without a
/// notifier the wait is silent.
pub fn set_busy_notifier(f: impl Fn(&str) + Send + Sync + 'static) {
    *NOTIFIER.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(f));
}

fn notify(msg: &str) {
    let n = NOTIFIER.read().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(n) = n {
        n(msg);
    }
}

/// The note beside the database that names the operation holding it.
fn note_path(db: &Path) -> PathBuf {
    let mut n = db.as_os_str().to_os_string();
    n.push("-busy");
    PathBuf::from(n)
}

/// What the waiting side says: the other operation's note when there is a fresh one.
pub fn waiting_message(db: &Path) -> String {
    let note = std::fs::read_to_string(note_path(db)).ok();
    // A note left by an operation that was killed names nothing that runs: not said.
    let alive = note
        .as_deref()
        .and_then(|n| n.lines().nth(1))
        .and_then(|p| p.trim().parse::<u32>().ok())
        .is_none_or(process_alive);
    let what = note
        .as_deref()
        .filter(|_| alive)
        .and_then(|n| n.lines().next())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match what {
        Some(w) => format!("数据库正被另一个操作使用（{w}），正在等待它完成，请稍候……"),
        None => "数据库正被另一个窗口或命令使用，正在等待它完成，请稍候……".to_string(),
    }
}

/// Installs the waiting busy handler on a new connection to `db`.
pub(crate) fn install(conn: &mut Connection, db: &Path) -> Result<()> {
    let db = db.to_path_buf();
    let mut started = Instant::now();
    let mut announced = false;
    conn.busy_handler(Some(move |count: i32| {
        if count == 0 {
            started = Instant::now();
            announced = false;
        }
        let waited = started.elapsed();
        if waited >= MAX_WAIT {
            return false;
        }
        if !announced && waited >= NOTICE_AFTER {
            announced = true;
            notify(&waiting_message(&db));
        }
        // Short sleeps first (most waits are a few milliseconds), then a steady 100 ms.
        std::thread::sleep(Duration::from_millis(match count {
            0..=4 => 2,
            5..=14 => 20,
            _ => 100,
        }));
        true
    }))?;
    Ok(())
}

/// Whether process `pid` still runs (Unix: signal 0; elsewhere assumed).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: kill with signal 0 only checks that the process exists; it sends nothing.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// A long operation in progress, named in the note beside the database while it lives.
pub struct Activity {
    note: PathBuf,
    text: String,
}

impl Drop for Activity {
    fn drop(&mut self) {
        // Only our own note: the next operation may already have written its own.
        if std::fs::read_to_string(&self.note).is_ok_and(|t| t == self.text) {
            let _ = std::fs::remove_file(&self.note);
        }
    }
}

impl Activity {
    /// Names an operation on the database at `db` (see [`Store::announce`]).
    pub fn start(db: &Path, what: &str) -> Activity {
        let note = note_path(db);
        // Lines: what is running, its process (a killed one's note is not shown), and a token that tells
        // this note from the next operation's.
        let now = chrono::Local::now();
        let text = format!(
            "{what}，{} 开始\n{}\n{}\n",
            now.format("%H:%M:%S"),
            std::process::id(),
            now.format("%H:%M:%S%.6f")
        );
        let _ = std::fs::write(&note, &text);
        Activity { note, text }
    }
}

impl Store {
    /// Names the long operation that holds the database (“正在导入“附件.docx””), so another window or
    /// command waiting for it can say what it waits for. Call it once the write transaction has begun (the
    /// lock is then ours; earlier, a waiting operation would overwrite the note of the one it waits for).
    /// The note goes when the value is dropped.
    pub fn announce(&self, what: &str) -> Activity {
        Activity::start(self.path(), what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_second_writer_waits_for_the_first_and_says_what_it_waits_for() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        let mut store = Store::open(&db).unwrap();
        store.load_sample().unwrap();
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let s2 = seen.clone();
        set_busy_notifier(move |m| s2.lock().unwrap().push(m.to_string()));

        // Another process's long import: holds the write lock for longer than SQLite's default 5 s wait.
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let db2 = db.clone();
        let holder = std::thread::spawn(move || {
            let other = Store::open(&db2).unwrap();
            let _activity = other.announce("正在导入“大附件.xlsx”");
            other.conn.execute_batch("BEGIN IMMEDIATE; UPDATE documents SET notes = 'x'").unwrap();
            locked_tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(5_600));
            other.conn.execute_batch("COMMIT").unwrap();
        });
        locked_rx.recv().unwrap();
        let doc = store.list_documents().unwrap()[0].id;
        let d = store.document(doc).unwrap();
        let draft = crate::model::DocumentDraft {
            title: "等待后保存的标题".into(),
            annex_label: d.annex_label,
            doc_number: d.doc_number,
            issue_date: d.issue_date,
            notes: d.notes,
            columns: d.columns,
        };
        store.update_document(doc, &draft).unwrap();
        holder.join().unwrap();
        assert_eq!(store.document(doc).unwrap().title, "等待后保存的标题");
        let seen = seen.lock().unwrap();
        assert!(seen.iter().any(|m| m.contains("大附件.xlsx") && m.contains("等待")), "{seen:?}");
        assert!(!note_path(&db).exists(), "the note goes with the operation");
    }
}
