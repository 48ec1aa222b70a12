//! A small read-only reader of the SQLite 3 file format, enough to read a
//! Nexuscone ledger's tables from the bytes of its database file.
//!
//! Implements <https://www.sqlite.org/fileformat2.html>: the 100-byte header
//! (§1.3), table b-tree pages (§1.6), overflow pages (§1.7), the record format
//! (§2.1) and `sqlite_schema` (§2.6) to find tables and their column order.
//!
//! What this module is NOT: a database engine. It has no SQL, no indexes, no
//! write path and no WAL: a database whose newest pages sit in a `-wal` file must
//! be checkpointed first (the caller sees [`Database::wal_mode`]). It reads no files:
//! callers hand it the file's bytes, or a [`PageSource`] that reads them on demand
//! (the viewer's `File`), of which a bounded number of pages is cached
//! ([`page_cache`]). Which tables a Nexuscone ledger has and what their rows mean is
//! [`tables`], shared with the CLI's rusqlite reader.

use std::collections::BTreeSet;
use std::rc::Rc;

mod page_cache;
pub mod tables;

use page_cache::PageCache;
pub use page_cache::PageSource;

use thiserror::Error;

/// The first 16 bytes of every SQLite 3 database file.
pub const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why the bytes could not be read as an SQLite database. Each variant says where.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SqliteError {
    /// The header is not an SQLite 3 header.
    #[error("not an SQLite 3 database: {0}")]
    Header(String),
    /// A page is malformed or out of range.
    #[error("page {page}: {message}")]
    Page {
        /// 1-based page number.
        page: u32,
        /// What was wrong.
        message: String,
    },
    /// A table named by the caller does not exist.
    #[error("no table named {0}")]
    NoTable(String),
    /// The page source could not deliver bytes.
    #[error("cannot read the database at byte {offset}: {message}")]
    Read {
        /// Where the read started.
        offset: u64,
        /// Why it failed, as the source said.
        message: String,
    },
}

/// One column value.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    /// NULL.
    Null,
    /// INTEGER.
    Integer(i64),
    /// REAL.
    Real(f64),
    /// TEXT, its bytes as stored: UTF-8 is not checked here (see [`tables`]).
    Text(Vec<u8>),
    /// BLOB.
    Blob(Vec<u8>),
}

/// One column value, borrowed: a [`SqlValue`] or a value of another SQLite reader
/// (rusqlite's `ValueRef`), as [`tables`] reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SqlRef<'a> {
    /// NULL.
    Null,
    /// INTEGER.
    Integer(i64),
    /// REAL.
    Real(f64),
    /// TEXT, its bytes as stored.
    Text(&'a [u8]),
    /// BLOB.
    Blob(&'a [u8]),
}

impl SqlValue {
    /// The value, borrowed.
    pub fn as_ref(&self) -> SqlRef<'_> {
        match self {
            SqlValue::Null => SqlRef::Null,
            SqlValue::Integer(v) => SqlRef::Integer(*v),
            SqlValue::Real(v) => SqlRef::Real(*v),
            SqlValue::Text(v) => SqlRef::Text(v),
            SqlValue::Blob(v) => SqlRef::Blob(v),
        }
    }
}

/// A database file, read a page at a time from its [`PageSource`].
#[derive(Clone, Debug)]
pub struct Database<'a> {
    pages_of: Rc<PageCache<'a>>,
    page_size: usize,
    usable: usize,
    pages: u32,
    wal: bool,
}

struct SchemaRow {
    kind: String,
    name: String,
    root: u32,
    sql: String,
}

fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for i in 0..9 {
        let b = *bytes.get(i)?;
        if i == 8 {
            return Some(((value << 8) | u64::from(b), 9));
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

impl<'a> Database<'a> {
    /// Reads the header of a database held in memory.
    ///
    /// # Errors
    /// When the bytes do not start with a valid SQLite 3 header, or use UTF-16.
    pub fn parse(bytes: &'a [u8]) -> Result<Database<'a>, SqliteError> {
        Database::open(bytes)
    }

    /// Reads the header of the database `source` holds; its pages are read when the
    /// rows on them are.
    ///
    /// # Errors
    /// When the source does not start with a valid SQLite 3 header, or uses UTF-16,
    /// or cannot be read.
    pub fn open(source: impl PageSource + 'a) -> Result<Database<'a>, SqliteError> {
        let mut header = [0u8; 100];
        if source.size() < 100 {
            return Err(SqliteError::Header("bad magic string at byte 0".into()));
        }
        source
            .read_at(0, &mut header)
            .map_err(|message| SqliteError::Read { offset: 0, message })?;
        if &header[..16] != MAGIC {
            return Err(SqliteError::Header("bad magic string at byte 0".into()));
        }
        let raw = u16::from_be_bytes([header[16], header[17]]);
        let page_size = if raw == 1 { 65536 } else { usize::from(raw) };
        if page_size < 512 || !page_size.is_power_of_two() {
            return Err(SqliteError::Header(format!(
                "page size {page_size} at byte 16"
            )));
        }
        let encoding = u32::from_be_bytes([header[56], header[57], header[58], header[59]]);
        if encoding > 1 {
            return Err(SqliteError::Header(format!(
                "text encoding {encoding} at byte 56: only UTF-8 is read"
            )));
        }
        Ok(Database {
            pages: u32::try_from(source.size() / page_size as u64).unwrap_or(u32::MAX),
            pages_of: Rc::new(PageCache::new(Box::new(source), page_size)),
            page_size,
            usable: page_size - usize::from(header[20]),
            wal: header[18] == 2 || header[19] == 2,
        })
    }

    /// True when the header says the database is in WAL mode (bytes 18 and 19 are 2):
    /// committed pages may then sit in a `-wal` file this reader never sees.
    pub fn wal_mode(&self) -> bool {
        self.wal
    }

    fn page(&self, number: u32) -> Result<Rc<[u8]>, SqliteError> {
        if number == 0 || number > self.pages {
            return Err(SqliteError::Page {
                page: number,
                message: format!("out of range (the file has {} pages)", self.pages),
            });
        }
        let offset = u64::from(number - 1) * self.page_size as u64;
        self.pages_of
            .page(number, offset)
            .map_err(|message| SqliteError::Read { offset, message })
    }

    fn bad(page: u32, message: &str) -> SqliteError {
        SqliteError::Page {
            page,
            message: message.to_owned(),
        }
    }

    /// The leaf cells of the table b-tree at `root`, in key (rowid) order, read
    /// lazily one page at a time.
    fn cells(&self, root: u32) -> Cells<'a> {
        Cells {
            db: self.clone(),
            stack: vec![root],
            seen: BTreeSet::new(),
            leaf: None,
            failed: false,
        }
    }

    /// A cell's payload, following overflow pages (§1.7).
    fn payload(&self, page: u32, local: &[u8], size: usize) -> Result<Vec<u8>, SqliteError> {
        let u = self.usable;
        let x = u - 35;
        if size <= x {
            return local
                .get(..size)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| Self::bad(page, "payload past the page"));
        }
        let m = ((u - 12) * 32 / 255) - 23;
        let k = m + ((size - m) % (u - 4));
        let here = if k <= x { k } else { m };
        let mut out = local
            .get(..here)
            .ok_or_else(|| Self::bad(page, "payload past the page"))?
            .to_vec();
        let next = local
            .get(here..here + 4)
            .ok_or_else(|| Self::bad(page, "overflow pointer past the page"))?;
        let mut next = u32::from_be_bytes(next.try_into().unwrap_or_default());
        let mut hops = 0;
        while out.len() < size {
            hops += 1;
            if next == 0 || hops > self.pages {
                return Err(Self::bad(page, "overflow chain ends before the payload"));
            }
            let overflow = self.page(next)?;
            let take = (size - out.len()).min(u - 4);
            out.extend_from_slice(&overflow[4..4 + take]);
            next = u32::from_be_bytes(overflow[..4].try_into().unwrap_or_default());
        }
        Ok(out)
    }

    fn record(page: u32, payload: &[u8]) -> Result<Vec<SqlValue>, SqliteError> {
        let bad = || Self::bad(page, "malformed record");
        let (header_len, mut at) = varint(payload).ok_or_else(bad)?;
        let header_len = header_len as usize;
        let mut body = header_len;
        let mut values = Vec::new();
        while at < header_len {
            let (serial, n) = varint(payload.get(at..).ok_or_else(bad)?).ok_or_else(bad)?;
            at += n;
            // The `len` bytes of the value; header sizes are untrusted, so the end is
            // checked rather than computed (a huge size would overflow).
            let field = |len: usize| {
                body.checked_add(len)
                    .and_then(|end| payload.get(body..end))
                    .ok_or_else(bad)
            };
            let int = |len: usize| -> Result<i64, SqliteError> {
                let bytes = field(len)?;
                let mut v: i64 = if bytes[0] & 0x80 != 0 { -1 } else { 0 };
                for &b in bytes {
                    v = (v << 8) | i64::from(b);
                }
                Ok(v)
            };
            let (value, len) = match serial {
                0 => (SqlValue::Null, 0),
                1..=4 => {
                    let len = serial as usize;
                    (SqlValue::Integer(int(len)?), len)
                }
                5 => (SqlValue::Integer(int(6)?), 6),
                6 => (SqlValue::Integer(int(8)?), 8),
                7 => (SqlValue::Real(f64::from_bits(int(8)? as u64)), 8),
                8 => (SqlValue::Integer(0), 0),
                9 => (SqlValue::Integer(1), 0),
                n if n >= 12 => {
                    let len = usize::try_from((n - 12) / 2).map_err(|_| bad())?;
                    let bytes = field(len)?;
                    if n % 2 == 0 {
                        (SqlValue::Blob(bytes.to_vec()), len)
                    } else {
                        (SqlValue::Text(bytes.to_vec()), len)
                    }
                }
                _ => return Err(bad()),
            };
            body += len;
            values.push(value);
        }
        Ok(values)
    }

    fn schema(&self) -> Result<Vec<SchemaRow>, SqliteError> {
        self.cells(1)
            .map(|cell| {
                let (page, _, payload) = cell?;
                let values = Self::record(page, &payload)?;
                let text = |i: usize| match values.get(i) {
                    Some(SqlValue::Text(s)) => String::from_utf8_lossy(s).into_owned(),
                    _ => String::new(),
                };
                let root = match values.get(3) {
                    Some(SqlValue::Integer(r)) => *r as u32,
                    _ => 0,
                };
                Ok(SchemaRow {
                    kind: text(0),
                    name: text(1),
                    root,
                    sql: text(4),
                })
            })
            .collect()
    }

    /// The names of the tables, in schema order.
    ///
    /// # Errors
    /// When the schema pages are malformed.
    pub fn table_names(&self) -> Result<Vec<String>, SqliteError> {
        Ok(self
            .schema()?
            .into_iter()
            .filter(|r| r.kind == "table")
            .map(|r| r.name)
            .collect())
    }

    /// The rows of a table, in rowid order, read lazily: leaf pages are visited as
    /// the iterator advances and one row's values are decoded at a time, so a large
    /// table is never held whole. An `INTEGER PRIMARY KEY` column (stored as NULL,
    /// an alias of the rowid) gets the rowid; columns added later by `ALTER TABLE`
    /// and missing from older records get their declared `DEFAULT` (a string or
    /// number literal; other expressions read as NULL).
    ///
    /// # Errors
    /// When the schema is malformed or the table does not exist; the iterator yields
    /// an error (and then ends) when a page or record is malformed.
    pub fn rows(&self, name: &str) -> Result<Rows<'a>, SqliteError> {
        let schema = self.schema()?;
        let entry = schema
            .iter()
            .find(|r| r.kind == "table" && r.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| SqliteError::NoTable(name.to_owned()))?;
        let (columns, defaults, rowid_alias) = columns_of(&entry.sql);
        Ok(Rows {
            cells: self.cells(entry.root),
            columns,
            defaults,
            rowid_alias,
        })
    }
}

/// A table b-tree walked depth-first in key order (§1.6), yielding each leaf cell's
/// page, rowid and payload. Every page is visited at most once (a page reached twice
/// is a loop and an error), so hostile page graphs end; the walk keeps an explicit
/// stack of pages still to visit, never recursion.
struct Cells<'a> {
    db: Database<'a>,
    stack: Vec<u32>,
    seen: BTreeSet<u32>,
    leaf: Option<Leaf>,
    failed: bool,
}

