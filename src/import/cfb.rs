//! A check of an OLE compound file (the container of an Excel 97–2003 .xls) before calamine reads it.
//!
//! calamine's compound-file reader trusts the header and the allocation table: a truncated file makes it
//! index past the end of its tables (a panic), a sector chain that loops makes it read the directory forever
//! (memory grows until the process dies), and it reserves `Vec::with_capacity` from header fields — one of
//! them read from the wrong bytes (62..66, half of the first mini-FAT sector and half of the mini-FAT count),
//! so patching one header field makes it ask for gigabytes at once and abort. An abort cannot be caught.
//! So every number calamine will use is checked here against the file's length first, and a damaged file is
//! refused with a message office staff understand:
//!
//! - the signature, byte order, sector size (512 or 4096 bytes, shift 9 or 12) and mini sector size (64);
//! - the FAT, directory, mini-FAT and DIFAT sector counts are at most the number of sectors in the file, and
//!   the capacity calamine reserves from bytes 62..66 is bounded;
//! - every sector a chain names (DIFAT, FAT, directory, mini-FAT, each stream of 4096 bytes or more) lies
//!   wholly inside the file, and no chain loops (a chain is never longer than the file has sectors);
//! - the directory is whole 128-byte entries, and no stream is longer than the file;
//! - in the workbook stream, no cell record lies beyond [`super::MAX_IMPORT_COLUMNS`] columns, and no sheet's
//!   cells span more than [`MAX_GRID_CELLS`] (calamine builds a dense grid from them while it opens the file).
//!
//! What is not checked: the other BIFF records (calamine's own business). A malformed record can
//! still make calamine panic or allocate too much; that is caught by `catch_unwind` at the parser boundary
//! and, for imports from the CLI and the desktop, by parsing in a child process with a memory limit
//! (`super::isolate`). Rejected: a full CFB reader of our own (the `cfb` crate is already in the tree through
//! another path, but calamine reads the bytes itself, so a second reader would not protect calamine).

use std::path::PathBuf;

use crate::error::{Error, Result};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
/// Ids from here up are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT), not sectors.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
/// The capacity (entries of 4 bytes) calamine reserves from header bytes 62..66 must stay below this.
const MAX_RESERVED_ENTRIES: u64 = 4 * 1024 * 1024;

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Why a compound file was refused (technical, shown after the Chinese message).
fn broken(source: &str, detail: impl std::fmt::Display) -> Error {
    Error::File {
        path: PathBuf::from(source),
        message: format!(
            "这份 Excel 97-2003 工作簿（.xls）已损坏或不完整（可能下载、拷贝时被截断），文件结构与文件大小对不上，\
             未导入任何内容。请向发文单位重新索取，或在 Excel/WPS 中打开后另存为 .xlsx 再导入。（技术信息：{detail}）"
        ),
    }
}

struct File<'a> {
    bytes: &'a [u8],
    ss: usize,
    /// Sectors wholly inside the file (the header takes the place of one).
    sectors: u32,
}

impl File<'_> {
    fn sector(&self, id: u32) -> Option<&[u8]> {
        if id >= self.sectors {
            return None;
        }
        let start = (id as usize + 1) * self.ss;
        self.bytes.get(start..start + self.ss)
    }

    /// The sectors of a chain from `start`, at most `max` of them; errors on a sector outside the file, a
    /// missing FAT entry or a loop.
    fn chain(
        &self,
        start: u32,
        fat: &[u32],
        max: usize,
        what: &str,
    ) -> std::result::Result<Vec<u32>, String> {
        let mut out = Vec::new();
        let mut id = start;
        while id != ENDOFCHAIN && out.len() < max {
            if id >= self.sectors {
                return Err(format!("{what}的扇区 {id} 超出文件（共 {} 个扇区）", self.sectors));
            }
            if out.len() >= self.sectors as usize {
                return Err(format!("{what}的扇区链循环"));
            }
            out.push(id);
            id = *fat.get(id as usize).ok_or_else(|| format!("{what}的扇区 {id} 不在分配表中"))?;
        }
        Ok(out)
    }
}

/// Checks the compound-file structure of `bytes` (see the module comment), then the cell positions in the
/// workbook stream; `source` names the file.
pub(crate) fn check(bytes: &[u8], source: &str) -> Result<()> {
    let workbook = check_inner(bytes).map_err(|d| broken(source, d))?;
    if let Some(stream) = workbook {
        check_cells(&stream, source)?;
    }
    Ok(())
}

/// Cells calamine would hold for one sheet: it makes a dense grid from the first to the last cell used
/// (`Range::from_sparse`), so one cell record with a damaged column (65,535) asks for 137 GB.
const MAX_GRID_CELLS: u64 = 10_000_000;

