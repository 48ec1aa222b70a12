//! `genTime`: the time the TSA says it made the token (RFC 3161 §2.4.2).
//!
//! RFC 3161 allows fractional seconds in `genTime`, which RFC 5280 §4.1.2.5.2 (and so
//! `der::asn1::GeneralizedTime`) forbids in certificates. [`GenTime`] reads the DER form
//! RFC 3161 prescribes, `YYYYMMDDhhmmss[.s...]Z`: UTC ("Z"), a '.' before the
//! fraction, no trailing zeros in the fraction (X.690 §11.7). It keeps the original
//! text so that a decoded `TSTInfo` encodes back to the same bytes.

use der::{DateTime, DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Tag, Writer};

/// A `genTime` value: UTC seconds since the Unix epoch and nanoseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenTime {
    text: String,
    date_time: DateTime,
    nanos: u32,
}

impl GenTime {
    /// Reads the DER text of a GeneralizedTime as RFC 3161 §2.4.2 restricts it. `None`
    /// if it is not `YYYYMMDDhhmmss[.s...]Z` with a valid date and time.
    pub fn parse(text: &str) -> Option<GenTime> {
        let body = text.strip_suffix('Z')?;
        let (whole, fraction) = match body.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (body, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() != 14 || !digits(whole) {
            return None;
        }
        if let Some(fraction) = fraction {
            if !digits(fraction) || fraction.ends_with('0') {
                return None;
            }
        }
        let field = |at: usize, len: usize| whole[at..at + len].parse::<u16>().ok();
        let date_time = DateTime::new(
            field(0, 4)?,
            u8::try_from(field(4, 2)?).ok()?,
            u8::try_from(field(6, 2)?).ok()?,
            u8::try_from(field(8, 2)?).ok()?,
            u8::try_from(field(10, 2)?).ok()?,
            u8::try_from(field(12, 2)?).ok()?,
        )
        .ok()?;
        let nanos = fraction.map_or(0, |f| {
            let nine: String = f.chars().chain(core::iter::repeat('0')).take(9).collect();
            nine.parse().unwrap_or(0)
        });
        Some(GenTime {
            text: text.to_owned(),
            date_time,
            nanos,
        })
    }

    /// Whole seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> u64 {
        self.date_time.unix_duration().as_secs()
    }

    /// The fraction of the second in nanoseconds (digits past the ninth are dropped).
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// RFC 3339 text in UTC with every fractional digit of the token, e.g.
    /// `2026-12-03T22:47:40.843Z`.
    pub fn rfc3339(&self) -> String {
        let whole = self.date_time.to_string();
        match self.text.strip_suffix('Z').and_then(|b| b.split_once('.')) {
            Some((_, fraction)) => format!("{}.{fraction}Z", whole.trim_end_matches('Z')),
            None => whole,
        }
    }

    /// The GeneralizedTime text as the token carries it, e.g. `20261203224740.843Z`.
    pub fn der_text(&self) -> &str {
        &self.text
    }

    /// True if this time lies in `[not_before, not_after]` (RFC 5280 §4.1.2.5: both ends
    /// included), both given in Unix seconds.
    pub fn is_within(&self, not_before: u64, not_after: u64) -> bool {
        let seconds = self.unix_seconds();
        seconds >= not_before && (seconds < not_after || (seconds == not_after && self.nanos == 0))
    }
}

impl FixedTag for GenTime {
    const TAG: Tag = Tag::GeneralizedTime;
}

impl<'a> DecodeValue<'a> for GenTime {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        // A slice, not a Vec: a hostile length must not allocate before it is checked.
        let bytes = reader.read_slice(header.length)?;
        core::str::from_utf8(bytes)
            .ok()
            .and_then(GenTime::parse)
            .ok_or_else(|| Self::TAG.value_error())
    }
}

impl EncodeValue for GenTime {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.text.len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.text.as_bytes())
    }
}
