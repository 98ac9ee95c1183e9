//! PDF backend. (being written)
