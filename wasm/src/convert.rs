//! JavaScript values to core types and back.

use std::rc::Rc;

use js_sys::{Array, BigInt, Function, JsString, Object, Reflect, Symbol, Uint8Array};
use nexuscone_core::canonical::{to_canonical, Integer, JsonString, Number, Value, MAX_DEPTH};
use nexuscone_core::entry::Entry;
use nexuscone_core::export::entry_to_value;
use nexuscone_core::input::{Trust, TrustError, TrustKind};
use nexuscone_core::report::{LimitKind, Report};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{trust_error, Code, JsErr};
use crate::proofs::JsProofVerifier;

/// A report or other core answer as a plain JavaScript object: `None` is `null`
/// and maps are objects, so it matches the CLI's `--json` field by field.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(JsValue::from)
}

/// A verification report as a plain JavaScript object (see [`to_js`]), each limit
/// with the option of this package that lifts it as `hint`: core's sentences name no
/// front end's options.
pub fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    let js = to_js(report)?;
    let limits = Reflect::get(&js, &JsValue::from_str("limits"))?;
    for (index, limit) in (0..).zip(&report.limits) {
        if let Some(hint) = hint(limit.kind) {
            let item = Reflect::get_u32(&limits, index)?;
            Reflect::set(&item, &JsValue::from_str("hint"), &JsValue::from_str(hint))?;
        }
    }
    Ok(js)
}

/// The option that lifts a limit.
fn hint(kind: LimitKind) -> Option<&'static str> {
    match kind {
        LimitKind::SignaturesUnchecked | LimitKind::SelfAssertedSigningKeys => {
            Some("options.publicKeys")
        }
        LimitKind::SelfAssertedWitnessKeys => Some("options.witnessKeys"),
        LimitKind::NoCheckpoint => Some("options.checkpoint with options.verifierKeys"),
        LimitKind::AnchorsNotCheckedAgainstBitcoin => Some("options.bitcoinHeaders"),
        LimitKind::AnchorsTsaSignerNotChecked => Some("options.tsaRoots"),
        LimitKind::AnchorsNotVerified => Some("initAnchors()"),
        _ => None,
    }
}

/// A row as the plain object an export holds (storage column names; `entry_id` and
/// `format_version` as numbers, absent signatures as `null`).
pub fn entry_to_js(entry: &Entry) -> JsValue {
    value_to_js(&entry_to_value(entry))
}

fn value_to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(Number::Int(i)) => match i.as_i64() {
            Some(i) => JsValue::from_f64(i as f64),
            None => JsValue::from_str(&to_canonical(value)),
        },
        // Rows hold no floats; printed as Python would, then read by JavaScript.
        Value::Number(Number::Float(_)) => {
            js_sys::JSON::parse(&to_canonical(value)).unwrap_or(JsValue::NULL)
        }
        Value::String(s) => js_string(s),
        Value::Array(items) => items.iter().map(value_to_js).collect::<Array>().into(),
        Value::Object(members) => {
            let object = Object::new();
            for (key, item) in members {
                // Setting a data property on a fresh plain object cannot fail.
                let _ = Reflect::set(&object, &js_string(key), &value_to_js(item));
            }
            object.into()
        }
    }
}

/// A JSON string as a JavaScript string (a lone surrogate stays one code unit).
fn js_string(s: &JsonString) -> JsValue {
    if let Some(text) = s.as_str() {
        return JsValue::from_str(text);
    }
    let mut units = Vec::new();
    for c in s.code_points() {
        if c >= 0x1_0000 {
            let c = c - 0x1_0000;
            units.extend([0xd800 | (c >> 10) as u16, 0xdc00 | (c & 0x3ff) as u16]);
        } else {
            units.push(c as u16);
        }
    }
    JsString::from_char_code(&units).into()
}

/// The JSON value a JavaScript value denotes, as `JSON.stringify` would see it
/// (a `toJSON` method is honoured; `undefined` object members are left out) but
/// with Python's data model: integral doubles are `int`s and `BigInt`s are exact.
pub fn value_from_js(value: &JsValue) -> Result<Value, JsErr> {
    convert(value, 0, "value")
}

