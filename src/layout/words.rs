//! Word boundaries for line breaking: where a break would split a word (`推广`, `分钟`, `深圳市税务局`).
//!
//! Segmentation is jieba's (the `jieba-rs` crate: a dictionary DAG and the most probable path, no HMM — the
//! HMM guesses unknown words, and a wrong guess would forbid a good break). Its dictionary is jieba's own,
//! shipped sorted in `dict/words.txt` (words of one to six characters; `tools/words.py` regenerates it).
//! A [`Words`] is built for the texts of one layout: only the dictionary words that occur in them are
//! found (binary search in the sorted file, no parsing of the rest) and given to jieba with the total
//! frequency of the whole dictionary, so segmentation is exactly what jieba with its full dictionary gives,
//! at a small fraction of the cost of building its 349,000-word trie (≈ 100–250 ms here; that alone would
//! be twice the budget of a cold render).
//!
//! Words the document itself names are added as user words (jieba's `add_word`, the way jieba users add
//! their own terms): every unit name of a unit cell and every short value of other side columns
//! (`全省范围`, `全省除深圳市以外`), so that names stay whole even when jieba's dictionary would cut them.

use std::sync::OnceLock;

use jieba_rs::Jieba;
use rustc_hash::{FxHashMap, FxHashSet};

static DICT: &str = include_str!("dict/words.txt");

/// The start of every line of [`DICT`] after the header, the byte length of its word (so that a binary
/// search compares slices without scanning for the space each time), and the header's total frequency.
struct Index {
    starts: Vec<u32>,
    lens: Vec<u8>,
    total: u64,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let bytes = DICT.as_bytes();
        let header_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(0);
        let total = DICT[..header_end].trim().parse().unwrap_or(60_101_964);
        let mut starts = Vec::with_capacity(350_000);
        let mut lens = Vec::with_capacity(350_000);
        let mut at = header_end + 1;
        while at < bytes.len() {
            starts.push(at as u32);
            // Words are at most six characters (18 bytes): the length fits a byte.
            let space = bytes[at..].iter().position(|&b| b == b' ').unwrap_or(0);
            lens.push(space.min(u8::MAX as usize) as u8);
            match bytes[at..].iter().position(|&b| b == b'\n') {
                Some(k) => at += k + 1,
                None => break,
            }
        }
        Index { starts, lens, total }
    })
}

/// The word of entry `i` (its bytes up to the space).
#[inline]
fn word(ix: &Index, i: usize) -> &'static [u8] {
    let start = ix.starts[i] as usize;
    &DICT.as_bytes()[start..start + ix.lens[i] as usize]
}

/// The word and the line of entry `i`.
fn entry(ix: &Index, i: usize) -> (&'static [u8], &'static str) {
    let start = ix.starts[i] as usize;
    let end = ix.starts.get(i + 1).map(|&e| e as usize - 1).unwrap_or(DICT.len());
    let line = &DICT[start..end];
    (word(ix, i), line.trim_end())
}

