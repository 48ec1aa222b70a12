//! Writing: `ChainWriter` (rows byte-identical to what `nexuscone` 0.2.1 stores) and
//! `redact` (the two rows a redaction writes). The rules are `nexuscone_core::writer`
//! and `nexuscone_core::redaction`; this file only reads options and converts rows.

use nexuscone_core::entry::Entry;
use nexuscone_core::input::{Hint, Ledger};
use nexuscone_core::redaction;
use nexuscone_core::writer::{self, ChainWriter, EntrySigner, NewEntry, WriteFormat};
use wasm_bindgen::prelude::*;

use crate::convert::{entry_to_js, get, given, value_from_js};
use crate::error::{input_error, Code, JsErr};
use crate::row_from_js;

fn hex32(value: &JsValue, what: &str, code: Code) -> Result<[u8; 32], JsErr> {
    let mut out = [0u8; 32];
    let text = value.as_string().unwrap_or_default();
    hex::decode_to_slice(&text, &mut out)
        .map_err(|_| JsErr::new(code, format!("{what}: expected 64 hex characters")))?;
    Ok(out)
}

fn required_string(object: &JsValue, name: &str, what: &str) -> Result<String, JsErr> {
    get(object, name).as_string().ok_or_else(|| {
        JsErr::new(
            Code::InvalidInput,
            format!("{what}.{name}: expected a string"),
        )
    })
}

fn optional_string(object: &JsValue, name: &str, what: &str) -> Result<Option<String>, JsErr> {
    let value = get(object, name);
    if given(&value) {
        required_string(object, name, what).map(Some)
    } else {
        Ok(None)
    }
}

/// `timestamp` when given, else the clock now, as Python's `strftime` prints it.
fn timestamp_or_now(object: &JsValue, what: &str) -> Result<String, JsErr> {
    if let Some(timestamp) = optional_string(object, "timestamp", what)? {
        return Ok(timestamp);
    }
    let millis = js_sys::Date::now() as i64;
    Ok(writer::format_timestamp(
        millis.div_euclid(1000),
        (millis.rem_euclid(1000) * 1000) as u32,
    ))
}

fn entry_id(value: &JsValue, what: &str) -> Result<i64, JsErr> {
    match value.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 => Ok(x as i64),
        _ => Err(JsErr::new(
            Code::InvalidInput,
            format!("{what}: expected an integer entry id"),
        )),
    }
}

/// Appends entries to a ledger, computing each row exactly as `Ledger.log` stores it.
#[wasm_bindgen(js_name = ChainWriter)]
pub struct Writer {
    writer: ChainWriter,
    v3: bool,
    signer: Option<EntrySigner>,
}

