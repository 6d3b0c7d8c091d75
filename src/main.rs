//! Browser entry point: installs the panic hook and mounts the app (which
//! seals the network once its worker is prepared).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(klantenpiramide::ui::App);
}
