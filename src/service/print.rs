//! The copies 打印 hands to the system's PDF viewer, where the user prints.
//!
//! Each print gets a fresh file name: Acrobat and WPS lock the file they show on Windows, so replacing the
//! previous copy (one name per document, as before) failed with “没有权限” while the first print was still
//! open. Old copies are removed later, a day after they were made; one still open in a viewer cannot be
//! removed on Windows and is simply tried again next time.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local};

use crate::model::DocumentId;

const PREFIX: &str = "打印-";
/// How long a print copy is kept: long enough to print again from the open viewer the same day.
pub const PRINT_COPY_KEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// `打印-{id}-{date-time}.pdf` in `dir`, a name no file has yet.
pub fn print_copy_path(dir: &Path, document: DocumentId, now: DateTime<Local>) -> PathBuf {
    let stem = format!("{PREFIX}{document}-{}", now.format("%Y%m%d-%H%M%S-%3f"));
    let mut path = dir.join(format!("{stem}.pdf"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.pdf"));
        n += 1;
    }
    path
}

/// Whether `path` is an existing print copy in `dir` (named as [`print_copy_path`] names them): the only
/// files 打开文件所在位置 shows after 打印, so the command cannot be pointed anywhere else.
pub fn is_print_copy(dir: &Path, path: &Path) -> bool {
    let named = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".pdf"));
    let inside = match (dir.canonicalize(), path.parent().and_then(|p| p.canonicalize().ok())) {
        (Ok(d), Some(p)) => d == p,
        _ => false,
    };
    named && inside && path.is_file()
}

/// Removes print copies in `dir` last written before `now - keep`; returns how many went. A copy that
/// cannot be removed (still open in a viewer) stays for the next sweep. Only files named like print copies
/// are touched.
pub fn sweep_print_copies(dir: &Path, now: SystemTime, keep: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let cutoff = now.checked_sub(keep).unwrap_or(SystemTime::UNIX_EPOCH);
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(PREFIX) && name.ends_with(".pdf")
        })
        .filter(|e| e.metadata().is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < cutoff)))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_existing_print_copy_in_the_folder_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let copy = print_copy_path(dir.path(), 3, Local::now());
        assert!(!is_print_copy(dir.path(), &copy), "not written yet");
        std::fs::write(&copy, b"%PDF").unwrap();
        assert!(is_print_copy(dir.path(), &copy));
        let other = dir.path().join("附件.pdf");
        std::fs::write(&other, b"%PDF").unwrap();
        assert!(!is_print_copy(dir.path(), &other), "not named as a print copy");
        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join(copy.file_name().unwrap());
        std::fs::write(&outside, b"%PDF").unwrap();
        assert!(!is_print_copy(dir.path(), &outside), "another folder");
        assert!(!is_print_copy(
            dir.path(),
            &dir.path().join("sub/../").join(copy.file_name().unwrap()).join("x")
        ));
    }

    #[test]
    fn each_print_gets_its_own_file_even_within_one_millisecond() {
        let dir = tempfile::tempdir().unwrap();
        let now = Local::now();
        let first = print_copy_path(dir.path(), 3, now);
        assert!(first.file_name().unwrap().to_string_lossy().starts_with("打印-3-"));
        std::fs::write(&first, b"%PDF").unwrap();
        let second = print_copy_path(dir.path(), 3, now);
        assert_ne!(first, second);
        assert!(second.to_string_lossy().ends_with("-2.pdf"));
        let later = print_copy_path(dir.path(), 3, now + chrono::Duration::seconds(1));
        assert_ne!(first, later);
    }

    #[test]
    fn old_print_copies_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let day_ago = SystemTime::now() - PRINT_COPY_KEEP - Duration::from_secs(60);
        let write = |name: &str, at: SystemTime| {
            let p = dir.path().join(name);
            std::fs::write(&p, b"%PDF").unwrap();
            std::fs::File::options().write(true).open(&p).unwrap().set_modified(at).unwrap();
        };
        write("打印-1-20261130-090000-000.pdf", day_ago);
        write("打印-1-20261201-090000-000.pdf", SystemTime::now());
        write("预览-1.pdf", day_ago);
        write("打印-说明.txt", day_ago);
        assert_eq!(sweep_print_copies(dir.path(), SystemTime::now(), PRINT_COPY_KEEP), 1);
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, ["打印-1-20261201-090000-000.pdf", "打印-说明.txt", "预览-1.pdf"]);
        // A folder that is not there is nothing to sweep.
        assert_eq!(sweep_print_copies(&dir.path().join("无"), SystemTime::now(), PRINT_COPY_KEEP), 0);
    }
}
