//! End-to-end tests: the real app binary in a real WebKitGTK window, driven through tauri-driver and
//! WebKitWebDriver with fantoccini. Each test gets a fresh temporary database (FENGONG_DB), its own
//! XDG data/cache folders (so WebKit's localStorage starts empty) and an export folder
//! (FENGONG_EXPORT_DIR, the test-only replacement for the save dialog).
//!
//! Needs a display: run under `xvfb-run -a`, with `tauri-driver` (cargo install) and `WebKitWebDriver`
//! (Debian webkit2gtk-driver) on PATH. Built as a test of the app crate (src-tauri/Cargo.toml) so that
//! CARGO_BIN_EXE_fengong-desktop is the app binary.
//!
//!     xvfb-run -a cargo test -p fengong-desktop --test e2e_app -- --test-threads=1

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// One app at a time: the app is single-instance per user session. (A tokio mutex: it is held across
/// awaits, and each test has its own runtime.)
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The app under test: the binary cargo built, or FENGONG_APP (benchmarks use the release build).
fn app_path() -> String {
    std::env::var("FENGONG_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_fengong-desktop").to_string())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

struct Session {
    client: Client,
    driver: Child,
    dir: tempfile::TempDir,
    /// When the app was asked to start (just before the WebDriver session is created).
    launched: Instant,
}

impl Session {
    /// Opens 导入 and puts `text` in its box as a paste would (typing a tab through WebDriver would move the
    /// focus).
    async fn paste_import_text(&self, text: &str) {
        self.click("[data-test=nav-import]").await;
        let area = self.wait_css("textarea[data-test=import-text]").await;
        self.js(
            "const [el, text] = arguments; el.value = text; el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&area).unwrap(), json!(text)],
        )
        .await;
    }

    async fn start() -> Session {
        Session::start_with(tempfile::tempdir().unwrap()).await
    }

    /// False (and a note on stderr) when there is no display, so `cargo test --workspace` on a headless
    /// machine does not fail here. CI sets FENGONG_E2E_REQUIRED=1: then a missing display is an error.
    fn can_run() -> bool {
        let display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
        if !display {
            assert!(
                std::env::var_os("FENGONG_E2E_REQUIRED").is_none(),
                "FENGONG_E2E_REQUIRED is set but there is no display: run under xvfb-run -a"
            );
            eprintln!("e2e skipped: no display (run under `xvfb-run -a`, or set FENGONG_E2E_REQUIRED=1 to make this an error)");
        }
        display
    }

    /// Starts the app on the database `dir/test.db` (which may already hold data).
    async fn start_with(dir: tempfile::TempDir) -> Session {
        for sub in ["data", "cache", "config", "export"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        let port = free_port();
        let native = free_port();
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("FENGONG_DB", dir.path().join("test.db"))
            .env("FENGONG_EXPORT_DIR", dir.path().join("export"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver 未安装：cargo install tauri-driver --locked");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app_path() }));
        let launched = Instant::now();
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session");
        let s = Session { client, driver, dir, launched };
        s.wait_css("[data-test=nav-documents]").await;
        s.until("document list loaded", "(document.querySelector('[data-test=first-run]') || document.querySelector('[data-test=documents-table]')) && !document.querySelector('.el-loading-mask')").await;
        s
    }

    async fn stop(self) {
        let _ = self.client.clone().close().await;
        // Dropping stops tauri-driver.
    }

    /// Closes the app but keeps its folders (database, WebKit storage) for a second start.
    async fn stop_keep(mut self) -> tempfile::TempDir {
        let _ = self.client.clone().close().await;
        // Give the app the chance to end by itself (WebKit writes localStorage on its own schedule).
        for _ in 0..50 {
            if app_pids_for(self.dir.path()).is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stop_apps_for(self.dir.path());
        std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap())
    }

    fn export_dir(&self) -> PathBuf {
        self.dir.path().join("export")
    }

    async fn wait_css(&self, css: &str) -> Element {
        self.wait_css_within(css, 30).await
    }

    /// [`Self::wait_css`] for what may take longer on a loaded machine (a file parsed in the parsing
    /// child, whose first start reads the program from a cold disk cache).
    async fn wait_css_within(&self, css: &str, secs: u64) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(secs))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    /// Clicks, retrying while something (a fading loading mask, an opening dialog) is still in the way.
    async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut el = self.wait_css(css).await;
        loop {
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("click {css} retried: {e:?}");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    match self.client.find(Locator::Css(css)).await {
                        Ok(again) => el = again,
                        // WebKitWebDriver sometimes reports an error for a click that went through
                        // (the button's dialog has closed): the caller's next check tells.
                        Err(_) => return,
                    }
                }
                Err(e) => panic!("click {css}: {e:?}"),
            }
        }
    }

    /// Picks `item` from the click-triggered dropdown opened by `trigger` and waits until `shown` (a CSS
    /// selector) is visible. A click-triggered menu toggles, and WebKitWebDriver can report a click that went
    /// through as intercepted (a fading mask or a route transition in the way), so the retried click closes
    /// the menu again and the item is then clicked while hidden. Each step is therefore checked by what the
    /// user would see: the trigger is clicked only while the item is not visible, and the whole pick is
    /// repeated if what it opens does not appear.
    async fn pick_menu_item(&self, trigger: &str, item: &str, shown: &str) {
        let visible = |css: &str| {
            format!(
                "[...document.querySelectorAll('{css}')].some(e => {{ const r = e.getBoundingClientRect(); \
                 return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' \
                 && e.closest('[style*=\"display: none\"]') === null; }})"
            )
        };
        let is =
            |expr: String| async move { self.js(&format!("return ({expr});"), vec![]).await == json!(true) };
        for attempt in 0..4 {
            if !is(visible(item)).await {
                self.click(trigger).await;
            }
            let t = Instant::now();
            while !is(visible(item)).await && t.elapsed() < Duration::from_secs(5) {
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            if is(visible(item)).await {
                if let Err(e) = self.client.find(Locator::Css(item)).await.unwrap().click().await {
                    eprintln!("click {item} (attempt {attempt}): {e:?}");
                }
            }
            let t = Instant::now();
            while t.elapsed() < Duration::from_secs(10) {
                if is(visible(shown)).await {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            eprintln!("{item} did not open {shown} (attempt {attempt}); picking again");
        }
        panic!("picking {item} from {trigger} never showed {shown}");
    }

    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls a JS expression until it is truthy; returns its value.
    async fn until(&self, what: &str, expr: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            let v = self.js(&format!("return ({expr});"), vec![]).await;
            if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
                return v;
            }
            if Instant::now() >= deadline {
                let shot = std::env::temp_dir().join(format!("e2e-fail-{}.png", what.replace(' ', "-")));
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(&shot, png);
                }
                panic!("timed out waiting for {what} (screenshot: {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Texts of the editor's rows (first column after the drag handle joined with the rest).
    async fn rows(&self) -> Vec<Value> {
        let v = self
            .js(
                r#"return [...document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr')].map(tr => ({
                    heading: tr.classList.contains('heading-row'),
                    number: tr.querySelector('[data-test=cell-number]')?.innerText ?? '',
                    title: tr.querySelector('[data-test=cell-title]')?.innerText ?? tr.innerText,
                    lead: tr.querySelector('[data-test=cell-lead_units]')?.innerText ?? '',
                }));"#,
                vec![],
            )
            .await;
        v.as_array().cloned().unwrap_or_default()
    }

    async fn load_sample(&self) {
        self.click("[data-test=load-sample]").await;
        self.until("sample rows", "document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr').length >= 20").await;
    }

    async fn screenshot(&self, name: &str) {
        // Let transitions and pdf.js finish painting; toasts are not part of the picture.
        self.js("document.querySelectorAll('.el-notification__closeBtn').forEach(b => b.click());", vec![])
            .await;
        self.until("messages gone", "!document.querySelector('.el-message, .el-notification')").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        // Tests leave the work tree as it was: pictures go to a temp folder unless the README's images are
        // being refreshed on purpose (FENGONG_SCREENSHOTS_DIR=docs, see docs/desktop.md).
        let dir = std::env::var_os("FENGONG_SCREENSHOTS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("fengong-screenshots"));
        let out = dir.join(name);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, png).unwrap();
    }

    /// Types into an Element Plus multi-select with create-on-type, one name at a time.
    async fn pick_units(&self, css: &str, names: &[&str]) {
        self.click(css).await;
        let input = self.wait_css(&format!("{css} input")).await;
        for n in names {
            input.send_keys(n).await.unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
            input.send_keys(&Key::Enter.to_string()).await.unwrap();
            tokio::time::sleep(Duration::from_millis(400)).await;
            // A name the directory lacks is created only when confirmed (新建单位“…”).
            let asked = "(() => { const b = document.querySelector('.el-message-box'); return !!b && b.offsetParent !== null && b.innerText.includes('新建单位'); })()";
            if self.js(&format!("return {asked};"), vec![]).await == json!(true) {
                self.click(".el-message-box__btns .el-button--primary").await;
                self.until("new unit confirmed", &format!("!{asked}")).await;
            }
        }
    }

    /// Presses one key (Escape, Enter …) on whatever has the focus.
    async fn key(&self, key: Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let k: char = key.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
        self.client.perform_actions(actions).await.expect("WebDriver key actions");
    }

    /// Ctrl+<key> as real key presses (WebDriver actions); falls back to a dispatched event if the driver
    /// refuses actions.
    async fn ctrl(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let ctrl: char = Key::Control.into();
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: ctrl })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: ctrl });
        if let Err(e) = self.client.perform_actions(actions).await {
            eprintln!("WebDriver actions refused ({e}); dispatching the key event instead");
            self.js(
                "window.dispatchEvent(new KeyboardEvent('keydown', { key: arguments[0], ctrlKey: true, bubbles: true }));",
                vec![json!(key.to_string())],
            )
            .await;
        }
    }

    async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_css(css).await;
        el.clear().await.ok();
        el.send_keys(text).await.unwrap();
    }
}

