//! One error type for the core. Every message is clear Chinese for office staff and names the place
//! (file, line, item, field) where it can. It serialises to its message so the desktop UI can show it.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule of the data was broken (empty title, duplicate unit name …); the message says which.
    #[error("{0}")]
    Invalid(String),

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
    Io { path: PathBuf, #[source] source: std::io::Error },

    #[error("数据库出错：{0}")]
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

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}
