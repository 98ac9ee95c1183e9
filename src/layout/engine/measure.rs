//! Measuring with caches: a character's face and advance once per layout run.

use std::collections::HashSet;

use crate::layout::frame::*;

// ---------------------------------------------------------------------------------------------------
// Measuring with caches

/// FxHash (rustc's hasher, the `rustc-hash` crate): the width cache is hit once per character of the
/// document, SipHash would be a noticeable share of the layout time.
pub(super) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Text measured for one role: characters, the face of each, advances in points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    pub chars: Vec<char>,
    pub fonts: Vec<FontId>,
    pub widths: Vec<f32>,
}

pub(crate) struct Measurer<'a> {
    metrics: &'a dyn Metrics,
    faces: FxMap<(FaceRole, char), Option<FontId>>,
    advances: FxMap<(FontId, char), f32>,
    glyphs: FxMap<(FaceRole, char), Option<(FontId, f32)>>,
    role_default: FxMap<FaceRole, FontId>,
    pub missing: Vec<MissingGlyph>,
    seen: HashSet<(char, String)>,
}

impl<'a> Measurer<'a> {
    pub fn new(metrics: &'a dyn Metrics) -> Self {
        Measurer {
            metrics,
            faces: FxMap::default(),
            advances: FxMap::default(),
            glyphs: FxMap::default(),
            role_default: FxMap::default(),
            missing: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Face and advance (em) of `ch` for `role`: one cache lookup per character on the hot path.
    fn glyph(&mut self, role: FaceRole, ch: char) -> Option<(FontId, f32)> {
        if let Some(g) = self.glyphs.get(&(role, ch)) {
            return *g;
        }
        let g = self.face(role, ch).map(|f| (f, self.advance(f, ch)));
        self.glyphs.insert((role, ch), g);
        g
    }

    fn face(&mut self, role: FaceRole, ch: char) -> Option<FontId> {
        let m = self.metrics;
        *self.faces.entry((role, ch)).or_insert_with(|| m.face_for(role, ch))
    }

    fn advance(&mut self, font: FontId, ch: char) -> f32 {
        let m = self.metrics;
        *self.advances.entry((font, ch)).or_insert_with(|| m.advance(font, ch))
    }

    /// A face to attach to a character no face can draw (the layout still completes; nothing is printed
    /// while `missing` is non-empty).
    fn default_face(&mut self, role: FaceRole) -> FontId {
        if let Some(f) = self.role_default.get(&role) {
            return *f;
        }
        let f = ['一', '的', 'a', '1', ' '].iter().find_map(|&c| self.face(role, c)).unwrap_or(FontId(0));
        self.role_default.insert(role, f);
        f
    }

    /// The natural width of `text` in `role` at `size` (a character without a face counts one em; it is
    /// reported where the text is shaped, not here).
    pub fn measure(&mut self, text: &str, role: FaceRole, size: f32) -> f32 {
        text.chars()
            .filter(|c| !c.is_control())
            .map(|c| self.glyph(role, c).map_or(1.0, |(_, em)| em) * size)
            .sum()
    }

    /// Measures `text` in `role` at `size`. Characters no face has are recorded against `place()` (called
    /// only then) and measured as one em; whitespace without a glyph is measured as half an em and not
    /// reported (nothing visible is lost).
    pub fn shape(&mut self, text: &str, role: FaceRole, size: f32, place: &dyn Fn() -> String) -> Shaped {
        let mut s = Shaped {
            chars: Vec::with_capacity(text.len() / 2),
            fonts: Vec::with_capacity(text.len() / 2),
            widths: Vec::with_capacity(text.len() / 2),
        };
        for ch in text.chars() {
            let ch = match ch {
                '\t' => ' ',
                '\r' | '\u{feff}' | '\u{200b}' => continue,
                '\n' => {
                    // Paragraph break: kept for `break_cell`, never drawn.
                    let f = self.default_face(role);
                    s.chars.push('\n');
                    s.fonts.push(f);
                    s.widths.push(0.0);
                    continue;
                }
                c if c.is_control() => continue,
                c => c,
            };
            match self.glyph(role, ch) {
                Some((f, em)) => {
                    let w = em * size;
                    s.chars.push(ch);
                    s.fonts.push(f);
                    s.widths.push(w);
                }
                None => {
                    let f = self.default_face(role);
                    let w = if ch.is_whitespace() {
                        0.5 * size
                    } else {
                        let p = place();
                        if self.seen.insert((ch, p.clone())) {
                            self.missing.push(MissingGlyph { ch, place: p });
                        }
                        size
                    };
                    s.chars.push(ch);
                    s.fonts.push(f);
                    s.widths.push(w);
                }
            }
        }
        s
    }
}
