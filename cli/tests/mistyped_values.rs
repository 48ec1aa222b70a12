//! Hostile types, without a fuzzer: every entry column of a real-library ledger set,
//! one at a time, to values of every other type, in a JSONL export and in the
//! database. Property: no panic; a value of the wrong type is a `field_type` finding
//! at its entry (exit 1), never unreadable input; a value of the right type is none;
//! only a row with no `entry_id` (null) cannot be placed and is unreadable (exit 2).
//! The database's answer is the same through the core's reader and the CLI's.

mod common;
use common::{fixture, fixture_keys, nexuscone, SQL_VALUES};

use nexuscone_core::canonical::{parse, to_canonical, Value};
use nexuscone_core::input::{self, Hint};
use nexuscone_core::report::Report;
use serde_json::Value as Json;

/// The entry every tamper hits (a signed entry of `signed`).
const ENTRY: i64 = 7;

const STRING_COLUMNS: &[&str] = &[
    "timestamp",
    "actor",
    "action",
    "event_type",
    "previous_hash",
    "entry_hash",
];
const NULLABLE_COLUMNS: &[&str] = &["signature", "signing_key_id"];
const INTEGER_COLUMNS: &[&str] = &["entry_id", "format_version"];

/// The `field_type` findings of a report: their entries and the column each names.
fn field_types(report: &Report) -> Vec<i64> {
    report
        .failures
        .iter()
        .filter(|f| f.kind.as_str() == "field_type")
        .filter_map(|f| f.entry_id)
        .collect()
}

/// JSON values of every type, as JSON text.
const JSON_VALUES: &[&str] = &[
    "null",
    "true",
    "2.5",
    "-0.0",
    "1e300",
    "99999999999999999999999",
    "7",
    "\"two\"",
    "\"\\ud800\"",
    "[]",
    "{\"a\":1}",
];

/// Whether `value` has the type of `column` (as the export holds it).
fn json_fits(column: &str, value: &Value) -> bool {
    let string = matches!(value, Value::String(s) if s.as_str().is_some());
    let int = matches!(value, Value::Number(_)) && to_canonical(value).parse::<i64>().is_ok();
    match column {
        c if INTEGER_COLUMNS.contains(&c) => int,
        c if NULLABLE_COLUMNS.contains(&c) => string || *value == Value::Null,
        // A payload given as a JSON value is canonicalised, not mistyped.
        "payload" => !matches!(value, Value::String(_)) || string,
        _ => string,
    }
}

