//! Diagnosing entry hashes written by drifted JavaScript canonicalisers.
//!
//! The TypeScript ports that preceded this verifier built "canonical JSON" with a
//! sorted-key `JSON.stringify`. That differs from Python's
//! `json.dumps(sort_keys=True, separators=(",", ":"))` in three ways:
//!
//! - non-ASCII is written raw instead of as `\uXXXX` escapes (`ensure_ascii=True`),
//!   and DEL is not escaped;
//! - keys sort by UTF-16 code unit instead of by code point, so `"\u{1F600}"`
//!   sorts before `"\u{E000}"`;
//! - numbers print as JavaScript prints a double: `1.0` is `1`, `1e-05` is
//!   `0.00001`, `1e+16` is `10000000000000000`, integers above 2^53 lose
//!   precision and `NaN`/`Infinity` become `null`.
//!
//! A row such a writer produced has an `entry_hash` that Python rejects.
//! [`diagnose`] tries each combination of these drifts, on the hash preimage and
//! on the payload, and says which one reproduces the stored hash.
//!
//! What this module is NOT: a JavaScript canonicaliser for writing. It exists only
//! to explain mismatches; everything written uses [`crate::canonical`].

use std::cmp::Ordering;
use std::fmt::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::canonical::{self, JsonString, Number, Value};
use crate::entry::{Entry, HashFormat};

/// Which JavaScript drifts a printer applies. All false is Python's form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Drift {
    /// Non-ASCII (and DEL) written raw, as `JSON.stringify` does.
    pub non_ascii_unescaped: bool,
    /// Object keys sorted by UTF-16 code unit (`Array.prototype.sort`).
    pub utf16_key_order: bool,
    /// Numbers printed as JavaScript doubles (`String(x)`, `null` for NaN/Infinity).
    pub js_numbers: bool,
}

impl Drift {
    /// Every combination, fewest drifts first, so the first match is the simplest.
    const ALL: [Drift; 8] = {
        const fn d(a: bool, b: bool, c: bool) -> Drift {
            Drift {
                non_ascii_unescaped: a,
                utf16_key_order: b,
                js_numbers: c,
            }
        }
        [
            d(false, false, false),
            d(true, false, false),
            d(false, true, false),
            d(false, false, true),
            d(true, true, false),
            d(true, false, true),
            d(false, true, true),
            d(true, true, true),
        ]
    };

    fn is_python(self) -> bool {
        self == Drift::default()
    }

    fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.non_ascii_unescaped {
            parts.push("non-ASCII left unescaped");
        }
        if self.utf16_key_order {
            parts.push("keys sorted by UTF-16 code unit");
        }
        if self.js_numbers {
            parts.push("JavaScript number formatting");
        }
        parts.join(", ")
    }
}

/// What [`diagnose`] found about one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DriftDiagnosis {
    /// The entry id of the row.
    pub entry_id: i64,
    /// True when the stored hash is the one Python computes: nothing drifted.
    pub hash_matches: bool,
    /// The hash Python computes for the row (`None` for an unknown format version).
    pub expected_hash: Option<String>,
    /// The drift whose hash preimage reproduces the stored hash, if any.
    pub hash_drift: Option<Drift>,
    /// The drift whose canonicalisation of the payload's value gives the stored
    /// payload, when the stored payload is not Python's canonical form.
    pub payload_drift: Option<Drift>,
    /// One sentence for a person.
    pub message: String,
}

