//! Errors as they cross into JavaScript: an `Error` named `NexusconeError` with a
//! stable `code` and, where one applies, `entryId`, `line`, `offset`, `column` or
//! `index`. An input error of core also carries core's `kind` and `key`
//! ([`LocatedError`], `docs/FORMAT.md` "Input error kinds"). The package's
//! JavaScript rethrows each as the subclass for its code.

use nexuscone_core::canonical::ParseError;
use nexuscone_core::export::ReadError;
use nexuscone_core::input::{ErrorKind, InputError, LocatedError, TrustError};
use wasm_bindgen::JsValue;

/// The stable error codes; the JavaScript subclasses are chosen by them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// Text that Python's `json.loads` rejects.
    InvalidJson,
    /// A row or bundle member that is missing or of the wrong type.
    InvalidRow,
    /// Input of a kind the function does not take.
    InvalidInput,
    /// A JavaScript value JSON cannot hold.
    UnsupportedValue,
    /// Nesting deeper than the parser's limit (or a cycle).
    TooDeep,
    /// A public or signing key that cannot be read.
    InvalidKey,
    /// A hash that is not 64 hex characters.
    InvalidHash,
    /// A format version no Nexuscone writes.
    UnknownFormat,
    /// An option that needs support core does not have yet.
    NotSupported,
    /// Merkle tree sizes or indexes that do not fit.
    InvalidProofRequest,
    /// A checkpoint or signed note that does not open.
    InvalidCheckpoint,
    /// A streaming verifier used after `finish`.
    Finished,
}

impl Code {
    fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "INVALID_JSON",
            Code::InvalidRow => "INVALID_ROW",
            Code::InvalidInput => "INVALID_INPUT",
            Code::UnsupportedValue => "UNSUPPORTED_VALUE",
            Code::TooDeep => "TOO_DEEP",
            Code::InvalidKey => "INVALID_KEY",
            Code::InvalidHash => "INVALID_HASH",
            Code::UnknownFormat => "UNKNOWN_FORMAT",
            Code::NotSupported => "NOT_SUPPORTED",
            Code::InvalidProofRequest => "INVALID_PROOF_REQUEST",
            Code::InvalidCheckpoint => "INVALID_CHECKPOINT",
            Code::Finished => "FINISHED",
        }
    }
}

/// An error on its way to JavaScript.
#[derive(Debug)]
pub struct JsErr {
    code: Code,
    message: String,
    fields: Vec<(&'static str, f64)>,
    kind: Option<ErrorKind>,
    key: Option<String>,
}

impl JsErr {
    pub fn new(code: Code, message: String) -> JsErr {
        JsErr {
            code,
            message,
            fields: Vec::new(),
            kind: None,
            key: None,
        }
    }

    /// Core's error with its kind and location, under `code`.
    pub fn located(code: Code, error: &LocatedError) -> JsErr {
        let location = &error.location;
        let mut err = JsErr::new(code, error.message.clone());
        err.kind = Some(error.kind);
        err.key.clone_from(&location.key);
        let numbers = [
            ("line", location.line.map(|n| n as f64)),
            ("offset", location.offset.map(|n| n as f64)),
            ("entryId", location.entry_id.map(|n| n as f64)),
        ];
        for (name, value) in numbers {
            if let Some(value) = value {
                err = err.with(name, value);
            }
        }
        err
    }

    fn with(mut self, name: &'static str, value: f64) -> JsErr {
        self.fields.retain(|(n, _)| *n != name);
        self.fields.push((name, value));
        self
    }

    pub fn entry_id(self, id: i64) -> JsErr {
        self.with("entryId", id as f64)
    }

    pub fn line(self, line: usize) -> JsErr {
        self.with("line", line as f64)
    }

    pub fn offset(self, offset: usize) -> JsErr {
        self.with("offset", offset as f64)
    }

    /// Adds `text` to the message (a front end's hint).
    pub fn append(&mut self, text: &str) {
        self.message.push_str(text);
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn index(self, index: usize) -> JsErr {
        self.with("index", index as f64)
    }
}

impl From<JsErr> for JsValue {
    fn from(err: JsErr) -> JsValue {
        let error = js_sys::Error::new(&err.message);
        error.set_name("NexusconeError");
        let set = |name: &str, value: JsValue| {
            // Setting a property on a fresh Error cannot fail.
            let _ = js_sys::Reflect::set(&error, &JsValue::from_str(name), &value);
        };
        set("code", JsValue::from_str(err.code.as_str()));
        if let Some(kind) = err.kind {
            set("kind", JsValue::from_str(kind.as_str()));
        }
        if let Some(key) = &err.key {
            set("key", JsValue::from_str(key));
        }
        for (name, value) in err.fields {
            set(name, JsValue::from_f64(value));
        }
        error.into()
    }
}

/// A JSON syntax error at `location`, with its byte offset, line and column.
pub fn parse_error(e: &ParseError, location: &str) -> JsErr {
    JsErr::new(Code::InvalidJson, format!("{location}: invalid JSON: {e}"))
        .offset(e.offset)
        .line(e.line)
        .with("column", e.column as f64)
}

/// An input that is not a ledger: core's kind and location (line, byte offset,
/// entry, key) where known, and the JSON parser's column.
pub fn input_error(e: &InputError) -> JsErr {
    let code = match e.kind() {
        ErrorKind::InvalidJson => Code::InvalidJson,
        ErrorKind::InvalidRow => Code::InvalidRow,
        ErrorKind::InvalidKey => Code::InvalidKey,
        _ => Code::InvalidInput,
    };
    let err = JsErr::located(code, &LocatedError::from(e));
    match e {
        InputError::Line {
            error: ReadError::Json { source, .. },
            ..
        } => err.with("column", source.column as f64),
        InputError::Bundle(ReadError::Json { source, .. }) => {
            err.line(source.line).with("column", source.column as f64)
        }
        _ => err,
    }
}

/// A trust input core refused: its kind, and the line or key id where known.
pub fn trust_error(error: &TrustError) -> JsErr {
    let code = match error {
        TrustError::Checkpoint { .. } => Code::InvalidCheckpoint,
        _ => Code::InvalidKey,
    };
    JsErr::located(code, &LocatedError::from(error))
}

/// An export that could not be read.
pub fn read_error(e: &ReadError) -> JsErr {
    match e {
        ReadError::Json { location, source } => parse_error(source, location),
        ReadError::Field { .. } => JsErr::new(Code::InvalidRow, e.to_string()),
    }
}