/// Pids of app processes started for this test folder (their FENGONG_DB lies inside it).
fn app_pids_for(dir: &Path) -> Vec<u32> {
    let needle = format!("FENGONG_DB={}", dir.join("test.db").display());
    let mut pids = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        if let Ok(env) = std::fs::read(e.path().join("environ")) {
            if env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()) {
                pids.push(pid);
            }
        }
    }
    pids
}

/// Stops the app processes of this test folder and waits until they are gone. Closing the WebDriver
/// session does not always end the app; one left running would take the single-instance lock and make
/// the next test's app hand over and exit at once.
fn stop_apps_for(dir: &Path) {
    for pid in app_pids_for(dir) {
        let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    }
    for _ in 0..50 {
        if app_pids_for(dir).is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    for pid in app_pids_for(dir) {
        let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
    }
    // A killed app's single-instance name on the session bus goes only when the bus has seen it go; a new
    // app started before that hands over to the dying one and exits (seen once in a full run).
    for _ in 0..50 {
        if app_pids_for(dir).is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
}

impl Drop for Session {
    /// Also runs when a test fails half-way: SIGTERM, not SIGKILL, so tauri-driver stops its
    /// WebKitWebDriver child too; then any app process of this test that is still there.
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.driver.id().to_string()).status();
        let mut stopped = false;
        for _ in 0..50 {
            if let Ok(Some(_)) = self.driver.try_wait() {
                stopped = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if !stopped {
            let _ = self.driver.kill();
            let _ = self.driver.wait();
        }
        stop_apps_for(self.dir.path());
    }
}

/// A hung WebDriver call (an app that never came up) fails the test after three minutes instead of
/// blocking the run; dropping the future stops tauri-driver and the app.
async fn guarded(f: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(Duration::from_secs(180), f).await.expect("end-to-end test took over 3 minutes");
}

async fn lock() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

/// Items of the seed whose searchable text contains the query (what the search must find).
fn seed_titles_containing(q: &str) -> Vec<String> {
    let parsed = fengong::import::parse_annex(fengong::sample::SAMPLE_TEXT.as_bytes(), "seed").unwrap();
    parsed
        .rows
        .iter()
        .filter(|r| !r.draft.is_heading)
        .filter(|r| {
            let d = &r.draft;
            d.title.contains(q)
                || d.content.contains(q)
                || d.scope.contains(q)
                || d.units.iter().any(|u| u.name.contains(q))
        })
        .map(|r| r.draft.title.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_loads_sample_and_search_finds_tax_bureau_rows() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.wait_css("[data-test=first-run]").await;
        // The welcome page quotes the sample's title exactly as the sample has it.
        let welcome = s.js("return document.querySelector('[data-test=first-run]').innerText;", vec![]).await;
        let title = fengong::sample::sample_title();
        assert!(welcome.as_str().unwrap().contains(&format!("《{title}》")), "{welcome}");
        s.load_sample().await;
        let rows = s.rows().await;
        let items: Vec<&Value> = rows.iter().filter(|r| r["heading"] == json!(false)).collect();
        assert_eq!(items.len(), 20, "the sample has 20 items");
        assert_eq!(items[0]["number"], "1");
        assert_eq!(items[19]["number"], "20");
        s.screenshot("screenshot-main.png").await;
        // The document list says where the document came from (copies with one title told apart).
        s.click("[data-test=nav-documents]").await;
        let source = s.until("document source", "document.querySelector('[data-test=document-source]')?.innerText").await;
        assert!(source.as_str().unwrap().contains("来源：内置示例"), "{source}");

        // Ctrl+F opens the search screen.
        s.ctrl('f').await;
        s.fill("input[data-test=search-input]", "税务局").await;
        s.until("search results", "document.querySelectorAll('[data-test=search-hit]').length > 0").await;
        let hits = s
            .js("return [...document.querySelectorAll('[data-test=search-hit]')].map(h => ({ title: h.querySelector('.t').innerText, marks: [...h.querySelectorAll('mark.hit')].map(m => m.innerText) }));", vec![])
            .await;
        let hits = hits.as_array().unwrap();
        let mut got: Vec<String> = hits.iter().map(|h| h["title"].as_str().unwrap().to_string()).collect();
        let mut want = seed_titles_containing("税务局");
        got.sort();
        want.sort();
        assert!(!want.is_empty());
        assert_eq!(got, want, "search 税务局 finds exactly the rows that mention it");
        for h in hits {
            let marks = h["marks"].as_array().unwrap();
            assert!(!marks.is_empty() && marks.iter().all(|m| m.as_str().unwrap().contains("税务局")), "highlighted: {h}");
        }
        // Each hit where a 税务局 is a unit shows its role; 只看牵头 keeps those.
        let badges = s.js("return [...document.querySelectorAll('[data-test=search-hit]')].filter(h => h.querySelector('[data-test=hit-role]')?.textContent.trim() === '牵头').length;", vec![]).await;
        assert!(badges.as_u64().unwrap() > 0, "role badges on the hits");
        s.pick_menu_item("[data-test=search-role]", "[data-test=search-role-lead]", "[data-test=search-results]").await;
        s.until("only lead hits", &format!("document.querySelectorAll('[data-test=search-hit]').length === {badges} && [...document.querySelectorAll('[data-test=search-hit]')].every(h => h.querySelector('[data-test=hit-role]'))")).await;
        s.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn add_reorder_edit_delete_undo_then_preview_and_export() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.load_sample().await;
        let before = s.rows().await.len();

        // Add an item with two lead units (one new, typed).
        s.click("[data-test=new-item]").await;
        s.fill("textarea[data-test=item-title]", "鲲鹏试点").await;
        // Escape then Enter in a changed form keeps the work: the question's default is 继续编辑.
        s.key(Key::Escape).await;
        s.until("asked to discard", "!!document.querySelector('.el-message-box')").await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.key(Key::Enter).await;
        s.until("question gone", "!document.querySelector('.el-message-box') || document.querySelector('.el-message-box').offsetParent === null").await;
        let kept = s.js("return document.querySelector('textarea[data-test=item-title]')?.value ?? null;", vec![]).await;
        assert_eq!(kept, json!("鲲鹏试点"), "Escape + Enter kept the form and its text");
        s.fill("textarea[data-test=item-content]", "开展鲲鹏生态跨境数据流动试点。").await;
        // 深圳 + Enter picks the directory's 深圳市税务局 (no unit 深圳 is made); 省数据局 is new and confirmed.
        s.pick_units("[data-test=item-units-lead]", &["深圳", "省数据局"]).await;
        // Close the unit drop-down (it covers the dialog's buttons) by clicking back into the title.
        s.click("textarea[data-test=item-title]").await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        s.click("[data-test=item-save]").await;
        s.until("new row", &format!("document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr').length === {}", before + 1)).await;
        let rows = s.rows().await;
        let last = rows.last().unwrap();
        assert_eq!(last["title"], "鲲鹏试点");
        assert_eq!(last["lead"], "深圳市税务局、省数据局");

        // Reorder: move it up one row.
        s.js("const b = [...document.querySelectorAll('[data-test=move-up]')].pop(); b.click();", vec![]).await;
        s.until("moved up", "(() => { const t = [...document.querySelectorAll('[data-test=items-table] [data-test=cell-title]')].map(e => e.innerText); return t[t.length - 2] === '鲲鹏试点'; })()").await;

        // Edit it.
        s.js("const tr = [...document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr')].find(tr => tr.innerText.includes('鲲鹏试点')); tr.querySelector('[data-test=edit-item]').click();", vec![]).await;
        let title = s.wait_css("textarea[data-test=item-title]").await;
        title.send_keys("项目").await.unwrap();
        s.click("[data-test=item-save]").await;
        s.until("edited", "[...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '鲲鹏试点项目')").await;
        let n_after_edit = s.rows().await.len();

        // 取消 cancels: a changed title left longer than the old 1.2 s autosave, 取消, 放弃修改 — the table and
        // the database keep the title as it was when the form opened. The form opens on a double click, with
        // the focus in its first field.
        s.js("const tr = [...document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr')].find(tr => tr.innerText.includes('鲲鹏试点项目')); tr.querySelector('[data-test=cell-title]').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));", vec![]).await;
        let title = s.wait_css("textarea[data-test=item-title]").await;
        s.until("first field focused", "document.activeElement === document.querySelector('textarea[data-test=item-title]')").await;
        title.send_keys("（草稿）").await.unwrap();
        tokio::time::sleep(Duration::from_millis(2000)).await;
        s.js("[...document.querySelectorAll('[data-test=item-dialog] .el-dialog__footer button')].find(b => b.innerText.trim() === '取消').click();", vec![]).await;
        s.until("asked to discard", "[...document.querySelectorAll('.el-message-box__btns button')].some(b => b.innerText.includes('放弃修改') && b.offsetParent)").await;
        s.js("[...document.querySelectorAll('.el-message-box__btns button')].find(b => b.innerText.includes('放弃修改')).click();", vec![]).await;
        s.until("form closed", "!document.querySelector('textarea[data-test=item-title]') || document.querySelector('textarea[data-test=item-title]').offsetParent === null").await;
        let stored = |s: &Session| {
            let conn = rusqlite::Connection::open_with_flags(s.dir.path().join("test.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            let titles: Vec<String> = conn
                .prepare("SELECT title FROM items WHERE title LIKE '鲲鹏%'").unwrap()
                .query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            titles
        };
        assert_eq!(stored(&s), ["鲲鹏试点项目"], "取消 wrote nothing");
        assert!(s.rows().await.iter().any(|r| r["title"] == "鲲鹏试点项目"));

        // The document's own history: the 撤销 button names the step; Ctrl+Z undoes the edit, Ctrl+Y redoes it.
        let row = s.rows().await.iter().position(|r| r["title"] == "鲲鹏试点项目").unwrap() + 1;
        let undo_title = s.js("return document.querySelector('[data-test=undo]').title;", vec![]).await;
        assert_eq!(undo_title, json!(format!("撤销：修改第 {row} 行“鲲鹏试点项目”（Ctrl+Z）")));
        s.js("document.activeElement && document.activeElement.blur();", vec![]).await;
        s.ctrl('z').await;
        s.until("edit undone", "[...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '鲲鹏试点') && ![...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '鲲鹏试点项目')").await;
        assert_eq!(stored(&s), ["鲲鹏试点"]);
        s.ctrl('y').await;
        s.until("edit redone", "[...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '鲲鹏试点项目')").await;
        assert_eq!(stored(&s), ["鲲鹏试点项目"]);

        // Delete it, then Ctrl+Z puts it back in its place.
        s.js("const tr = [...document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr')].find(tr => tr.innerText.includes('鲲鹏试点项目')); tr.querySelector('[data-test=delete-item]').click();", vec![]).await;
        s.until("deleted", "![...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '鲲鹏试点项目')").await;
        assert_eq!(s.rows().await.len(), n_after_edit - 1);
        s.js("document.activeElement && document.activeElement.blur();", vec![]).await;
        s.ctrl('z').await;
        s.until("restored", "(() => { const t = [...document.querySelectorAll('[data-test=cell-title]')].map(e => e.innerText); return t[t.length - 2] === '鲲鹏试点项目'; })()").await;

        // 列设置: fix the width of 牵头单位 (the fourth column); the stored column says so.
        s.click("[data-test=edit-columns]").await;
        s.wait_css("[data-test=columns-dialog] [data-test=column-fixed]").await;
        s.js("document.querySelectorAll('[data-test=columns-dialog] [data-test=column-fixed] input')[3].click();", vec![]).await;
        s.click("[data-test=columns-save]").await;
        s.until("columns dialog closed", "!document.querySelector('[data-test=columns-dialog]') || document.querySelector('[data-test=columns-dialog]').offsetParent === null").await;
        let fixed = {
            let db = s.dir.path().join("test.db");
            let t = Instant::now();
            loop {
                let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
                let cols: String = conn.query_row("SELECT columns FROM documents ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
                let cols: Vec<fengong::model::Column> = serde_json::from_str(&cols).unwrap();
                let fixed: Vec<bool> = cols.iter().map(|c| c.fixed).collect();
                if fixed.contains(&true) || t.elapsed() > Duration::from_secs(10) {
                    break fixed;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        };
        assert_eq!(fixed, [false, false, false, true, false], "固定 is stored for 牵头单位 only");

        // Preview: the real PDF drawn by pdf.js.
        s.click("[data-test=open-preview]").await;
        s.until("preview pages", "Number(document.querySelector('[data-test=pdf-pages]')?.dataset.pages || 0) > 0").await;
        s.until("first page drawn", "document.querySelector('[data-test=pdf-pages] canvas')?.dataset.rendered === '1'").await;
        s.screenshot("screenshot-preview.png").await;

        // Export (FENGONG_EXPORT_DIR stands in for the save dialog) and read the PDF back.
        s.click("[data-test=export-pdf]").await;
        let pdf = exported(&s.export_dir(), "pdf").await;
        // The note says where the file went and offers 打开 and 打开文件所在位置.
        let note = s.until("exported note", "document.querySelector('[data-test=exported-note]')?.innerText").await;
        let note = note.as_str().unwrap().to_string();
        assert!(note.contains(&pdf.display().to_string()) && note.contains("打开文件所在位置"), "{note}");
        let out = Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
        let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains("鲲鹏试点项目"), "the new item is in the exported PDF: {}", text.chars().rev().take(400).collect::<String>().chars().rev().collect::<String>());
        assert!(text.contains("省数据局"));
        s.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_seed_through_import_screen_shows_report() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.paste_import_text(fengong::sample::SAMPLE_TEXT).await;
        s.click("[data-test=import-parse]").await;
        s.wait_css("[data-test=import-report]").await;
        let report = s.js("return document.querySelector('[data-test=import-report]').innerText;", vec![]).await;
        let report = report.as_str().unwrap();
        assert!(report.contains("导入报告"), "{report}");
        assert!(report.contains("文件编码"), "{report}");
        // Before confirming, the preview names the units the import would create.
        assert!(report.contains("将新建的单位") && report.contains("深圳市税务局"), "{report}");
        let n = s.js("return document.querySelectorAll('[data-test=import-rows] .el-table__body-wrapper tbody tr').length;", vec![]).await;
        assert!(n.as_u64().unwrap() >= 20);
        s.click("[data-test=import-confirm]").await;
        let done = s.wait_css("[data-test=import-done]").await;
        let done = done.text().await.unwrap();
        assert!(done.contains("新建的单位"), "{done}");
        assert!(done.contains("20"), "{done}");
        s.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pasting_a_web_table_reads_its_merged_cells() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.click("[data-test=nav-import]").await;
        let area = s.wait_css("textarea[data-test=import-text]").await;
        // A paste as a browser makes it: the event carries text/html and text/plain, then the text lands in
        // the box. The 牵头单位 is merged over both rows; the plain text has it in the first row only.
        let html = "<table><tr><th>序号</th><th>事项</th><th>牵头单位</th><th>配合单位</th></tr>\
                    <tr><td>1</td><td>网页事项甲</td><td rowspan=\"2\">省财政厅</td><td>省税务局</td></tr>\
                    <tr><td>2</td><td>网页事项乙</td><td>海关</td></tr></table>";
        let plain = "序号\t事项\t牵头单位\t配合单位\n1\t网页事项甲\t省财政厅\t省税务局\n2\t网页事项乙\t海关";
        s.js(
            "const [el, html, text] = arguments; const dt = new DataTransfer(); \
             dt.setData('text/html', html); dt.setData('text/plain', text); \
             el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true })); \
             el.value = text; el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&area).unwrap(), json!(html), json!(plain)],
        )
        .await;
        s.wait_css("[data-test=import-structure]").await;
        s.click("[data-test=import-parse]").await;
        s.wait_css("[data-test=import-report]").await;
        let rows = s
            .js(
                "return [...document.querySelectorAll('[data-test=import-rows] .el-table__body-wrapper tbody tr')]\
                 .map((tr) => tr.innerText.replace(/\\s+/g, ' ').trim());",
                vec![],
            )
            .await;
        let rows: Vec<String> = serde_json::from_value(rows).unwrap();
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert!(rows[1].contains("网页事项乙") && rows[1].contains("省财政厅") && rows[1].contains("海关"), "{rows:?}");
        let report = s.js("return document.querySelector('[data-test=import-report]').innerText;", vec![]).await;
        assert!(report.as_str().unwrap().contains("合并"), "{report}");
        s.screenshot("import-web-paste.png").await;

        // 海关 was read as cooperating on row 2; the user makes it a lead unit before writing.
        // The tag is low in the page: brought into view first (WebKitWebDriver does not scroll inner panes).
        s.js("document.querySelector('[data-test=import-unit-1-1] .el-tag').scrollIntoView({ block: 'center' });", vec![])
            .await;
        s.click("[data-test=import-unit-1-1] .el-tag").await;
        let visible_lead = "[...document.querySelectorAll('[data-test=import-role-lead]')].find((e) => e.offsetParent !== null)";
        s.until("role menu", &format!("!!{visible_lead}")).await;
        s.js(&format!("{visible_lead}.click();"), vec![]).await;
        let lead_cell = "document.querySelectorAll('[data-test=import-rows] .el-table__body-wrapper tbody tr')[1]\
                         .querySelectorAll('td')[3].innerText";
        s.until("海关 leads", &format!("{lead_cell}.includes('海关')")).await;
        s.click("[data-test=import-confirm]").await;
        let done = s.wait_css("[data-test=import-done]").await.text().await.unwrap();
        assert!(done.contains("海关"), "a new unit: {done}");
        s.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_header_in_own_words_is_imported_after_the_user_names_its_columns() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        let text = "自拟表头的分工表\n编号\t项目\t牵头单位\t目标\n1\t建设数据平台\t省财政厅\t年底建成\n";
        s.paste_import_text(text).await;
        s.click("[data-test=import-parse]").await;
        s.wait_css("[data-test=import-columns]").await;
        let report = s.js("return document.querySelector('[data-test=import-report]').innerText;", vec![]).await;
        assert!(report.as_str().unwrap().contains("请在预览中为各列指定含义"), "{report}");
        // 项目 is the 事项, 目标 the 主要内容: chosen in the selects above the rows.
        for (column, meaning) in [(1, "事项"), (3, "主要内容")] {
            // One select's list at a time (the last one's closes with a transition).
            s.until(
                "no list open",
                "![...document.querySelectorAll('.el-select-dropdown')].some((e) => e.offsetParent !== null)",
            )
            .await;
            s.click(&format!("[data-test=import-column-{column}]")).await;
            let option = format!(
                "[...document.querySelectorAll('.el-select-dropdown__item')].find((e) => e.offsetParent !== null && e.innerText.trim() === '{meaning}')"
            );
            s.until("meaning offered", &format!("!!{option}")).await;
            s.js(&format!("{option}.click();"), vec![]).await;
            let cell = if column == 1 { 1 } else { 2 };
            let expected = if column == 1 { "建设数据平台" } else { "年底建成" };
            s.until(
                "the column re-read",
                &format!(
                    "document.querySelector('[data-test=import-rows] .el-table__body-wrapper tbody tr')\
                     .querySelectorAll('td')[{cell}].innerText.includes('{expected}')"
                ),
            )
            .await;
        }
        s.until(
            "lists and the busy mask gone",
            "![...document.querySelectorAll('.el-select-dropdown, .el-loading-mask')].some((e) => e.offsetParent !== null)",
        )
        .await;
        s.screenshot("import-own-header.png").await;
        s.js("document.querySelector('[data-test=import-confirm]').scrollIntoView();", vec![]).await;
        s.click("[data-test=import-confirm]").await;
        let done = s.wait_css("[data-test=import-done]").await.text().await.unwrap();
        assert!(done.contains("省财政厅"), "{done}");
        s.stop().await;
    })
    .await;
}

/// Corrections of single rows in the import preview: a line taken for a group heading made an item, a
/// misspelt unit renamed (the prompt's text read by the core as a unit cell); the database gets both.
#[tokio::test(flavor = "multi_thread")]
async fn a_heading_made_an_item_and_a_unit_renamed_in_the_preview() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        let text = "附件\n预览修改测试分工表\n序号\t事项\t牵头单位\n1\t预览甲事项\t省财正厅\n（二）预览乙事项单独成行\n";
        s.paste_import_text(text).await;
        s.click("[data-test=import-parse]").await;
        s.wait_css("[data-test=import-report]").await;
        let row = |i: usize| {
            format!("document.querySelectorAll('[data-test=import-rows] .el-table__body-wrapper tbody tr')[{i}]")
        };
        s.until("row 2 read as a heading", &format!("!!{}.querySelector('td b')", row(1))).await;
        let visible = |test: &str| {
            format!("[...document.querySelectorAll('[data-test={test}]')].find((e) => e.offsetParent !== null)")
        };
        // The line number opens the row's menu: 改作事项.
        s.click("[data-test=import-line-1] .line-link").await;
        s.until("row menu", &format!("!!{}", visible("import-toggle-heading"))).await;
        s.js(&format!("{}.click();", visible("import-toggle-heading")), vec![]).await;
        s.until("row 2 an item", &format!("!{}.querySelector('td b')", row(1))).await;
        // The unit's menu: 修改名称…, then the prompt.
        s.until("menus closed", "![...document.querySelectorAll('.el-dropdown-menu')].some((e) => e.offsetParent !== null)")
            .await;
        s.click("[data-test=import-unit-0-0] .el-tag").await;
        s.until("unit menu", &format!("!!{}", visible("import-rename-unit"))).await;
        s.js(&format!("{}.click();", visible("import-rename-unit")), vec![]).await;
        let input = s.wait_css(".el-message-box__input input").await;
        s.js(
            "const [el] = arguments; el.value = '省财政厅'; el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&input).unwrap()],
        )
        .await;
        s.click(".el-message-box__btns .el-button--primary").await;
        s.until("renamed", &format!("{}.innerText.includes('省财政厅')", row(0))).await;
        let report = s.js("return document.querySelector('[data-test=import-report]').innerText;", vec![]).await;
        let report = report.as_str().unwrap();
        assert!(report.contains("改为“省财政厅”") && report.contains("改作事项"), "{report}");
        s.until("busy mask gone", "![...document.querySelectorAll('.el-loading-mask')].some((e) => e.offsetParent !== null)")
            .await;
        s.js("document.querySelector('[data-test=import-confirm]').scrollIntoView();", vec![]).await;
        s.click("[data-test=import-confirm]").await;
        s.wait_css("[data-test=import-done]").await;
        let items = s
            .js(
                "return window.__TAURI_INTERNALS__.invoke('list_documents', {})\
                 .then((d) => window.__TAURI_INTERNALS__.invoke('list_items', { documentId: d[0].id }))\
                 .then((items) => items.map((i) => [i.title, i.is_heading, i.assignments.map((a) => a.unit_name).join('、')]));",
                vec![],
            )
            .await;
        assert_eq!(
            items,
            json!([["预览甲事项", false, "省财政厅"], ["（二）预览乙事项单独成行", false, ""]]),
            "the database has what the preview showed"
        );
        s.stop().await;
    })
    .await;
}

/// Waits for a non-empty file with this extension in the export folder.
async fn exported(dir: &Path, ext: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let found = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == ext)))
            .unwrap_or(None);
        if let Some(p) = found.filter(|p| std::fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false)) {
            return p;
        }
        assert!(Instant::now() < deadline, "no .{ext} exported into {}", dir.display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn export_menu_writes_word_excel_csv_json_and_open_file_imports_them_back() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.load_sample().await;
        s.click("[data-test=open-preview]").await;
        s.until("preview pages", "Number(document.querySelector('[data-test=pdf-pages]')?.dataset.pages || 0) > 0").await;
        // Landscape in the preview: the Word file follows it.
        s.js("[...document.querySelectorAll('[data-test=opt-page-setup] .el-radio')].find(r => r.innerText.includes('单独阅读')).click();", vec![]).await;
        let dir = s.export_dir();
        let mut files = Vec::new();
        for ext in ["docx", "xlsx", "csv", "json"] {
            s.click("[data-test=export-office]").await;
            s.click(&format!("[data-test=export-{ext}]")).await;
            files.push(exported(&dir, ext).await);
        }
        let docx = std::fs::read(&files[0]).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains(r#"w:orient="landscape""#), "the Word export follows the preview's landscape page");

        // 打开文件… (a path prompt stands in for the native dialog under test) reads each file back.
        for (file, format) in files.iter().zip(["Word 文档", "Excel 工作簿", "CSV", "分工数据包"]) {
            s.click("[data-test=nav-import]").await;
            if s.client.find(Locator::Css("[data-test=import-report]")).await.is_ok() {
                s.click("[data-test=import-reset]").await;
            }
            s.click("[data-test=import-open-file]").await;
            let input = s.wait_css(".el-message-box__input input").await;
            input.send_keys(file.to_str().unwrap()).await.unwrap();
            s.click(".el-message-box__btns .el-button--primary").await;
            s.wait_css_within("[data-test=import-report]", 90).await;
            let report = s.js("return document.querySelector('[data-test=import-report]').innerText;", vec![]).await;
            assert!(report.as_str().unwrap().contains(format), "{format}: {report}");
            let n = s.js("return document.querySelectorAll('[data-test=import-rows] .el-table__body-wrapper tbody tr').length;", vec![]).await;
            assert_eq!(n.as_u64().unwrap(), 20, "{format}: all 20 items in the preview");
            // The same annex is already there: the app asks; 再导入一份 imports a second copy, and for the
            // Word file 更新原文档 updates the sample instead (a bundle is only offered 再导入一份).
            s.click("[data-test=import-confirm]").await;
            let choice = if format == "Word 文档" { "更新原文档" } else { "再导入一份" };
            s.until("asked", &format!("[...document.querySelectorAll('.el-message-box__btns button')].some(b => b.innerText.includes('{choice}') && b.offsetParent)")).await;
            let n_docs = s.js("return window.__TAURI_INTERNALS__.invoke('list_documents', {}).then(d => d.length);", vec![]).await;
            s.js(&format!("[...document.querySelectorAll('.el-message-box__btns button')].find(b => b.innerText.includes('{choice}')).click();"), vec![]).await;
            let done = s.wait_css("[data-test=import-done]").await.text().await.unwrap();
            assert!(done.contains("20"), "{format}: {done}");
            let n_after = s.js("return window.__TAURI_INTERNALS__.invoke('list_documents', {}).then(d => d.length);", vec![]).await;
            let grew = if choice == "更新原文档" { 0 } else { 1 };
            assert_eq!(n_after.as_u64().unwrap(), n_docs.as_u64().unwrap() + grew, "{format}: {choice}");
        }
        s.stop().await;
    })
    .await;
}

