//! The built-in sample: the 广东自贸试验区第八批 annex as staff paste it, so a new database can be filled
//! in one step.

pub const SAMPLE_NAME: &str = "gd-ftz-batch8.txt";
pub const SAMPLE_TEXT: &str = include_str!("../samples/gd-ftz-batch8.txt");

/// The sample's title on one line, as the importer reads it from the sample itself (the welcome page quotes
/// it; a title quoted from memory was wrong once, and in official work a misquoted title is an error).
pub fn sample_title() -> String {
    crate::import::parse_annex(SAMPLE_TEXT.as_bytes(), SAMPLE_NAME)
        .map(|p| crate::model::one_line(&p.title))
        .unwrap_or_default()
}

/// A generated annex in the sample's pasted format with `items` rows (the sample's rows repeated with
/// their numbers continued and a counter in each 事项), for benchmarks and stress tests.
pub fn generate_annex(items: usize) -> String {
    let mut lines = SAMPLE_TEXT.lines();
    let mut out = String::new();
    let mut header = "";
    for l in lines.by_ref() {
        out.push_str(l);
        out.push('\n');
        if l.starts_with("序号\t") {
            header = l;
            break;
        }
    }
    let rows: Vec<&str> =
        SAMPLE_TEXT.lines().filter(|l| l.split('\t').count() >= 5 && !l.starts_with("序号\t")).collect();
    for n in 0..items {
        if n > 0 && n % 50 == 0 {
            out.push('\n');
            out.push_str(header);
            out.push('\n');
        }
        let src = rows[n % rows.len()];
        let mut cells = src.split('\t');
        cells.next();
        let title = cells.next().unwrap_or("");
        let rest: Vec<&str> = cells.collect();
        out.push_str(&format!("{}\t{}（第{}项）\t{}\n", n + 1, title, n + 1, rest.join("\t")));
    }
    out
}
