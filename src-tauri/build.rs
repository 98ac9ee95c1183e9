use std::path::Path;

fn main() {
    // The UI (../ui/dist) is embedded at compile time. On a fresh checkout where it has not been built,
    // put a page there that says so, instead of failing the whole workspace build; `npm run build`
    // replaces it.
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        println!("cargo:warning=ui/dist 不存在：已放入提示页。请先运行 (cd ui && npm ci && npm run build)");
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>分工</title>\
             <body style=\"font-family:sans-serif;padding:40px\"><h2>界面尚未构建</h2>\
             <p>请在源代码目录运行 <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>，然后重新编译。</p></body></html>",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    println!("cargo:rerun-if-changed=../ui/dist/index.html");
    tauri_build::build()
}