/// Sum of VmRSS (kB) of the app process and its WebKit children (web and network processes), and of
/// their PSS (shared pages counted once), with one line per process.
fn app_rss_kb() -> (u64, u64, Vec<String>) {
    let app = std::fs::canonicalize(app_path()).unwrap();
    let mut procs: Vec<(u32, u32, u64, bool)> = Vec::new(); // pid, ppid, rss, is_app
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(status) = std::fs::read_to_string(e.path().join("status")) else { continue };
        let field = |k: &str| {
            status
                .lines()
                .find(|l| l.starts_with(k))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let is_app = std::fs::read_link(e.path().join("exe")).map(|p| p == app).unwrap_or(false);
        procs.push((pid, field("PPid:") as u32, field("VmRSS:"), is_app));
    }
    let mut family: Vec<u32> = procs.iter().filter(|p| p.3).map(|p| p.0).collect();
    let mut i = 0;
    while i < family.len() {
        let parent = family[i];
        for p in &procs {
            if p.1 == parent && !family.contains(&p.0) {
                family.push(p.0);
            }
        }
        i += 1;
    }
    let total = procs.iter().filter(|p| family.contains(&p.0)).map(|p| p.2).sum();
    let mut pss_total = 0;
    let mut lines = Vec::new();
    for pid in &family {
        let pss = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|t| {
                t.lines()
                    .find(|l| l.starts_with("Pss:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
            })
            .unwrap_or(0);
        pss_total += pss;
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let rss = procs.iter().find(|p| p.0 == *pid).map(|p| p.2).unwrap_or(0);
        lines.push(format!(
            "{}: RSS {:.1} MB, PSS {:.1} MB",
            name.trim(),
            rss as f64 / 1024.0,
            pss as f64 / 1024.0
        ));
    }
    (total, pss_total, lines)
}

/// Benchmarks (print figures). Run with the release app:
///     FENGONG_APP=target/release/fengong-desktop xvfb-run -a cargo test -p fengong-desktop --test e2e_app -- --ignored --nocapture bench
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn bench_start_memory_preview() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        // A database with the sample and a 500-item document, made with the core directly.
        let dir = tempfile::tempdir().unwrap();
        let (big_id, sample_id) = {
            let mut store = fengong::store::Store::open(dir.path().join("test.db")).unwrap();
            let sample = store.load_sample().unwrap().document_id;
            let parsed = fengong::import::parse_annex(fengong::sample::SAMPLE_TEXT.as_bytes(), "seed").unwrap();
            let mut draft = parsed.document_draft();
            draft.title = "五百项的任务分工表".into();
            let big = store.create_document(&draft).unwrap();
            let rows: Vec<_> = parsed.rows.iter().filter(|r| !r.draft.is_heading).collect();
            for i in 0..500 {
                let mut d = rows[i % rows.len()].draft.clone();
                d.title = format!("{}（{}）", d.title, i + 1);
                store.add_item(big, None, &d).unwrap();
            }
            (big, sample)
        };

        let s = Session::start_with(dir).await;
        s.until("document list", "document.querySelectorAll('[data-test=open-document]').length === 2").await;
        let cold = s.launched.elapsed();
        println!("BENCH cold start to interactive document list: {} ms (WebDriver session + app launch + first IPC)", cold.as_millis());

        s.js("document.querySelectorAll('[data-test=open-document]').forEach(a => { if (a.innerText.includes('广东')) a.click(); });", vec![]).await;
        s.until("sample rows", "document.querySelectorAll('[data-test=items-table] .el-table__body-wrapper tbody tr').length >= 20").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (rss, pss, lines) = app_rss_kb();
        println!("BENCH memory with the sample open: RSS {:.1} MB, PSS {:.1} MB over {} processes: {}", rss as f64 / 1024.0, pss as f64 / 1024.0, lines.len(), lines.join("; "));

        // Preview refresh after an option change: the same call the preview makes (IPC + layout + PDF),
        // then pdf.js parsing the bytes and drawing page 1.
        let script = r#"
            const [id, size, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
            const opts = { page_setup: 'portrait', body_size: size, first_page_number: 1, continued_mark: true, doc_number: null, show_doc_number: false };
            const t0 = performance.now();
            window.__TAURI_INTERNALS__.invoke('render_preview', { documentId: id, options: opts })
              .then(buf => done({ ms: performance.now() - t0, bytes: buf.byteLength }))
              .catch(e => done({ error: String(e) }));
        "#;
        for (label, id) in [("sample (20 items)", sample_id), ("500 items", big_id)] {
            let mut times = Vec::new();
            let mut bytes = 0;
            for size in [16.0, 14.0, 12.0, 16.0] {
                let v = s.client.execute_async(script, vec![json!(id), json!(size)]).await.unwrap();
                assert!(v.get("error").is_none(), "{v}");
                times.push(v["ms"].as_f64().unwrap());
                bytes = v["bytes"].as_u64().unwrap();
            }
            // The first call also parses the fonts if the start-up preload has not finished; report the rest.
            let steady = &times[1..];
            let avg = steady.iter().sum::<f64>() / steady.len() as f64;
            println!("BENCH preview refresh, {label}: first {:.0} ms, then {:?} ms (avg {:.0} ms), PDF {} KB", times[0], steady.iter().map(|t| t.round() as i64).collect::<Vec<_>>(), avg, bytes / 1024);
        }

        // The whole UI path on the 500-item document: open the preview, change the body size, wait for pdf.js.
        s.js("document.querySelector('[data-test=nav-documents]').click();", vec![]).await;
        s.until("list", "document.querySelectorAll('[data-test=open-document]').length === 2").await;
        s.js("[...document.querySelectorAll('[data-test=documents-table] .el-table__row')].find(r => r.innerText.includes('五百项')).querySelectorAll('button')[1].click();", vec![]).await;
        let t0 = Instant::now();
        s.until("big preview drawn", "document.querySelector('[data-test=pdf-pages] canvas')?.dataset.rendered === '1'").await;
        let pages = s.js("return document.querySelector('[data-test=pdf-pages]').dataset.pages;", vec![]).await;
        println!("BENCH open preview of the 500-item document to first page drawn: {} ms ({} pages)", t0.elapsed().as_millis(), pages.as_str().unwrap_or("?"));
        s.stop().await;
    })
    .await;
}

