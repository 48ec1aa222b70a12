//! A file on disk as core's SQLite page source, for `verifyFile`: the package's
//! JavaScript reads the bytes at an offset (`fs.readSync`) and this copies them in;
//! core's bounded page cache decides what is read and keeps what is reused, so the
//! file is never held whole.

use js_sys::{Function, Uint8Array};
use nexuscone_core::sqlite::PageSource;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A file of `size` bytes read through `read_at(offset, length)`, which returns a
/// `Uint8Array` of the bytes there.
pub struct JsPages {
    size: u64,
    read_at: Function,
}

impl JsPages {
    pub fn new(size: u64, read_at: Function) -> JsPages {
        JsPages { size, read_at }
    }
}

impl PageSource for JsPages {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let offset_js = JsValue::from_f64(offset as f64);
        let length_js = JsValue::from_f64(buf.len() as f64);
        let got = self
            .read_at
            .call2(&JsValue::NULL, &offset_js, &length_js)
            .map_err(|e| {
                e.dyn_ref::<js_sys::Error>()
                    .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
            })?;
        let bytes = got
            .dyn_into::<Uint8Array>()
            .map_err(|_| "the file reader returned no bytes".to_owned())?;
        if bytes.length() as usize != buf.len() {
            return Err(format!(
                "{} bytes read where {} were asked for",
                bytes.length(),
                buf.len()
            ));
        }
        bytes.copy_to(buf);
        Ok(())
    }
}
