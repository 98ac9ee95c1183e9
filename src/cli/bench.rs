//! `fengong bench`: prints import, search, printing and export/import figures (see `fengong::bench`).

use clap::{Args, ValueEnum};

use fengong::Result;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    /// 导入与检索
    Store,
    /// 排版与生成 PDF
    Render,
    /// 导出与导入 Word、Excel、CSV、JSON，并与 LibreOffice 转 PDF 对比
    Formats,
    /// 全部
    All,
}

#[derive(Args)]
pub struct BenchArgs {
    /// 测哪一部分
    #[arg(long, value_enum, default_value = "all")]
    only: Part,
    /// 每项重复次数（取中位数）
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// 检索测试用的事项数
    #[arg(long, default_value_t = 100_000)]
    search_items: usize,
    /// 排版测试用的大文档事项数
    #[arg(long, default_value_t = 2_000)]
    render_items: usize,
}

pub fn run(args: &BenchArgs) -> Result<()> {
    say!("分工 性能测试（{} 次取中位数）", args.runs);
    let all = args.only == Part::All;
    if all || args.only == Part::Store {
        fengong::bench::store::run(args.runs, args.search_items, &mut |line| say!("{line}"))?;
    }
    if all || args.only == Part::Render {
        crate::cli::console::say_out(format_args!(
            "{}",
            fengong::bench::render::run(args.runs, args.render_items, 3)?
        ));
    }
    if all || args.only == Part::Formats {
        fengong::bench::formats::run(args.runs, args.render_items, &mut |line| say!("{line}"))?;
    }
    Ok(())
}
