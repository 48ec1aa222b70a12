//! How the viewer shows an input error: core's sentence, with its kind and location
//! as `data-error-kind`, `data-error-line`, `data-error-offset`, `data-error-entry-id`
//! and `data-error-key` (`docs/FORMAT.md`, "Input error kinds"), so that a program
//! reading the page gets what the CLI's `--json` prints.

use leptos::prelude::*;
use nexuscone_core::input::LocatedError;

/// The `data-error-*` attribute values of an error; each `None` (no attribute) when
/// not known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorData {
    pub kind: Option<String>,
    pub line: Option<String>,
    pub offset: Option<String>,
    pub entry_id: Option<String>,
    pub key: Option<String>,
}

impl ErrorData {
    /// The attributes of `error`.
    pub fn of(error: &LocatedError) -> ErrorData {
        let at = &error.location;
        ErrorData {
            kind: Some(error.kind.as_str().to_owned()),
            line: at.line.map(|n| n.to_string()),
            offset: at.offset.map(|n| n.to_string()),
            entry_id: at.entry_id.map(|n| n.to_string()),
            key: at.key.clone(),
        }
    }
}

/// An error paragraph (`role="alert"`, `data-testid=testid`) with its `data-error-*`.
#[component]
pub fn ErrorText(testid: String, error: LocatedError) -> impl IntoView {
    let data = ErrorData::of(&error);
    view! {
        <p
            class="error-text"
            role="alert"
            data-testid=testid
            data-error-kind=data.kind
            data-error-line=data.line
            data-error-offset=data.offset
            data-error-entry-id=data.entry_id
            data-error-key=data.key
        >
            {error.message}
        </p>
    }
}