/// Explains a row's stored `entry_hash` in terms of known JavaScript drifts.
pub fn diagnose(entry: &Entry) -> DriftDiagnosis {
    let entry_id = entry.entry_id;
    let format = entry.hash_format();
    let expected = format.map(|f| entry.compute_hash(f));
    let parsed = canonical::parse(entry.payload.as_bytes()).ok();
    let payload_drift = parsed.as_ref().and_then(|value| {
        let python = canonical::to_canonical(value);
        (python != entry.payload)
            .then(|| {
                Drift::ALL
                    .into_iter()
                    .skip(1)
                    .find(|&d| print(value, d) == entry.payload)
            })
            .flatten()
    });
    let mut diagnosis = DriftDiagnosis {
        entry_id,
        hash_matches: expected.is_some_and(|h| h.matches_hex(&entry.entry_hash)),
        expected_hash: expected.map(|h| h.to_hex()),
        hash_drift: None,
        payload_drift,
        message: String::new(),
    };
    let Some(format) = format else {
        diagnosis.message = format!(
            "entry {entry_id} has format_version {}, which no Nexuscone version writes: no hash rule to compare with",
            entry.declared_format_version()
        );
        return diagnosis;
    };
    if format == HashFormat::V3 {
        // Format 3 hashes a salted commitment, not the payload; no JavaScript port
        // ever wrote it, so there is no drift to look for.
        diagnosis.message = if diagnosis.hash_matches {
            format!("entry {entry_id} hash matches the format-3 rule: no drift")
        } else {
            format!(
                "entry {entry_id} entry_hash does not match the format-3 rule: the row was altered"
            )
        };
        return diagnosis;
    }
    if diagnosis.hash_matches {
        diagnosis.message = match payload_drift {
            Some(d) => format!(
                "entry {entry_id} hash matches Python's rule, but its payload was canonicalised by a JavaScript writer ({})",
                d.describe()
            ),
            None => format!("entry {entry_id} hash matches Python's rule: no drift"),
        };
        return diagnosis;
    }
    // The writer may have hashed the payload string it stored, or re-canonicalised
    // the payload value with its own rules before hashing.
    let mut payloads = vec![entry.payload.clone()];
    if let Some(value) = &parsed {
        payloads.extend(Drift::ALL.iter().map(|&d| print(value, d)));
    }
    payloads.dedup();
    'search: for drift in Drift::ALL {
        for payload in &payloads {
            let preimage = preimage(entry, format, payload, drift.non_ascii_unescaped);
            let hash = Sha256::digest(preimage.as_bytes());
            if hex::encode(hash) == entry.entry_hash {
                let payload_drift = if *payload == entry.payload {
                    diagnosis.payload_drift
                } else {
                    Drift::ALL
                        .into_iter()
                        .find(|&d| parsed.as_ref().is_some_and(|v| print(v, d) == *payload))
                };
                let combined = Drift {
                    non_ascii_unescaped: drift.non_ascii_unescaped
                        || payload_drift.is_some_and(|d| d.non_ascii_unescaped),
                    utf16_key_order: payload_drift.is_some_and(|d| d.utf16_key_order),
                    js_numbers: payload_drift.is_some_and(|d| d.js_numbers),
                };
                if !combined.is_python() {
                    diagnosis.hash_drift = Some(combined);
                    break 'search;
                }
            }
        }
    }
    diagnosis.message = match diagnosis.hash_drift {
        Some(d) => format!(
            "entry {entry_id} entry_hash was computed by a drifted JavaScript canonicaliser ({}); Python's rule gives {}",
            d.describe(),
            diagnosis.expected_hash.as_deref().unwrap_or_default()
        ),
        None => format!(
            "entry {entry_id} entry_hash matches neither Python's rule nor any known JavaScript drift: the row was altered"
        ),
    };
    diagnosis
}

/// The entry-hash preimage with the given payload string, strings escaped as
/// Python does or, with `js_strings`, as `JSON.stringify` does. The preimage's
/// keys are ASCII and its only number is `entry_id`, so the other drifts cannot
/// change it.
fn preimage(entry: &Entry, format: HashFormat, payload: &str, js_strings: bool) -> String {
    let string = |out: &mut String, s: &str| {
        if js_strings {
            push_js_string(out, &JsonString::from(s));
        } else {
            canonical::push_json_string(out, s);
        }
    };
    let mut out = String::with_capacity(payload.len() + 256);
    out.push_str("{\"action\":");
    string(&mut out, &entry.action);
    out.push_str(",\"actor\":");
    string(&mut out, &entry.actor);
    let _ = write!(out, ",\"entry_id\":{}", entry.entry_id);
    if format == HashFormat::V2 {
        out.push_str(",\"event_type\":");
        string(&mut out, entry.effective_event_type());
    }
    out.push_str(",\"payload\":");
    string(&mut out, payload);
    out.push_str(",\"previous_hash\":");
    string(&mut out, &entry.previous_hash);
    out.push_str(",\"timestamp\":");
    string(&mut out, &entry.timestamp);
    out.push('}');
    out
}

