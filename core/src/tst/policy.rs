//! `TSAPolicyId` (RFC 3161 §2.4.2): an OBJECT IDENTIFIER read with any arcs.
//!
//! `const-oid` 0.9 (the `der` 0.7 generation) refuses a second arc above 39 under the
//! first arc 2, so it cannot read `2.999.1.1`, the example arc of ITU-T X.660 that test
//! TSAs use (the anchored fixtures' policy). The policy is informational here, so it is
//! kept as its content bytes, checked to be well-formed base-128 arcs (X.690 §8.19), and
//! printed in dotted form.

use core::fmt;

use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Tag, Writer};

/// A TSA policy identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyId {
    bytes: Vec<u8>,
}

impl PolicyId {
    /// The arcs, or `None` unless `bytes` are whole base-128 arcs (no leading `0x80`
    /// byte in an arc, the last byte ending one) that fit in 128 bits.
    fn arcs(bytes: &[u8]) -> Option<Vec<u128>> {
        let mut arcs = Vec::new();
        let mut value: u128 = 0;
        let mut start = true;
        for &byte in bytes {
            if start && byte == 0x80 {
                return None;
            }
            value = value.checked_mul(128)? | u128::from(byte & 0x7f);
            start = byte & 0x80 == 0;
            if start {
                arcs.push(value);
                value = 0;
            }
        }
        (start && !arcs.is_empty()).then_some(arcs)
    }
}

impl fmt::Display for PolicyId {
    /// Dotted decimal, e.g. `2.999.1.1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let arcs = PolicyId::arcs(&self.bytes).unwrap_or_default();
        let (first, rest) = arcs.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        let (one, two) = match first {
            0..=39 => (0, first),
            40..=79 => (1, first - 40),
            _ => (2, first - 80),
        };
        write!(f, "{one}.{two}")?;
        rest.iter().try_for_each(|arc| write!(f, ".{arc}"))
    }
}

impl FixedTag for PolicyId {
    const TAG: Tag = Tag::ObjectIdentifier;
}

impl<'a> DecodeValue<'a> for PolicyId {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        let bytes = reader.read_slice(header.length)?;
        PolicyId::arcs(bytes).ok_or_else(|| Self::TAG.value_error())?;
        Ok(PolicyId {
            bytes: bytes.to_vec(),
        })
    }
}

impl EncodeValue for PolicyId {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.bytes.len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::{Decode, Encode};

    #[test]
    fn an_arc_above_39_under_arc_2_reads_and_prints_dotted() {
        let der = [0x06, 0x04, 0x88, 0x37, 0x01, 0x01];
        let policy = PolicyId::from_der(&der).unwrap();
        assert_eq!(policy.to_string(), "2.999.1.1");
        assert_eq!(policy.to_der().unwrap(), der);
    }

    #[test]
    fn an_unfinished_or_padded_arc_is_refused() {
        assert!(PolicyId::from_der(&[0x06, 0x02, 0x2a, 0x88]).is_err());
        assert!(PolicyId::from_der(&[0x06, 0x02, 0x80, 0x01]).is_err());
        assert!(PolicyId::from_der(&[0x06, 0x00]).is_err());
    }
}
