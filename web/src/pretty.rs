//! Payloads pretty-printed for reading. The text is only ever put into the DOM as
//! a text node, never as HTML.
//!
//! Numbers and keys are printed by the core's canonical printer, so a big integer
//! or a float is shown exactly as stored (no JavaScript rounding); strings are shown
//! with their characters decoded rather than `\u` escaped.

use nexuscone_core::canonical::{parse, to_canonical, JsonString, Value};

/// The payload indented by two spaces, or the stored text unchanged when it is not JSON.
pub fn payload(stored: &str) -> String {
    match parse(stored.as_bytes()) {
        Ok(value) => {
            let mut out = String::with_capacity(stored.len() * 2);
            write(&mut out, &value, 0);
            out
        }
        Err(_) => stored.to_owned(),
    }
}

fn string(out: &mut String, s: &JsonString) {
    match s.as_str().and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => out.push_str(&text),
        None => out.push_str(&to_canonical(&Value::String(s.clone()))),
    }
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write(out, item, depth + 1);
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(members) if !members.is_empty() => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                string(out, key);
                out.push_str(": ");
                write(out, item, depth + 1);
            }
            indent(out, depth);
            out.push('}');
        }
        Value::String(s) => string(out, s),
        scalar => out.push_str(&to_canonical(scalar)),
    }
}

#[cfg(test)]
mod tests {
    use super::payload;

    #[test]
    fn big_integers_and_floats_are_shown_exactly() {
        assert_eq!(
            payload(r#"{"a":9007199254740993,"b":1.0,"c":"m\u00fcller"}"#),
            "{\n  \"a\": 9007199254740993,\n  \"b\": 1.0,\n  \"c\": \"müller\"\n}"
        );
    }

    #[test]
    fn markup_stays_text() {
        assert_eq!(payload(r#""<script>""#), "\"<script>\"");
        assert_eq!(payload("not json <b>"), "not json <b>");
    }
}
