//! JSONL export: one `entries` row per line, as canonical JSON, in `entry_id` order.
//!
//! Blank lines are skipped. A line's `payload` is the stored string; a JSON value in
//! its place is accepted and canonicalised (and [`Row::payload_canonicalised`] says so).

use crate::canonical::{parse, to_canonical};
use crate::entry::Entry;

use super::row::Fields;
use super::{entry_line, entry_to_value, ReadError, Row};

/// Reads one line (without its line ending). `line_number` counts from 1 and is
/// used in errors. Returns `None` for a blank line.
///
/// The same as [`read_line`] into a new row; verifiers that only look at each row
/// once should reuse one row with [`read_line`] instead.
///
/// # Errors
/// When the line is not JSON or not an entry row.
pub fn parse_line(line: &[u8], line_number: usize) -> Result<Option<Row>, ReadError> {
    let mut row = Row::default();
    if !read_line(line, line_number, &mut row)? {
        return Ok(None);
    }
    // Callers keep these rows (the viewer holds a whole ledger): the payload, copied
    // run by run between escapes, gives back what its growth reserved.
    row.entry.payload.shrink_to_fit();
    Ok(Some(row))
}

/// Reads one line (without its line ending) into `row`, reusing its string
/// buffers: a caller that reads every line into the same row allocates nothing
/// per line once the buffers have grown. Returns false for a blank line (leaving
/// `row` unspecified), true when `row` now holds the line's entry.
///
/// The result, row or error, is exactly [`parse_line_generic`]'s: a line of the
/// common shape (one flat object of the `entries` columns) is scanned once, straight
/// into `row`; any other line goes through [`parse_line_generic`].
///
/// # Errors
/// When the line is not JSON or not an entry row; `row` is then unspecified.
pub fn read_line(line: &[u8], line_number: usize, row: &mut Row) -> Result<bool, ReadError> {
    if is_blank(line) {
        return Ok(false);
    }
    if entry_line::read(line, row) {
        return Ok(true);
    }
    *row = generic_row(line, line_number)?;
    Ok(true)
}