/// The leaf page being read and the next cell to read from it.
struct Leaf {
    number: u32,
    page: Rc<[u8]>,
    pointers: usize,
    next: usize,
    cells: usize,
}

/// The offset of cell `i` from the cell pointer array starting at `pointers` (§1.6).
fn cell_pointer(page: &[u8], number: u32, pointers: usize, i: usize) -> Result<usize, SqliteError> {
    let at = pointers + 2 * i;
    let p = page
        .get(at..at + 2)
        .ok_or_else(|| Database::bad(number, "cell pointer array past the page"))?;
    Ok(usize::from(u16::from_be_bytes([p[0], p[1]])))
}

impl<'a> Cells<'a> {
    fn advance(&mut self) -> Result<Option<(u32, i64, Vec<u8>)>, SqliteError> {
        loop {
            if let Some(leaf) = self.leaf.as_mut().filter(|l| l.next < l.cells) {
                let (number, i) = (leaf.number, leaf.next);
                leaf.next += 1;
                let at = cell_pointer(&leaf.page, number, leaf.pointers, i)?;
                let cell = leaf
                    .page
                    .get(at..)
                    .ok_or_else(|| Database::bad(number, "leaf cell past the page"))?;
                let (size, a) =
                    varint(cell).ok_or_else(|| Database::bad(number, "truncated cell"))?;
                let (rowid, b) =
                    varint(&cell[a..]).ok_or_else(|| Database::bad(number, "truncated cell"))?;
                let payload = self.db.payload(number, &cell[a + b..], size as usize)?;
                return Ok(Some((number, rowid as i64, payload)));
            }
            let Some(number) = self.stack.pop() else {
                return Ok(None);
            };
            if !self.seen.insert(number) {
                return Err(Database::bad(number, "b-tree page reached twice (a loop)"));
            }
            let page = self.db.page(number)?;
            let header = if number == 1 { 100 } else { 0 };
            let kind = page[header];
            let cells = usize::from(u16::from_be_bytes([page[header + 3], page[header + 4]]));
            match kind {
                0x05 => {
                    let pointers = header + 12;
                    let right = u32::from_be_bytes(
                        page[header + 8..header + 12].try_into().unwrap_or_default(),
                    );
                    // Children are visited in key order: push them in reverse.
                    self.stack.push(right);
                    for i in (0..cells).rev() {
                        let at = cell_pointer(&page, number, pointers, i)?;
                        let child = page
                            .get(at..at + 4)
                            .ok_or_else(|| Database::bad(number, "interior cell past the page"))?;
                        self.stack
                            .push(u32::from_be_bytes(child.try_into().unwrap_or_default()));
                    }
                }
                0x0d => {
                    self.leaf = Some(Leaf {
                        number,
                        page,
                        pointers: header + 8,
                        next: 0,
                        cells,
                    });
                }
                other => {
                    return Err(Database::bad(
                        number,
                        &format!("page type {other:#04x} where a table b-tree page was expected"),
                    ))
                }
            }
        }
    }
}

