//! The repository as a Windows user gets it: Git for Windows checks symbolic links out as small text files
//! by default (`core.symlinks=false`), so a symlinked `tauri.conf.json` made the desktop app unbuildable
//! there ("unable to parse JSON Tauri config file"). No tracked file may be a symlink.

use std::process::Command;

#[test]
fn no_tracked_file_is_a_symbolic_link() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("git")
        .args(["-C", root, "ls-files", "-s"])
        .output()
        .expect("git is needed by this test");
    assert!(out.status.success(), "git ls-files: {}", String::from_utf8_lossy(&out.stderr));
    let links: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("120000 "))
        .map(|l| l.split('\t').nth(1).unwrap_or(l).to_string())
        .collect();
    assert!(links.is_empty(), "symbolic links break a default Windows checkout: {links:?}");
}

#[test]
fn the_desktop_config_is_a_real_file_beside_the_app_crate() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    for name in ["tauri.conf.json", "tauri.linux.conf.json"] {
        let p = dir.join(name);
        assert!(!std::fs::symlink_metadata(&p).unwrap().file_type().is_symlink(), "{name}");
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert!(v.is_object(), "{name} is JSON");
    }
}
