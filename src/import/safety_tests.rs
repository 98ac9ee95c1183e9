//! Damaged and hostile input (issue 9): compound-file checks before calamine, panics caught at the parser
//! boundary, the input read refusing what is not a regular file or too big, the column cap, and control
//! characters taken out of every format.

use super::records::*;
use super::*;

const XLS: &[u8] = include_bytes!("../../tests/fixtures/fuzz-seeds/sample.xls");
const CRASHERS: &[(&str, &[u8])] = &[
    ("xls-truncated-16896.xls", include_bytes!("../../tests/fixtures/crashers/xls-truncated-16896.xls")),
    ("xls-truncated-17472.xls", include_bytes!("../../tests/fixtures/crashers/xls-truncated-17472.xls")),
    (
        "xls-difat-entry-fffffffd.xls",
        include_bytes!("../../tests/fixtures/crashers/xls-difat-entry-fffffffd.xls"),
    ),
    (
        "xls-fat-count-7fffffff.xls",
        include_bytes!("../../tests/fixtures/crashers/xls-fat-count-7fffffff.xls"),
    ),
    (
        "xls-minifat-count-ffff.xls",
        include_bytes!("../../tests/fixtures/crashers/xls-minifat-count-ffff.xls"),
    ),
    ("xls-cell-column-ffff.xls", include_bytes!("../../tests/fixtures/crashers/xls-cell-column-ffff.xls")),
];

/// `parse_caught` without a panic; the refusal's message.
fn refusal(bytes: &[u8], name: &str) -> String {
    match parse_caught(bytes, name) {
        Ok(Ok(p)) => panic!("{name}: imported {} rows from a damaged file", p.rows.len()),
        Ok(Err(e)) => e.to_string(),
        Err(m) => panic!("{name}: the parser panicked: {m}"),
    }
}

#[test]
fn a_real_xls_passes_the_compound_file_check_and_imports() {
    cfb::check(XLS, "附件.xls").unwrap();
    let p = parse_any(XLS, "附件.xls").unwrap();
    assert_eq!(p.item_count(), 20);
    assert!(p.report.format.contains(".xls"), "{}", p.report.format);
}

/// Each crasher made calamine panic or abort (allocating 8–17 GB) before the check.
#[test]
fn the_crashers_are_refused_with_a_message_naming_the_file() {
    for (name, bytes) in CRASHERS {
        let e = refusal(bytes, name);
        assert!(e.contains(name) && e.contains("已损坏") && e.contains("未导入任何内容"), "{e}");
    }
    // The cell record whose column was damaged to 65,535 is named by its place.
    let e = refusal(CRASHERS[5].1, CRASHERS[5].0);
    assert!(e.contains("第 65536 列") && e.contains("超过导入上限 200 列"), "{e}");
}

#[test]
fn an_xls_truncated_anywhere_is_refused_without_a_panic() {
    let mut tried = 0;
    for end in (0..XLS.len()).step_by(61).chain([XLS.len() - 1, XLS.len() - 512, XLS.len() - 513]) {
        let bytes = &XLS[..end];
        match parse_caught(bytes, "截断.xls") {
            Ok(_) => tried += 1,
            Err(m) => panic!("truncated at {end}: panic {m}"),
        }
    }
    assert!(tried > 300);
    // The header cut short names what is missing.
    assert!(refusal(&XLS[..300], "截断.xls").contains("不到文件头的 512 字节"));
}

#[test]
fn every_header_field_patched_is_refused_or_read_without_a_panic() {
    let mut refused = 0;
    for at in (24..76).step_by(2).chain((76..120).step_by(4)) {
        for v in [0u32, 1, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFD, 0xFFFF_FFFE, 0xFFFF_FFFF] {
            let mut b = XLS.to_vec();
            let w = if at < 40 { 2 } else { 4 };
            b[at..at + w].copy_from_slice(&v.to_le_bytes()[..w]);
            match parse_caught(&b, "改过.xls") {
                Ok(Err(_)) => refused += 1,
                Ok(Ok(_)) => {}
                Err(m) => panic!("field at {at} = {v:#x}: panic {m}"),
            }
        }
    }
    assert!(refused > 50, "{refused}");
}

#[test]
fn a_loop_in_the_directory_chain_is_refused() {
    // Make the directory's first sector point to itself in the FAT.
    let dir_start = u32::from_le_bytes(XLS[48..52].try_into().unwrap());
    let fat0 = u32::from_le_bytes(XLS[76..80].try_into().unwrap()) as usize;
    let at = (fat0 + 1) * 512 + 4 * dir_start as usize;
    let mut b = XLS.to_vec();
    b[at..at + 4].copy_from_slice(&dir_start.to_le_bytes());
    let e = refusal(&b, "循环.xls");
    assert!(e.contains("循环"), "{e}");
}

