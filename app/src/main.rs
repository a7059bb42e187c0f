fn main() {
    dioxus::launch(app::App);
}