fn convert(value: &JsValue, depth: usize, path: &str) -> Result<Value, JsErr> {
    if depth > MAX_DEPTH {
        return Err(JsErr::new(
            Code::TooDeep,
            format!("{path}: nested deeper than {MAX_DEPTH} levels (or a cycle)"),
        ));
    }
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(x) = value.as_f64() {
        return Ok(Value::Number(Number::from_js(x)));
    }
    if let Some(s) = value.dyn_ref::<JsString>() {
        let units: Vec<u16> = s.iter().collect();
        return Ok(Value::String(JsonString::from_utf16(&units)));
    }
    if value.is_bigint() {
        let text: String = BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return Integer::from_decimal(&text)
            .map(|i| Value::Number(Number::Int(i)))
            .ok_or_else(|| {
                JsErr::new(
                    Code::UnsupportedValue,
                    format!("{path}: BigInt with more digits than Python's int parser accepts"),
                )
            });
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut items = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            if item.is_undefined() {
                return Err(unsupported(&format!("{path}[{i}]"), "undefined"));
            }
            items.push(convert(&item, depth + 1, path)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_object() && !value.is_function() {
        let to_json = Reflect::get(value, &JsValue::from_str("toJSON")).unwrap_or_default();
        if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
            let converted = f
                .call1(value, &JsValue::from_str(""))
                .map_err(|_| unsupported(path, "an object whose toJSON threw"))?;
            return convert(&converted, depth + 1, path);
        }
        if value.is_instance_of::<js_sys::Map>()
            || value.is_instance_of::<js_sys::Set>()
            || js_sys::ArrayBuffer::is_view(value)
        {
            return Err(unsupported(
                path,
                "a Map, Set or typed array (convert it to a plain object or array)",
            ));
        }
        let object: &Object = value.unchecked_ref();
        let entries = Object::entries(object);
        let mut members = Vec::with_capacity(entries.length() as usize);
        for pair in entries.iter() {
            let pair: Array = pair.unchecked_into();
            let key = pair.get(0);
            let item = pair.get(1);
            if item.is_undefined() || item.is_function() || item.is_symbol() {
                continue;
            }
            let key: &JsString = key.unchecked_ref();
            let units: Vec<u16> = key.iter().collect();
            members.push((
                JsonString::from_utf16(&units),
                convert(&item, depth + 1, path)?,
            ));
        }
        return Ok(Value::Object(members));
    }
    let what = if value.is_undefined() {
        "undefined"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_function() {
        "a function"
    } else {
        "a value JSON cannot hold"
    };
    Err(unsupported(path, what))
}

fn unsupported(path: &str, what: &str) -> JsErr {
    JsErr::new(
        Code::UnsupportedValue,
        format!("{path}: {what} has no JSON form"),
    )
}

pub fn get(object: &JsValue, name: &str) -> JsValue {
    if object.is_object() {
        Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

pub fn given(value: &JsValue) -> bool {
    !value.is_undefined() && !value.is_null()
}

/// A string or an array of strings.
pub fn string_list(value: &JsValue, what: &str) -> Result<Vec<String>, JsErr> {
    let bad = || {
        JsErr::new(
            Code::InvalidKey,
            format!("{what}: expected a string or an array of strings"),
        )
    };
    if let Some(one) = value.as_string() {
        return Ok(vec![one]);
    }
    if !Array::is_array(value) {
        return Err(bad());
    }
    Array::from(value)
        .iter()
        .map(|v| v.as_string().ok_or_else(bad))
        .collect()
}

/// A trust input given as an option: text or bytes as themselves, any other value as
/// its JSON text, so that core reads it by the rules of a key file.
fn trust_bytes(value: &JsValue, option: &str) -> Result<Vec<u8>, JsErr> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    match value.as_string() {
        Some(text) => Ok(text.into_bytes()),
        None => value_from_js(value)
            .map(|v| to_canonical(&v).into_bytes())
            .map_err(|e| JsErr::new(Code::InvalidKey, format!("{option}: {}", e.message()))),
    }
}

/// The core's trust from `{ publicKeys, witnessKeys, verifierKeys, checkpoint,
/// bitcoinHeaders, tsaRoots, requireSignatures }`: key maps or arrays as objects, or as
/// text in any form a key file takes; verifier keys as a string or an array of strings;
/// headers and roots as text or bytes. This module checks no anchor proof itself: core
/// refuses `bitcoinHeaders` and `tsaRoots` (the package's JavaScript gives them to the
/// second module), and the proof verifier is the function under
/// `Symbol.for("nexuscone.proofVerifier")`.
pub fn trust_from_js(options: &JsValue) -> Result<Trust, JsErr> {
    let mut trust = Trust::new();
    for (kind, option) in [
        (TrustKind::EntryKeys, "publicKeys"),
        (TrustKind::WitnessKeys, "witnessKeys"),
        (TrustKind::BitcoinHeaders, "bitcoinHeaders"),
        (TrustKind::TsaRoots, "tsaRoots"),
    ] {
        let value = get(options, option);
        if given(&value) {
            let name = format!("options.{option}");
            let bytes = trust_bytes(&value, &name)?;
            trust
                .add(kind, &bytes, &name)
                .map_err(|e| trust_error(&e))?;
        }
    }
    let vkeys = get(options, "verifierKeys");
    if given(&vkeys) {
        let lines = string_list(&vkeys, "options.verifierKeys")?.join("\n");
        trust
            .add(
                TrustKind::VerifierKeys,
                lines.as_bytes(),
                "options.verifierKeys",
            )
            .map_err(|e| trust_error(&e))?;
    }
    let note = get(options, "checkpoint");
    if given(&note) {
        let note = note.as_string().ok_or_else(|| {
            JsErr::new(
                Code::InvalidCheckpoint,
                "options.checkpoint: expected the signed checkpoint note as a string".to_owned(),
            )
        })?;
        trust
            .add(TrustKind::Checkpoint, note.as_bytes(), "options.checkpoint")
            .map_err(|e| {
                let mut error = trust_error(&e);
                if matches!(e, TrustError::NoVerifierKeys { .. }) {
                    error.append(" (pass options.verifierKeys)");
                }
                error
            })?;
    }
    if let Some(verifier) = proof_verifier(options) {
        trust.set_proof_verifier(Rc::new(verifier));
    }
    trust.require_signatures = get(options, "requireSignatures").is_truthy();
    Ok(trust)
}

/// The anchor proof verifier the package's JavaScript put in the options, if any.
fn proof_verifier(options: &JsValue) -> Option<JsProofVerifier> {
    let key = Symbol::for_("nexuscone.proofVerifier");
    let value = options
        .is_object()
        .then(|| Reflect::get(options, &key).ok())??;
    value.dyn_into::<Function>().ok().map(JsProofVerifier)
}
