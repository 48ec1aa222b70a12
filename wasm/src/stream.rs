//! JSONL verifiers fed chunk by chunk: [`ChainStream`] takes chunks cut anywhere (for
//! streams), [`LinesVerifier`] takes runs of whole lines with their position (for
//! `verifyChain`, which cuts its input at newlines so that memory stays bounded and
//! V8 optimises the wasm between calls: a single long call runs in its baseline
//! tier throughout, as V8 has no on-stack replacement for wasm).

use nexuscone_core::chain::ChainVerifier;
use nexuscone_core::export::jsonl::{self, LineSplitter};
use nexuscone_core::export::{ReadError, Row};
use wasm_bindgen::prelude::*;

use crate::convert::{to_js, Trust};
use crate::error::{read_error, Code, JsErr};

/// Verifies JSONL arriving in chunks of any size. Memory holds the verifier's
/// state, one partial line and the current chunk, never the ledger.
#[wasm_bindgen]
pub struct ChainStream {
    state: Option<(LineSplitter, ChainVerifier)>,
    /// Every line is read into this row, reusing its buffers.
    row: Row,
    entries: u64,
    bytes: u64,
}

#[wasm_bindgen]
impl ChainStream {
    /// Starts a verification with the options of `verifyChain`.
    ///
    /// # Errors
    /// `INVALID_KEY` or `NOT_SUPPORTED` as for `verifyChain`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ChainStream, JsValue> {
        let options = Trust::from_js(&options)?.verify_options()?;
        Ok(ChainStream {
            state: Some((LineSplitter::new(), ChainVerifier::new(options))),
            row: Row::default(),
            entries: 0,
            bytes: 0,
        })
    }

    /// Feeds the next chunk of JSONL bytes.
    ///
    /// # Errors
    /// `INVALID_JSON` or `INVALID_ROW` with the `line`; `FINISHED` after `finish`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsValue> {
        let (splitter, verifier) = self.state.as_mut().ok_or_else(finished)?;
        let (row, entries) = (&mut self.row, &mut self.entries);
        splitter.feed(chunk, |line, number| {
            push_line(verifier, row, entries, line, number)
        })?;
        self.bytes += chunk.len() as u64;
        Ok(())
    }

    /// Ends the input and returns the report (the same as `verifyChain`'s).
    ///
    /// # Errors
    /// As `push`, for a last line without a newline.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let (splitter, mut verifier) = self.state.take().ok_or_else(finished)?;
        let (row, entries) = (&mut self.row, &mut self.entries);
        splitter.finish(|line, number| push_line(&mut verifier, row, entries, line, number))?;
        to_js(&verifier.finish())
    }

    /// Entries verified so far.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> f64 {
        self.entries as f64
    }

    /// Bytes consumed so far.
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.bytes as f64
    }
}

fn push_line(
    verifier: &mut ChainVerifier,
    row: &mut Row,
    entries: &mut u64,
    line: &[u8],
    number: usize,
) -> Result<(), JsErr> {
    if jsonl::read_line(line, number, row).map_err(|e| read_error(&e).line(number))? {
        verifier.push_row(row);
        *entries += 1;
    }
    Ok(())
}

fn finished() -> JsErr {
    JsErr::new(
        Code::Finished,
        "this verifier has already finished".to_owned(),
    )
}

/// Verifies the lines of `bytes`, the first being line `first_line` at byte
/// `base_offset` of the input (for errors). Returns how many lines it read.
pub fn push_lines(
    verifier: &mut ChainVerifier,
    bytes: &[u8],
    first_line: usize,
    base_offset: usize,
) -> Result<usize, JsErr> {
    let mut start = base_offset;
    let mut lines = 0;
    // Every line is read into this row, reusing its buffers.
    let mut row = Row::default();
    let mut rest = bytes;
    loop {
        let (line, next) = match find_newline(rest) {
            Some(end) => (&rest[..end], Some(&rest[end + 1..])),
            None => (rest, None),
        };
        let number = first_line + lines;
        let line_start = start;
        start += line.len() + 1;
        lines += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let read = jsonl::read_line(line, number, &mut row).map_err(|e| {
            let err = read_error(&e).line(number);
            match e {
                ReadError::Json { source, .. } => err.offset(line_start + source.offset),
                ReadError::Field { .. } => err.offset(line_start),
            }
        })?;
        if read {
            verifier.push_row(&row);
        }
        match next {
            Some(next) => rest = next,
            None => return Ok(lines),
        }
    }
}

/// The index of the first `\n` in `bytes`, eight bytes at a time.
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = bytes.chunks_exact(8);
    for (index, word) in words.by_ref().enumerate() {
        let mut array = [0; 8];
        array.copy_from_slice(word);
        let x = u64::from_le_bytes(array) ^ (ONES * u64::from(b'\n'));
        // High bit set in each zero byte of `x`; the lowest flag is always exact.
        let zero = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if zero != 0 {
            return Some(index * 8 + (zero.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.remainder();
    let at = bytes.len() - tail.len();
    tail.iter().position(|&b| b == b'\n').map(|p| at + p)
}

/// Verifies JSONL given as runs of whole lines, in order. The report is the one
/// `verifyChain` gives for the whole text.
#[wasm_bindgen]
pub struct LinesVerifier {
    verifier: Option<ChainVerifier>,
}

#[wasm_bindgen]
impl LinesVerifier {
    /// Starts a verification with the options of `verifyChain`.
    ///
    /// # Errors
    /// As for `verifyChain`'s options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<LinesVerifier, JsValue> {
        let options = Trust::from_js(&options)?.verify_options()?;
        Ok(LinesVerifier {
            verifier: Some(ChainVerifier::new(options)),
        })
    }

    /// Verifies `bytes`, whole lines separated by `\n` (a run that does not end in a
    /// newline ends the input, or is cut before a `\n`), the first being line
    /// `firstLine` at byte `offset` of the input. Returns the number of lines read.
    ///
    /// # Errors
    /// `INVALID_JSON`/`INVALID_ROW` with `line` and `offset`; `FINISHED` after `finish`.
    pub fn push(&mut self, bytes: &[u8], first_line: f64, offset: f64) -> Result<u32, JsValue> {
        let verifier = self.verifier.as_mut().ok_or_else(finished)?;
        Ok(push_lines(verifier, bytes, first_line as usize, offset as usize)? as u32)
    }

    /// Returns the report.
    ///
    /// # Errors
    /// `FINISHED` when called twice.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let verifier = self.verifier.take().ok_or_else(finished)?;
        to_js(&verifier.finish())
    }
}