#[test]
fn a_panic_in_a_parser_becomes_an_error_naming_the_file() {
    let e = panic_error("附件.xlsx", "index out of bounds").to_string();
    assert!(
        e.contains("附件.xlsx") && e.contains("index out of bounds") && e.contains("未导入任何内容"),
        "{e}"
    );
    let caught = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
    assert_eq!(panic_text(caught.as_ref()), "boom 1");
}

#[test]
fn without_a_parsing_child_the_isolated_parse_is_the_in_process_one() {
    // This test harness never called child_main_if_requested.
    assert!(!isolate::serves_as_child());
    let a = isolate::parse_isolated(crate::sample::SAMPLE_TEXT.as_bytes(), "a.txt").unwrap();
    let b = parse_any(crate::sample::SAMPLE_TEXT.as_bytes(), "a.txt").unwrap();
    assert_eq!(a, b);
}

// ------------------------------------------------------------------------------------------ read_input

#[test]
fn read_input_reads_a_regular_file_and_refuses_folders_and_big_files() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("附件.txt");
    std::fs::write(&f, "abc").unwrap();
    assert_eq!(read_input(&f).unwrap(), b"abc");
    let e = read_input(dir.path()).unwrap_err().to_string();
    assert!(e.contains("文件夹") && e.contains(&dir.path().display().to_string()), "{e}");
    let big = dir.path().join("大.txt");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_IMPORT_BYTES as u64 + 1).unwrap();
    let e = read_input(&big).unwrap_err().to_string();
    assert!(e.contains("大.txt") && e.contains("超过导入上限 20 MB"), "{e}");
    let e = read_input(&dir.path().join("没有.txt")).unwrap_err().to_string();
    assert!(e.contains("没有.txt") && e.contains("不存在"), "{e}");
    // parse_file goes through it.
    assert!(parse_file(&big).unwrap_err().to_string().contains("超过导入上限"));
}

#[cfg(unix)]
#[test]
fn read_input_refuses_a_fifo_and_devices_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("管道");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    let f2 = fifo.clone();
    std::thread::spawn(move || tx.send(read_input(&f2).map_err(|e| e.to_string())).unwrap());
    let e = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("read_input blocked on a FIFO")
        .unwrap_err();
    assert!(e.contains("不是普通文件") && e.contains("管道"), "{e}");
    let e = read_input(std::path::Path::new("/dev/zero")).unwrap_err().to_string();
    assert!(e.contains("不是普通文件") && e.contains("/dev/zero"), "{e}");
}

// ------------------------------------------------------------------------------------------ column cap

#[test]
fn a_dense_file_under_the_size_cap_is_refused_before_its_records_are_built() {
    // 100 columns by 12,000 rows (2.4 MB): over the total cell cap, each row within the column cap.
    let row = format!("{}\n", vec!["格"; 100].join(","));
    let text = format!("序号,事项,主要内容,牵头单位{}\n{}", ",".repeat(96), row.repeat(12_000));
    match parse_any(text.as_bytes(), "密.csv").unwrap_err() {
        Error::AtLine { line, message, .. } => {
            assert_eq!(line, 2 + crate::rules::MAX_IMPORT_CELLS / 100 - 1, "{message}");
            assert!(message.contains("万格") && message.contains("未导入任何内容"), "{message}");
        }
        e => panic!("{e}"),
    }
    // Just under the cap is read.
    let ok = format!("序号,事项,主要内容,牵头单位{}\n{}", ",".repeat(96), row.repeat(9_000));
    assert_eq!(parse_any(ok.as_bytes(), "密.csv").unwrap().item_count(), 9_000);
}

#[test]
fn a_record_wider_than_the_cap_is_refused_before_it_is_built() {
    let head = "附件\n标题\n序号\t事项\t主要内容\t牵头单位\n1\t甲\t乙\t省发展改革委\n";
    let wide = format!("{head}2\t{}\n", "\t".repeat(3_000_000));
    let t = std::time::Instant::now();
    let e = parse_any(wide.as_bytes(), "宽.txt").unwrap_err();
    assert!(t.elapsed() < std::time::Duration::from_secs(20));
    match &e {
        Error::AtLine { line, message, .. } => {
            assert_eq!(*line, 5, "{e}");
            assert!(message.contains("超过导入上限 200 列"), "{e}");
        }
        _ => panic!("{e}"),
    }
    // Commas in a CSV count the same; exactly the cap is still read.
    let csv =
        format!("序号,事项,主要内容,牵头单位\n1,甲,乙,省发展改革委{}\n", ",".repeat(MAX_IMPORT_COLUMNS));
    assert!(parse_any(csv.as_bytes(), "宽.csv").unwrap_err().to_string().contains("第 2 行"));
    let ok =
        format!("序号,事项,主要内容,牵头单位\n1,甲,乙,省发展改革委{}\n", ",".repeat(MAX_IMPORT_COLUMNS - 4));
    assert_eq!(parse_any(ok.as_bytes(), "宽.csv").unwrap().item_count(), 1);
    // A quoted multi-line record is counted as one record.
    let quoted =
        format!("序号\t事项\t主要内容\n1\t\"a\n{}\"\tb\n2\t{}x\n", "\t".repeat(500), "\t".repeat(300));
    match parse_any(quoted.as_bytes(), "q.txt").unwrap_err() {
        Error::AtLine { line, .. } => assert_eq!(line, 4),
        e => panic!("{e}"),
    }
}