/// Big documents (prints figures; README "Benchmarks"): recognise a 3,000-row paste, open the 3,000-item
/// document, move one row, search. Run with the release app:
///     FENGONG_APP=target/release/fengong-desktop xvfb-run -a cargo test -p fengong-desktop --test e2e_app -- --ignored --nocapture bench_big
#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn bench_big_document() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        let text = fengong::sample::generate_annex(3000);
        s.paste_import_text(&text).await;
        let script = r#"
            const [text, done] = [arguments[0], arguments[arguments.length - 1]];
            const t0 = performance.now();
            window.__TAURI_INTERNALS__.invoke('parse_import_text', { text })
              .then(p => done({ ms: performance.now() - t0, rows: p.rows.length })).catch(e => done({ error: String(e) }));
        "#;
        let v = s.client.execute_async(script, vec![json!(text)]).await.unwrap();
        println!("BENCH recognise call for 3,000 pasted rows (IPC both ways + parse): {:.0} ms ({} rows)", v["ms"].as_f64().unwrap_or(-1.0), v["rows"]);
        let t0 = Instant::now();
        s.click("[data-test=import-parse]").await;
        s.until("preview", "!!document.querySelector('[data-test=import-report]') && !!document.querySelector('[data-test=import-rows] tbody tr')").await;
        println!("BENCH recognise 3,000 pasted rows to the preview on screen: {} ms", t0.elapsed().as_millis());
        s.click("[data-test=import-confirm]").await;
        s.wait_css_within("[data-test=import-done]", 120).await;
        let t0 = Instant::now();
        s.click("[data-test=import-open]").await;
        s.until("big table", "document.querySelectorAll('[data-test=cell-title]').length > 0").await;
        println!("BENCH open the 3,000-item document to its first rows on screen: {} ms", t0.elapsed().as_millis());
        let first = "document.querySelector('[data-test=cell-title]')?.innerText";
        let before = s.js(&format!("return {first};"), vec![]).await;
        let t0 = Instant::now();
        s.js("document.querySelector('[data-test=move-down]').click();", vec![]).await;
        s.until("moved", &format!("{first} !== {before}")).await;
        println!("BENCH move the first of 3,000 rows down one: {} ms", t0.elapsed().as_millis());
        s.click("[data-test=nav-search]").await;
        let input = s.wait_css("input[data-test=search-input]").await;
        let t0 = Instant::now();
        input.send_keys("第2999项").await.unwrap();
        s.until("hit", "document.querySelectorAll('[data-test=search-hit]').length === 1").await;
        println!("BENCH search among 3,000 items, typed to the hit on screen (includes the 250 ms typing pause): {} ms", t0.elapsed().as_millis());
        let script = r#"
            const done = arguments[arguments.length - 1];
            const t0 = performance.now();
            window.__TAURI_INTERNALS__.invoke('search', { query: '第1500项', filter: { document_id: null, unit_id: null, scope: null, role: null } })
              .then(h => done({ ms: performance.now() - t0, n: h.length })).catch(e => done({ error: String(e) }));
        "#;
        let v = s.client.execute_async(script, vec![]).await.unwrap();
        println!("BENCH search call among 3,000 items: {:.0} ms ({} hit)", v["ms"].as_f64().unwrap_or(-1.0), v["n"]);
        s.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unsaved_new_item_survives_closing_the_window() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.load_sample().await;
        s.click("[data-test=new-item]").await;
        s.fill("textarea[data-test=item-title]", "未保存的草稿事项").await;
        s.until("draft kept", "document.querySelector('[data-test=item-status]')?.innerText.includes('已在本机暂存')").await;
        // Close the window with the dialog still open and nothing saved (after WebKit's storage
        // write-back, which is not immediate).
        tokio::time::sleep(Duration::from_secs(2)).await;
        let dir = s.stop_keep().await;

        let s = Session::start_with(dir).await;
        s.click("[data-test=open-document]").await;
        let alert = s.wait_css("[data-test=drafts-alert]").await;
        assert!(alert.text().await.unwrap().contains("新事项"));
        s.js("[...document.querySelectorAll('[data-test=drafts-alert] button')].find(b => b.innerText.includes('恢复')).click();", vec![]).await;
        let title = s.wait_css("textarea[data-test=item-title]").await;
        assert_eq!(title.prop("value").await.unwrap().as_deref(), Some("未保存的草稿事项"));
        s.click("[data-test=item-save]").await;
        s.until("saved draft in table", "[...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '未保存的草稿事项')").await;
        s.until("draft cleared", "!document.querySelector('[data-test=drafts-alert]')").await;
        s.stop().await;
    })
    .await;
}

