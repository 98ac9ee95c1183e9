//! Installed fonts: the folders each system keeps them in, the CJK faces usable as fallbacks for rare
//! characters, and the list of Chinese faces a user may choose instead of the shipped Fandol set.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use super::sfnt::{read_faces, FaceInfo};
use crate::layout::FaceRole;

/// Folders that hold fonts on this system, existing ones only.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = Vec::new();
    if cfg!(windows) {
        let windir =
            std::env::var_os("WINDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        v.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            v.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        v.push("/System/Library/Fonts".into());
        v.push("/System/Library/Fonts/Supplemental".into());
        v.push("/Library/Fonts".into());
        if let Some(home) = std::env::var_os("HOME") {
            v.push(PathBuf::from(home).join("Library/Fonts"));
        }
    } else {
        v.push("/usr/share/fonts".into());
        v.push("/usr/local/share/fonts".into());
        if let Some(home) = std::env::var_os("HOME") {
            v.push(PathBuf::from(&home).join(".local/share/fonts"));
            v.push(PathBuf::from(&home).join(".fonts"));
        }
    }
    v.retain(|p| p.is_dir());
    v
}

fn is_font_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(),
        Some("ttf" | "otf" | "ttc" | "otc")
    )
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if depth > 0 {
                walk(&p, depth - 1, out);
            }
        } else if is_font_file(&p) {
            out.push(p);
        }
    }
}

/// Chinese names for common office font files, used when a file's name table has no Chinese name.
const KNOWN_NAMES: &[(&str, &str)] = &[
    ("simfang.ttf", "仿宋"),
    ("simhei.ttf", "黑体"),
    ("simsun.ttc", "宋体"),
    ("simsunb.ttf", "宋体-方正超大字符集"),
    ("simkai.ttf", "楷体"),
    ("fzxbsjw.ttf", "方正小标宋简体"),
    ("fzxbsk.ttf", "方正小标宋简体"),
    ("fzxbs_gbk.ttf", "方正小标宋_GBK"),
    ("fs_gb2312.ttf", "仿宋_GB2312"),
    ("msyh.ttc", "微软雅黑"),
    ("songti.ttc", "宋体-简"),
    ("stfangso.ttf", "华文仿宋"),
    ("stheiti light.ttc", "黑体-简"),
    ("stheiti medium.ttc", "黑体-简"),
];

/// Guesses which role a face suits from its names.
pub fn guess_role(names: &str) -> Option<FaceRole> {
    let l = names.to_lowercase();
    let has = |k: &[&str]| k.iter().any(|k| l.contains(k));
    if has(&["小标宋", "xbs", "xiaobiaosong", "xbsj"]) {
        Some(FaceRole::Title)
    } else if has(&["仿宋", "fangsong", "fang song", "fandolfang", "stfangsong", "fangso"]) {
        Some(FaceRole::Fang)
    } else if has(&["黑", "hei", "sans", "gothic", "雅黑", "yahei"]) {
        Some(FaceRole::Hei)
    } else if has(&["宋", "song", "serif", "ming", "明"]) {
        Some(FaceRole::Song)
    } else {
        None
    }
}

/// An installed face with Simplified-Chinese coverage, as offered to the user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstalledFace {
    /// Name to show: the Chinese family name when known (`仿宋`, `华文仿宋`), else the family name.
    pub name: String,
    /// English / PostScript-ish family name.
    pub family: String,
    pub path: PathBuf,
    /// Face index inside a collection file.
    pub index: u32,
    /// What to store in [`super::FontChoice`]: the path, with `#N` appended for a face N > 0 of a
    /// collection.
    pub spec: PathBuf,
    /// The role this face suits, guessed from its name (None for 楷体 and the like).
    pub role: Option<FaceRole>,
    pub weight: u16,
}

fn spec_of(path: &Path, index: u32) -> PathBuf {
    if index == 0 {
        path.to_path_buf()
    } else {
        PathBuf::from(format!("{}#{}", path.display(), index))
    }
}

/// Lists installed faces that cover Simplified Chinese, in the system font folders, sorted by role
/// (标宋, 黑体, 仿宋, 宋体, other) then name. Reads only name tables, so it is quick even with many fonts.
pub fn installed_faces() -> Vec<InstalledFace> {
    let mut files = Vec::new();
    for d in font_dirs() {
        walk(&d, 5, &mut files);
    }
    let mut out = Vec::new();
    for p in files {
        let file_name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_lowercase();
        let known = KNOWN_NAMES.iter().find(|(f, _)| *f == file_name).map(|(_, n)| *n);
        let Ok(faces) = read_faces(&p) else { continue };
        for fi in faces {
            if !fi.simplified_chinese && known.is_none() {
                continue;
            }
            // Collections carry TC/JP/KR faces too: keep the Simplified one where the name says which.
            let upper = fi.full_name.to_uppercase();
            if [" TC", " JP", " KR", " HK", " K", " J"]
                .iter()
                .any(|t| upper.ends_with(t) || upper.contains(&format!("{t} ")))
                && !upper.contains(" SC")
            {
                continue;
            }
            let name = fi
                .family_zh
                .clone()
                .or_else(|| known.map(str::to_string))
                .unwrap_or_else(|| fi.full_name.clone());
            let bold = fi.weight >= 600 && !name.to_lowercase().contains("bold") && !name.contains('粗');
            let name = if bold { format!("{name}（粗体）") } else { name };
            let role = guess_role(&format!("{} {} {} {}", name, fi.family, fi.full_name, file_name));
            out.push(InstalledFace {
                name,
                family: fi.family.clone(),
                spec: spec_of(&p, fi.index),
                path: p.clone(),
                index: fi.index,
                role,
                weight: fi.weight,
            });
        }
    }
    let rank = |r: Option<FaceRole>| match r {
        Some(FaceRole::Title) => 0,
        Some(FaceRole::Hei) => 1,
        Some(FaceRole::Fang) => 2,
        Some(FaceRole::Song) => 3,
        None => 4,
    };
    out.sort_by(|a, b| rank(a.role).cmp(&rank(b.role)).then(a.name.cmp(&b.name)).then(a.path.cmp(&b.path)));
    out
}

