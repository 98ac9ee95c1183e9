//! Web pages and clipboard HTML written from the shapes they come in: a gov.cn article page (layout tables
//! around the content, the annex table with a merged 牵头单位, a group heading across the table, `<br>` in
//! cells, `&nbsp;`, a caption and a source line), a table saved from Word as a web page (two-row header,
//! `mso` markup, conditional comments), the Windows clipboard format, a plan in running text, and the
//! accounting of every text block.

use super::*;
use crate::import::{parse_any, parse_html, FileKind};
use crate::model::{ColumnKind, Role};

const GOV_PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于印发第八批改革经验的通知_广东省人民政府门户网站</title>
<style>td{border:1px solid #000}</style><script>var x = "<table><tr><td>不是表格</td></tr></table>";</script></head>
<body>
<table class="layout" width="100%"><tr><td class="nav">首页 &gt; 政务公开</td></tr>
<tr><td class="content">
<p>各地级以上市人民政府，省有关单位：</p>
<p>&nbsp;&nbsp;现将第八批可复制推广改革创新经验任务分工表印发给你们，请认真贯彻执行。</p>
<p>附件</p>
<p style="text-align:center"><strong>广东自贸试验区第八批可复制推广
改革创新经验任务分工表</strong></p>
<table border="1" cellspacing="0">
<caption>表1 任务分工</caption>
<tbody>
<tr><td><strong>序号</strong></td><td><strong>事项</strong></td><td><strong>主要内容</strong></td><td><strong>牵头单位</strong></td><td><strong>复制推广范围</strong></td></tr>
<tr><td colspan="5">一、投资便利化</td></tr>
<tr><td>1</td><td>跨境投资“一站式”服务</td><td>整合商务、市场监管等部门服务事项；<br>实现“一窗受理”。</td><td rowspan="2">省商务厅</td><td>全省范围</td></tr>
<tr><td>2</td><td>外商投资&nbsp;企业登记</td><td><p>推行全程电子化登记。</p><p>压缩办理时间至1个工作日。</p></td><td>全省范围</td></tr>
<tr><td>3</td><td>“多缴退税”智能服务</td><td>依托电子税务局
自动推送退税提醒。</td><td>省税务局、深圳市税务局</td><td rowspan="0">全省除深圳市以外的地区</td></tr>
<tr><td>4</td><td>船舶登记便利化</td><td>推行船舶登记“不见面”办理。</td><td>广东海事局</td></tr>
</tbody></table>
<p>来源：广东省人民政府办公厅</p>
</td></tr></table>
</body></html>"#;

fn parse(html: &str) -> ParsedAnnex {
    parse_html(html, "剪贴板").expect("parses")
}

fn names(p: &ParsedAnnex, row: usize, role: Role) -> Vec<String> {
    p.rows[row].draft.units.iter().filter(|u| u.role == role).map(|u| u.name.clone()).collect()
}

#[test]
fn a_gov_page_table_with_merged_cells_imports_like_the_table_it_shows() {
    let p = parse(GOV_PAGE);
    assert_eq!(p.annex_label, "附件");
    assert_eq!(
        p.title, "广东自贸试验区第八批可复制推广改革创新经验任务分工表",
        "a source line break in Chinese"
    );
    assert_eq!(p.report.format, FORMAT);
    let kinds: Vec<ColumnKind> = p.columns.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ColumnKind::Number,
            ColumnKind::Title,
            ColumnKind::Content,
            ColumnKind::LeadUnits,
            ColumnKind::Scope
        ]
    );
    let titles: Vec<&str> = p.rows.iter().map(|r| r.draft.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "一、投资便利化",
            "跨境投资“一站式”服务",
            "外商投资 企业登记",
            "“多缴退税”智能服务",
            "船舶登记便利化"
        ]
    );
    assert!(p.rows[0].draft.is_heading, "a row spanning the table is a group heading");
    assert_eq!(
        p.rows[1].draft.content, "整合商务、市场监管等部门服务事项；\n实现“一窗受理”。",
        "<br> is a break"
    );
    assert_eq!(p.rows[2].draft.content, "推行全程电子化登记。\n压缩办理时间至1个工作日。", "<p> is a break");
    assert_eq!(p.rows[3].draft.content, "依托电子税务局自动推送退税提醒。");
    // rowspan: the merged 牵头单位 belongs to both rows, the scope of row 2 is its own (not shifted).
    assert_eq!(names(&p, 1, Role::Lead), vec!["省商务厅"]);
    assert_eq!(names(&p, 2, Role::Lead), vec!["省商务厅"]);
    assert_eq!(p.rows[2].draft.scope, "全省范围");
    assert_eq!(names(&p, 3, Role::Lead), vec!["省税务局", "深圳市税务局"]);
    assert_eq!(names(&p, 4, Role::Lead), vec!["广东海事局"], "not shifted by the rowspan=0 scope");
    assert_eq!(p.rows[4].draft.scope, "全省除深圳市以外的地区", "rowspan=0 reaches the last row");
    let w: Vec<&str> = p.report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(w.iter().any(|m| m.contains("牵头单位") && m.contains("合并")), "{w:?}");
    // The notice's text, the caption and the source line are reported, never rows; the script is not text.
    assert!(w.iter().any(|m| m.contains("来源：广东省人民政府办公厅")), "{w:?}");
    let all = format!("{:?}", p);
    assert!(!all.contains("不是表格"), "script text is never read");
}

