//! Annex layout. (being written)
