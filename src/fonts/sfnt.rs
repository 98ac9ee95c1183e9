//! Just enough of the sfnt (TrueType/OpenType) format to list installed faces without parsing them: the
//! faces of a collection, their names (the Chinese family name where the font has one) and the OS/2
//! code-page bit that says "covers Simplified Chinese". Only the bytes of those two tables are read (with
//! seeks), so looking at a 60 MB `.ttc` costs a few kilobytes. Hand-written because a full font parser
//! would read and parse every glyph table of every installed font just to show a list.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// What the name and OS/2 tables of one face say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceInfo {
    /// Index of the face in its file (0 for a single-face file).
    pub index: u32,
    /// English (or first available) family name.
    pub family: String,
    /// Simplified-Chinese family name (name table, language zh-CN/zh-SG), when present.
    pub family_zh: Option<String>,
    /// Full name (e.g. `Noto Serif CJK SC`), English or first available.
    pub full_name: String,
    /// OS/2 code-page range says the face covers GB 2312 (Simplified Chinese).
    pub simplified_chinese: bool,
    /// OS/2 usWeightClass (400 regular, 700 bold; 0 when unknown).
    pub weight: u16,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_be_bytes([s[0], s[1]]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn read_at(f: &mut File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len];
    f.read_exact(&mut buf)?;
    Ok(buf)
}

/// A copy of the font bytes with the `hhea` descender of face `index` made negative, when the face
/// stores it as a positive number (FandolSong-Regular says +200). printpdf copies that value into the
/// PDF FontDescriptor's `Descent`, which must be negative (below the baseline); preflight tools flag a
/// positive one. None when nothing needs fixing (the usual case: no copy is made).
pub fn with_negative_descender(bytes: &[u8], index: u32) -> Option<Vec<u8>> {
    let off =
        if bytes.get(0..4) == Some(b"ttcf") { be32(bytes, 12 + 4 * index as usize)? as usize } else { 0 };
    let num_tables = be16(bytes, off + 4)? as usize;
    let hhea = (0..num_tables.min(200)).find_map(|t| {
        let r = off + 12 + t * 16;
        (bytes.get(r..r + 4)? == b"hhea").then(|| be32(bytes, r + 8)).flatten()
    })? as usize;
    let descender = be16(bytes, hhea + 6)? as i16;
    if descender <= 0 {
        return None;
    }
    let mut fixed = bytes.to_vec();
    fixed[hhea + 6..hhea + 8].copy_from_slice(&(-descender).to_be_bytes());
    Some(fixed)
}

/// Reads the faces of a font file (`.ttf`, `.otf`, `.ttc`, `.otc`).
pub fn read_faces(path: &Path) -> io::Result<Vec<FaceInfo>> {
    let mut f = File::open(path)?;
    let file_len = f.metadata()?.len();
    let head = read_at(&mut f, 0, 12)?;
    let offsets: Vec<u32> = if &head[0..4] == b"ttcf" {
        let n = be32(&head, 8).unwrap_or(0).min(256) as usize;
        let raw = read_at(&mut f, 12, n * 4)?;
        (0..n).filter_map(|i| be32(&raw, i * 4)).collect()
    } else {
        vec![0]
    };
    let mut faces = Vec::new();
    for (i, off) in offsets.into_iter().enumerate() {
        if let Ok(Some(info)) = read_face(&mut f, off as u64, i as u32, file_len) {
            faces.push(info);
        }
    }
    Ok(faces)
}

