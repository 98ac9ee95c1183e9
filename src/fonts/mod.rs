//! The font set: the shipped Fandol faces (embedded in the binary, so every machine prints the same
//! pages), faces the user chose among installed ones, and fallbacks for characters a face lacks. It
//! implements the layout's [`Metrics`] and hands the parsed faces to the PDF backend.
//!
//! Each font file is parsed once per process (a static cache keyed by source), because parsing the
//! Fandol faces is most of the cost of a cold render; fallback faces are parsed only when a character
//! actually needs them.

mod sfnt;
mod system;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::ParsedFont;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use crate::layout::{FaceRole, FontId, Metrics};
use system::fallback_faces;
pub use system::{installed_faces, InstalledFace};

/// The four Fandol faces shipped in `fonts/` (GPLv3 with the font exception, see `fonts/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Shipped {
    /// FandolSong-Bold — the title (小标宋 stand-in).
    SongBold,
    /// FandolHei-Regular — label and header (黑体).
    Hei,
    /// FandolFang-Regular — table body (仿宋).
    Fang,
    /// FandolSong-Regular — page numbers (宋体).
    Song,
}

static FANDOL_SONG_BOLD: &[u8] = include_bytes!("../../fonts/FandolSong-Bold.otf");
static FANDOL_HEI: &[u8] = include_bytes!("../../fonts/FandolHei-Regular.otf");
static FANDOL_FANG: &[u8] = include_bytes!("../../fonts/FandolFang-Regular.otf");
static FANDOL_SONG: &[u8] = include_bytes!("../../fonts/FandolSong-Regular.otf");

impl Shipped {
    pub const ALL: [Shipped; 4] = [Shipped::SongBold, Shipped::Hei, Shipped::Fang, Shipped::Song];

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Shipped::SongBold => FANDOL_SONG_BOLD,
            Shipped::Hei => FANDOL_HEI,
            Shipped::Fang => FANDOL_FANG,
            Shipped::Song => FANDOL_SONG,
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Shipped::SongBold => "FandolSong-Bold.otf",
            Shipped::Hei => "FandolHei-Regular.otf",
            Shipped::Fang => "FandolFang-Regular.otf",
            Shipped::Song => "FandolSong-Regular.otf",
        }
    }

    /// Name to show the user.
    pub fn display_name(self) -> &'static str {
        match self {
            Shipped::SongBold => "Fandol 宋体粗（内置）",
            Shipped::Hei => "Fandol 黑体（内置）",
            Shipped::Fang => "Fandol 仿宋（内置）",
            Shipped::Song => "Fandol 宋体（内置）",
        }
    }

    /// The shipped face for a role.
    pub fn for_role(role: FaceRole) -> Shipped {
        match role {
            FaceRole::Title => Shipped::SongBold,
            FaceRole::Hei => Shipped::Hei,
            FaceRole::Fang => Shipped::Fang,
            FaceRole::Song => Shipped::Song,
        }
    }
}

/// Where a face comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FaceSource {
    Shipped(Shipped),
    /// A font file and the face index inside it (0 unless a collection).
    File {
        path: PathBuf,
        index: u32,
    },
}

impl FaceSource {
    /// A user's face spec: a path, optionally with `#N` selecting face N of a collection. Without `#N` a
    /// collection's Simplified-Chinese face is chosen.
    pub fn from_spec(spec: &Path) -> FaceSource {
        let s = spec.to_string_lossy();
        if let Some((p, n)) = s.rsplit_once('#') {
            if let Ok(n) = n.parse::<u32>() {
                if Path::new(p).is_file() {
                    return FaceSource::File { path: PathBuf::from(p), index: n };
                }
            }
        }
        let index = system::pick_face_index(spec);
        FaceSource::File { path: spec.to_path_buf(), index }
    }

    pub fn describe(&self) -> String {
        match self {
            FaceSource::Shipped(s) => s.display_name().to_string(),
            FaceSource::File { path, index: 0 } => path.display().to_string(),
            FaceSource::File { path, index } => format!("{}（第 {} 个字形）", path.display(), index + 1),
        }
    }
}

const UNKNOWN: u32 = u32::MAX;