/// A unit's 任务清单 from 检索's link: the core's name for it, one document chosen, and the page set-up chosen
/// in the drawer is the one the exported PDF has (it always printed with the defaults).
#[tokio::test(flavor = "multi_thread")]
async fn unit_sheet_for_one_document_with_the_page_setup_chosen() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.load_sample().await;
        // A second document where 省税务局 leads one item, so "one document" is a real choice.
        s.click("[data-test=nav-documents]").await;
        s.ctrl('n').await;
        s.until("title prompt", "!!document.querySelector('.el-message-box input')").await;
        s.fill(".el-message-box input", "另一份分工表").await;
        s.click(".el-message-box__btns .el-button--primary").await;
        s.wait_css("[data-test=new-item]").await;
        s.click("[data-test=new-item]").await;
        s.fill("textarea[data-test=item-title]", "另一份的事项").await;
        s.pick_units("[data-test=item-units-lead]", &["省税务局"]).await;
        s.click("textarea[data-test=item-title]").await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        s.click("[data-test=item-save]").await;
        s.until("saved", "[...document.querySelectorAll('[data-test=cell-title]')].some(e => e.innerText === '另一份的事项')").await;

        // 检索 by unit, then the link to its 牵头任务清单.
        s.click("[data-test=nav-search]").await;
        s.pick_menu_item("[data-test=search-unit]", "[data-test=search-unit-省税务局]", "[data-test=search-lead-sheet]").await;
        s.click("[data-test=search-lead-sheet]").await;
        let title = s.until("sheet drawer", "document.querySelector('[data-test=sheet-drawer] .el-drawer__title')?.innerText").await;
        assert_eq!(title, json!("省税务局牵头任务清单"));
        let groups = "[...document.querySelectorAll('[data-test=sheet-drawer] h4')].map(h => h.innerText)";
        s.until("both documents", &format!("{groups}.length === 2")).await;
        // Only the new document.
        s.pick_menu_item("[data-test=sheet-document]", "[data-test=sheet-document-另一份分工表]", "[data-test=sheet-drawer]").await;
        s.until("one document", &format!("{groups}.length === 1 && {groups}[0].includes('另一份分工表')")).await;
        // Landscape (单独阅读) in the drawer's page set-up, then export.
        s.js("[...document.querySelectorAll('[data-test=sheet-drawer] [data-test=opt-page-setup] .el-radio')].find(r => r.innerText.includes('单独阅读')).click();", vec![]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        s.click("[data-test=sheet-export]").await;
        let pdf = exported(&s.export_dir(), "pdf").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        assert!(info.contains("Page size:       841.89 x 595.276"), "landscape A4: {info}");
        let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
        let text = String::from_utf8_lossy(&text.stdout).to_string();
        assert!(text.contains("另一份的事项") && !text.contains("多缴退税"), "one document only: {text}");

        // Merge 深圳市税务局 into 省税务局 on the 单位 screen, then 撤销 puts it back in its cells.
        s.js("document.querySelector('.el-drawer__close-btn')?.click();", vec![]).await;
        s.until("drawer closed", "!document.querySelector('[data-test=sheet-drawer]') || document.querySelector('[data-test=sheet-drawer]').offsetParent === null").await;
        let names = "[...document.querySelectorAll('[data-test=units-table] .el-table__body-wrapper tbody tr')].map(tr => tr.querySelectorAll('td')[1].innerText.trim())";
        s.until("units list", &format!("{names}.includes('深圳市税务局')")).await;
        s.js("[...document.querySelectorAll('[data-test=units-table] .el-table__body-wrapper tbody tr')].find(tr => tr.innerText.includes('深圳市税务局')).querySelector('[data-test=unit-merge]').click();", vec![]).await;
        s.pick_menu_item("[data-test=merge-into]", "[data-test=merge-into-省税务局]", "[data-test=merge-confirm]").await;
        s.until("chosen", "!document.querySelector('[data-test=merge-confirm]').disabled").await;
        s.click("[data-test=merge-confirm]").await;
        s.until("asked", "[...document.querySelectorAll('.el-message-box__btns button')].some(b => b.innerText.includes('合并') && b.offsetParent)").await;
        s.js("[...document.querySelectorAll('.el-message-box__btns button')].find(b => b.innerText.includes('合并')).click();", vec![]).await;
        s.until("merged", &format!("!{names}.includes('深圳市税务局')")).await;
        let undo = s.until("undo offered", "document.querySelector('[data-test=unit-undo]:not(.is-disabled)')?.title").await;
        assert_eq!(undo, json!("撤销：合并单位“深圳市税务局”到“省税务局”（Ctrl+Z）"));
        s.click("[data-test=unit-undo]").await;
        s.until("back", &format!("{names}.includes('深圳市税务局')")).await;
        s.stop().await;
    })
    .await;
}