fn read_face(f: &mut File, off: u64, index: u32, file_len: u64) -> io::Result<Option<FaceInfo>> {
    let hdr = read_at(f, off, 12)?;
    let version = be32(&hdr, 0).unwrap_or(0);
    if version != 0x0001_0000 && &hdr[0..4] != b"OTTO" && &hdr[0..4] != b"true" {
        return Ok(None);
    }
    let num_tables = be16(&hdr, 4).unwrap_or(0).min(200) as usize;
    let dir = read_at(f, off + 12, num_tables * 16)?;
    let mut name = None;
    let mut os2 = None;
    for t in 0..num_tables {
        let r = &dir[t * 16..t * 16 + 16];
        let (Some(o), Some(l)) = (be32(r, 8), be32(r, 12)) else { continue };
        if o as u64 + l as u64 > file_len {
            continue;
        }
        match &r[0..4] {
            b"name" => name = Some((o, l.min(1 << 20))),
            b"OS/2" => os2 = Some((o, l.min(128))),
            _ => {}
        }
    }
    let Some((no, nl)) = name else { return Ok(None) };
    let names = read_at(f, no as u64, nl as usize)?;
    let mut info = FaceInfo {
        index,
        family: String::new(),
        family_zh: None,
        full_name: String::new(),
        simplified_chinese: false,
        weight: 0,
    };
    // Best record per wanted name: (priority, text). Lower priority wins.
    let mut family: Option<(u8, String)> = None;
    let mut family_zh: Option<(u8, String)> = None;
    let mut full: Option<(u8, String)> = None;
    let count = be16(&names, 2).unwrap_or(0) as usize;
    let storage = be16(&names, 4).unwrap_or(0) as usize;
    for r in 0..count {
        let at = 6 + r * 12;
        let (Some(platform), Some(encoding), Some(lang), Some(name_id), Some(len), Some(soff)) = (
            be16(&names, at),
            be16(&names, at + 2),
            be16(&names, at + 4),
            be16(&names, at + 6),
            be16(&names, at + 8),
            be16(&names, at + 10),
        ) else {
            break;
        };
        let Some(bytes) = names.get(storage + soff as usize..storage + soff as usize + len as usize) else {
            continue;
        };
        let text = match (platform, encoding) {
            (0, _) | (3, 0) | (3, 1) | (3, 10) => {
                let units: Vec<u16> =
                    bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                String::from_utf16_lossy(&units)
            }
            (1, 0) if bytes.is_ascii() => String::from_utf8_lossy(bytes).into_owned(),
            _ => continue,
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let english = platform == 1 || (platform == 3 && lang == 0x0409) || platform == 0;
        let zh = platform == 3 && (lang == 0x0804 || lang == 0x1004);
        // Typographic family (16) over legacy family (1): it does not carry the weight.
        let fam_rank = match name_id {
            16 => 0,
            1 => 1,
            _ => 9,
        };
        if fam_rank < 9 {
            let p = fam_rank + if english { 0 } else { 4 };
            if family.as_ref().is_none_or(|(q, _)| p < *q) {
                family = Some((p, text.clone()));
            }
            if zh && family_zh.as_ref().is_none_or(|(q, _)| fam_rank < *q) {
                family_zh = Some((fam_rank, text.clone()));
            }
        }
        if name_id == 4 {
            let p = if english { 0 } else { 1 };
            if full.as_ref().is_none_or(|(q, _)| p < *q) {
                full = Some((p, text));
            }
        }
    }
    info.family = family.map(|f| f.1).unwrap_or_default();
    info.family_zh = family_zh.map(|f| f.1);
    info.full_name = full.map(|f| f.1).unwrap_or_else(|| info.family.clone());
    if let Some((oo, ol)) = os2 {
        let t = read_at(f, oo as u64, ol as usize)?;
        info.weight = be16(&t, 4).unwrap_or(0);
        let version = be16(&t, 0).unwrap_or(0);
        if version >= 1 {
            if let Some(cp1) = be32(&t, 78) {
                info.simplified_chinese = cp1 & (1 << 18) != 0;
            }
        }
    }
    if info.family_zh.as_deref().is_some_and(|n| n.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))) {
        info.simplified_chinese = true;
    }
    Ok(Some(info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_of_the_shipped_fandol_faces() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolFang-Regular.otf");
        let faces = read_faces(&p).unwrap();
        assert_eq!(faces.len(), 1);
        assert!(faces[0].family.contains("Fandol"), "{faces:?}");
        assert!(faces[0].simplified_chinese, "{faces:?}");
    }

    #[test]
    fn reads_collections_face_by_face() {
        // Noto CJK is installed on the build machines (fonts-noto-cjk); skip quietly elsewhere.
        let p = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        if !p.exists() {
            return;
        }
        let faces = read_faces(p).unwrap();
        assert!(faces.len() >= 5, "{faces:?}");
        assert!(faces[2].full_name.contains("SC"), "{faces:?}");
    }
}