/// One parsed face with a per-character cache of glyph index and advance.
pub struct Face {
    pub source: FaceSource,
    /// Name to show (PostScript name from the font, or the shipped face's name).
    pub name: String,
    font: ParsedFont,
    units_per_em: f32,
    /// For the BMP: `gid << 16 | advance` (font units), `UNKNOWN` until first asked. Lock-free, so a face
    /// is shared by threads (desktop) without contention.
    bmp: Box<[AtomicU32]>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("source", &self.source).field("name", &self.name).finish()
    }
}

impl Face {
    fn parse(source: &FaceSource) -> Result<Face> {
        let mut warnings = Vec::new();
        let (font, fallback_name) = match source {
            FaceSource::Shipped(s) => (
                match sfnt::with_negative_descender(s.bytes(), 0) {
                    Some(fixed) => ParsedFont::from_bytes(&fixed, 0, &mut warnings),
                    None => ParsedFont::from_bytes(s.bytes(), 0, &mut warnings),
                },
                s.file_name().trim_end_matches(".otf").to_string(),
            ),
            FaceSource::File { path, index } => {
                let mut bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                if let Some(fixed) = sfnt::with_negative_descender(&bytes, *index) {
                    bytes = fixed;
                }
                (
                    ParsedFont::from_bytes(&bytes, *index as usize, &mut warnings),
                    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
                )
            }
        };
        let font = font.ok_or_else(|| {
            let why: Vec<String> = warnings.iter().map(|w| w.message.clone()).collect();
            Error::Font(format!("无法读取字体“{}”：{}", source.describe(), why.join("；")))
        })?;
        let upem = font.pdf_font_metrics.units_per_em as f32;
        if font.cmap_subtable.is_none() || upem <= 0.0 {
            return Err(Error::Font(format!("字体“{}”没有可用的字符映射表，不能使用", source.describe())));
        }
        let name = font.font_name.clone().filter(|n| !n.is_empty()).unwrap_or(fallback_name);
        let bmp = (0..0x10000).map(|_| AtomicU32::new(UNKNOWN)).collect::<Vec<_>>().into_boxed_slice();
        Ok(Face { source: source.clone(), name, font, units_per_em: upem, bmp })
    }

    /// The parsed face, for embedding.
    pub fn parsed(&self) -> &ParsedFont {
        &self.font
    }

    fn lookup(&self, ch: char) -> (u16, u16) {
        let gid = self.font.lookup_glyph_index(ch as u32).unwrap_or(0);
        let adv = if gid == 0 { 0 } else { self.font.get_horizontal_advance(gid) };
        (gid, adv)
    }

    /// Glyph index (0 = not in this face) and advance in font units.
    pub fn glyph(&self, ch: char) -> (u16, u16) {
        let cp = ch as u32;
        if cp < 0x10000 {
            let slot = &self.bmp[cp as usize];
            let v = slot.load(Ordering::Relaxed);
            if v != UNKNOWN {
                return ((v >> 16) as u16, v as u16);
            }
            let (g, a) = self.lookup(ch);
            slot.store(((g as u32) << 16) | a as u32, Ordering::Relaxed);
            (g, a)
        } else {
            self.lookup(ch)
        }
    }

    pub fn has_glyph(&self, ch: char) -> bool {
        self.glyph(ch).0 != 0
    }

    /// Advance of `ch` in em (1.0 for a character the face lacks, so widths stay sane if misused).
    pub fn advance_em(&self, ch: char) -> f32 {
        let (g, a) = self.glyph(ch);
        if g == 0 {
            1.0
        } else {
            a as f32 / self.units_per_em
        }
    }
}

type Loaded = Arc<OnceLock<std::result::Result<Arc<Face>, String>>>;

/// Loads a face through the process-wide cache: each source is parsed once, concurrently with others.
pub fn load_face(source: &FaceSource) -> Result<Arc<Face>> {
    static CACHE: OnceLock<Mutex<HashMap<FaceSource, Loaded>>> = OnceLock::new();
    let cell: Loaded = {
        let mut map = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        map.entry(source.clone()).or_default().clone()
    };
    cell.get_or_init(|| Face::parse(source).map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(Error::Font)
}

/// The user's choice of installed faces per role; None keeps the shipped Fandol face. A path may end in
/// `#N` to pick face N of a collection (see [`InstalledFace::spec`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FontChoice {
    pub title: Option<PathBuf>,
    pub hei: Option<PathBuf>,
    pub fang: Option<PathBuf>,
    pub song: Option<PathBuf>,
}

