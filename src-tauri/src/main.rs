// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as the import's parsing child (a hidden argument): parse stdin and exit before any window.
    fengong::import::isolate::child_main_if_requested();
    fengong_desktop::run();
}
