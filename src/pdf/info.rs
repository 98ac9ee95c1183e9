//! The document information dictionary as printpdf 0.12.8 writes it, tidied after saving.
//!
//! printpdf always writes `/GTS_PDFXVersion` (empty when the file is not PDF/X), `/Identifier()` and empty
//! `/Author()` / `/Keywords()`. An empty `GTS_PDFXVersion` makes readers and print-shop preflight report
//! the file as PDF/X although it has no OutputIntent, so it must go. The dictionary is a plain object
//! (printpdf writes no object streams), so each such entry is overwritten with spaces of the same length:
//! every byte offset in the cross-reference table stays valid, and PDF treats the spaces as whitespace.
//! Rejected: re-saving through lopdf (a second full parse and write of a 2 MB file for a few bytes), and
//! an incremental update (the old dictionary, marker included, would stay in the file for byte scanners).

/// Entries blanked out when they are empty literals.
const EMPTY_ENTRIES: [&[u8]; 4] = [b"/GTS_PDFXVersion()", b"/Identifier()", b"/Author()", b"/Keywords()"];

/// Blanks the empty entries of the information dictionary in place (same length). Returns how many
/// were blanked.
pub(crate) fn tidy(bytes: &mut [u8]) -> usize {
    // The dictionary is written near the end of the file, after the pages and fonts.
    let from = bytes.len().saturating_sub(64 * 1024);
    let mut blanked = 0;
    for entry in EMPTY_ENTRIES {
        if let Some(at) = find(&bytes[from..], entry) {
            bytes[from + at..from + at + entry.len()].fill(b' ');
            blanked += 1;
        }
    }
    blanked
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_entries_are_blanked_with_the_same_length() {
        let mut b = b"%PDF-1.7\n1 0 obj\n<</Trapped/False/GTS_PDFXVersion()/Title<FEFF>/Author()/Identifier()/Keywords()/Subject<FEFF4EFB>>>\nendobj\n".to_vec();
        let len = b.len();
        assert_eq!(tidy(&mut b), 4);
        assert_eq!(b.len(), len);
        let s = String::from_utf8(b).unwrap();
        assert!(!s.contains("GTS_PDFX") && !s.contains("Author") && !s.contains("Identifier"), "{s}");
        assert!(s.contains("/Title<FEFF>") && s.contains("/Subject<FEFF4EFB>"), "{s}");
        // A filled entry is kept.
        let mut b = b"<</Author<FEFF0041>/Keywords<FEFF0042>>>".to_vec();
        assert_eq!(tidy(&mut b), 0);
    }
}