impl Iterator for Cells<'_> {
    type Item = Result<(u32, i64, Vec<u8>), SqliteError>;

    /// The next cell; after an error, none.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.advance().transpose();
        self.failed = matches!(item, Some(Err(_)));
        item
    }
}

/// A table's rows in rowid order, each with one value per column, decoded one at a
/// time (see [`Database::rows`]). After an error the iterator ends.
pub struct Rows<'a> {
    cells: Cells<'a>,
    columns: Vec<String>,
    defaults: Vec<SqlValue>,
    rowid_alias: Option<usize>,
}

impl Rows<'_> {
    /// Column names, as declared in `CREATE TABLE`.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Vec<SqlValue>, SqliteError>;

    fn next(&mut self) -> Option<Self::Item> {
        let cell = self.cells.next()?;
        let row = cell.and_then(|(page, rowid, payload)| {
            let mut values = Database::record(page, &payload)?;
            // Records written before an ALTER TABLE ADD COLUMN end early (§2.1):
            // the missing columns take their declared default.
            let stored = values.len().min(self.defaults.len());
            values.extend(self.defaults[stored..].iter().cloned());
            if let Some(i) = self.rowid_alias {
                if values[i] == SqlValue::Null {
                    values[i] = SqlValue::Integer(rowid);
                }
            }
            Ok(values)
        });
        // A malformed record ends the rows too.
        self.cells.failed |= row.is_err();
        Some(row)
    }
}

/// A column's `DEFAULT` literal (strings and numbers; anything else reads as NULL).
fn default_of(part: &str, upper: &str) -> SqlValue {
    let Some(at) = upper.find(" DEFAULT ") else {
        return SqlValue::Null;
    };
    let rest = part[at + " DEFAULT ".len()..].trim_start();
    if let Some(text) = rest.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(c);
        }
        return SqlValue::Text(out.into_bytes());
    }
    let token = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let token = token.trim_start_matches('(').trim_end_matches(')');
    if let Ok(v) = token.parse::<i64>() {
        SqlValue::Integer(v)
    } else if let Ok(v) = token.parse::<f64>() {
        SqlValue::Real(v)
    } else {
        SqlValue::Null
    }
}

