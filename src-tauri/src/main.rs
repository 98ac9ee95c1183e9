//! Placeholder until the desktop shell lands: the workspace member exists so the core stays GUI-free.
fn main() {
    println!("分工 桌面程序尚未构建；请使用命令行工具 fengong。");
}
