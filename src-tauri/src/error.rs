//! The error every command returns. It serialises to its Chinese message, which the UI shows as is; an
//! error the UI acts on (a second import of the same annex) serialises to an [`ErrorPayload`] with a
//! `kind` the UI tests instead of the message's words.

use serde::{Serialize, Serializer};
use ts_rs::TS;

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

/// An error the UI tells apart by `kind`; `message` is the whole Chinese message.
#[derive(Debug, Serialize, TS)]
pub struct ErrorPayload {
    /// `already_imported`: the annex is already in the document `document_id`; `found` says so in Chinese
    /// (without the hint how to import it again, which the UI asks itself).
    pub kind: ErrorKind,
    pub message: String,
    pub found: String,
    pub document_id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    AlreadyImported,
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AppError::Core(fengong::Error::AlreadyImported { found, document_id }) => ErrorPayload {
                kind: ErrorKind::AlreadyImported,
                message: self.to_string(),
                found: found.clone(),
                document_id: *document_id,
            }
            .serialize(s),
            _ => s.serialize_str(&self.to_string()),
        }
    }
}

pub type CmdResult<T> = Result<T, AppError>;
