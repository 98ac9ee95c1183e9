//! Import of pasted annex text. (being written)