/// Walks the BIFF records of the workbook stream: each sheet's cells (between BOF records) must lie in
/// [`super::MAX_IMPORT_COLUMNS`] columns and a grid of at most [`MAX_GRID_CELLS`].
fn check_cells(stream: &[u8], source: &str) -> Result<()> {
    let max_cols = super::MAX_IMPORT_COLUMNS as u64;
    let refuse = |row: u64, col: u64, what: String| {
        Error::File {
        path: PathBuf::from(source),
        message: format!(
            "这份 Excel 97-2003 工作簿（.xls）第 {} 行第 {} 列有单元格，{what}，不像一份分工表（文件可能已损坏），未导入任何内容。\
             请在 Excel/WPS 中打开，只把分工表另存为 .xlsx 再导入。",
            row + 1,
            col + 1
        ),
    }
    };
    let (mut pos, mut rows, mut cols) = (0usize, 0u64, 0u64);
    while pos + 4 <= stream.len() {
        let typ = u16_at(stream, pos);
        let len = u16_at(stream, pos + 2) as usize;
        let body = &stream[pos + 4..(pos + 4 + len).min(stream.len())];
        pos += 4 + len;
        if typ == 0x0809 {
            (rows, cols) = (0, 0); // BOF: a new sheet
            continue;
        }
        // LABELSST, NUMBER, RK, LABEL, BOOLERR, FORMULA, BLANK, RSTRING; MULRK and MULBLANK end with a column.
        let cell = matches!(typ, 0x00FD | 0x0203 | 0x027E | 0x0204 | 0x0205 | 0x0006 | 0x0201 | 0x00D6);
        let multi = matches!(typ, 0x00BD | 0x00BE);
        if !(cell || multi) || body.len() < 6 {
            continue;
        }
        let row = u16_at(body, 0) as u64;
        let mut col = u16_at(body, 2) as u64;
        if multi {
            col = col.max(u16_at(body, body.len() - 2) as u64);
        }
        if col >= max_cols {
            return Err(refuse(row, col, format!("超过导入上限 {max_cols} 列")));
        }
        rows = rows.max(row + 1);
        cols = cols.max(col + 1);
        if rows * cols > MAX_GRID_CELLS {
            return Err(refuse(
                row,
                col,
                format!("整个表格范围超过 {} 万格的导入上限", MAX_GRID_CELLS / 10_000),
            ));
        }
    }
    Ok(())
}