/// What Word writes for "另存为网页" (filtered): mso classes and spans, conditional comments, `<o:p>`, a
/// header in two rows (责任单位 over 牵头单位/配合单位).
const WORD_HTML: &str = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<div class=WordSection1>
<p class=MsoNormal><span style='font-family:黑体'>附件<span lang=EN-US>2</span></span></p>
<p class=MsoNormal align=center><span style='font-size:22.0pt'>重点任务分工表<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td rowspan=2><p class=MsoNormal>序号</p></td><td rowspan=2><p class=MsoNormal>重点任务</p></td>
  <td colspan=2><p class=MsoNormal>责任单位</p></td><td rowspan=2><p class=MsoNormal>完成时限</p></td></tr>
 <tr><td><p class=MsoNormal>牵头单位</p></td><td><p class=MsoNormal>配合单位</p></td></tr>
 <tr><td><p class=MsoNormal><span lang=EN-US>1</span></p></td>
  <td><p class=MsoNormal>建立项目审批“绿色通道”<span lang=EN-US><o:p></o:p></span></p></td>
  <td><p class=MsoNormal>市发展改革委</p></td><td><p class=MsoNormal>市自然资源局、市住房城乡建设局</p></td>
  <td><p class=MsoNormal><span lang=EN-US>2025</span>年<span lang=EN-US>6</span>月底前</p></td></tr>
 <tr><td><p class=MsoNormal><span lang=EN-US>2</span></p></td>
  <td><p class=MsoNormal>推行“承诺制”审批</p></td><td></td><td><p class=MsoNormal>各区政府</p></td>
  <td><p class=MsoNormal>长期坚持</p></td></tr>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
</div></body></html>"#;

#[test]
fn a_word_web_page_with_a_two_row_header() {
    let p = parse_any(WORD_HTML.as_bytes(), "分工表.htm").expect("parses");
    assert_eq!(p.annex_label, "附件2");
    assert_eq!(p.title, "重点任务分工表");
    let labels: Vec<&str> = p.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, vec!["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]);
    assert_eq!(p.columns[1].kind, ColumnKind::Title, "重点任务 by its words, the label kept as printed");
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].draft.title, "建立项目审批“绿色通道”");
    assert_eq!(names(&p, 0, Role::Cooperating), vec!["市自然资源局", "市住房城乡建设局"]);
    assert_eq!(p.rows[0].draft.deadline_text, "2025年6月底前");
    assert_eq!(p.rows[0].draft.deadline, chrono::NaiveDate::from_ymd_opt(2025, 6, 30));
    assert_eq!(names(&p, 1, Role::Lead), Vec::<String>::new(), "an empty cell stays empty, nothing shifts");
    assert_eq!(names(&p, 1, Role::Cooperating), vec!["各区政府"]);
    assert!(p.report.warnings.iter().any(|w| w.message.contains("表头占两行")), "{:?}", p.report.warnings);
}

#[test]
fn the_windows_clipboard_format_and_a_bare_fragment() {
    let fragment = "<table><tr><th>序号</th><th>事项</th><th>牵头单位</th></tr>\
                    <tr><td>1</td><td>甲事项</td><td>省发展改革委</td></tr></table>";
    let cf_html = format!(
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000300\r\nStartFragment:0000000141\r\n\
         EndFragment:0000000264\r\n<html><body>\r\n<!--StartFragment-->{fragment}<!--EndFragment-->\r\n</body></html>"
    );
    for html in [fragment.to_string(), cf_html] {
        assert!(looks_like_html(html.as_bytes()));
        let p = parse(&html);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].draft.title, "甲事项");
        assert_eq!(names(&p, 0, Role::Lead), vec!["省发展改革委"]);
    }
}

#[test]
fn html_is_told_from_text_with_a_stray_tag() {
    assert_eq!(crate::import::detect(GOV_PAGE.as_bytes(), "x.txt"), FileKind::Html);
    assert_eq!(
        crate::import::detect(b"\xEF\xBB\xBF<meta charset='utf-8'><table></table>", "x"),
        FileKind::Html
    );
    assert!(!looks_like_html("序号\t事项\n1\t<p>甲</p>\n".as_bytes()));
    assert!(!looks_like_html(b"<1\xe5\x88\x86\xe9\x92\x9f"));
}

