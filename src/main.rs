//! Browser entry point: installs the panic hook, seals the network and
//! mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    klantenpiramide::ui::privacy::seal_network();
    leptos::mount::mount_to_body(klantenpiramide::ui::App);
}
