//! The `nexuscone` command's `verify`, `root` and `canonical` for the npm package's
//! bin (`pkg-npm/src/cli.js`), which only reads files and prints: every rule and
//! every line of text comes from `nexuscone_core::command`, as in the Rust CLI.
//!
//! Each answer is `{ stdout, stderr, code }` (what to print and the exit code);
//! `verify --json` also carries `report`, which the bin prints as indented JSON.

use js_sys::{Object, Reflect};
use nexuscone_core::command::{self, Printed, Verification};
use wasm_bindgen::prelude::*;

use crate::convert::to_js;

fn printed_to_js(printed: &Printed) -> Result<JsValue, JsValue> {
    let object = Object::new();
    Reflect::set(&object, &"stdout".into(), &printed.stdout.as_str().into())?;
    Reflect::set(&object, &"stderr".into(), &printed.stderr.as_str().into())?;
    Reflect::set(&object, &"code".into(), &printed.code.into())?;
    Ok(object.into())
}

/// `nexuscone verify FILE [--keys K] [--json]`, fed the file's bytes chunk by chunk.
#[wasm_bindgen]
pub struct VerifyCommand {
    /// The verification, or what to print once it failed.
    state: Result<Verification, Printed>,
    json: bool,
}

#[wasm_bindgen]
impl VerifyCommand {
    /// Verifies the file `name`, with the key file `keysName` holding `keys` (or no
    /// keys); `json` for `--json`.
    #[wasm_bindgen(constructor)]
    pub fn new(name: &str, keys: Option<Box<[u8]>>, keys_name: &str, json: bool) -> VerifyCommand {
        let keys = keys
            .map(|bytes| command::key_file(&bytes, keys_name))
            .transpose();
        let state = keys
            .and_then(|keys| Verification::new(name, keys))
            .map_err(|e| Printed::error(&e));
        VerifyCommand { state, json }
    }

    /// Feeds the next chunk; false once the input failed to read (stop reading).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let Ok(verification) = &mut self.state else {
            return false;
        };
        match verification.push(chunk) {
            Ok(()) => true,
            Err(e) => {
                self.state = Err(Printed::error(&e));
                false
            }
        }
    }

    /// Entries verified so far (for a progress line).
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.state.as_ref().map_or(0.0, |v| v.entries() as f64)
    }

    /// Ends the input: `{ stdout, stderr, code }`, with `report` under `--json`.
    /// A second call answers with an error (exit code 2).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let finished = Printed::error("verify: this verification has already finished");
        let state = std::mem::replace(&mut self.state, Err(finished));
        let report = match state.and_then(|v| v.finish().map_err(|e| Printed::error(&e))) {
            Ok(report) => report,
            Err(printed) => return printed_to_js(&printed),
        };
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