#[test]
fn records_of_any_format_with_text_beyond_the_cap_are_refused() {
    let mut cells = vec!["序号".to_string(), "事项".into()];
    cells.resize(MAX_IMPORT_COLUMNS + 5, String::new());
    cells[MAX_IMPORT_COLUMNS + 2] = "远处".into();
    let rec = RawRecord { line: 3, cell_lines: vec![3; cells.len()], cells };
    let e = parse_records(&[rec], ImportReport::new("a.docx", ""), "no header").unwrap_err().to_string();
    assert!(e.contains("a.docx") && e.contains("第 3 行") && e.contains("203 列以上"), "{e}");
}

// ------------------------------------------------------------------------------------------ controls

#[test]
fn ansi_escapes_and_controls_are_stripped_whole() {
    assert_eq!(strip_controls("\x1b[31;1m红色\x1b[0m"), ("红色".to_string(), 2));
    assert_eq!(strip_controls("a\x1b]0;title\x07b"), ("ab".to_string(), 1));
    assert_eq!(strip_controls("a\x1b]8;;http://x\x1b\\b"), ("ab".to_string(), 1));
    assert_eq!(strip_controls("a\u{9b}2Jb\x00c\x7fd\u{85}e"), ("abcde".to_string(), 4));
    assert_eq!(strip_controls("甲\t乙\n丙\r丁\x0b戊"), ("甲\t乙\n丙\r丁\x0b戊".to_string(), 0));
    assert_eq!(strip_controls("末尾\x1b"), ("末尾".to_string(), 1));
    // Invisible characters that change how a name reads: a right-to-left override, a zero-width space.
    assert_eq!(strip_controls("省\u{202e}税务局\u{202c}"), ("省税务局".to_string(), 2));
    assert_eq!(strip_controls("深圳\u{200b}市"), ("深圳市".to_string(), 1));
}

#[test]
fn controls_in_records_are_removed_and_reported() {
    let recs = vec![
        RawRecord { line: 1, cell_lines: vec![1, 1], cells: vec!["序号".into(), "事项".into()] },
        RawRecord {
            line: 2,
            cell_lines: vec![2, 2],
            cells: vec!["1".into(), "\x1b[2J\x1b[31m清屏\x1b[0m事项\x00".into()],
        },
    ];
    let p = parse_records(&recs, ImportReport::new("a.xlsx", ""), "no header").unwrap();
    assert_eq!(p.rows[0].draft.title, "清屏事项");
    let w: Vec<_> = p.report.warnings.iter().filter(|w| w.message.contains("控制字符")).collect();
    assert_eq!(w.len(), 1, "{:?}", p.report.warnings);
    assert_eq!(w[0].line, Some(2));
    assert!(w[0].message.contains("4 个"), "{}", w[0].message);
}

#[test]
fn controls_in_a_word_table_and_a_bundle_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(dir.path().join("a.db")).unwrap();
    let doc = store.load_sample().unwrap().document_id;
    let first = store.items(doc).unwrap().into_iter().find(|i| !i.is_heading).unwrap().title;

    // Word: the raw ESC bytes written into document.xml next to the first item's title.
    let docx =
        crate::service::export::export_document(&store, doc, crate::export::ExportFormat::Docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx[..])).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut body).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(body).unwrap();
            assert!(xml.contains(&first));
            body = xml.replacen(&first, &format!("\x1b[31m{first}\x1b[0m"), 1).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, &body).unwrap();
    }
    let docx = w.finish().unwrap().into_inner();
    let p = parse_any(&docx, "附件.docx").unwrap();
    let item = p.rows.iter().find(|r| r.draft.title.contains(&first)).expect("item read");
    assert_eq!(item.draft.title, first);
    assert!(p.report.warnings.iter().any(|w| w.message.contains("控制字符")), "{:?}", p.report.warnings);

    // Bundle: escapes as JSON \u001b.
    let json =
        crate::service::export::export_document(&store, doc, crate::export::ExportFormat::Json).unwrap();
    let text = String::from_utf8(json).unwrap().replacen(&first, &format!("\\u001b[31m{first}\\u0007"), 1);
    let p = parse_any(text.as_bytes(), "附件.fengong.json").unwrap();
    let b = p.bundle.as_ref().unwrap();
    assert!(b.items.iter().any(|i| i.title == first), "bundle item cleaned");
    assert!(!serde_json::to_string(b).unwrap().contains("\\u001b"));
    assert!(
        p.report.warnings.iter().any(|w| w.message.contains("控制字符") && w.message.contains("items[")),
        "{:?}",
        p.report.warnings
    );
}
