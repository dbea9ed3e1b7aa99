//! The errors epi reports: each knows its exit code and the hint that tells the user what to do.

use std::path::PathBuf;

/// Exit codes, documented in docs/exit-codes.md. Nothing else may be returned.
pub mod exit {
    /// Success (for `policy lint`: no error-level finding).
    pub const SUCCESS: u8 = 0;
    /// A runtime failure, or `policy lint` found an error-level problem.
    pub const FAILURE: u8 = 1;
    /// `migrate-irsa`: changes are pending (a dry run found work, or no confirmation was given).
    pub const PENDING: u8 = 3;
    /// Bad usage or invalid input; nothing was written.
    pub const USAGE: u8 = 2;
}

/// An error with a cause a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given on the command line (or in an input file) is not valid.
    #[error("invalid {what} {value:?}: {reason}")]
    Invalid {
        what: &'static str,
        value: String,
        reason: String,
        hint: Option<String>,
    },

    /// A bad value in an input file, with where it is (`FILE:LINE:COLUMN`).
    #[error("{location}: {message}")]
    InFile {
        location: String,
        message: String,
        hint: Option<String>,
    },

    /// Options that cannot be used together, or one that is missing.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// An input file that is not an IAM policy document.
    #[error("{source_name} is not an IAM policy: {reason}")]
    NotAPolicy { source_name: String, reason: String },

    /// A generated document over an IAM size limit.
    #[error(
        "the generated {what} is {size} characters, over IAM's {limit}-character limit for {limit_name}"
    )]
    TooLarge {
        what: &'static str,
        size: usize,
        limit: usize,
        limit_name: &'static str,
        hint: Option<String>,
    },

    /// An input file that cannot be read.
    #[error("cannot read {}", crate::text::one_line(&path.display().to_string()))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A call to AWS failed; the variant says why and what to do.
    #[error(transparent)]
    Aws(#[from] crate::aws::AwsError),

    /// A call to the Kubernetes API failed.
    #[error(transparent)]
    Kube(#[from] crate::kube::KubeError),

    /// A check of live state failed (a role that does not trust Pod Identity, an unsupported cluster).
    #[error("{message}")]
    Precondition { message: String, hint: String },

    /// The async runtime could not start.
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),

    /// Standard output cannot be written (a closed pipe is handled before this is reported).
    #[error("cannot write to standard output")]
    Stdout(#[source] std::io::Error),

    /// An output file that cannot be written.
    #[error("cannot write {}", crate::text::one_line(&path.display().to_string()))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Shorthand for [`Error::Invalid`] without a hint.
    pub fn invalid(
        what: &'static str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            what,
            value: value.into(),
            reason: reason.into(),
            hint: None,
        }
    }

    /// Adds (or replaces) the hint of an error that carries one.
    #[must_use]
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        match &mut self {
            Error::Invalid { hint, .. }
            | Error::Usage { hint, .. }
            | Error::InFile { hint, .. }
            | Error::TooLarge { hint, .. } => {
                *hint = Some(text.into());
            }
            Error::NotAPolicy { .. }
            | Error::Read { .. }
            | Error::Write { .. }
            | Error::Stdout(_)
            | Error::Aws(_)
            | Error::Kube(_)
            | Error::Precondition { .. }
            | Error::Runtime(_) => {}
        }
        self
    }

    /// The error as found at `location` (`FILE:LINE:COLUMN`) of an input file: exit 2.
    #[must_use]
    pub fn at(self, location: impl Into<String>) -> Self {
        let hint = self.hint();
        Error::InFile {
            location: location.into(),
            message: self.to_string(),
            hint,
        }
    }

    /// Shorthand for [`Error::Usage`].
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// The process exit code this error ends the run with.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid { .. }
            | Error::Usage { .. }
            | Error::InFile { .. }
            | Error::NotAPolicy { .. }
            | Error::TooLarge { .. }
            | Error::Read { .. } => exit::USAGE,
            Error::Write { .. }
            | Error::Stdout(_)
            | Error::Aws(_)
            | Error::Kube(_)
            | Error::Precondition { .. }
            | Error::Runtime(_) => exit::FAILURE,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Invalid { hint, .. }
            | Error::Usage { hint, .. }
            | Error::InFile { hint, .. }
            | Error::TooLarge { hint, .. } => hint.clone(),
            Error::NotAPolicy { .. } => Some(
                "give a JSON document with \"Version\" and \"Statement\", as `aws iam get-policy-version` or `epi policy trust` print it"
                    .into(),
            ),
            Error::Read { .. } => Some("check the path and that the file is readable; use - to read standard input".into()),
            Error::Write { .. } => Some("check that the directory exists and is writable".into()),
            Error::Stdout(_) | Error::Runtime(_) => None,
            Error::Aws(e) => Some(e.hint()),
            Error::Kube(e) => Some(e.hint()),
            Error::Precondition { hint, .. } => Some(hint.clone()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
