//! The error every command returns. It serialises to its Chinese message, which the UI shows as is.

use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Anything the core refused or failed at (not found, invalid data, database, PDF …).
    #[error(transparent)]
    Core(#[from] fengong::Error),
    /// An argument from the UI that the shell refuses before touching the core.
    #[error("{0}")]
    Invalid(String),
    /// Background work that could not finish (a panic or a cancelled task).
    #[error("后台任务意外中断：{0}")]
    Task(String),
    #[error("无法打开“{path}”：{message}")]
    Open { path: String, message: String },
}

impl AppError {
    pub fn invalid(msg: impl Into<String>) -> AppError {
        AppError::Invalid(msg.into())
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

pub type CmdResult<T> = Result<T, AppError>;