#[test]
fn a_plan_in_paragraphs_on_a_page() {
    let html = "<html><body><p>附件</p><p>数字政府建设工作分工方案</p><h3>一、提升服务效能</h3>\
                <p>1.推进“一网通办”。编制事项清单。（省政务服务数据管理局牵头，省有关单位按职责分工负责）</p>\
                <p>2.推行“跨省通办”。（省公安厅、省人力资源社会保障厅负责）</p><p>二、组织保障</p><p>各地要加强领导。</p></body></html>";
    let p = parse(html);
    assert!(
        p.report.format.starts_with("网页（HTML）") && p.report.format.contains("分工方案"),
        "{}",
        p.report.format
    );
    assert_eq!(p.title, "数字政府建设工作分工方案");
    let tasks: Vec<_> = p.rows.iter().filter(|r| !r.draft.is_heading).collect();
    assert_eq!(tasks.len(), 2);
    assert_eq!(names(&p, 2, Role::Responsible), vec!["省公安厅", "省人力资源社会保障厅"]);
    assert!(p.report.unplaced.iter().any(|u| u.text.contains("各地要加强领导")));
}

#[test]
fn a_page_with_neither_table_nor_plan_is_refused_in_chinese() {
    let e = parse_html("<html><body><p>通知正文</p></body></html>", "剪贴板").unwrap_err().to_string();
    assert!(e.contains("网页中没有表格") && e.contains("未导入"), "{e}");
}

#[test]
fn every_text_block_of_the_page_is_accounted_for() {
    let p = parse(GOV_PAGE);
    let mut all = vec![p.title.clone(), p.annex_label.clone()];
    for r in &p.rows {
        all.extend([r.draft.title.clone(), r.draft.content.clone(), r.draft.scope.clone()]);
        all.extend(r.draft.units.iter().map(|u| u.name.clone()));
    }
    all.extend(p.report.unplaced.iter().map(|u| u.text.clone()));
    all.extend(p.report.warnings.iter().map(|w| w.message.clone()));
    let bare = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let all = bare(&all.join("|"));
    let (blocks, lines) = read(GOV_PAGE);
    assert_eq!(p.report.lines, lines);
    for b in &blocks {
        let texts: Vec<String> = match b {
            Block::Para { text, .. } => vec![text.clone()],
            Block::Table(rows) => rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.clone())).collect(),
        };
        for t in texts.iter().filter(|t| !t.is_empty()) {
            let probe: String = bare(t).chars().take(8).collect();
            let found = all.contains(&probe);
            assert!(
                found
                    || ["序号", "事项", "主要内容", "牵头单位", "复制推广范围", "1", "2", "3", "4"]
                        .contains(&t.as_str()),
                "{t}"
            );
        }
    }
}

#[test]
fn a_signature_between_the_label_and_the_title_is_reported() {
    let html = "<h1>关于印发的通知</h1><p>南府办函〔2023〕27号</p><p>各县、区人民政府：</p><p>现将《民生实事任务分工方案》印发给你们。</p>\
                <p>附件</p><p>南宁市人民政府办公室</p><p>2023年4月6日</p><p><b>民生实事任务分工方案</b></p>\
                <table><tr><td>序号</td><td>重点任务</td><td>具体工作</td><td>牵头单位</td></tr>\
                <tr><td>1</td><td>教育扩容</td><td>新建学校30所。</td><td>市教育局</td></tr></table>";
    let p = parse(html);
    assert_eq!(p.title, "民生实事任务分工方案");
    assert_eq!(p.rows[0].draft.content, "新建学校30所。", "具体工作 beside 重点任务 is the content");
    let reported: Vec<&str> = p.report.unplaced.iter().map(|u| u.text.as_str()).collect();
    assert!(reported.contains(&"南宁市人民政府办公室") && reported.contains(&"2023年4月6日"), "{reported:?}");
}

#[test]
fn a_th_header_of_labels_the_importer_does_not_know_is_shown_for_naming() {
    let html = "<p>附件</p><p>重大项目推进清单</p><table><tr><th>编号</th><th>项目</th><th>单位</th><th>目标</th></tr>\
                <tr><td>1</td><td>建设数据平台</td><td>市大数据局</td><td>年底建成</td></tr></table>";
    let p = parse(html);
    assert_eq!(p.title, "重大项目推进清单");
    assert_eq!(
        p.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        vec!["编号", "项目", "单位", "目标"]
    );
    assert!(p.report.warnings.iter().any(|w| w.message.contains("请在预览中")), "{:?}", p.report.warnings);
    let p = crate::import::with_column_kind(&p, 1, ColumnKind::Title).unwrap();
    assert_eq!(p.rows[0].draft.title, "建设数据平台");
}
