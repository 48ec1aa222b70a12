//! JavaScript values to core types and back.

use std::collections::BTreeSet;

use js_sys::{Array, BigInt, JsString, Object, Reflect};
use nexuscone_core::canonical::{to_canonical, Integer, JsonString, Number, Value, MAX_DEPTH};
use nexuscone_core::chain::VerifyOptions;
use nexuscone_core::checkpoint::Checkpoint;
use nexuscone_core::entry::Entry;
use nexuscone_core::export::entry_to_value;
use nexuscone_core::note::{self, VerifierKey, Verifiers};
use nexuscone_core::signature::KeyRing;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Code, JsErr};

/// A report or other core answer as a plain JavaScript object: `None` is `null`
/// and maps are objects, so it matches the CLI's `--json` field by field.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(JsValue::from)
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

/// Note verifier keys (`name+id+base64`), one or many.
pub fn verifiers(value: &JsValue, what: &str) -> Result<Verifiers, JsErr> {
    let keys = string_list(value, what)?
        .iter()
        .map(|k| VerifierKey::parse(k))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JsErr::new(Code::InvalidKey, format!("{what}: {e}")))?;
    Ok(Verifiers::new(keys))
}

/// `{ id: hex }` (or a list of hex keys) as a key ring.
pub fn key_ring(value: &JsValue, what: &str) -> Result<KeyRing, JsErr> {
    let pairs = string_map(value, what)?;
    KeyRing::from_hex(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| JsErr::new(Code::InvalidKey, format!("options.{what}: {e}")))
}

/// `{ id: hex }` as pairs of strings.
fn string_map(value: &JsValue, option: &str) -> Result<Vec<(String, String)>, JsErr> {
    let bad = || {
        JsErr::new(
            Code::InvalidKey,
            format!("options.{option}: expected an object mapping key id to hex public key"),
        )
    };
    if Array::is_array(value) {
        // A plain list of hex keys (witness keys need no names).
        return Array::from(value)
            .iter()
            .enumerate()
            .map(|(i, k)| k.as_string().map(|k| (i.to_string(), k)).ok_or_else(bad))
            .collect();
    }
    if !value.is_object() {
        return Err(bad());
    }
    Object::entries(value.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(bad()),
            }
        })
        .collect()
}

/// The options of `verifyChain`.
pub struct Trust {
    keys: Option<Vec<(String, String)>>,
    witness_keys: Option<BTreeSet<String>>,
    require_signatures: bool,
    checkpoint: Option<Checkpoint>,
}

/// Opens `options.checkpoint` (a signed note) with `options.verifierKeys`, as the
/// CLI's `verify --checkpoint --vkey` does.
fn checkpoint_option(options: &JsValue) -> Result<Option<Checkpoint>, JsErr> {
    let note_text = get(options, "checkpoint");
    if !given(&note_text) {
        return Ok(None);
    }
    let note_text = note_text.as_string().ok_or_else(|| {
        JsErr::new(
            Code::InvalidCheckpoint,
            "options.checkpoint: expected the signed checkpoint note as a string".to_owned(),
        )
    })?;
    let keys = get(options, "verifierKeys");
    if !given(&keys) {
        return Err(JsErr::new(
            Code::InvalidKey,
            "options.checkpoint needs options.verifierKeys (name+id+base64) to verify it with"
                .to_owned(),
        ));
    }
    let verifiers = verifiers(&keys, "options.verifierKeys")?;
    let bad = |e: String| JsErr::new(Code::InvalidCheckpoint, format!("options.checkpoint: {e}"));
    let opened = note::open(note_text.as_bytes(), &verifiers).map_err(|e| bad(e.to_string()))?;
    Checkpoint::from_text(&opened.text)
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

impl Trust {
    pub fn from_js(options: &JsValue) -> Result<Trust, JsErr> {
        let keys = get(options, "publicKeys");
        let witness_keys = get(options, "witnessKeys");
        Ok(Trust {
            keys: given(&keys)
                .then(|| string_map(&keys, "publicKeys"))
                .transpose()?,
            witness_keys: given(&witness_keys)
                .then(|| string_map(&witness_keys, "witnessKeys"))
                .transpose()?
                .map(|pairs| {
                    // `extend`, not `collect`: `collect` into a set compiles its own sort.
                    let mut keys = BTreeSet::new();
                    keys.extend(pairs.into_iter().map(|(_, k)| k.to_ascii_lowercase()));
                    keys
                }),
            require_signatures: get(options, "requireSignatures").is_truthy(),
            checkpoint: checkpoint_option(options)?,
        })
    }

    pub fn has_keys(&self) -> bool {
        self.keys.is_some()
    }

    pub fn verify_options(&self) -> Result<VerifyOptions, JsErr> {
        let keys = match &self.keys {
            Some(pairs) => {
                KeyRing::from_hex(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    .map_err(|e| JsErr::new(Code::InvalidKey, format!("options.publicKeys: {e}")))?
            }
            None => KeyRing::default(),
        };
        Ok(VerifyOptions {
            keys,
            trusted_witness_keys: self.witness_keys.clone(),
            require_signatures: self.require_signatures,
            checkpoint: self.checkpoint.clone(),
            ..VerifyOptions::default()
        })
    }
}