/// 打印 hands a PDF of the preview to the system's viewer and says so; 打开文件所在位置 shows its folder.
/// The "system" is this session's own: its XDG folders name a stand-in viewer (a script that writes down
/// what it was asked to open) as the handler of PDFs and folders, which `xdg-open` then runs.
#[tokio::test(flavor = "multi_thread")]
async fn print_hands_the_pdf_to_the_viewer_and_offers_its_folder() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let dir = tempfile::tempdir().unwrap();
        let opened = dir.path().join("opened.txt");
        let viewer = dir.path().join("viewer.sh");
        std::fs::write(&viewer, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display())).unwrap();
        std::fs::set_permissions(&viewer, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        std::fs::create_dir_all(dir.path().join("data/applications")).unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(
            dir.path().join("data/applications/fengong-test-viewer.desktop"),
            format!("[Desktop Entry]\nType=Application\nName=Test viewer\nExec={} %f\nMimeType=application/pdf;inode/directory;\n", viewer.display()),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("config/mimeapps.list"),
            "[Default Applications]\napplication/pdf=fengong-test-viewer.desktop\ninode/directory=fengong-test-viewer.desktop\n",
        )
        .unwrap();
        let s = Session::start_with(dir).await;
        s.load_sample().await;
        s.click("[data-test=open-preview]").await;
        s.until("preview pages", "Number(document.querySelector('[data-test=pdf-pages]')?.dataset.pages || 0) > 0").await;
        let pages = s.js("return Number(document.querySelector('[data-test=pdf-pages]').dataset.pages);", vec![]).await;
        s.click("[data-test=print]").await;
        let said = s.until("print message", "(() => { const b = document.querySelector('.el-message-box'); return b && b.offsetParent !== null ? b.innerText : null; })()").await;
        assert!(said.as_str().unwrap().contains("已把打印用的 PDF 交给系统打开"), "{said}");
        let read = |what: &str| {
            let t = Instant::now();
            loop {
                let lines: Vec<String> =
                    std::fs::read_to_string(&opened).unwrap_or_default().lines().map(str::to_string).collect();
                if let Some(l) = lines.iter().find(|l| if what == "pdf" { l.ends_with(".pdf") } else { !l.ends_with(".pdf") }) {
                    return l.clone();
                }
                assert!(t.elapsed() < Duration::from_secs(15), "the viewer was not asked to open a {what}: {lines:?}");
                std::thread::sleep(Duration::from_millis(200));
            }
        };
        let pdf = PathBuf::from(read("pdf"));
        assert!(pdf.starts_with(s.dir.path().join("cache")), "a print copy in the app's cache folder: {}", pdf.display());
        let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout).to_string();
        assert!(info.contains(&format!("Pages:           {pages}")), "what prints is the preview: {info}");
        // 打开文件所在位置: the folder that holds the copy.
        s.js("[...document.querySelectorAll('.el-message-box__btns button')].find(b => b.innerText.includes('打开文件所在位置')).click();", vec![]).await;
        let folder = read("folder");
        assert!(Path::new(&folder) == pdf.parent().unwrap() || folder == pdf.display().to_string(), "{folder}");
        s.stop().await;
    })
    .await;
}

