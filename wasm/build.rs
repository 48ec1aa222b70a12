//! Gives the wasm module an 8 MiB stack (the default is 1 MiB). Parsing and
//! converting nested JSON recurses up to `canonical::MAX_DEPTH` levels, and
//! unoptimised test builds use large frames; without the headroom, hostile
//! nesting would overflow the stack and trap instead of returning an error.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=8388608");
    }
}
