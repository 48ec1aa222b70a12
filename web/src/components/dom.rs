//! Small DOM helpers: reading files and offering downloads.

use nexuscone_core::input::{ErrorKind, LocatedError};
use wasm_bindgen::{JsCast, JsValue};

/// Reads a small browser `File` (keys, a checkpoint) as text: its name and content.
pub async fn read_text(file: web_sys::File) -> Result<(String, String), LocatedError> {
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| {
            LocatedError::new(
                ErrorKind::Io,
                format!("{name}: cannot read the file: {e:?}"),
            )
        })?;
    Ok((name, text.as_string().unwrap_or_default()))
}

/// A `Blob` of one part (a string or a byte array), to hand to the worker.
pub fn blob_of(part: &JsValue) -> Result<web_sys::Blob, String> {
    web_sys::Blob::new_with_blob_sequence(&js_sys::Array::of1(part))
        .map_err(|e| format!("cannot make a Blob: {e:?}"))
}

/// Offers `text` as a file download (a Blob URL, revoked once clicked).
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("cannot offer the download: {e:?}");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(fail)?;
    Ok(())
}

/// Formats a count with thin separators: 1 000 000.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// Sets the one `@page` rule the page adds to its stylesheet (a header naming the
/// file and time on every printed page), replacing the one set before. Through the
/// CSSOM, which the page's Content-Security-Policy allows where a `<style>` is not.
/// `mark` is text every such rule contains, to find the previous one.
pub fn set_page_rule(rule: &str, mark: &str) -> Result<(), JsValue> {
    use js_sys::{Function, Reflect};
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let sheets = Reflect::get(&document, &"styleSheets".into())?;
    let sheet = Reflect::get(&sheets, &0.into())?;
    let rules = Reflect::get(&sheet, &"cssRules".into())?;
    let length = |rules: &JsValue| -> Result<u32, JsValue> {
        Ok(Reflect::get(rules, &"length".into())?
            .as_f64()
            .unwrap_or(0.0) as u32)
    };
    let method = |name: &str| -> Result<Function, JsValue> {
        Ok(Reflect::get(&sheet, &name.into())?.unchecked_into())
    };
    let n = length(&rules)?;
    if n > 0 {
        let last = Reflect::get(&rules, &(n - 1).into())?;
        let text = Reflect::get(&last, &"cssText".into())?;
        if text.as_string().is_some_and(|t| t.contains(mark)) {
            method("deleteRule")?.call1(&sheet, &(n - 1).into())?;
        }
    }
    let end = length(&rules)?;
    method("insertRule")?.call2(&sheet, &rule.into(), &end.into())?;
    Ok(())
}