/// Prints `value` as canonical JSON with the given drifts (none: Python's form).
pub fn print(value: &Value, drift: Drift) -> String {
    let mut out = String::new();
    print_into(&mut out, value, drift);
    out
}

fn print_into(out: &mut String, value: &Value, drift: Drift) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if drift.js_numbers => push_js_number(out, n),
        Value::Number(_) => out.push_str(&canonical::to_canonical(value)),
        Value::String(s) => push_string(out, s, drift),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                print_into(out, item, drift);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            let kept = canonical::dict_order(members, &|a, b| key_order(a, b, drift));
            for (i, (key, item)) in kept.into_iter().map(|p| &members[p]).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, key, drift);
                out.push(':');
                print_into(out, item, drift);
            }
            out.push('}');
        }
    }
}

fn key_order(a: &JsonString, b: &JsonString, drift: Drift) -> Ordering {
    if drift.utf16_key_order {
        utf16_units(a).cmp(utf16_units(b))
    } else {
        a.cmp(b)
    }
}

fn utf16_units(s: &JsonString) -> impl Iterator<Item = u16> + '_ {
    s.code_points().flat_map(|cp| {
        let mut buf = [0u16; 2];
        let units: &[u16] = match char::from_u32(cp) {
            Some(c) => c.encode_utf16(&mut buf),
            // A lone surrogate is its own code unit.
            None => {
                buf[0] = cp as u16;
                &buf[..1]
            }
        };
        units.to_vec()
    })
}

fn push_string(out: &mut String, s: &JsonString, drift: Drift) {
    if drift.non_ascii_unescaped {
        push_js_string(out, s);
    } else {
        out.push_str(&canonical::to_canonical(&Value::String(s.clone())));
    }
}

/// `JSON.stringify` of a string (ES2019 well-formed): short escapes, other
/// controls as lowercase `\u00XX`, lone surrogates as `\uXXXX`, the rest raw.
fn push_js_string(out: &mut String, s: &JsonString) {
    out.push('"');
    for cp in s.code_points() {
        match cp {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x00..=0x1f | 0xd800..=0xdfff => {
                let _ = write!(out, "\\u{cp:04x}");
            }
            _ => out.extend(char::from_u32(cp)),
        }
    }
    out.push('"');
}

