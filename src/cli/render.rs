//! Printing subcommands: `render` (a document's annex as PDF), `sheets` (per-unit task sheets) and `fonts`
//! (installed Chinese faces one may choose instead of the shipped Fandol set).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use fengong::fonts::{installed_faces, FaceRole, FontChoice, FontSet};
use fengong::layout::{LayoutOptions, PageSetup};
use fengong::service::naming::{suggested_name, NameRequest};
use fengong::service::render::save_document_pdf;
use fengong::service::sheets::{write_all_unit_sheets, write_unit_sheet, SheetOptions};
use fengong::store::Store;
use fengong::{Error, Result};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SetupArg {
    /// A4 纵向（默认）
    Portrait,
    /// 横排表格装订在纵向公文中（GB/T 9704 第 8 条，纸张仍为 A4 纵向）
    LandscapeBound,
    /// 单独的 A4 横向页面（屏幕阅读）
    Landscape,
}

impl From<SetupArg> for PageSetup {
    fn from(s: SetupArg) -> PageSetup {
        match s {
            SetupArg::Portrait => PageSetup::Portrait,
            SetupArg::LandscapeBound => PageSetup::LandscapeBound,
            SetupArg::Landscape => PageSetup::Landscape,
        }
    }
}

/// A body size the rules name ([`fengong::rules::BODY_SIZES`]), as points or by its Chinese name.
pub fn parse_size(s: &str) -> std::result::Result<f32, String> {
    fengong::rules::named_body_size(s).map_err(|e| e.to_string())
}

/// Layout and font options shared by `render` and `sheets`.
#[derive(Args, Debug)]
pub struct PrintArgs {
    /// 版式
    #[arg(long, value_enum, default_value_t = SetupArg::Portrait)]
    setup: SetupArg,
    /// 表格正文字号：16（三号，默认）、15（小三）、14（四号）、12（小四）、10.5（五号）
    #[arg(long, value_parser = parse_size, default_value = "16")]
    size: f32,
    /// 第一页的页码（与通知合订时接续通知的页码）
    #[arg(long, value_name = "N", default_value_t = 1)]
    first_page: u32,
    /// 续页表头上方标注“续表”
    #[arg(long)]
    continued: bool,
    /// 标题字体文件（代替内置 FandolSong-Bold；.ttc 可用“路径#序号”选字形，见 fengong fonts）
    #[arg(long, value_name = "PATH")]
    title_font: Option<PathBuf>,
    /// 黑体字体文件（附件标注、表头）
    #[arg(long, value_name = "PATH")]
    hei_font: Option<PathBuf>,
    /// 仿宋字体文件（表格正文）
    #[arg(long, value_name = "PATH")]
    fang_font: Option<PathBuf>,
    /// 宋体字体文件（页码）
    #[arg(long, value_name = "PATH")]
    song_font: Option<PathBuf>,
}

impl PrintArgs {
    fn layout(&self) -> LayoutOptions {
        LayoutOptions {
            page_setup: self.setup.into(),
            body_size: self.size,
            first_page_number: self.first_page,
            continued_mark: self.continued,
            ..Default::default()
        }
    }

    fn fonts(&self) -> Result<FontSet> {
        let choice = FontChoice {
            title: self.title_font.clone(),
            hei: self.hei_font.clone(),
            fang: self.fang_font.clone(),
            song: self.song_font.clone(),
        };
        for p in [&choice.title, &choice.hei, &choice.fang, &choice.song].into_iter().flatten() {
            let file = p.to_string_lossy();
            let file = file
                .rsplit_once('#')
                .filter(|(f, n)| n.parse::<u32>().is_ok() && !f.is_empty())
                .map_or(&*file, |(f, _)| f);
            if !std::path::Path::new(file).is_file() {
                return Err(Error::File { path: p.clone(), message: "字体文件不存在".into() });
            }
        }
        let set = FontSet::from_choice(&choice)?;
        set.preload();
        Ok(set)
    }
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// 文档编号或完整标题（见 fengong list）
    doc: String,
    /// 输出的 PDF 文件
    #[arg(short, long, value_name = "FILE.pdf")]
    output: PathBuf,
    /// 在“附件”前印发文字号，如“粤府函〔2020〕77号”（不给出文字时用文档自身的发文字号）
    #[arg(long, value_name = "TEXT", num_args = 0..=1, default_missing_value = "")]
    doc_number: Option<String>,
    #[command(flatten)]
    print: PrintArgs,
}

#[derive(Args, Debug)]
pub struct SheetsArgs {
    /// 单位名称或别名
    #[arg(long, value_name = "NAME", conflicts_with = "all", required_unless_present = "all")]
    unit: Option<String>,
    /// 为每个有牵头事项的单位各生成一份清单（-o 给出文件夹）
    #[arg(long)]
    all: bool,
    /// 输出文件（--unit，默认“单位牵头任务清单.pdf”）或文件夹（--all，必填）
    #[arg(short, long, value_name = "PATH", required_if_eq("all", "true"))]
    output: Option<PathBuf>,
    /// 只看某一文档（编号或标题）；默认汇总所有文档
    #[arg(long, value_name = "DOC")]
    doc: Option<String>,
    /// 同时列入配合的事项（标题为“承担任务清单”，并加“角色”列）
    #[arg(long)]
    with_cooperating: bool,
    #[command(flatten)]
    print: PrintArgs,
}

