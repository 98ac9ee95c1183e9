//! One error type for the core. Every message is clear Chinese for office staff and names the place
//! (file, line, item, field) where it can. It serialises to its message so the desktop UI can show it.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule of the data was broken (empty title, duplicate unit name …); the message says which.
    #[error("{0}")]
    Invalid(String),

    /// A second import of an annex a live document already holds; `found` names that document (the desktop
    /// asks whether to import it again, the CLI's `--again` does).
    #[error("{found}如确需再导入一份，请使用“再次导入”（命令行加 --again）；要用这次的内容更新原文档，命令行加 --update {document_id}")]
    AlreadyImported { found: String, document_id: i64 },

    #[error("找不到{what}（编号 {id}）")]
    NotFound { what: &'static str, id: i64 },

    #[error("单位“{name}”仍承担以下事项，不能删除：{items}。请先调整这些事项的单位，或将其合并到其他单位。")]
    UnitInUse { name: String, items: String },

    #[error("文件“{path}”：{message}")]
    File { path: PathBuf, message: String },

    #[error("文件“{path}”第 {line} 行：{message}")]
    AtLine { path: PathBuf, line: usize, message: String },

    /// A problem at a place in a structured file (JSON bundle): line, column and the field path.
    #[error("文件“{path}”第 {line} 行第 {column} 列（{field}）：{message}")]
    AtField { path: PathBuf, line: usize, column: usize, field: String, message: String },

    /// A rule broken at a field of a structured file, found after reading (no line to name).
    #[error("文件“{path}”（{field}）：{message}")]
    InField { path: PathBuf, field: String, message: String },

    #[error("无法读写文件“{path}”：{}", io_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}", db_reason(.0))]
    Db(#[from] rusqlite::Error),

    /// The database file cannot be read as a database (`file is not a database`, corruption); the desktop
    /// offers the newest good backup (src/store/backup.rs).
    #[error("数据库文件“{path}”已损坏，无法打开：{reason}。可以用最近的备份恢复。")]
    DamagedDb { path: PathBuf, reason: String },

    #[error("数据库文件“{path}”的版本（{found}）比本程序支持的（{supported}）更新，请升级分工程序。")]
    SchemaTooNew { path: PathBuf, found: i64, supported: i64 },

    /// Characters no available font can draw, listed with where they are; raised before a PDF is written.
    #[error("以下文字没有可用字体能够显示，未生成 PDF：{0}")]
    MissingGlyphs(String),

    #[error("字体出错：{0}")]
    Font(String),

    #[error("生成 PDF 出错：{0}")]
    Pdf(String),
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Error {
        Error::Invalid(msg.into())
    }
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }
}

/// What an I/O error means, in words office staff understand; the system's own text only for the rare rest.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".to_string(),
        K::PermissionDenied => "没有权限（文件可能是只读的，或正被其他程序打开）".to_string(),
        K::AlreadyExists => "同名文件已存在".to_string(),
        K::StorageFull => "磁盘空间不足".to_string(),
        K::ReadOnlyFilesystem => "磁盘是只读的".to_string(),
        K::IsADirectory => "这是一个文件夹，不是文件".to_string(),
        K::NotADirectory => "路径中有一部分不是文件夹".to_string(),
        K::InvalidFilename => "文件名无效（过长或含有不允许的字符）".to_string(),
        K::UnexpectedEof => "文件不完整（意外结束）".to_string(),
        _ => format!("系统错误（{e}）"),
    }
}

/// What a database error means, in Chinese: SQLite's own English text only as a detail for the rare rest.
fn db_reason(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let Some(code) = e.sqlite_error_code() else {
        return format!("数据库出错（{e}）");
    };
    match code {
        C::DatabaseBusy | C::DatabaseLocked => {
            "数据库被另一个窗口或命令占用，等待超时，本次操作没有执行（已有的数据没有改变）。请等那个操作结束后再试".into()
        }
        C::ConstraintViolation => {
            let detail = e.to_string();
            let what = if detail.contains("CHECK") {
                "内容不符合数据规则（例如必填的文字为空）"
            } else if detail.contains("UNIQUE") {
                "与已有的内容重复"
            } else if detail.contains("FOREIGN KEY") {
                "引用的内容不存在或仍被使用"
            } else {
                "内容不符合数据规则"
            };
            format!("数据没有保存：{what}")
        }
        C::NotADatabase => "数据库文件不是分工数据库，或已损坏".into(),
        C::DatabaseCorrupt => "数据库文件已损坏".into(),
        C::DiskFull => "磁盘空间不足，数据没有保存".into(),
        C::ReadOnly => "数据库文件是只读的（或所在文件夹不可写），数据没有保存".into(),
        C::CannotOpen => "无法打开数据库文件（文件夹不存在或没有权限）".into(),
        C::PermissionDenied => "没有权限读写数据库文件".into(),
        C::SystemIoFailure => "读写数据库文件时出错（磁盘或网络盘可能有问题）".into(),
        C::TooBig => "内容过大，数据库无法保存".into(),
        C::OutOfMemory => "内存不足".into(),
        _ => format!("数据库出错（{e}）"),
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_errors_are_said_in_chinese() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (title TEXT NOT NULL CHECK (length(trim(title)) > 0) UNIQUE)")
            .unwrap();
        let check = Error::from(conn.execute("INSERT INTO t VALUES ('  ')", []).unwrap_err()).to_string();
        assert!(check.contains("数据没有保存") && !check.contains("CHECK"), "{check}");
        conn.execute("INSERT INTO t VALUES ('a')", []).unwrap();
        let unique = Error::from(conn.execute("INSERT INTO t VALUES ('a')", []).unwrap_err()).to_string();
        assert!(unique.contains("重复"), "{unique}");
        let busy = Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ));
        let busy = busy.to_string();
        assert!(busy.contains("占用") && !busy.contains("locked"), "{busy}");
    }
}
