//! The `nexuscone` command's `verify`, `root` and `canonical` for the npm package's
//! bin (`pkg-npm/src/cli.js`), which only reads files and prints. Input is read by
//! `nexuscone_core::input` (format, lines, key files) and every line of text comes
//! from `nexuscone_core::command`, as in the Rust CLI.
//!
//! Each answer is `{ stdout, stderr, code }` (what to print and the exit code);
//! `verify --json` also carries `report`, which the bin prints as indented JSON, and
//! an answer with exit code 2 carries `error` (core's kind, message and location),
//! which the bin prints under `--json` as the Rust CLI does (`{"error": {...}}`).

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use nexuscone_core::command::{self, Printed};
use nexuscone_core::input::{
    ErrorKind, Hint, LocatedError, Reader, Trust, TrustKind, Verification,
};
use wasm_bindgen::prelude::*;

use crate::convert::to_js;
use crate::proofs::JsProofVerifier;

fn printed_to_js(printed: &Printed) -> Result<JsValue, JsValue> {
    let object = Object::new();
    Reflect::set(&object, &"stdout".into(), &printed.stdout.as_str().into())?;
    Reflect::set(&object, &"stderr".into(), &printed.stderr.as_str().into())?;
    Reflect::set(&object, &"code".into(), &printed.code.into())?;
    if let Some(error) = &printed.error {
        Reflect::set(&object, &"error".into(), &to_js(error)?)?;
    }
    Ok(object.into())
}

/// A verification of the file `name` in progress: core's chunked reader and its sink.
struct Running {
    name: String,
    reader: Reader,
    verification: Verification,
}

/// `nexuscone verify FILE [--keys K] [--json]`, fed the file's bytes chunk by chunk.
#[wasm_bindgen]
pub struct VerifyCommand {
    /// The verification, or what to print once it failed.
    state: Result<Running, Printed>,
    json: bool,
}

#[wasm_bindgen]
impl VerifyCommand {
    /// Verifies the file `name`, with the key file `keysName` holding `keys` (or no
    /// keys); `json` for `--json`; `proofs` checks anchor proofs (see `proofs.rs`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        name: &str,
        keys: Option<Box<[u8]>>,
        keys_name: &str,
        json: bool,
        proofs: Option<Function>,
    ) -> VerifyCommand {
        let mut trust = Trust::new();
        if let Some(proofs) = proofs {
            trust.set_proof_verifier(Rc::new(JsProofVerifier(proofs)));
        }
        let keys = keys.map_or(Ok(()), |bytes| {
            trust.add(TrustKind::EntryKeys, &bytes, keys_name)
        });
        let state = match keys {
            Ok(()) => Ok(Running {
                name: name.to_owned(),
                reader: Reader::new(Hint::from_name(name)),
                verification: Verification::new(trust),
            }),
            Err(e) => Err(Printed::error(LocatedError::from(&e))),
        };
        VerifyCommand { state, json }
    }

    /// Feeds the next chunk; false once the input failed to read (stop reading).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let Ok(running) = &mut self.state else {
            return false;
        };
        match running.reader.feed(chunk, &mut running.verification) {
            Ok(()) => true,
            Err(e) => {
                self.state = Err(Printed::error(
                    LocatedError::from(&e).in_input(&running.name),
                ));
                false
            }
        }
    }

    /// Entries verified so far (for a progress line).
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.state
            .as_ref()
            .map_or(0.0, |r| r.verification.entries() as f64)
    }

    /// Ends the input: `{ stdout, stderr, code }`, with `report` under `--json`.
    /// A second call answers with an error (exit code 2).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let finished = Printed::error(LocatedError::new(
            ErrorKind::Usage,
            "verify: this verification has already finished",
        ));
        let mut running = match std::mem::replace(&mut self.state, Err(finished)) {
            Ok(running) => running,
            Err(printed) => return printed_to_js(&printed),
        };
        if let Err(e) = running.reader.finish(&mut running.verification) {
            return printed_to_js(&Printed::error(
                LocatedError::from(&e).in_input(&running.name),
            ));
        }
        let report = running.verification.finish();
        let printed = Printed::verify(&report);
        if !self.json {
            return printed_to_js(&printed);
        }
        let answer = printed_to_js(&Printed {
            code: printed.code,
            ..Printed::default()
        })?;
        Reflect::set(&answer, &"report".into(), &to_js(&report)?)?;
        Ok(answer)
    }
}

/// The answer (exit code 2) for the file `name` that the bin cannot open or read
/// (`action`: `cannot open`, `cannot read`), with OS error number `errno` (Node's
/// `-error.errno` on Linux) and Node's `detail` for a number core does not know:
/// the Rust CLI's sentence and error object ([`LocatedError::io`]).
#[wasm_bindgen(js_name = ioErrorCommand)]
pub fn io_error_command(
    name: &str,
    action: &str,
    errno: Option<i32>,
    detail: &str,
) -> Result<JsValue, JsValue> {
    printed_to_js(&Printed::error(LocatedError::io(
        name, action, errno, detail,
    )))
}

/// `nexuscone root FILE [--size N]` for the whole file's bytes.
#[wasm_bindgen(js_name = rootCommand)]
pub fn root_command(bytes: &[u8], name: &str, size: Option<f64>) -> Result<JsValue, JsValue> {
    printed_to_js(&command::root(bytes, name, size.map(|s| s as u64)))
}

/// `nexuscone canonical` for the bytes read from stdin.
#[wasm_bindgen(js_name = canonicalCommand)]
pub fn canonical_command(stdin: &[u8]) -> Result<JsValue, JsValue> {
    printed_to_js(&command::canonical(stdin))
}
