//! The signed attributes of the TSA's SignerInfo (RFC 5652 §5.3): reading one, the
//! content-type and message-digest checks (RFC 5652 §11.1, §11.2), and the bytes the
//! signature covers (RFC 5652 §5.4).

use cms::signed_data::SignedAttributes;
use der::asn1::OctetString;
use der::oid::db::rfc5911::{ID_CONTENT_TYPE, ID_MESSAGE_DIGEST};
use der::oid::ObjectIdentifier;
use der::{Any, Choice, DecodeValue, Encode};

use super::digest::DigestAlgorithm;
use super::outcome::{AttributeProblem, SignedAttribute, TstFailure};

/// The value of the attribute `oid`, `None` if absent. RFC 5652 §5.3: an attribute
/// appears at most once and, for those read here, has exactly one value.
fn single_value(
    attrs: &SignedAttributes,
    oid: ObjectIdentifier,
) -> Result<Option<&Any>, AttributeProblem> {
    let mut matching = attrs.iter().filter(|attr| attr.oid == oid);
    let Some(attr) = matching.next() else {
        return Ok(None);
    };
    match (matching.next(), attr.values.as_slice()) {
        (None, [value]) => Ok(Some(value)),
        _ => Err(AttributeProblem::Repeated),
    }
}

/// The decoded value of an attribute that may be absent.
pub(crate) fn optional<'a, T>(
    attrs: &'a SignedAttributes,
    oid: ObjectIdentifier,
    attribute: SignedAttribute,
) -> Result<Option<T>, TstFailure>
where
    T: Choice<'a> + DecodeValue<'a>,
{
    let failure = |problem| TstFailure::Attribute { attribute, problem };
    match single_value(attrs, oid).map_err(failure)? {
        None => Ok(None),
        Some(value) => value
            .decode_as::<T>()
            .map(Some)
            .map_err(|_| failure(AttributeProblem::Malformed)),
    }
}

fn required<'a, T>(
    attrs: &'a SignedAttributes,
    oid: ObjectIdentifier,
    attribute: SignedAttribute,
) -> Result<T, TstFailure>
where
    T: Choice<'a> + DecodeValue<'a>,
{
    optional(attrs, oid, attribute)?.ok_or(TstFailure::Attribute {
        attribute,
        problem: AttributeProblem::Missing,
    })
}

/// RFC 5652 §11.1: the content-type attribute equals `eContentType`.
pub(crate) fn check_content_type(
    attrs: &SignedAttributes,
    econtent_type: ObjectIdentifier,
) -> Result<(), TstFailure> {
    let found: ObjectIdentifier = required(attrs, ID_CONTENT_TYPE, SignedAttribute::ContentType)?;
    if found != econtent_type {
        return Err(TstFailure::ContentTypeMismatch { found });
    }
    Ok(())
}

/// RFC 5652 §5.4, §11.2: the message-digest attribute is the digest of the eContent
/// octets (the DER of the TSTInfo).
pub(crate) fn check_message_digest(
    attrs: &SignedAttributes,
    algorithm: DigestAlgorithm,
    econtent: &[u8],
) -> Result<(), TstFailure> {
    let found: OctetString = required(attrs, ID_MESSAGE_DIGEST, SignedAttribute::MessageDigest)?;
    let expected = algorithm.digest(econtent);
    if found.as_bytes() != expected.as_slice() {
        return Err(TstFailure::MessageDigestMismatch {
            algorithm,
            expected: hex::encode(expected),
            found: hex::encode(found.as_bytes()),
        });
    }
    Ok(())
}

/// RFC 5652 §5.4: the signature covers the DER of the attributes as an explicit
/// `SET OF` (tag 0x31), not as the `[0] IMPLICIT` field the SignerInfo holds. `der`
/// keeps a decoded SET OF in DER order, so a TSA that did not sort its attributes
/// (against RFC 5652 §5.3) gets a signature that does not verify.
pub(crate) fn signed_bytes(attrs: &SignedAttributes) -> Option<Vec<u8>> {
    attrs.to_der().ok()
}
