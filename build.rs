//! Links the page with relocations when it is built to be split (cargo
//! feature `split`, set in index.html): wasm-split-cli needs them to cut the
//! dashboard's chunk off (see `.ci/split-page.mjs`).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
    {
        println!("cargo:rustc-link-arg-bin=klantenpiramide=--emit-relocs");
    }
}