fn setup_name(s: PageSetup) -> &'static str {
    match s {
        PageSetup::Portrait => "A4 纵向",
        PageSetup::LandscapeBound => "横排表格装订于 A4 纵向纸",
        PageSetup::Landscape => "A4 横向",
    }
}

pub fn render(store: &Store, args: &RenderArgs) -> Result<()> {
    let doc = store.find_document(&args.doc)?;
    let opts = LayoutOptions {
        show_doc_number: args.doc_number.is_some(),
        doc_number: args.doc_number.as_deref().map(|t| t.trim().to_string()),
        ..args.print.layout()
    };
    let output = fengong::fsutil::output_path(&args.output, "pdf", "PDF 文件")?;
    let fonts = args.print.fonts()?;
    let pages = save_document_pdf(store, doc.id, &opts, &fonts, &output)?;
    say!(
        "已生成 {}（{} 页，{}，正文 {} 磅）",
        output.display(),
        pages,
        setup_name(opts.page_setup),
        opts.body_size
    );
    Ok(())
}

pub fn sheets(store: &Store, args: &SheetsArgs) -> Result<()> {
    let doc = match &args.doc {
        Some(d) => Some(store.find_document(d)?.id),
        None => None,
    };
    let opts = SheetOptions { with_cooperating: args.with_cooperating, doc, layout: args.print.layout() };
    let fonts = args.print.fonts()?;
    if args.all {
        let dir = args.output.clone().ok_or_else(|| Error::invalid("--all 需要用 -o 给出输出文件夹"))?;
        if dir.is_file() {
            return Err(Error::File {
                path: dir, message: "这是一个文件；--all 需要一个文件夹".into()
            });
        }
        let done = write_all_unit_sheets(store, &dir, &opts, &fonts)?;
        if done.is_empty() {
            say!("没有单位承担事项，未生成清单");
            return Ok(());
        }
        let mut failed = 0;
        for d in &done {
            match &d.error {
                None => say!("{}：{} 项，{} 页 → {}", d.unit, d.items, d.pages, d.path.display()),
                Some(e) => {
                    failed += 1;
                    tell!("{}：未生成（{e}）", d.unit);
                }
            }
        }
        say!("共 {} 份清单，已写入 {}", done.len() - failed, dir.display());
        if failed > 0 {
            return Err(Error::Pdf(format!("{failed} 个单位的清单未能生成，见上")));
        }
        return Ok(());
    }
    let name = args.unit.as_deref().unwrap_or_default();
    let unit = store
        .find_unit(name)?
        .ok_or_else(|| Error::invalid(format!("找不到单位“{name}”；用 fengong units 查看单位名称")))?;
    let path = match &args.output {
        Some(p) => fengong::fsutil::output_path(p, "pdf", "PDF 文件")?,
        None => {
            let request =
                NameRequest::UnitSheet { unit_id: unit.id, with_cooperating: args.with_cooperating };
            PathBuf::from(format!("{}.pdf", suggested_name(store, &request)?))
        }
    };
    let oc = write_unit_sheet(store, unit.id, &opts, &fonts, &path)?;
    say!("已生成 {}（{}：{} 项，{} 页）", path.display(), oc.unit, oc.items, oc.pages);
    Ok(())
}

/// `fengong fonts`: the shipped faces and the installed Chinese faces one may pass to --*-font.
pub fn fonts() -> Result<()> {
    say!("内置字体（默认）：");
    let set = FontSet::shipped_only();
    for (role, what) in [
        (FaceRole::Title, "标题"),
        (FaceRole::Hei, "黑体"),
        (FaceRole::Fang, "仿宋"),
        (FaceRole::Song, "宋体"),
    ] {
        let src = set.source(set.primary(role)).map(|s| s.describe()).unwrap_or_default();
        say!("  {what}：{src}");
    }
    let faces = installed_faces();
    if faces.is_empty() {
        say!("本机未找到其他含简体中文的字体。");
        return Ok(());
    }
    say!("本机已安装的中文字体（用 --title-font/--hei-font/--fang-font/--song-font 指定“路径”一栏）：");
    for f in faces {
        let role = match f.role {
            Some(FaceRole::Title) => "标题",
            Some(FaceRole::Hei) => "黑体",
            Some(FaceRole::Fang) => "仿宋",
            Some(FaceRole::Song) => "宋体",
            None => "其他",
        };
        say!("  [{role}] {}  路径：{}", f.name, f.spec.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_accept_points_and_chinese_names() {
        assert_eq!(parse_size("3号"), Ok(16.0));
        assert_eq!(parse_size("小四"), Ok(12.0));
        assert_eq!(parse_size("10.5"), Ok(10.5));
        assert_eq!(parse_size("五号"), Ok(10.5));
        assert!(parse_size("9").unwrap_err().contains("五号"));
    }
}
