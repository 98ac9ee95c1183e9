//! Which files the window may have the app read or write: only those the user chose in this session.
//!
//! The page never names a path of its own. It asks the shell to show the open or save dialog
//! ([`crate::commands::files`]); the path the user picks there is remembered here, and the import, export and
//! PDF commands accept exactly those paths. A compromised page (an injected script in a pasted cell, say)
//! could otherwise read any file the user can read, or overwrite one, by sending an absolute path. The
//! dialogs are opened from Rust for that reason, and the window has no dialog permission of its own
//! (capabilities/main.json).
//!
//! The end-to-end tests cannot drive a native dialog: when the app was started with FENGONG_EXPORT_DIR
//! (an environment variable a page cannot set) files inside that folder count as chosen.
//!
//! Kept in the shell, not the core: “chosen in a dialog” is a fact of the desktop session; the CLI's user
//! names files on the command line.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{AppError, CmdResult};

/// What a chosen path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Read for import (open dialog).
    Read,
    /// Written by an export (save dialog).
    Write,
    /// Written by an export that succeeded: what 打开 and 打开文件所在位置 after it may show.
    Written,
}

#[derive(Default)]
pub struct ChosenFiles {
    chosen: Mutex<HashSet<(Purpose, PathBuf)>>,
    /// Test-only folder whose files count as chosen (FENGONG_EXPORT_DIR).
    test_dir: Option<PathBuf>,
}

impl ChosenFiles {
    pub fn new(test_dir: Option<PathBuf>) -> ChosenFiles {
        ChosenFiles { chosen: Mutex::default(), test_dir }
    }

    /// Remembers a path the user picked in a dialog (or dropped on the window).
    pub fn choose(&self, purpose: Purpose, path: &Path) {
        self.chosen.lock().unwrap_or_else(|e| e.into_inner()).insert((purpose, path.to_path_buf()));
    }

    /// The path, if the user chose it for this purpose in this session; otherwise a refusal that says how
    /// to choose a file.
    pub fn check(&self, purpose: Purpose, path: &str) -> CmdResult<PathBuf> {
        let p = PathBuf::from(path);
        let chosen = self.chosen.lock().unwrap_or_else(|e| e.into_inner()).contains(&(purpose, p.clone()));
        let in_test_dir =
            self.test_dir.as_ref().is_some_and(|d| p.is_absolute() && p.parent() == Some(d.as_path()));
        if chosen || in_test_dir {
            return Ok(p);
        }
        Err(AppError::invalid(match purpose {
            Purpose::Read => {
                format!("文件“{path}”不是通过“打开文件”对话框选择的，未读取。请点“打开文件…”选择要导入的文件")
            }
            Purpose::Write => format!(
                "保存位置“{path}”不是通过“导出”对话框选择的，未写入。请重新导出并在对话框中选择保存位置"
            ),
            Purpose::Written => format!("文件“{path}”不是本次导出的文件，不能从这里打开"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_paths_pass_and_only_for_their_purpose() {
        let f = ChosenFiles::new(None);
        let p = std::env::temp_dir().join("附件.docx");
        let s = p.to_str().unwrap();
        assert!(f.check(Purpose::Read, s).unwrap_err().to_string().contains("打开文件"));
        f.choose(Purpose::Read, &p);
        assert_eq!(f.check(Purpose::Read, s).unwrap(), p);
        assert!(f.check(Purpose::Write, s).unwrap_err().to_string().contains("导出"));
    }

    #[test]
    fn the_test_folder_counts_only_for_its_own_files() {
        let dir = std::env::temp_dir().join("fengong-e2e-export");
        let f = ChosenFiles::new(Some(dir.clone()));
        f.check(Purpose::Write, dir.join("a.pdf").to_str().unwrap()).unwrap();
        assert!(f.check(Purpose::Write, dir.join("sub/a.pdf").to_str().unwrap()).is_err());
        assert!(f.check(Purpose::Read, "/etc/passwd").is_err());
    }
}
