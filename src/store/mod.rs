//! SQLite store. (being written)