/// `signed.jsonl` with `column` of entry [`ENTRY`] set to `value`.
fn jsonl_with(column: &str, value: &Value) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("signed.jsonl")).expect("signed.jsonl");
    let mut out = String::new();
    for (index, line) in text.lines().enumerate() {
        let mut row = parse(line.as_bytes()).expect("fixture line");
        if index as i64 + 1 == ENTRY {
            let Value::Object(members) = &mut row else {
                panic!("fixture line {index} is not an object")
            };
            for (key, member) in members.iter_mut() {
                if key.as_str() == Some(column) {
                    *member = value.clone();
                }
            }
        }
        out.push_str(&to_canonical(&row));
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn a_jsonl_value_of_the_wrong_type_is_a_field_type_finding_at_its_entry() {
    let trust = fixture_keys();
    let columns = [
        STRING_COLUMNS,
        NULLABLE_COLUMNS,
        INTEGER_COLUMNS,
        &["payload"],
    ]
    .concat();
    for column in columns {
        for text in JSON_VALUES {
            let value = parse(text.as_bytes()).expect("value");
            let bytes = jsonl_with(column, &value);
            let answer = input::verify(&bytes, Hint::None, &trust);
            let case = format!("{column} = {text}");
            if column == "entry_id" && value == Value::Null {
                let error = answer.expect_err(&case).to_string();
                assert!(error.contains("line 7"), "{case}: {error}");
                continue;
            }
            let report = answer.unwrap_or_else(|e| panic!("{case}: unreadable: {e}"));
            let mistyped = field_types(&report);
            if json_fits(column, &value) {
                assert!(mistyped.is_empty(), "{case}: {:?}", report.failures);
            } else {
                assert_eq!(mistyped, [ENTRY], "{case}: {:?}", report.failures);
                assert!(!report.valid, "{case}");
            }
        }
    }
}

/// `signed.sqlite` with `column` of entry [`ENTRY`] set to `sql`, or `None` when
/// SQLite itself refuses the value (an `INTEGER PRIMARY KEY` holds integers only, a
/// `NOT NULL` column no NULL).
/// Returns the copy and the storage class the value was stored with (`TEXT that is
/// not UTF-8` for such TEXT).
fn database_with(
    dir: &std::path::Path,
    column: &str,
    sql: &str,
) -> Option<(std::path::PathBuf, String)> {
    let path = dir.join(format!("{column}-{}.sqlite", sql.len()));
    std::fs::copy(fixture("signed.sqlite"), &path).expect("copy");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let update = format!("UPDATE entries SET {column} = {sql} WHERE entry_id = {ENTRY}");
    let changed = conn.execute(&update, []).ok()?;
    assert_eq!(changed, 1, "{update}");
    let query = format!("SELECT upper(typeof({column})) FROM entries WHERE entry_id = {ENTRY}");
    let class: String = conn.query_row(&query, [], |row| row.get(0)).expect(&query);
    let utf8 = !sql.contains("x'61ff'");
    Some((
        path,
        if utf8 {
            class
        } else {
            "TEXT that is not UTF-8".to_owned()
        },
    ))
}

/// Whether a value of storage class `class` fits `column` (its declared type, or
/// NULL where the schema allows it).
fn sql_fits(column: &str, class: &str) -> bool {
    match column {
        c if INTEGER_COLUMNS.contains(&c) => class == "INTEGER",
        c if NULLABLE_COLUMNS.contains(&c) => class == "TEXT" || class == "NULL",
        _ => class == "TEXT",
    }
}

fn cli_failures(path: &std::path::Path) -> (Option<i32>, Vec<(Option<i64>, String)>) {
    let keys = fixture("keys.json");
    let output = nexuscone(&[
        "verify",
        path.to_str().expect("path"),
        "--keys",
        keys.to_str().expect("path"),
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Json = serde_json::from_slice(&output.stdout).unwrap_or(Json::Null);
    let failures = report["failures"].as_array().cloned().unwrap_or_default();
    let failures = failures
        .iter()
        .map(|f| {
            (
                f["entry_id"].as_i64(),
                f["kind"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (output.status.code(), failures)
}

#[test]
fn a_database_value_of_another_storage_class_is_a_field_type_finding_through_both_readers() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mistyped_values");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let trust = fixture_keys();
    let columns = [
        STRING_COLUMNS,
        NULLABLE_COLUMNS,
        INTEGER_COLUMNS,
        &["payload"],
    ]
    .concat();
    for column in columns {
        for sql in SQL_VALUES {
            let case = format!("{column} = {sql}");
            let Some((path, class)) = database_with(&dir, column, sql) else {
                // The INTEGER PRIMARY KEY, and NOT NULL columns (`sqlite_readers.rs`
                // reads NULLs there from an untyped table).
                assert!(column == "entry_id" || *sql == "NULL", "{case}: refused");
                continue;
            };
            let bytes = std::fs::read(&path).expect("read");
            let report = input::verify(&bytes, Hint::None, &trust)
                .unwrap_or_else(|e| panic!("{case}: unreadable: {e}"));
            let mistyped = field_types(&report);
            if sql_fits(column, &class) {
                assert!(mistyped.is_empty(), "{case}: {:?}", report.failures);
            } else {
                assert_eq!(mistyped, [ENTRY], "{case}: {:?}", report.failures);
            }
            let core: Vec<_> = report
                .failures
                .iter()
                .map(|f| (f.entry_id, f.kind.as_str().to_owned()))
                .collect();
            let (code, cli) = cli_failures(&path);
            assert_eq!(code, Some(if report.valid { 0 } else { 1 }), "{case}");
            assert_eq!(cli, core, "{case}: the CLI's reader and the core's agree");
        }
    }
}