/// The structure check; `Ok(Some(stream))`: the workbook stream (`Workbook`, or `Book` in Excel 5 files).
fn check_inner(bytes: &[u8]) -> std::result::Result<Option<Vec<u8>>, String> {
    if bytes.len() < 512 {
        return Err(format!("文件只有 {} 字节，不到文件头的 512 字节", bytes.len()));
    }
    if bytes[..8] != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        return Err("文件头标记不对".into());
    }
    if u16_at(bytes, 28) != 0xFFFE {
        return Err("字节序标记不对".into());
    }
    let shift = u16_at(bytes, 30);
    if shift != 9 && shift != 12 {
        return Err(format!("扇区大小字段为 {shift}（应为 9 或 12）"));
    }
    let mini_shift = u16_at(bytes, 32);
    if mini_shift != 6 {
        return Err(format!("小扇区大小字段为 {mini_shift}（应为 6）"));
    }
    let ss = 1usize << shift;
    let sectors = (bytes.len() / ss).saturating_sub(1) as u32;
    if sectors == 0 {
        return Err("文件中没有任何数据扇区".into());
    }
    let f = File { bytes, ss, sectors };
    let count = |at: usize, what: &str| -> std::result::Result<u32, String> {
        let n = u32_at(bytes, at);
        if n > sectors {
            Err(format!("{what}的扇区数 {n} 超过文件中的扇区数 {sectors}"))
        } else {
            Ok(n)
        }
    };
    count(40, "目录")?;
    count(44, "分配表")?;
    let mini_fat_len = count(64, "小扇区分配表")?;
    count(72, "扩展分配表")?;
    let reserved = u32_at(bytes, 62) as u64;
    if reserved > MAX_RESERVED_ENTRIES {
        return Err(format!("文件头第 62–65 字节的值 {reserved} 过大"));
    }
    let start = |at: usize, what: &str| -> std::result::Result<u32, String> {
        let s = u32_at(bytes, at);
        if s != ENDOFCHAIN && s != FREESECT && s >= sectors {
            Err(format!("{what}的起始扇区 {s} 超出文件（共 {sectors} 个扇区）"))
        } else {
            Ok(s)
        }
    };
    let dir_start = start(48, "目录")?;
    let mini_fat_start = start(60, "小扇区分配表")?;
    let difat_start = start(68, "扩展分配表")?;
    if dir_start >= sectors {
        return Err("没有目录".into());
    }

    // The FAT sectors: 109 in the header, the rest in the DIFAT chain (each DIFAT sector ends with the next's
    // id). calamine reads every entry below DIFSECT as a FAT sector.
    let mut fat_ids: Vec<u32> = Vec::new();
    let take = |id: u32, fat_ids: &mut Vec<u32>| -> std::result::Result<(), String> {
        if id < MAXREGSECT {
            if id >= sectors {
                return Err(format!("分配表扇区 {id} 超出文件（共 {sectors} 个扇区）"));
            }
            fat_ids.push(id);
        }
        Ok(())
    };
    for i in 0..109 {
        take(u32_at(bytes, 76 + 4 * i), &mut fat_ids)?;
    }
    let mut id = difat_start;
    let mut hops = 0u32;
    while id < MAXREGSECT {
        hops += 1;
        if hops > sectors {
            return Err("扩展分配表的扇区链过长或循环".into());
        }
        let s = f.sector(id).ok_or_else(|| format!("扩展分配表扇区 {id} 超出文件"))?;
        let n = ss / 4;
        for i in 0..n - 1 {
            take(u32_at(s, 4 * i), &mut fat_ids)?;
        }
        id = u32_at(s, 4 * (n - 1));
    }
    if fat_ids.len() > sectors as usize {
        return Err(format!("分配表扇区有 {} 个，多于文件中的扇区数 {sectors}", fat_ids.len()));
    }
    let mut fat: Vec<u32> = Vec::with_capacity(fat_ids.len() * ss / 4);
    for id in &fat_ids {
        let s = f.sector(*id).ok_or_else(|| format!("分配表扇区 {id} 超出文件"))?;
        fat.extend(s.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    }

    // The directory: whole 128-byte entries; no stream longer than the file; each chain inside the file.
    let dir = f.chain(dir_start, &fat, usize::MAX, "目录")?;
    let mut entries: Vec<(u8, u32, u64)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for id in &dir {
        let s = f.sector(*id).expect("checked by chain");
        for e in s.chunks_exact(128) {
            let typ = e[66];
            let start = u32_at(e, 116);
            // Version 3 files keep only the low 32 bits of the size (the high ones may be garbage).
            let size = if shift == 9 {
                u32_at(e, 120) as u64
            } else {
                u64::from_le_bytes(e[120..128].try_into().expect("8 bytes"))
            };
            entries.push((typ, start, size));
            let units: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            names.push(String::from_utf16_lossy(&units).trim_end_matches('\0').to_string());
        }
    }
    let Some(&(root_type, root_start, root_size)) = entries.first() else {
        return Err("目录是空的".into());
    };
    if root_type != 5 {
        return Err("目录的第一项不是根目录".into());
    }
    let len = bytes.len() as u64;
    if root_size > len {
        return Err(format!("小扇区数据流长 {root_size} 字节，超过文件大小"));
    }
    let mini_ids = if mini_fat_len > 0 {
        f.chain(root_start, &fat, root_size.div_ceil(ss as u64) as usize, "小扇区数据流")?
    } else {
        Vec::new()
    };
    let mini_stream = mini_ids.len() as u64 * ss as u64;
    let mut workbook: Option<Vec<u8>> = None;
    let mini_fat: Vec<u32> = if mini_fat_len > 0 {
        let ids = f.chain(mini_fat_start, &fat, mini_fat_len as usize, "小扇区分配表")?;
        ids.iter()
            .flat_map(|id| f.sector(*id).expect("checked by chain").chunks_exact(4))
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    } else {
        Vec::new()
    };
    for (i, &(typ, start, size)) in entries.iter().enumerate().skip(1) {
        if typ != 2 {
            continue; // storages and unused entries hold no data
        }
        if size > len {
            return Err(format!("第 {i} 个数据流长 {size} 字节，超过文件大小"));
        }
        if size == 0 {
            continue;
        }
        let is_workbook = workbook.is_none() && matches!(names[i].as_str(), "Workbook" | "Book");
        if size >= 4096 {
            let ids = f.chain(start, &fat, size.div_ceil(ss as u64) as usize, "数据流")?;
            if is_workbook {
                let mut w: Vec<u8> = ids
                    .iter()
                    .flat_map(|id| f.sector(*id).expect("checked by chain").iter().copied())
                    .collect();
                w.truncate(size as usize);
                workbook = Some(w);
            }
        } else {
            let mut w = Vec::new();
            // Mini sectors of 64 bytes inside the mini stream, chained by the mini FAT.
            let mut id = start;
            let mut n = 0u64;
            while id != ENDOFCHAIN && n * 64 < size {
                if (id as u64 + 1) * 64 > mini_stream {
                    return Err(format!("第 {i} 个数据流的小扇区 {id} 超出小扇区数据流"));
                }
                n += 1;
                if n > mini_stream / 64 + 1 {
                    return Err(format!("第 {i} 个数据流的小扇区链循环"));
                }
                if is_workbook {
                    // Mini sector `id` is at byte id·64 of the mini stream (the root's chain of sectors).
                    let at = id as usize * 64;
                    let sector = f.sector(mini_ids[at / ss]).expect("checked by chain");
                    w.extend_from_slice(&sector[at % ss..at % ss + 64]);
                }
                id = *mini_fat
                    .get(id as usize)
                    .ok_or_else(|| format!("第 {i} 个数据流的小扇区 {id} 不在小扇区分配表中"))?;
            }
            if is_workbook {
                w.truncate(size as usize);
                workbook = Some(w);
            }
        }
    }
    Ok(workbook)
}
