//! The page in numbers, in one home: A4, the GB/T 9704 margins of each page set-up, the type sizes of the
//! label, title and page numbers, and the cell padding. The layout places with them, and the Word and Excel
//! exports set their pages from them (before, each of the three had its own copy of the margins).
//!
//! Millimetres here (the standard's unit); the layout converts with [`MM`], Word with twips, Excel with
//! inches.

use super::PageSetup;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A4, millimetres.
pub const A4_SHORT_MM: f32 = 210.0;
pub const A4_LONG_MM: f32 = 297.0;

/// The text area of a portrait page (GB/T 9704 §5.2.3): 156 × 225 mm; landscape pages turn it.
pub const TEXT_WIDTH_MM: f32 = 156.0;
pub const TEXT_HEIGHT_MM: f32 = 225.0;

/// 2号 title.
pub const TITLE_SIZE: f32 = 22.0;
/// 3号 label (附件).
pub const LABEL_SIZE: f32 = 16.0;
/// 4号 page numbers.
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
/// Gap between the text area's bottom and the page number line's top (GB/T 9704 §7.5).
pub const PAGE_NUMBER_GAP_MM: f32 = 7.0;

/// Left and right cell padding, rule to text: Word's default cell margin (0.19 cm), so the PDF and the
/// .docx export set the same lines and justified text keeps clear of the rules.
pub const CELL_PADDING_MM: f32 = 1.9;

/// Margins of one page, millimetres, as the reader holds the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

/// The set-up of a page printed flat, unbound (Word, Excel): standalone landscape or portrait.
pub fn flat(landscape: bool) -> PageSetup {
    if landscape {
        PageSetup::Landscape
    } else {
        PageSetup::Portrait
    }
}

/// Whether the reading page of a set-up is landscape.
pub fn is_landscape(setup: PageSetup) -> bool {
    !matches!(setup, PageSetup::Portrait)
}

/// Page size (width, height) in millimetres as the reader holds it.
pub fn page_size_mm(setup: PageSetup) -> (f32, f32) {
    if is_landscape(setup) {
        (A4_LONG_MM, A4_SHORT_MM)
    } else {
        (A4_SHORT_MM, A4_LONG_MM)
    }
}

/// The portrait margins: top 37, bottom 35, binding side 28 (left on odd pages, right on even pages: mirror
/// margins), outer side 26 mm.
pub fn portrait_margins(odd: bool) -> Margins {
    let (left, right) = if odd { (28.0, 26.0) } else { (26.0, 28.0) };
    Margins { top: 37.0, bottom: 35.0, left, right }
}

/// The margins of a page of `setup`, as the reader holds it. Bound landscape: the portrait sheet turned
/// counter-clockwise, so the binding edge is at the top on odd pages and the outer edge on even ones (left
/// 35, right 37). Standalone landscape: the bound odd page's margins on every page (top 28, bottom 26, left
/// 35, right 37), no mirroring.
pub fn margins(setup: PageSetup, odd: bool) -> Margins {
    match setup {
        PageSetup::Portrait => portrait_margins(odd),
        PageSetup::LandscapeBound => {
            let p = portrait_margins(odd);
            Margins { top: p.left, bottom: p.right, left: p.bottom, right: p.top }
        }
        PageSetup::Landscape => margins(PageSetup::LandscapeBound, true),
    }
}

/// The text area's width in millimetres: 156 portrait, 225 landscape.
pub fn text_width_mm(setup: PageSetup) -> f32 {
    let (w, _) = page_size_mm(setup);
    let m = margins(setup, true);
    w - m.left - m.right
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_up_has_the_same_text_area_turned() {
        for setup in [PageSetup::Portrait, PageSetup::LandscapeBound, PageSetup::Landscape] {
            for odd in [true, false] {
                let (w, h) = page_size_mm(setup);
                let m = margins(setup, odd);
                let (tw, th) = (w - m.left - m.right, h - m.top - m.bottom);
                let want = if is_landscape(setup) {
                    (TEXT_HEIGHT_MM, TEXT_WIDTH_MM)
                } else {
                    (TEXT_WIDTH_MM, TEXT_HEIGHT_MM)
                };
                assert!(
                    (tw - want.0).abs() < 1e-3 && (th - want.1).abs() < 1e-3,
                    "{setup:?} {odd}: {tw} × {th}"
                );
            }
        }
        assert_eq!(
            margins(PageSetup::Portrait, false),
            Margins { top: 37.0, bottom: 35.0, left: 26.0, right: 28.0 }
        );
        assert_eq!(
            margins(PageSetup::Landscape, false),
            Margins { top: 28.0, bottom: 26.0, left: 35.0, right: 37.0 }
        );
        assert_eq!(
            margins(PageSetup::LandscapeBound, false),
            Margins { top: 26.0, bottom: 28.0, left: 35.0, right: 37.0 }
        );
        assert_eq!(text_width_mm(PageSetup::LandscapeBound), 225.0);
    }
}