/// Closing the window with unsaved work asks first, with 继续编辑 as the default; the 导入 text stays while
/// the app runs; 仍要退出 closes the window and the app ends. The close request is Tauri's own event
/// (`tauri://close-requested`, what the window manager's close button sends), emitted to the window.
#[tokio::test(flavor = "multi_thread")]
async fn closing_with_unsaved_work_asks_first_and_the_import_text_stays() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.paste_import_text("序号\t事项\t牵头单位\n1\t未保存的导入\t省税务局").await;
        // Another screen and back: the pasted text is still there.
        s.click("[data-test=nav-documents]").await;
        s.click("[data-test=nav-import]").await;
        let kept = s.until("text kept", "document.querySelector('textarea[data-test=import-text]')?.value").await;
        assert!(kept.as_str().unwrap().contains("未保存的导入"), "{kept}");

        let request_close = "window.__TAURI_INTERNALS__.invoke('plugin:event|emit_to', { target: { kind: 'Window', label: 'main' }, event: 'tauri://close-requested', payload: null });";
        let asked = "(() => { const b = document.querySelector('.el-message-box'); return !!b && b.offsetParent !== null && b.innerText.includes('尚未保存') ? b.innerText : null; })()";
        s.js(request_close, vec![]).await;
        let question = s.until("asked on close", asked).await;
        assert!(question.as_str().unwrap().contains("“导入”中粘贴的表格文字"), "{question}");
        // Enter keeps the window (继续编辑 is the default).
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.key(Key::Enter).await;
        s.until("question gone", &format!("!{asked}")).await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(s.client.execute("return 1;", vec![]).await.is_ok(), "the window is still open");
        assert!(s.js("return document.querySelector('textarea[data-test=import-text]').value;", vec![]).await.as_str().unwrap().contains("未保存的导入"));

        // Asked again, 仍要退出 closes the window and the app ends.
        s.js(request_close, vec![]).await;
        s.until("asked again", asked).await;
        // Clicked after the script returns: the window may be gone before WebDriver's answer otherwise.
        s.js("setTimeout(() => [...document.querySelectorAll('.el-message-box__btns button')].find(b => b.innerText.includes('仍要退出')).click(), 200);", vec![]).await;
        // The window is destroyed: WebDriver has no page left to run a script in. (The process itself is
        // kept alive by the WebDriver automation session here; without one it ends with its last window.)
        let t = Instant::now();
        loop {
            let alive = s.client.execute("return 1;", vec![]).await.is_ok();
            if !alive {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(15), "the window is still open after 仍要退出");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        s.stop().await;
    })
    .await;
}

