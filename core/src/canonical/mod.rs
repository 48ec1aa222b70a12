//! Canonical JSON exactly as Python's
//! `json.dumps(x, sort_keys=True, separators=(",", ":"))` writes it.
//! (Placeholder in main until the canonical branch lands.)

/// Appends `s` as a Python `ensure_ascii` JSON string literal, quotes included.
pub fn push_json_string(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{:04x}", u);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Placeholder until the canonical branch lands.
pub fn canonicalize(text: &[u8]) -> Result<String, std::str::Utf8Error> {
    std::str::from_utf8(text).map(str::to_owned)
}
