//! The window is drawn by the system's web view: WebView2 on Windows. A Windows 10 PC that never got the
//! WebView2 runtime (offline offices) would stop with Tauri's English error; here it is said in Chinese,
//! with what to do, before any window is made.

/// What the user reads when the runtime is missing.
pub const WEBVIEW2_MISSING: &str = "无法打开“分工”：这台电脑缺少 Microsoft Edge WebView2 运行时（Windows 用它显示程序窗口；Windows 11 自带，部分 Windows 10 没有）。\n\n\
请安装 WebView2 运行时后再打开“分工”：\n\
· 能上网：在微软官网搜索“WebView2 运行时”，下载“常青版独立安装程序”安装；\n\
· 不能上网：请单位信息部门提供离线安装包 MicrosoftEdgeWebView2RuntimeInstallerX64.exe，双击安装。\n\n\
数据没有受影响。命令行工具 fengong.exe 不需要 WebView2，可照常使用。";

/// Windows: Some(message) when the WebView2 runtime cannot be found.
#[cfg(windows)]
pub fn missing_runtime() -> Option<&'static str> {
    tauri::webview_version().is_err().then_some(WEBVIEW2_MISSING)
}

#[cfg(not(windows))]
pub fn missing_runtime() -> Option<&'static str> {
    None
}

/// Says `message` in a native box (the app has no window yet) and on stderr.
pub fn tell_and_exit(message: &str) -> ! {
    eprintln!("{message}");
    #[cfg(windows)]
    {
        use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
        let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
        let (text, title) = (wide(message), wide("分工"));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
        unsafe { MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), MB_OK | MB_ICONERROR) };
    }
    std::process::exit(3);
}