impl FontChoice {
    pub fn get(&self, role: FaceRole) -> Option<&PathBuf> {
        match role {
            FaceRole::Title => self.title.as_ref(),
            FaceRole::Hei => self.hei.as_ref(),
            FaceRole::Fang => self.fang.as_ref(),
            FaceRole::Song => self.song.as_ref(),
        }
    }
}

struct Slot {
    source: FaceSource,
    face: OnceLock<Option<Arc<Face>>>,
}

impl Slot {
    fn get(&self) -> Option<&Arc<Face>> {
        self.face.get_or_init(|| load_face(&self.source).ok()).as_ref()
    }
}

const ROLES: [FaceRole; 4] = [FaceRole::Title, FaceRole::Hei, FaceRole::Fang, FaceRole::Song];

fn role_index(role: FaceRole) -> usize {
    match role {
        FaceRole::Title => 0,
        FaceRole::Hei => 1,
        FaceRole::Fang => 2,
        FaceRole::Song => 3,
    }
}

/// Faces by [`FontId`] plus, per role, the chain tried for each character (the role's face first).
pub struct FontSet {
    slots: Vec<Slot>,
    chains: [Vec<usize>; 4],
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSet")
            .field("faces", &self.slots.iter().map(|s| s.source.describe()).collect::<Vec<_>>())
            .field("chains", &self.chains)
            .finish()
    }
}

impl FontSet {
    /// The shipped Fandol set with installed CJK fallbacks.
    pub fn shipped() -> FontSet {
        Self::build(&FontChoice::default(), true).expect("shipped faces always load")
    }

    /// The shipped faces only (no installed fallbacks): identical output on every machine; characters the
    /// Fandol faces lack are reported missing.
    pub fn shipped_only() -> FontSet {
        Self::build(&FontChoice::default(), false).expect("shipped faces always load")
    }

    /// The user's choice, each role falling back to its shipped face, the other shipped faces, then
    /// installed CJK faces. Fails (naming the file) when a chosen file cannot be read as a font.
    pub fn from_choice(choice: &FontChoice) -> Result<FontSet> {
        Self::build(choice, true)
    }

    fn build(choice: &FontChoice, with_system: bool) -> Result<FontSet> {
        let mut slots: Vec<Slot> = Vec::new();
        let index_of = |src: FaceSource, slots: &mut Vec<Slot>| -> usize {
            if let Some(i) = slots.iter().position(|s| s.source == src) {
                return i;
            }
            slots.push(Slot { source: src, face: OnceLock::new() });
            slots.len() - 1
        };
        let (serif, sans) = if with_system { fallback_faces().clone() } else { (Vec::new(), Vec::new()) };
        let mut chains: [Vec<usize>; 4] = Default::default();
        for role in ROLES {
            let mut chain = Vec::new();
            if let Some(spec) = choice.get(role) {
                let src = FaceSource::from_spec(spec);
                // A chosen face must load: the user should hear now, not get Fandol silently.
                load_face(&src)?;
                chain.push(index_of(src, &mut slots));
            }
            let own = Shipped::for_role(role);
            let mut shipped_order = vec![own];
            let rest: &[Shipped] = match role {
                FaceRole::Hei => &[Shipped::Song, Shipped::SongBold, Shipped::Fang],
                FaceRole::Title => &[Shipped::Song, Shipped::Hei, Shipped::Fang],
                FaceRole::Fang => &[Shipped::Song, Shipped::SongBold, Shipped::Hei],
                FaceRole::Song => &[Shipped::Fang, Shipped::SongBold, Shipped::Hei],
            };
            shipped_order.extend_from_slice(rest);
            for s in shipped_order {
                let i = index_of(FaceSource::Shipped(s), &mut slots);
                if !chain.contains(&i) {
                    chain.push(i);
                }
            }
            let (first, second) = if role == FaceRole::Hei { (&sans, &serif) } else { (&serif, &sans) };
            for (path, index) in first.iter().chain(second.iter()) {
                let i = index_of(FaceSource::File { path: path.clone(), index: *index }, &mut slots);
                if !chain.contains(&i) {
                    chain.push(i);
                }
            }
            chains[role_index(role)] = chain;
        }
        Ok(FontSet { slots, chains })
    }

