//! Atomic writes: the bytes go to a temp file in the target's folder, which is renamed over the target
//! only when everything was written, so a failed write never leaves a half file or loses the old one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: format!("保存位置的文件夹“{}”不存在，请另选保存位置", dir.display()),
        });
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".fengong-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, std::io::Error::from(e.kind())))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    set_shareable_permissions(tmp.as_file(), path);
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// tempfile creates its files readable by the owner only; an exported PDF in a shared folder must be
/// readable like any other file: keep the old file's mode, or use 0644 (the umask still applies on open).
#[cfg(unix)]
fn set_shareable_permissions(file: &std::fs::File, target: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(target).map(|m| m.permissions().mode()).unwrap_or(0o644);
    let _ = file.set_permissions(std::fs::Permissions::from_mode(mode & 0o777));
}

#[cfg(not(unix))]
fn set_shareable_permissions(_file: &std::fs::File, _target: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_or_a_folder_as_target_is_said_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(&dir.path().join("无此文件夹/a.docx"), b"x").unwrap_err().to_string();
        assert!(e.contains("a.docx") && e.contains("无此文件夹") && e.contains("不存在"), "{e}");
        assert!(!e.contains(".fengong-") && !e.contains("os error"), "{e}");
        let sub = dir.path().join("文件夹.docx");
        std::fs::create_dir(&sub).unwrap();
        let e = write_atomic(&sub, b"x").unwrap_err().to_string();
        assert!(e.contains("文件夹.docx") && !e.contains("os error"), "{e}");
    }

    #[test]
    fn replaces_existing_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        std::fs::write(&p, b"old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_old_modes_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.pdf");
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"y").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-dir").join("a.pdf");
        assert!(write_atomic(&missing, b"x").is_err());
    }
}
