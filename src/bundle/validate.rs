//! Rules a bundle must meet beyond its JSON shape, each refusal naming the field path. The store's own
//! validators (lengths, column set, empty rows) run again when it writes the bundle.

use std::collections::{HashMap, HashSet};

use super::{Bundle, BundleColumnKind, BUNDLE_FORMAT, BUNDLE_VERSION};
use crate::error::{Error, Result};

fn at(source: &str, field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::InField { path: source.into(), field: field.into(), message: message.into() }
}

fn too_long(source: &str, field: String, what: &str, text: &str, max: usize) -> Result<()> {
    let n = text.chars().count();
    if n > max {
        return Err(at(source, field, format!("{what}过长：{n} 字，最多 {max} 字")));
    }
    Ok(())
}

/// Refuses version 0 and versions newer than this build reads.
pub(super) fn check_version(v: u64, source: &str) -> Result<()> {
    let refuse = |message: String| Err(Error::File { path: source.into(), message });
    if v == 0 {
        return refuse("格式版本 \"version\" 应从 1 开始，这里是 0".into());
    }
    if v > BUNDLE_VERSION as u64 {
        return refuse(format!(
            "这个文件由更新版本的分工（格式版本 {v}）导出，本版本只能读取版本 {BUNDLE_VERSION}；请升级分工后再导入"
        ));
    }
    Ok(())
}

/// Checks a bundle (parsed or built in code) before it is written anywhere.
pub fn validate(b: &Bundle, source: &str) -> Result<()> {
    if b.format != BUNDLE_FORMAT {
        return Err(at(source, "format", format!("应为 \"{BUNDLE_FORMAT}\"，这里是 \"{}\"", b.format)));
    }
    check_version(b.version as u64, source)?;
    if b.document.title.trim().is_empty() {
        return Err(at(source, "document.title", "文档标题不能为空"));
    }
    for (i, c) in b.document.columns.iter().enumerate() {
        if c.fixed && b.version < 2 {
            let field = format!("document.columns[{i}].fixed");
            return Err(at(source, &field, "格式版本 1 没有固定列宽（fixed），应为版本 2"));
        }
        let key = c.key.as_deref().map(str::trim);
        match (c.kind, key) {
            (BundleColumnKind::Custom, None | Some("")) => {
                return Err(at(
                    source,
                    format!("document.columns[{i}].key"),
                    format!("自定义列“{}”缺少 key（列名）", c.label),
                ))
            }
            (BundleColumnKind::Custom, _) | (_, None) => {}
            (_, Some(_)) => {
                return Err(at(
                    source,
                    format!("document.columns[{i}].key"),
                    "只有 kind 为 custom 的列才能有 key",
                ))
            }
        }
    }
    let names = check_units(b, source)?;
    for (i, it) in b.items.iter().enumerate() {
        if it.title.trim().is_empty() && it.content.trim().is_empty() {
            let what = if it.is_heading {
                "分组标题不能为空"
            } else {
                "“事项”(title) 和“主要内容”(content) 不能都为空"
            };
            return Err(at(source, format!("items[{i}]"), what));
        }
        let mut seen = HashSet::new();
        for (j, u) in it.units.iter().enumerate() {
            let field = format!("items[{i}].units[{j}].name");
            let name = u.name.trim();
            match names.get(name) {
                Some(Owner::Name(_)) => {}
                Some(Owner::Alias(k)) => {
                    return Err(at(
                        source,
                        field,
                        format!(
                            "“{name}”是 units[{k}]（{}）的别称，这里须写单位名称",
                            b.units[*k].name.trim()
                        ),
                    ))
                }
                None => return Err(at(source, field, format!("单位“{name}”没有列在 units 中"))),
            }
            if !seen.insert((name, u.role)) {
                return Err(at(
                    source,
                    format!("items[{i}].units[{j}]"),
                    format!("单位“{name}”在{}单位中重复出现", u.role.label()),
                ));
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Owner {
    Name(usize),
    Alias(usize),
}

/// Unit names and aliases are non-empty and unique across the bundle (each refers to one unit); returns
/// every name and alias with its unit.
fn check_units<'a>(b: &'a Bundle, source: &str) -> Result<HashMap<&'a str, Owner>> {
    let mut owners: HashMap<&str, Owner> = HashMap::new();
    let taken = |owners: &HashMap<&str, Owner>, s: &str| -> Option<String> {
        owners.get(s).map(|o| match *o {
            Owner::Name(k) => format!("已是 units[{k}] 的名称"),
            Owner::Alias(k) => format!("已是 units[{k}]（{}）的别称", b.units[k].name.trim()),
        })
    };
    for (i, u) in b.units.iter().enumerate() {
        let name = u.name.trim();
        if name.is_empty() {
            return Err(at(source, format!("units[{i}].name"), "单位名称不能为空"));
        }
        too_long(source, format!("units[{i}].name"), "单位名称", name, 100)?;
        if let Some(t) = taken(&owners, name) {
            return Err(at(source, format!("units[{i}].name"), format!("单位“{name}”重复：{t}")));
        }
        owners.insert(name, Owner::Name(i));
        if let Some(f) = &u.full_name {
            too_long(source, format!("units[{i}].full_name"), "单位全称", f, 200)?;
        }
        for (j, a) in u.aliases.iter().enumerate() {
            let a = a.trim();
            let field = format!("units[{i}].aliases[{j}]");
            if a.is_empty() {
                return Err(at(source, field, "别称不能为空"));
            }
            too_long(source, field.clone(), "别称", a, 100)?;
            if a == name {
                continue; // the name itself listed as an alias: harmless, the store skips it
            }
            if let Some(t) = taken(&owners, a) {
                return Err(at(source, field, format!("别称“{a}”重复：{t}")));
            }
            owners.insert(a, Owner::Alias(i));
        }
    }
    Ok(owners)
}