/// A second launch hands over to the running app and exits at once; the first keeps running. Needs a
/// D-Bus session bus (every desktop has one; under CI: `dbus-run-session -- xvfb-run -a …`).
#[test]
fn second_launch_exits_and_first_keeps_running() {
    if !Session::can_run() {
        return;
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("FENGONG_E2E_REQUIRED").is_none(),
            "no D-Bus session bus: run under dbus-run-session"
        );
        eprintln!("single-instance test skipped: no D-Bus session bus (run under dbus-run-session)");
        return;
    }
    let _g = ONE_AT_A_TIME.blocking_lock();
    let dir = tempfile::tempdir().unwrap();
    for sub in ["data", "cache"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    let launch = || {
        Command::new(app_path())
            .env("FENGONG_DB", dir.path().join("test.db"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut first = launch();
    std::thread::sleep(Duration::from_secs(5));
    assert!(first.try_wait().unwrap().is_none(), "the first instance is running");
    let t0 = Instant::now();
    let mut second = launch();
    let status = loop {
        if let Some(st) = second.try_wait().unwrap() {
            break Some(st);
        }
        if t0.elapsed() > Duration::from_secs(15) {
            let _ = second.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let still = first.try_wait().unwrap().is_none();
    let _ = Command::new("kill").arg("-TERM").arg(first.id().to_string()).status();
    let _ = first.wait();
    stop_apps_for(dir.path());
    let status = status.expect("the second launch should hand over and exit");
    assert!(status.success(), "second instance exit status {status}");
    assert!(still, "the first instance keeps running");
}

/// The trash and the backups in the real window: delete a document, find it in 回收站 and 还原 it; back up
/// with 立即备份, delete the document again and 恢复 the backup from 备份与恢复 — every screen shows the
/// restored data.
#[tokio::test(flavor = "multi_thread")]
async fn trash_restore_and_backup_restore() {
    if !Session::can_run() {
        return;
    }
    let _g = lock().await;
    guarded(async move {
        let s = Session::start().await;
        s.load_sample().await;
        let doc_rows = "document.querySelectorAll('[data-test=documents-table] .el-table__body-wrapper tbody tr').length";
        let delete_first = || async {
            s.click("[data-test=nav-documents]").await;
            s.until("one document", &format!("{doc_rows} === 1")).await;
            // The confirmation is red and says where the document goes.
            s.pick_menu_item("[data-test=more-actions]", "[data-test=delete-document]", ".el-message-box__btns .el-button--danger").await;
            let asked = s.js("return document.querySelector('.el-message-box').innerText;", vec![]).await;
            assert!(asked.as_str().unwrap().contains("移入回收站"), "{asked}");
            s.click(".el-message-box__btns .el-button--danger").await;
            s.until("document deleted", &format!("{doc_rows} === 0 || document.querySelector('[data-test=first-run]')")).await;
        };

        // 回收站: the deleted document with its item count, 还原 brings it back.
        delete_first().await;
        s.click("[data-test=nav-trash]").await;
        s.until("trash row", "document.querySelector('[data-test=trash-table] tbody tr')?.innerText.includes('第八批')").await;
        let row = s.js("return document.querySelector('[data-test=trash-table] tbody tr').innerText", vec![]).await;
        assert!(row.as_str().unwrap().contains("20") && row.as_str().unwrap().contains("天后彻底删除"), "{row}");
        let shot = std::env::temp_dir().join("fengong-trash-view.png");
        std::fs::write(&shot, s.client.screenshot().await.unwrap()).unwrap();
        s.click("[data-test=trash-restore]").await;
        s.until("trash empty", "document.querySelector('[data-test=trash-table]')?.innerText.includes('回收站是空的')").await;
        s.click("[data-test=nav-documents]").await;
        s.until("restored document listed", &format!("{doc_rows} === 1")).await;

        // 备份与恢复: 立即备份 adds a verified backup to the list.
        s.click("[data-test=nav-backup]").await;
        s.wait_css("[data-test=backups-table]").await;
        s.click("[data-test=backup-now]").await;
        s.until("backup listed", "document.querySelector('[data-test=backups-table] tbody tr')?.innerText.includes('手动备份')").await;

        // Delete the document, then restore the backup: it is back, and the data before the restore is kept.
        delete_first().await;
        s.click("[data-test=nav-backup]").await;
        s.until("backup listed again", "document.querySelectorAll('[data-test=backups-table] tbody tr').length >= 1").await;
        s.js("[...document.querySelectorAll('[data-test=backups-table] tbody tr')].find(tr => tr.innerText.includes('手动备份')).querySelector('[data-test=restore-backup]').click()", vec![]).await;
        s.until(
            "restore confirmation says a copy is kept",
            "[...document.querySelectorAll('.el-message-box__message')].some(e => e.innerText.includes('恢复前会先把当前数据另存为一份备份'))",
        )
        .await;
        s.js("[...document.querySelectorAll('.el-message-box')].find(b => b.innerText.includes('恢复备份')).querySelector('.el-button--primary').click()", vec![]).await;
        s.until("kept copy listed", "document.querySelector('[data-test=backups-table]')?.innerText.includes('恢复备份前的数据')").await;
        let shot = std::env::temp_dir().join("fengong-backup-view.png");
        std::fs::write(&shot, s.client.screenshot().await.unwrap()).unwrap();
        s.click("[data-test=nav-documents]").await;
        s.until("document back after restore", &format!("{doc_rows} === 1")).await;
        s.click("[data-test=nav-trash]").await;
        s.until("trash empty after restore", "document.querySelector('[data-test=trash-table]')?.innerText.includes('回收站是空的')").await;
        s.stop().await;
    })
    .await;
}