#[wasm_bindgen(js_class = ChainWriter)]
impl Writer {
    /// `options`: `{ head, formatVersion, signer }`. `head` is the ledger's newest
    /// entry as `{ entryId, entryHash }` or as its row (`entry_id`, `entry_hash`),
    /// absent for an empty ledger; `formatVersion` 2 (default) or 3; `signer`
    /// `{ keyId, seedHex }` signs every appended entry.
    ///
    /// # Errors
    /// `INVALID_INPUT` for a malformed head, `INVALID_KEY` for a seed that is not
    /// 64 hex characters, `NOT_SUPPORTED` for another format version.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Writer, JsValue> {
        let head = get(&options, "head");
        let writer = if given(&head) {
            let (id, hash) = if given(&get(&head, "entryId")) {
                (get(&head, "entryId"), get(&head, "entryHash"))
            } else {
                (get(&head, "entry_id"), get(&head, "entry_hash"))
            };
            let id = entry_id(&id, "options.head.entryId")?;
            let hash = hex32(&hash, "options.head.entryHash", Code::InvalidInput)?;
            ChainWriter::after(id, &hex::encode(hash))
        } else {
            ChainWriter::new()
        };
        let version = get(&options, "formatVersion");
        let v3 = match version.as_f64() {
            None if !given(&version) => false,
            Some(2.0) => false,
            Some(3.0) => true,
            _ => {
                return Err(JsErr::new(
                    Code::NotSupported,
                    "options.formatVersion: the writer writes format 2 (as nexuscone 0.2.1) or 3 (salted, redactable)".to_owned(),
                )
                .into())
            }
        };
        let signer = get(&options, "signer");
        let signer = if given(&signer) {
            let key_id = required_string(&signer, "keyId", "options.signer")?;
            let seed = hex32(
                &get(&signer, "seedHex"),
                "options.signer.seedHex",
                Code::InvalidKey,
            )?;
            Some(EntrySigner::from_seed(&key_id, &seed))
        } else {
            None
        };
        Ok(Writer { writer, v3, signer })
    }

    /// Computes the next row from `{ actor, action, payload | payloadJson,
    /// eventType, timestamp, salt }` and makes it the head. `random_salt` is used
    /// for format 3 when the entry gives no `salt` (hex).
    ///
    /// # Errors
    /// `INVALID_INPUT` for a missing field or a format-3 entry without a salt,
    /// `INVALID_JSON` for `payloadJson` that is not JSON, `UNSUPPORTED_VALUE` for a
    /// payload JSON cannot hold.
    pub fn append(
        &mut self,
        entry: JsValue,
        random_salt: Option<Vec<u8>>,
    ) -> Result<JsValue, JsValue> {
        let what = "entry";
        if !entry.is_object() {
            return Err(
                JsErr::new(Code::InvalidInput, "entry: expected an object".to_owned()).into(),
            );
        }
        let actor = required_string(&entry, "actor", what)?;
        let action = required_string(&entry, "action", what)?;
        let event_type = optional_string(&entry, "eventType", what)?
            .unwrap_or_else(|| nexuscone_core::entry::DEFAULT_EVENT_TYPE.to_owned());
        let timestamp = timestamp_or_now(&entry, what)?;
        let payload_json = match optional_string(&entry, "payloadJson", what)? {
            Some(text) => text,
            None => {
                let payload = get(&entry, "payload");
                if payload.is_undefined() {
                    return Err(JsErr::new(
                        Code::InvalidInput,
                        "entry.payload: missing (or give entry.payloadJson as JSON text)"
                            .to_owned(),
                    )
                    .into());
                }
                nexuscone_core::canonical::to_canonical(&value_from_js(&payload)?)
            }
        };
        let format = if self.v3 {
            let given_salt = get(&entry, "salt");
            let salt = if given(&given_salt) {
                hex32(&given_salt, "entry.salt", Code::InvalidInput)?
            } else {
                random_salt
                    .as_deref()
                    .and_then(|s| <[u8; 32]>::try_from(s).ok())
                    .ok_or_else(|| {
                        JsErr::new(
                            Code::InvalidInput,
                            "format 3 needs a 32-byte salt".to_owned(),
                        )
                    })?
            };
            WriteFormat::V3 { salt }
        } else {
            WriteFormat::V2
        };
        let row = self
            .writer
            .append(
                &NewEntry {
                    timestamp: &timestamp,
                    actor: &actor,
                    action: &action,
                    event_type: &event_type,
                    payload_json: payload_json.as_bytes(),
                    format,
                },
                self.signer.as_ref(),
            )
            .map_err(|e| crate::error::parse_error(&e, "entry.payloadJson"))?;
        Ok(entry_to_js(&row))
    }

    /// The signer's public key (hex), for the verifier's `publicKeys`.
    #[wasm_bindgen(getter, js_name = publicKeyHex)]
    pub fn public_key_hex(&self) -> Option<String> {
        self.signer.as_ref().map(EntrySigner::public_key_hex)
    }

    /// The format version of the rows this writer appends.
    #[wasm_bindgen(getter, js_name = formatVersion)]
    pub fn format_version(&self) -> u32 {
        if self.v3 {
            3
        } else {
            2
        }
    }
}

/// Redacts entry `options.entryId` of a ledger (JSONL bytes or an array of rows),
/// returning `{ redacted, redactionEntry }`: the row to store in place of the
/// entry, and the redaction entry to append. `options`: `{ entryId, reason,
/// redactedBy, timestamp }` (timestamp default: now).
///
/// # Errors
/// `INVALID_JSON`/`INVALID_ROW` for unreadable input, `INVALID_INPUT` when the
/// ledger has no such entry or it is already redacted.
#[wasm_bindgen]
pub fn redact(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let what = "options";
    let target_id = entry_id(&get(&options, "entryId"), "options.entryId")?;
    let reason = required_string(&options, "reason", what)?;
    let by = required_string(&options, "redactedBy", what)?;
    let timestamp = timestamp_or_now(&options, what)?;
    let mut target: Option<Entry> = None;
    let mut head: Option<(i64, String)> = None;
    let mut see = |entry: Entry| {
        head = Some((entry.entry_id, entry.entry_hash.clone()));
        if entry.entry_id == target_id {
            target = Some(entry);
        }
    };
    if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        let ledger = Ledger::read(&bytes.to_vec(), Hint::None).map_err(|e| input_error(&e))?;
        ledger.rows.into_iter().for_each(|row| see(row.entry));
    } else if js_sys::Array::is_array(&input) {
        for (index, item) in js_sys::Array::from(&input).iter().enumerate() {
            see(row_from_js(&item, &format!("rows[{index}]"))?.entry);
        }
    } else {
        return Err(JsErr::new(
            Code::InvalidInput,
            "redact expects JSONL text, a Uint8Array or an array of rows".to_owned(),
        )
        .into());
    }
    let target = target.ok_or_else(|| {
        JsErr::new(
            Code::InvalidInput,
            format!("the ledger has no entry {target_id}"),
        )
        .entry_id(target_id)
    })?;
    let (head_id, head_hash) = head.unwrap_or_default();
    let done =
        redaction::redact_in_ledger(&target, (head_id, &head_hash), &reason, &by, &timestamp)
            .map_err(|e| JsErr::new(Code::InvalidInput, e.to_string()).entry_id(target_id))?;
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"redacted".into(), &entry_to_js(&done.redacted));
    let _ = js_sys::Reflect::set(
        &out,
        &"redactionEntry".into(),
        &entry_to_js(&done.redaction_entry),
    );
    Ok(out.into())
}