/// `String(x)` for the double a JavaScript reader would hold (ECMA-262
/// Number::toString), and `null` where `JSON.stringify` gives it.
fn push_js_number(out: &mut String, n: &Number) {
    let x = match n {
        Number::Float(x) => *x,
        // Rust's parse rounds to nearest, as JSON.parse does.
        Number::Int(i) => i.to_string().parse::<f64>().unwrap_or(f64::NAN),
    };
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    // `{:e}` gives the shortest round-trip digits, as ECMA-262 requires.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    let n = exp.parse::<i32>().unwrap_or(0) + 1;
    if x < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat('0').take((n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take((-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::GENESIS_PREVIOUS_HASH;

    fn js_number(text: &str) -> String {
        print(
            &canonical::parse(text.as_bytes()).unwrap(),
            Drift {
                js_numbers: true,
                ..Drift::default()
            },
        )
    }

    #[test]
    fn numbers_print_as_javascript_string_of_a_double() {
        let cases = [
            ("1.0", "1"),
            ("-0.0", "0"),
            ("1e-05", "0.00001"),
            ("1e-07", "1e-7"),
            ("1e+16", "10000000000000000"),
            ("1e+21", "1e+21"),
            ("1e+22", "1e+22"),
            ("123.456", "123.456"),
            ("1.7976931348623157e+308", "1.7976931348623157e+308"),
            ("5e-324", "5e-324"),
            ("18446744073709551617", "18446744073709552000"),
            ("-9007199254740993", "-9007199254740992"),
            ("NaN", "null"),
            ("-Infinity", "null"),
            ("0.1", "0.1"),
            ("1.5e-7", "1.5e-7"),
        ];
        for (python, js) in cases {
            assert_eq!(js_number(python), js, "{python}");
        }
    }

    #[test]
    fn utf16_key_order_puts_astral_keys_before_the_private_use_area() {
        let value = canonical::parse("{\"\\ue000\":1,\"\\ud83d\\ude00\":2}".as_bytes()).unwrap();
        assert_eq!(
            print(&value, Drift::default()),
            canonical::to_canonical(&value)
        );
        let utf16 = Drift {
            utf16_key_order: true,
            non_ascii_unescaped: true,
            ..Drift::default()
        };
        assert_eq!(print(&value, utf16), "{\"\u{1f600}\":2,\"\u{e000}\":1}");
    }

    #[test]
    fn python_form_equals_the_canonical_printer() {
        let text = r#"{"b":[1,2.5,"é\u0000\ud800"],"a":{"z":null,"y":true},"\u007f":1e+16}"#;
        let value = canonical::parse(text.as_bytes()).unwrap();
        assert_eq!(
            print(&value, Drift::default()),
            canonical::to_canonical(&value)
        );
    }

    /// A row as an old TypeScript port wrote it: payload and hash both through
    /// sorted-key `JSON.stringify`.
    fn js_written_row(payload_text: &str, actor: &str) -> Entry {
        let value = canonical::parse(payload_text.as_bytes()).unwrap();
        let all = Drift {
            non_ascii_unescaped: true,
            utf16_key_order: true,
            js_numbers: true,
        };
        let mut entry = Entry {
            entry_id: 1,
            timestamp: "2024-01-01T00:00:00.000000Z".into(),
            actor: actor.into(),
            action: "write".into(),
            event_type: Some("request".into()),
            format_version: Some(2),
            payload: print(&value, all),
            previous_hash: GENESIS_PREVIOUS_HASH.into(),
            entry_hash: String::new(),
            signature: None,
            signing_key_id: None,
            payload_hash: None,
            payload_salt: None,
        };
        let pre = preimage(&entry, HashFormat::V2, &entry.payload, true);
        entry.entry_hash = hex::encode(Sha256::digest(pre.as_bytes()));
        entry
    }

    #[test]
    fn unescaped_non_ascii_in_the_actor_is_named() {
        let entry = js_written_row(r#"{"a":1}"#, "zoë");
        let d = diagnose(&entry);
        assert!(!d.hash_matches);
        assert_eq!(
            d.hash_drift,
            Some(Drift {
                non_ascii_unescaped: true,
                ..Drift::default()
            })
        );
        assert!(
            d.message.contains("non-ASCII left unescaped"),
            "{}",
            d.message
        );
    }

    #[test]
    fn drifted_payload_numbers_and_key_order_are_named() {
        let entry = js_written_row("{\"\\ue000\":1.0,\"\\ud83d\\ude00\":1e-05}", "ann");
        let d = diagnose(&entry);
        assert!(!d.hash_matches);
        let drift = d.hash_drift.expect("a drift explains the hash");
        assert!(drift.non_ascii_unescaped && drift.utf16_key_order && drift.js_numbers);
        assert_eq!(d.payload_drift, Some(drift));
    }

    #[test]
    fn ascii_only_number_drift_keeps_the_hash_but_flags_the_payload() {
        // `1.0` would print as `1`, which Python reads back as canonical: only
        // drifts that change the value's Python form can be seen.
        let entry = js_written_row(r#"{"n":1e-05}"#, "ann");
        let d = diagnose(&entry);
        assert!(d.hash_matches, "{}", d.message);
        assert_eq!(
            d.payload_drift,
            Some(Drift {
                js_numbers: true,
                ..Drift::default()
            })
        );
    }

    #[test]
    fn a_tampered_row_matches_no_drift() {
        let mut entry = js_written_row(r#"{"a":"é"}"#, "ann");
        entry.action = "delete".into();
        let d = diagnose(&entry);
        assert!(!d.hash_matches);
        assert_eq!(d.hash_drift, None);
        assert!(d.message.contains("altered"));
    }

    #[test]
    fn a_python_row_has_no_drift() {
        let mut entry = js_written_row(r#"{"a":"é"}"#, "zoë");
        entry.payload = r#"{"a":"\u00e9"}"#.into();
        entry.entry_hash = entry.compute_hash(HashFormat::V2).to_hex();
        let d = diagnose(&entry);
        assert!(d.hash_matches);
        assert_eq!((d.hash_drift, d.payload_drift), (None, None));
    }
}