/// Reads one line through the general JSON parser ([`crate::canonical::parse`])
/// and the row's fields: the reference [`read_line`] agrees with, and its path for
/// every line that is not of the common shape. Returns `None` for a blank line.
///
/// # Errors
/// When the line is not JSON or not an entry row.
pub fn parse_line_generic(line: &[u8], line_number: usize) -> Result<Option<Row>, ReadError> {
    if is_blank(line) {
        return Ok(None);
    }
    generic_row(line, line_number).map(Some)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// A line that is not blank, through the general parser.
fn generic_row(line: &[u8], line_number: usize) -> Result<Row, ReadError> {
    let location = format!("line {line_number}");
    let value = parse(line).map_err(|source| ReadError::Json {
        location: location.clone(),
        source,
    })?;
    Fields::of(&value, &location)?.entry()
}

/// Writes one entry as its JSONL line, newline included.
pub fn write_line(entry: &Entry) -> String {
    let mut line = to_canonical(&entry_to_value(entry));
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::super::entry_line;
    use super::*;

    /// A format-2 row as the Python library exports it.
    const PLAIN: &str = r#"{"action":"tool.invoke","actor":"agent-7","entry_hash":"4a7844ad46856b8f2abd940a01f38bec4bef2e8fad5f9d1044914d60f298f07e","entry_id":2,"event_type":"request","format_version":2,"payload":"{\"model\":\"local-llama\",\"note\":\"caf\\u00e9 \\ud83d\\ude00\",\"tokens\":11667}","previous_hash":"3adf4e649d86a8effbd7c760883f654952ac1a4c01d02ad8a72ea01cdd379351","signature":null,"signing_key_id":null,"timestamp":"2026-11-22T08:15:00.173691Z"}"#;

    fn fixture_lines() -> Vec<(String, usize, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ledgers");
        let mut lines = Vec::new();
        for file in std::fs::read_dir(dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                for (index, line) in text.lines().enumerate() {
                    lines.push((name.clone(), index + 1, line.to_owned()));
                }
            }
        }
        assert!(lines.len() > 1000, "fixtures not found in {dir}");
        lines
    }

    /// Reads `line` into `reused` (whatever it held) and into a fresh row, and
    /// checks both against the general path. Returns whether the one-pass scan
    /// took the line.
    fn same_as_generic(line: &[u8], reused: &mut Row) -> bool {
        let generic = parse_line_generic(line, 7);
        let fresh = parse_line(line, 7);
        assert_eq!(fresh, generic, "{}", String::from_utf8_lossy(line));
        let read = read_line(line, 7, reused).map(|read| read.then(|| reused.clone()));
        assert_eq!(read, generic, "{}", String::from_utf8_lossy(line));
        entry_line::read(line, &mut Row::default())
    }

    #[test]
    fn every_fixture_line_is_scanned_in_one_pass_to_the_general_parsers_row() {
        let mut reused = Row::default();
        for (file, number, line) in fixture_lines() {
            let scanned = same_as_generic(line.as_bytes(), &mut reused);
            // A mistyped value (the type tampers) is the general path's to name.
            let mistyped = parse_line_generic(line.as_bytes(), number)
                .is_ok_and(|row| row.is_some_and(|row| !row.mistyped.is_empty()));
            assert!(scanned || mistyped, "{file}:{number} took the general path");
        }
    }

    #[test]
    fn hard_common_lines_are_scanned_to_the_general_parsers_row() {
        let lines = [
            PLAIN.to_owned(),
            // Every escape, in every string column; upper-case hex; \/ and \u0000.
            PLAIN.replace(
                r#""actor":"agent-7""#,
                r#""actor":"a\"b\\c\/d\b\f\n\r\t\u00e9\u00E9\uD83D\uDE00\ud83d\ude00\u0000\u007f\u20ac""#,
            ),
            PLAIN.replace("2026-11-22", r"2026\u002d11\u002d22"),
            // Raw non-ASCII text, and a string of exactly eight and of sixteen bytes.
            PLAIN.replace("agent-7", "çé€😀 ∑").replace("tool.invoke", "12345678"),
            PLAIN.replace("tool.invoke", "0123456789abcdef"),
            PLAIN.replace("tool.invoke", ""),
            // Whitespace everywhere JSON allows it (the line's CR is not part of it).
            " \r{ \"action\" \t:\r\n \"a\" ,\t\"actor\":\"b\"\n,\"entry_hash\"\r:\"h\" , \"entry_id\" : 1 ,\
             \"payload\":\"{}\",\"previous_hash\":\"p\",\"signature\" : null\t,\"timestamp\":\"t\" }\t "
                .to_owned(),
            // Payload with a quote and backslash at every 8-byte boundary.
            PLAIN.replace("local-llama", r#"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\"\\\""#),
            // Legacy format 1: no event_type, no format_version, no signature columns.
            r#"{"action":"a","actor":"b","entry_hash":"h","entry_id":1,"payload":"{}","previous_hash":"p","timestamp":"t"}"#.to_owned(),
            // Format 3 with a salt, then redacted (no salt), then signed.
            PLAIN.replace(r#""format_version":2"#, r#""format_version":3,"payload_hash":"ab12","payload_salt":"cd34""#),
            PLAIN.replace(r#""format_version":2"#, r#""format_version":3,"payload_hash":"ab12","payload_salt":null"#),
            PLAIN.replace(r#""signature":null,"signing_key_id":null"#, r#""signature":"7e24c7","signing_key_id":"key-a""#),
            // Unknown format versions are rows too (the verifier reports them).
            PLAIN.replace(r#""format_version":2"#, r#""format_version":-7"#),
            // Columns in any order; integers at the i64 limits and -0.
            r#"{"timestamp":"t","previous_hash":"p","payload":"x","entry_id":9223372036854775807,"entry_hash":"h","actor":"b","action":"a"}"#.to_owned(),
            PLAIN.replace(r#""entry_id":2"#, r#""entry_id":-9223372036854775808"#),
            PLAIN.replace(r#""entry_id":2"#, r#""entry_id":-0"#),
            PLAIN.replace(r#""entry_id":2"#, r#""entry_id":0"#),
        ];
        let mut reused = Row::default();
        for line in &lines {
            assert!(
                same_as_generic(line.as_bytes(), &mut reused),
                "declined: {line}"
            );
        }
        // And in reverse order, so that every column goes from set to unset too.
        for line in lines.iter().rev() {
            assert!(
                same_as_generic(line.as_bytes(), &mut reused),
                "declined: {line}"
            );
        }
    }

    #[test]
    fn unusual_lines_get_the_general_parsers_row_or_error() {
        let replace = |from: &str, to: &str| PLAIN.replacen(from, to, 1);
        let mut lines = vec![
            // The general path reads these to rows.
            replace(
                r#""payload":"{\"model\"#,
                r#""payload":{"b":[1,2.50],"a":null},"x":"{\"model\"#,
            ),
            replace(
                r#""actor":"agent-7""#,
                r#""actor":"first","actor":"agent-7""#,
            ),
            replace(
                r#""actor":"agent-7""#,
                r#""actor":"agent-7","actor":"agent-7""#,
            ),
            replace(r#""actor":"#, r#""extra":[1,{"a":2}],"actor":"#),
            replace(r#""entry_id""#, r#""entry\u005fid""#),
            replace(
                r#""signature":null"#,
                r#""signature":null,"signature":"ab""#,
            ),
            // And these to errors, or not at all.
            replace(r#""actor":"agent-7""#, r#""actor":"lone \ud800""#),
            replace(
                r#""actor":"agent-7""#,
                r#""actor":"high high \ud800\ud800""#,
            ),
            replace(r#""actor":"agent-7""#, r#""actor":"low \udc00""#),
            replace(r#""actor":"agent-7""#, r#""actor":"bad \ud800\uZZZZ""#),
            replace(r#""actor":"agent-7""#, r#""actor":"bad \x""#),
            replace(r#""actor":"agent-7""#, r#""actor":"tab	raw""#),
            replace(r#""actor":"agent-7""#, r#""actor":7"#),
            replace(r#""actor":"agent-7""#, r#""actor":null"#),
            replace(r#""payload":"#, r#""payload":"\ud800","x":"#),
            replace(r#""entry_id":2"#, r#""entry_id":2.0"#),
            replace(r#""entry_id":2"#, r#""entry_id":2e3"#),
            replace(r#""entry_id":2"#, r#""entry_id":9223372036854775808"#),
            replace(r#""entry_id":2"#, r#""entry_id":-9223372036854775809"#),
            replace(r#""entry_id":2"#, r#""entry_id":02"#),
            replace(r#""entry_id":2"#, r#""entry_id":-"#),
            replace(r#""entry_id":2"#, r#""entry_id":NaN"#),
            replace(r#""entry_id":2"#, r#""entry_id":"2""#),
            replace(r#""entry_id":2,"#, ""),
            replace(r#""event_type":"request""#, r#""event_type":null"#),
            replace(r#""format_version":2"#, r#""format_version":null"#),
            replace(r#""signature":null"#, r#""signature":true"#),
            replace(r#""signature":null"#, r#""signature":nul"#),
            replace(r#""signature":null"#, r#""signature":nullx"#),
            replace(",", ",,"),
            replace(":", "::"),
            format!("{PLAIN} x"),
            format!("{PLAIN}}}"),
            format!("\u{feff}{PLAIN}"),
            format!("[{PLAIN}]"),
            PLAIN[..PLAIN.len() - 1].to_owned(),
            PLAIN[..PLAIN.len() / 2].to_owned(),
            "{}".to_owned(),
            "null".to_owned(),
            "{\"entry_id\"".to_owned(),
        ];
        // Every prefix of a line, and the line with one byte changed at each place.
        for end in 0..PLAIN.len() {
            lines.extend(PLAIN.get(..end).map(str::to_owned));
        }
        let mut inputs: Vec<Vec<u8>> = lines.into_iter().map(String::into_bytes).collect();
        inputs.push(
            PLAIN
                .replace("agent", "ag\u{80}nt")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 0xc2 { 0xff } else { b })
                .collect(),
        );
        for at in 0..PLAIN.len() {
            for byte in [b'"', b'\\', b'}', b' ', 0x01, 0xc3] {
                let mut line = PLAIN.as_bytes().to_vec();
                line[at] = byte;
                inputs.push(line);
            }
        }
        let mut reused = Row::default();
        for line in &inputs {
            same_as_generic(line, &mut reused);
        }
    }

    #[test]
    fn blank_lines_are_skipped_by_both_paths() {
        for line in ["", " ", "\t \u{c}", "\r"] {
            assert_eq!(parse_line_generic(line.as_bytes(), 1), Ok(None));
            assert_eq!(
                read_line(line.as_bytes(), 1, &mut Row::default()),
                Ok(false)
            );
        }
    }
}
