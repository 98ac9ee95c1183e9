//! How the tool's text reaches a screen or a file.
//!
//! A console shows Chinese whatever the encoding (Rust writes UTF-16 to a Windows console). Redirected
//! output is different: `fengong list > 清单.txt` on Chinese Windows is read back by `type`, Notepad and
//! PowerShell in the console's code page (936, GBK), so UTF-8 bytes there are mojibake. So when stdout or
//! stderr is not a console on Windows, text is encoded in the console's output code page, or the system's
//! ANSI code page when there is no console (a scheduled task). `--encoding` overrides it; elsewhere the
//! default stays UTF-8, what every Unix tool expects.
//!
//! Rejected: a UTF-8 BOM on redirected output (`type` still shows mojibake under code page 936, and a BOM
//! in the middle of appended files is garbage); switching the console to code page 65001 (it changes the
//! user's console for the programs run after us).
//!
//! Characters the chosen encoding lacks (GBK has no 𠮷) are written as `&#NNNNN;`, visible rather than a
//! silent `?`; choose `--encoding gb18030` or `utf-8` for such text.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use encoding_rs::Encoding;

/// `--encoding`: the encoding of redirected output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputEncoding {
    /// On Windows the console's code page when redirected; UTF-8 elsewhere.
    #[default]
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gbk,
    Gb18030,
}

static CHOSEN: OnceLock<OutputEncoding> = OnceLock::new();

/// Set once, from the parsed arguments (parse errors before that use the default).
pub fn choose(e: OutputEncoding) {
    let _ = CHOSEN.set(e);
}

#[derive(Clone, Copy)]
pub enum Stream {
    Out,
    Err,
}

/// The encoding for `stream`, or None when UTF-8 text is written as it is.
fn encoding_for(stream: Stream) -> Option<&'static Encoding> {
    let to_console = match stream {
        Stream::Out => std::io::stdout().is_terminal(),
        Stream::Err => std::io::stderr().is_terminal(),
    };
    resolve(*CHOSEN.get().unwrap_or(&OutputEncoding::Auto), to_console, system_code_page())
}

/// The rule, apart from the machine: an explicit choice wins; `auto` keeps UTF-8 for a console and uses
/// the code page (if any: only Windows has one) for a file or pipe.
fn resolve(choice: OutputEncoding, to_console: bool, code_page: Option<u16>) -> Option<&'static Encoding> {
    let encoding = match choice {
        OutputEncoding::Utf8 => return None,
        OutputEncoding::Gbk => encoding_rs::GBK,
        OutputEncoding::Gb18030 => encoding_rs::GB18030,
        OutputEncoding::Auto if to_console => return None,
        OutputEncoding::Auto => code_page.and_then(codepage::to_encoding)?,
    };
    (encoding != encoding_rs::UTF_8).then_some(encoding)
}

/// Windows: the console's output code page, or the ANSI code page when the process has no console.
#[cfg(windows)]
fn system_code_page() -> Option<u16> {
    // SAFETY: both calls take no arguments and only read process state.
    let cp = unsafe {
        match windows_sys::Win32::System::Console::GetConsoleOutputCP() {
            0 => windows_sys::Win32::Globalization::GetACP(),
            cp => cp,
        }
    };
    u16::try_from(cp).ok()
}

#[cfg(not(windows))]
fn system_code_page() -> Option<u16> {
    None
}

/// The bytes for `text` in the encoding chosen for `stream`.
pub fn encode(stream: Stream, text: &str) -> std::borrow::Cow<'_, [u8]> {
    match encoding_for(stream) {
        None => std::borrow::Cow::Borrowed(text.as_bytes()),
        Some(e) => {
            // encoding_rs writes unmappable characters as decimal references (&#134071;).
            let (bytes, _, _) = e.encode(text);
            std::borrow::Cow::Owned(bytes.into_owned())
        }
    }
}

/// Writes to stdout; a closed pipe ends the program (exit 0: the reader saw what it wanted), another write
/// error is said on stderr.
pub fn say_out(args: std::fmt::Arguments) {
    let text = args.to_string();
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(&encode(Stream::Out, &text)).and_then(|_| out.flush()) {
        if reader_gone(&e) {
            std::process::exit(0);
        }
        say_err(format_args!("错误：无法输出结果（{e}）\n"));
        std::process::exit(1);
    }
}

/// The reader of a pipe went away (`fengong list | head -2`). Windows reports that as ERROR_NO_DATA (232)
/// or ERROR_PIPE_NOT_CONNECTED (233), which the standard library does not map to BrokenPipe.
fn reader_gone(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233)))
}

/// Writes to stderr (warnings, errors, notes); a failure to write there has nowhere to be said.
pub fn say_err(args: std::fmt::Arguments) {
    let text = args.to_string();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(&encode(Stream::Err, &text)).and_then(|_| err.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_uses_the_code_page_only_when_redirected() {
        // Chinese Windows, redirected: GBK; on its console: UTF-8 text (Rust writes UTF-16 there).
        assert_eq!(resolve(OutputEncoding::Auto, false, Some(936)), Some(encoding_rs::GBK));
        assert_eq!(resolve(OutputEncoding::Auto, true, Some(936)), None);
        // A console set to UTF-8 (chcp 65001), or no code page at all (Unix): bytes as they are.
        assert_eq!(resolve(OutputEncoding::Auto, false, Some(65001)), None);
        assert_eq!(resolve(OutputEncoding::Auto, false, None), None);
        // Traditional Chinese Windows.
        assert_eq!(resolve(OutputEncoding::Auto, false, Some(950)), Some(encoding_rs::BIG5));
    }

    #[test]
    fn an_explicit_choice_wins_even_on_a_console() {
        assert_eq!(resolve(OutputEncoding::Utf8, false, Some(936)), None);
        assert_eq!(resolve(OutputEncoding::Gbk, true, None), Some(encoding_rs::GBK));
        assert_eq!(resolve(OutputEncoding::Gb18030, false, Some(936)), Some(encoding_rs::GB18030));
    }

    #[test]
    fn gbk_bytes_read_back_and_missing_characters_stay_visible() {
        let (bytes, _, _) = encoding_rs::GBK.encode("深圳市税务局 𠮷");
        let (back, _, bad) = encoding_rs::GBK.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, "深圳市税务局 &#134071;");
    }
}