/// Picks the face of a collection to use when the user gave only a path: the Simplified-Chinese face
/// (`… SC`) if the names say which, else the first face covering Simplified Chinese, else 0.
pub fn pick_face_index(path: &Path) -> u32 {
    let Ok(faces) = read_faces(path) else { return 0 };
    if faces.len() <= 1 {
        return 0;
    }
    let sc = |f: &FaceInfo| f.full_name.contains(" SC") || f.family.ends_with(" SC") || f.family_zh.is_some();
    faces
        .iter()
        .find(|f| sc(f) && f.simplified_chinese)
        .or_else(|| faces.iter().find(|f| sc(f)))
        .or_else(|| faces.iter().find(|f| f.simplified_chinese))
        .map(|f| f.index)
        .unwrap_or(0)
}

/// Installed faces as (file, face index in a collection).
pub type FaceList = Vec<(PathBuf, u32)>;

/// Installed CJK faces used as fallbacks after the shipped ones, as (path, face index), serif faces and
/// sans faces separately, existing files only. Computed once per process.
pub fn fallback_faces() -> &'static (FaceList, FaceList) {
    static CELL: OnceLock<(FaceList, FaceList)> = OnceLock::new();
    CELL.get_or_init(|| {
        // (path, face index or None = look it up)
        let mut serif: Vec<(PathBuf, Option<u32>)> = Vec::new();
        let mut sans: Vec<(PathBuf, Option<u32>)> = Vec::new();
        if cfg!(windows) {
            let windir =
                std::env::var_os("WINDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
            let f = windir.join("Fonts");
            serif.push((f.join("simsun.ttc"), Some(0)));
            serif.push((f.join("simfang.ttf"), Some(0)));
            serif.push((f.join("simsunb.ttf"), Some(0))); // SimSun-ExtB: rare characters of names
            sans.push((f.join("simhei.ttf"), Some(0)));
            sans.push((f.join("msyh.ttc"), Some(0)));
        } else if cfg!(target_os = "macos") {
            serif.push(("/System/Library/Fonts/Supplemental/Songti.ttc".into(), None));
            serif.push(("/Library/Fonts/Songti.ttc".into(), None));
            sans.push(("/System/Library/Fonts/STHeiti Light.ttc".into(), None));
            sans.push(("/System/Library/Fonts/PingFang.ttc".into(), None));
            sans.push(("/System/Library/Fonts/Supplemental/Arial Unicode.ttf".into(), Some(0)));
        } else {
            for dir in [
                "/usr/share/fonts/opentype/noto",
                "/usr/share/fonts/noto-cjk",
                "/usr/share/fonts/google-noto-cjk",
            ] {
                serif.push((Path::new(dir).join("NotoSerifCJK-Regular.ttc"), Some(2)));
                sans.push((Path::new(dir).join("NotoSansCJK-Regular.ttc"), Some(2)));
            }
            serif.push(("/usr/share/fonts/truetype/arphic/uming.ttc".into(), Some(0)));
            sans.push(("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc".into(), Some(0)));
            sans.push(("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc".into(), Some(0)));
            sans.push(("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf".into(), Some(0)));
        }
        let resolve = |v: Vec<(PathBuf, Option<u32>)>| -> Vec<(PathBuf, u32)> {
            v.into_iter()
                .filter(|(p, _)| p.is_file())
                .map(|(p, i)| {
                    let i = i.unwrap_or_else(|| pick_face_index(&p));
                    (p, i)
                })
                .collect()
        };
        (resolve(serif), resolve(sans))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_guessed_from_chinese_and_english_names() {
        assert_eq!(guess_role("仿宋 FangSong simfang.ttf"), Some(FaceRole::Fang));
        assert_eq!(guess_role("黑体 SimHei"), Some(FaceRole::Hei));
        assert_eq!(guess_role("方正小标宋简体 FZXiaoBiaoSong-B05S"), Some(FaceRole::Title));
        assert_eq!(guess_role("宋体 SimSun"), Some(FaceRole::Song));
        assert_eq!(guess_role("楷体 KaiTi"), None);
    }

    #[test]
    fn lists_installed_noto_sc_when_present() {
        if !Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists() {
            return;
        }
        let faces = installed_faces();
        let noto: Vec<_> = faces.iter().filter(|f| f.family.contains("Noto Serif CJK")).collect();
        assert!(!noto.is_empty(), "{faces:#?}");
        assert!(noto.iter().all(|f| !f.name.ends_with(" TC") && !f.name.ends_with(" JP")), "{noto:#?}");
        assert!(noto.iter().any(|f| f.index == 2 && f.role == Some(FaceRole::Song)), "{noto:#?}");
    }
}
