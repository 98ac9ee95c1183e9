//! The built-in sample: the 广东自贸试验区第八批 annex as staff paste it, so a new database can be filled
//! in one step.

pub const SAMPLE_NAME: &str = "gd-ftz-batch8.txt";
pub const SAMPLE_TEXT: &str = include_str!("../samples/gd-ftz-batch8.txt");