/// Column names from a `CREATE TABLE` statement, their `DEFAULT` values, and which
/// one aliases the rowid.
fn columns_of(sql: &str) -> (Vec<String>, Vec<SqlValue>, Option<usize>) {
    let Some(open) = sql.find('(') else {
        return (Vec::new(), Vec::new(), None);
    };
    // The last `)` after the opening one (a `)` in the table's name comes before it).
    let close = sql[open..].rfind(')').map_or(sql.len(), |at| open + at);
    let body = &sql[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start, mut quote) = (0, 0, None::<char>);
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '[') => quote = Some(']'),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    let mut columns = Vec::new();
    let mut defaults = Vec::new();
    let mut alias = None;
    for part in parts {
        let part = part.trim();
        let upper = part.to_ascii_uppercase();
        if ["PRIMARY ", "UNIQUE", "CHECK", "FOREIGN ", "CONSTRAINT "]
            .iter()
            .any(|k| upper.starts_with(k))
        {
            continue;
        }
        let name: String = match part.chars().next() {
            Some(q @ ('"' | '`' | '[')) => {
                let close = if q == '[' { ']' } else { q };
                part[1..].split(close).next().unwrap_or("").to_owned()
            }
            _ => part.split_whitespace().next().unwrap_or("").to_owned(),
        };
        let words: Vec<&str> = upper.split_whitespace().collect();
        if words.get(1) == Some(&"INTEGER") && upper.contains("PRIMARY KEY") {
            alias = Some(columns.len());
        }
        columns.push(name);
        defaults.push(default_of(part, &upper));
    }
    (columns, defaults, alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_decode_one_to_nine_bytes() {
        assert_eq!(varint(&[0x05]), Some((5, 1)));
        assert_eq!(varint(&[0x81, 0x00]), Some((128, 2)));
        assert_eq!(varint(&[0xff; 9]), Some((u64::MAX, 9)));
        assert_eq!(varint(&[0x81]), None);
    }

    #[test]
    fn create_table_columns_keep_order_and_find_the_rowid_alias() {
        let (columns, defaults, alias) = columns_of(
            "CREATE TABLE entries (entry_id INTEGER PRIMARY KEY, \"ts\" TEXT NOT NULL, payload TEXT CHECK (payload <> ''), event_type TEXT NOT NULL DEFAULT 'it''s', format_version INTEGER DEFAULT 1, UNIQUE (ts, payload))",
        );
        assert_eq!(
            columns,
            ["entry_id", "ts", "payload", "event_type", "format_version"]
        );
        assert_eq!(defaults[3], SqlValue::Text(b"it's".to_vec()));
        assert_eq!(defaults[4], SqlValue::Integer(1));
        assert_eq!(defaults[0], SqlValue::Null);
        assert_eq!(alias, Some(0));
    }

    /// Found by the `core_sqlite` fuzz target: a `)` before the opening `(` (here
    /// in a damaged table name) made the column list a backwards slice, a panic.
    #[test]
    fn a_close_paren_before_the_column_list_is_not_its_end() {
        let (columns, _, _) = columns_of("CREATE TABLE sqlite_sequ)ence(name,seq");
        assert_eq!(columns, ["name", "seq"]);
        let (columns, _, _) = columns_of("CREATE TABLE t)(a");
        assert_eq!(columns, ["a"]);
    }

    /// Found by the `core_sqlite` fuzz target: a record header claiming a size near
    /// `u64::MAX` made the end of a value overflow (a panic in debug builds).
    #[test]
    fn record_sizes_near_the_integer_limit_are_malformed_not_overflows() {
        let huge_header = [[0xff; 9].as_slice(), &[0x01]].concat();
        assert!(Database::record(1, &huge_header).is_err());
        let huge_text = [[10].as_slice(), &[0xff; 9]].concat();
        assert!(Database::record(1, &huge_text).is_err());
    }

    #[test]
    fn not_a_database_is_refused_at_byte_zero() {
        let err = Database::parse(b"{\"entries\": []}").unwrap_err();
        assert!(err.to_string().contains("byte 0"), "{err}");
    }
}
