//! The bindings in a real browser (headless Chromium via wasm-bindgen-test): the
//! exported functions answer as in Node, and hostile input becomes an `Error`
//! with a `code`, not a trap.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const UNSIGNED: &str = include_str!("../../fixtures/ledgers/unsigned.jsonl");
const TAMPERED: &str = include_str!("../../fixtures/ledgers/tamper_payload.bundle.json");

fn code(err: JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>(), "an Error object");
    Reflect::get(&err, &"code".into())
        .unwrap()
        .as_string()
        .expect("a code")
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap()
}

#[wasm_bindgen_test]
fn canonical_json_of_js_values_is_pythons() {
    let value = js_sys::JSON::parse(r#"{"b":5.0,"a":"é","c":[1e21,0.5]}"#).unwrap();
    assert_eq!(
        nexuscone_wasm::canonical_json(value).unwrap(),
        r#"{"a":"\u00e9","b":5,"c":[1000000000000000000000,0.5]}"#
    );
    let big = js_sys::BigInt::new(&"123456789012345678901234567890".into()).unwrap();
    assert_eq!(
        nexuscone_wasm::canonical_json(big.into()).unwrap(),
        "123456789012345678901234567890"
    );
}

#[wasm_bindgen_test]
fn untampered_jsonl_verifies_and_tampered_bundle_names_the_entry() {
    let bytes = Uint8Array::from(UNSIGNED.as_bytes());
    let report = nexuscone_wasm::verify_chain(bytes.into(), Object::new().into()).unwrap();
    assert_eq!(field(&report, "valid"), JsValue::TRUE);
    assert_eq!(field(&report, "entries").as_f64(), Some(55.0));
    let bytes = Uint8Array::from(TAMPERED.as_bytes());
    let report = nexuscone_wasm::verify_chain(bytes.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(field(&report, "valid"), JsValue::FALSE);
    let first = field(&report, "first_failure");
    assert_eq!(field(&first, "entry_id").as_f64(), Some(47.0));
    assert_eq!(
        field(&first, "kind").as_string().as_deref(),
        Some("hash_mismatch")
    );
}

#[wasm_bindgen_test]
fn streamed_chunks_give_the_same_verdict() {
    let mut stream = nexuscone_wasm::ChainStream::new(JsValue::UNDEFINED).unwrap();
    for chunk in UNSIGNED.as_bytes().chunks(777) {
        stream.push(chunk).unwrap();
    }
    let report = stream.finish().unwrap();
    assert_eq!(field(&report, "valid"), JsValue::TRUE);
    assert_eq!(code(stream.push(b"{}").unwrap_err()), "FINISHED");
}

#[wasm_bindgen_test]
fn hostile_input_is_an_error_with_a_code_not_a_trap() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    assert_eq!(
        code(nexuscone_wasm::canonicalize(deep.as_bytes()).unwrap_err()),
        "INVALID_JSON"
    );
    assert_eq!(
        code(nexuscone_wasm::canonicalize(&[0xff, 0x00]).unwrap_err()),
        "INVALID_JSON"
    );
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert_eq!(
        code(nexuscone_wasm::canonical_json(cyclic.into()).unwrap_err()),
        "TOO_DEEP"
    );
    let rows = Array::of1(&JsValue::from_f64(1.0));
    assert_eq!(
        code(nexuscone_wasm::verify_chain(rows.into(), JsValue::UNDEFINED).unwrap_err()),
        "INVALID_ROW"
    );
    assert_eq!(
        code(
            nexuscone_wasm::merkle_root(Uint8Array::new_with_length(31).into(), None).unwrap_err()
        ),
        "INVALID_HASH"
    );
    let options = js_sys::JSON::parse(r#"{"checkpoint":"x"}"#).unwrap();
    assert_eq!(
        code(nexuscone_wasm::verify_chain(JsValue::NULL, options).unwrap_err()),
        "INVALID_KEY"
    );
    let row = js_sys::JSON::parse(r#"{"entry_id":1}"#).unwrap();
    let err = nexuscone_wasm::compute_entry_hash(row).unwrap_err();
    assert_eq!(code(err.clone()), "INVALID_ROW");
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}

#[wasm_bindgen_test]
fn merkle_root_of_entry_hashes_matches_between_hex_and_bytes() {
    let hex: Vec<String> = (0u8..5).map(|i| format!("{:02x}", i).repeat(32)).collect();
    let array: Array = hex.iter().map(|h| JsValue::from_str(h)).collect();
    let bytes: Vec<u8> = (0u8..5).flat_map(|i| [i; 32]).collect();
    assert_eq!(
        nexuscone_wasm::merkle_root(array.into(), None).unwrap(),
        nexuscone_wasm::merkle_root(Uint8Array::from(bytes.as_slice()).into(), None).unwrap()
    );
}