    /// Parses the four primary faces now, in parallel (two at a time per core is plenty), so the first
    /// render does not pay for them one after another.
    pub fn preload(&self) {
        let firsts: Vec<usize> = self.chains.iter().filter_map(|c| c.first().copied()).collect();
        std::thread::scope(|s| {
            for i in firsts {
                let slot = &self.slots[i];
                s.spawn(move || {
                    slot.get();
                });
            }
        });
    }

    /// The face behind a [`FontId`] (loaded on first use).
    pub fn face(&self, id: FontId) -> Option<&Arc<Face>> {
        self.slots.get(id.0)?.get()
    }

    /// Source of a face (without loading it).
    pub fn source(&self, id: FontId) -> Option<&FaceSource> {
        self.slots.get(id.0).map(|s| &s.source)
    }

    /// The role's chosen face (first of its chain).
    pub fn primary(&self, role: FaceRole) -> FontId {
        FontId(self.chains[role_index(role)][0])
    }

    /// The chain of faces tried for a role.
    pub fn chain(&self, role: FaceRole) -> Vec<FontId> {
        self.chains[role_index(role)].iter().map(|&i| FontId(i)).collect()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

impl Metrics for FontSet {
    fn face_for(&self, role: FaceRole, ch: char) -> Option<FontId> {
        for &i in &self.chains[role_index(role)] {
            if let Some(face) = self.slots[i].get() {
                if face.has_glyph(ch) {
                    return Some(FontId(i));
                }
            }
        }
        None
    }

    fn advance(&self, font: FontId, ch: char) -> f32 {
        self.face(font).map(|f| f.advance_em(ch)).unwrap_or(1.0)
    }
}

// The desktop shares one font set between threads (Tauri state must be Send + Sync).
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<FontSet>();
    assert_send_sync::<Face>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_set_maps_roles_to_fandol_and_measures() {
        let set = FontSet::shipped_only();
        assert_eq!(set.len(), 4);
        let names: Vec<String> =
            ROLES.iter().map(|r| set.face(set.primary(*r)).unwrap().name.clone()).collect();
        assert_eq!(
            names,
            ["FandolSong-Bold", "FandolHei-Regular", "FandolFang-Regular", "FandolSong-Regular"]
        );
        let fang = set.face_for(FaceRole::Fang, '国').unwrap();
        assert_eq!(fang, set.primary(FaceRole::Fang));
        assert!((set.advance(fang, '国') - 1.0).abs() < 0.01);
        let a = set.advance(fang, '1');
        assert!(a > 0.2 && a < 0.7, "{a}");
        assert_eq!(set.face_for(FaceRole::Fang, '\u{10FFFD}'), None);
    }

    #[test]
    fn faces_are_parsed_once_per_process() {
        let a = load_face(&FaceSource::Shipped(Shipped::Song)).unwrap();
        let b = load_face(&FaceSource::Shipped(Shipped::Song)).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn an_unreadable_chosen_face_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("坏字体.ttf");
        std::fs::write(&p, b"not a font").unwrap();
        let err =
            FontSet::from_choice(&FontChoice { fang: Some(p.clone()), ..Default::default() }).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("坏字体.ttf"), "{msg}");
    }

    #[test]
    fn a_chosen_face_comes_first_then_the_shipped_one() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/FandolHei-Regular.otf");
        let set = FontSet::from_choice(&FontChoice { fang: Some(p.clone()), ..Default::default() }).unwrap();
        let chain = set.chain(FaceRole::Fang);
        assert_eq!(set.source(chain[0]), Some(&FaceSource::File { path: p, index: 0 }));
        assert_eq!(set.source(chain[1]), Some(&FaceSource::Shipped(Shipped::Fang)));
    }
}