/// The first entry in `lo..hi` for which `below` is false (`below` must hold for a prefix of the range).
fn partition(ix: &Index, mut lo: usize, mut hi: usize, below: impl Fn(&[u8]) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(word(ix, mid)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Dictionary lines of the words that occur in `text`, added to `out` (each once, via `seen`).
fn words_in(
    ix: &Index,
    text: &str,
    by_char: &mut FxHashMap<char, (usize, usize)>,
    seen: &mut FxHashSet<&'static str>,
    out: &mut Vec<&'static str>,
) {
    let bytes = text.as_bytes();
    let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bounds.push(bytes.len());
    for (k, ch) in text.chars().enumerate() {
        // Narrow the range of entries starting with text[from..to], one character longer each time; the
        // range of a first character is found once per layout.
        let head = &bytes[bounds[k]..bounds[k + 1]];
        let (mut lo, mut hi) = *by_char.entry(ch).or_insert_with(|| {
            let first = partition(ix, 0, ix.starts.len(), |w| w < head);
            (first, partition(ix, first, ix.starts.len(), |w| w.starts_with(head)))
        });
        if lo == hi {
            continue;
        }
        if word(ix, lo) == head {
            let line = entry(ix, lo).1;
            if seen.insert(line) {
                out.push(line);
            }
        }
        for len in 2..=6 {
            let Some(&to) = bounds.get(k + len) else { break };
            let key = &bytes[bounds[k]..to];
            let first = partition(ix, lo, hi, |w| w < key);
            // No entry starts with the key (the usual case for longer keys): no second search.
            if first == hi || !word(ix, first).starts_with(key) {
                break;
            }
            let last = partition(ix, first, hi, |w| w.starts_with(key));
            let (word, line) = entry(ix, first);
            if word == key && seen.insert(line) {
                out.push(line);
            }
            (lo, hi) = (first, last);
        }
    }
}

/// A segmenter for the texts of one layout.
pub struct Words {
    jieba: Jieba,
}

impl Words {
    /// Loads the dictionary words that occur in `texts`, and `user_words` (the document's own names).
    pub fn for_texts<'t>(texts: impl IntoIterator<Item = &'t str>, user_words: &[&str]) -> Words {
        let ix = index();
        let mut seen = FxHashSet::default();
        let mut lines = Vec::new();
        let mut by_char = FxHashMap::default();
        for t in texts {
            words_in(ix, t, &mut by_char, &mut seen, &mut lines);
        }
        let found: u64 = lines.iter().filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok()).sum();
        let mut dict = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + 32);
        for l in &lines {
            dict.push_str(l);
            dict.push('\n');
        }
        // The words not loaded still count in the total, so every probability is jieba's own. U+E000
        // (private use) never occurs in a cell's text.
        dict.push_str(&format!("\u{e000} {}\n", ix.total.saturating_sub(found).max(1)));
        let mut jieba = Jieba::empty();
        // The lines come from our own file: a parse error would be a broken build, not user input.
        jieba.load_dict(&mut dict.as_bytes()).expect("dict/words.txt is well-formed");
        for w in user_words {
            let w = w.trim();
            if w.chars().count() >= 2 && !w.contains(char::is_whitespace) {
                jieba.add_word(w, None, None);
            }
        }
        Words { jieba }
    }

    /// `joins[i]` is true when `chars[i - 1]` and `chars[i]` belong to one word (a break before `chars[i]`
    /// would split it). `joins[0]` is false.
    pub fn joins(&self, chars: &[char]) -> Vec<bool> {
        let mut out = vec![false; chars.len()];
        if chars.len() < 2 {
            return out;
        }
        let text: String = chars.iter().collect();
        let mut at = 0;
        for piece in self.jieba.cut(&text, false) {
            let n = piece.chars().count();
            for slot in out.iter_mut().skip(at + 1).take(n.saturating_sub(1)) {
                *slot = true;
            }
            at += n;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(w: &Words, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let joins = w.joins(&chars);
        let mut s = String::new();
        for (i, c) in chars.iter().enumerate() {
            if i > 0 && !joins[i] {
                s.push('/');
            }
            s.push(*c);
        }
        s
    }

    #[test]
    fn the_shipped_dictionary_is_sorted_and_has_its_total() {
        let ix = index();
        assert!(ix.starts.len() > 300_000, "{}", ix.starts.len());
        assert!(ix.total > 60_000_000, "{}", ix.total);
        for i in 1..ix.starts.len() {
            assert!(entry(ix, i - 1).0 < entry(ix, i).0, "not sorted at entry {i}");
        }
    }

    #[test]
    fn words_of_the_text_are_kept_whole() {
        let texts =
            ["广东自贸试验区第八批可复制推广改革创新经验任务分工表", "复制推广范围", "办理时间缩短至1-2分钟"];
        let w = Words::for_texts(texts, &[]);
        let title = cut(&w, texts[0]);
        for word in ["广东", "试验区", "复制", "推广", "改革", "创新", "经验", "任务", "分工"]
        {
            assert!(title.split('/').any(|p| p == word), "{word}: {title}");
        }
        assert_eq!(cut(&w, texts[1]), "复制/推广/范围");
        assert!(cut(&w, texts[2]).ends_with("/分钟"), "{}", cut(&w, texts[2]));
    }

    #[test]
    fn the_document_s_own_names_are_words() {
        let text = "省市场监管局、海关总署广东分署";
        let plain = Words::for_texts([text], &[]);
        let named = Words::for_texts([text], &["省市场监管局", "海关总署广东分署"]);
        assert_eq!(cut(&named, text), "省市场监管局/、/海关总署广东分署");
        assert_ne!(cut(&plain, text), cut(&named, text));
    }

    #[test]
    fn segmentation_matches_jieba_with_its_whole_dictionary() {
        // The same sentence through a Jieba loaded with every shipped word: the found-words-only load must
        // give the same cut (the total keeps the probabilities).
        let text = "税务部门通过在电子税务局开发不动产租赁委托代开发票功能，实现不动产租赁业务全流程网上办理";
        let mut all = String::new();
        let mut sum = 0u64;
        for line in DICT.lines().skip(1) {
            sum += line.rsplit(' ').next().unwrap().parse::<u64>().unwrap();
            all.push_str(line);
            all.push('\n');
        }
        all.push_str(&format!("\u{e000} {}\n", index().total - sum));
        let full = Jieba::with_dict(&mut all.as_bytes()).unwrap();
        let want: Vec<&str> = full.cut(text, false);
        let w = Words::for_texts([text], &[]);
        let got: Vec<String> = w.jieba.cut(text, false).into_iter().map(String::from).collect();
        assert_eq!(got, want);
    }
}
