//! The page in the layout's terms: points, text areas per page and parity, the constants of the table and
//! the first page (the standard's numbers live in [`crate::layout::geometry`]).

use crate::layout::frame::*;
use crate::layout::geometry;
use crate::layout::PageSetup;

// ---------------------------------------------------------------------------------------------------
// Units and geometry

pub(crate) use crate::layout::geometry::{LABEL_SIZE, MM, PAGE_NUMBER_SIZE, TITLE_SIZE};
/// Table rules.
pub(crate) const RULE_WIDTH: f32 = 0.5;
/// Cell line pitch as a multiple of the body size (single spacing; not the 29 pt body grid).
pub(crate) const CELL_LEADING: f32 = 1.4;
/// Title line pitch as a multiple of the title size.
pub(crate) const TITLE_LEADING: f32 = 1.4;
/// Height of the ideographic em box above the baseline, as a fraction of the size (CJK fonts put the
/// em box from −0.12 to +0.88 em).
pub(crate) const ASCENT: f32 = 0.88;
/// The body grid: 22 lines in the 225 mm text area (GB/T 9704 §5.2.4), ≈ 28.95 pt.
pub(crate) const GRID_PITCH: f32 = geometry::TEXT_HEIGHT_MM * MM / 22.0;
/// Gap between the number line's top and the text area's bottom (GB/T 9704 §7.5).
pub(crate) const PAGE_NUMBER_GAP: f32 = geometry::PAGE_NUMBER_GAP_MM * MM;

/// The text area of a page, points, y up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Area {
    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    /// The text area of a page `width` × `height` mm with margins `m`, in points.
    fn within(width: f32, height: f32, m: geometry::Margins) -> Area {
        Area {
            left: m.left * MM,
            right: (width - m.right) * MM,
            top: (height - m.top) * MM,
            bottom: m.bottom * MM,
        }
    }
}

/// Everything that depends on the page set-up and the parity of the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeometry {
    pub width: f32,
    pub height: f32,
    pub placement: SheetPlacement,
    /// Text area in reading coordinates.
    pub area: Area,
    /// Text area of the *sheet*, where the page number goes (sheet coordinates).
    pub sheet_area: Area,
}

/// The page's geometry from [`geometry`]'s margins (the numbers live there, shared with the exports).
pub(crate) fn geometry(setup: PageSetup, odd: bool) -> PageGeometry {
    let (w, h) = geometry::page_size_mm(setup);
    let area = Area::within(w, h, geometry::margins(setup, odd));
    let (placement, sheet_area) = match setup {
        // The reading page (297 × 210) is the portrait sheet turned 90° counter-clockwise: sheet
        // (xs, ys) = (210 mm − yr, xr); the page number stays where the portrait sheet has it (GB/T 9704 §8).
        PageSetup::LandscapeBound => (
            SheetPlacement::RotatedOnPortrait,
            Area::within(geometry::A4_SHORT_MM, geometry::A4_LONG_MM, geometry::portrait_margins(odd)),
        ),
        PageSetup::Portrait | PageSetup::Landscape => (SheetPlacement::Upright, area),
    };
    PageGeometry { width: w * MM, height: h * MM, placement, area, sheet_area }
}
