//! Unit names out of a cell or a parenthesis — the one rule for tables and for prose.
//!
//! Names are separated by 、 ， , ； ; / and line breaks outside brackets (`各县（市、区）人民政府` is one),
//! and by 及, 和 or 等 where both sides are unit names (`省有关部门和各地级以上市人民政府`,
//! `市科技局等市级部门`; but `人力资源和社会保障厅` is one). A closing `等` goes (`…，各区县人民政府等`).
//! Collectives stay as written, never split into nonsense:
//! - a bare generic word after a name belongs to it: `市直有关部门、单位`;
//! - places listed before the organ they share: `各市、县（区）人民政府`, `各市、州、直管市、神农架林区人民
//!   政府`, `西陵区、伍家岗区人民政府` are each one collective unit — the app does not invent
//!   `各市人民政府`, which the document did not write.
//!
//! A role may be written after a name in brackets (`市发展改革委（牵头）` in a 责任单位 column):
//! [`units_with_roles`].
//!
//! Rejected: expanding shared suffixes into separate units (the document names a collective, and the
//! expansion would create units no one wrote).

use crate::model::{Role, UnitRef};

/// How the names of Chinese government bodies end (厅, 局, 委, 办 …).
const ORGAN_ENDS: [&str; 24] = [
    "厅", "局", "委", "办", "院", "署", "会", "部", "中心", "政府", "单位", "部门", "行", "司", "处", "室",
    "所", "馆", "团", "社", "队", "关", "区", "街道",
];

/// Words a parenthesis that qualifies the text starts with (`含自贸试验区`, `不含深圳`): no unit.
const QUALIFIERS: [&str; 8] = ["含", "不含", "包括", "除", "如", "即", "详见", "见"];

/// Generic words that, standing alone after a name, belong to it (`市直有关部门、单位`).
const GENERIC: [&str; 5] = ["单位", "部门", "机构", "企业", "有关单位"];

/// How a place ends, and the organs places share (`各市、县（区）人民政府`).
const PLACE_ENDS: [&str; 11] = ["市", "县", "区", "州", "盟", "旗", "镇", "乡", "街道", "林区", "地区"];
const TERRITORIAL_ORGANS: [&str; 6] = ["人民政府", "政府", "管委会", "党工委", "党委", "办事处"];

/// Whether `u` reads as the name of a government body.
pub(super) fn looks_like_unit(u: &str) -> bool {
    let n = u.chars().count();
    (2..=30).contains(&n)
        && ORGAN_ENDS.iter().any(|e| u.ends_with(e))
        && !u.contains(['，', '。', '：'])
        && !QUALIFIERS.iter().any(|q| u.starts_with(q))
}

/// A place named on its own in a list (`各市`, `州`, `西陵区`), not a body.
fn is_bare_place(u: &str) -> bool {
    let core = u.trim_end_matches(['）', ')']);
    PLACE_ENDS.iter().any(|e| core.ends_with(e))
        && !TERRITORIAL_ORGANS.iter().any(|o| u.ends_with(o))
        && !["局", "委", "厅", "办", "部门", "单位"].iter().any(|o| u.ends_with(o))
        && u.chars().count() <= 12
}

/// The unit names in `s` (see the module comment).
pub(super) fn split_units(s: &str) -> Vec<String> {
    let s = s.replace(['/', '／'], "、");
    let mut out: Vec<String> = Vec::new();
    // Places waiting for the organ they share.
    let mut places: Vec<&str> = Vec::new();
    let parts: Vec<&str> =
        split_top(&s, &['、', '，', ',', '；', ';', '\n']).into_iter().map(trim_units).collect();
    for (k, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if GENERIC.contains(part) {
            if let Some(prev) = out.last_mut() {
                prev.push('、');
                prev.push_str(part);
                continue;
            }
        }
        let shares_later = parts[k + 1..]
            .iter()
            .find(|p| !is_bare_place(p))
            .is_some_and(|p| TERRITORIAL_ORGANS.iter().any(|o| p.ends_with(o)));
        if is_bare_place(part) && shares_later {
            places.push(part);
            continue;
        }
        if !places.is_empty() {
            let mut joined = places.join("、");
            joined.push('、');
            joined.push_str(part);
            places.clear();
            out.push(joined);
            continue;
        }
        out.extend(split_joined(part).unwrap_or_else(|| vec![part.to_string()]));
    }
    out.extend(places.into_iter().map(str::to_string));
    out
}

/// The units of a cell of a unit column with `role`, where a name may carry its own role after it:
/// `市发展改革委（牵头）、市财政局` in a 责任单位 column makes 市发展改革委 the lead;
/// `市农业农村局、市住房城乡建设局（并列牵头）` makes both leads (every name since the last marked one).
pub(super) fn units_with_roles(text: &str, role: Role) -> Vec<UnitRef> {
    let mut out: Vec<UnitRef> = Vec::new();
    let mut since_marked = 0;
    for name in split_units(text) {
        match role_marker(&name) {
            Some((bare, marked, joint)) => {
                if joint {
                    out[since_marked..].iter_mut().for_each(|u| u.role = marked);
                }
                out.push(UnitRef { name: bare.to_string(), role: marked });
                since_marked = out.len();
            }
            None => out.push(UnitRef { name, role }),
        }
    }
    out
}

/// A role written in brackets after a unit's name: the bare name, the role, and whether it is joint
/// (`并列牵头`).
fn role_marker(name: &str) -> Option<(&str, Role, bool)> {
    let inner_start = name.rfind(['（', '('])?;
    let inner = name[inner_start..].trim_start_matches(['（', '(']).strip_suffix(['）', ')'])?;
    let (role, joint) = match inner {
        "牵头" | "牵头单位" | "主办" => (Role::Lead, false),
        "并列牵头" | "共同牵头" => (Role::Lead, true),
        "配合" | "配合单位" | "协办" | "参与" => (Role::Cooperating, false),
        _ => return None,
    };
    let bare = name[..inner_start].trim();
    (!bare.is_empty()).then_some((bare, role, joint))
}

/// `省发展改革委、省财政厅等` → without the closing `等`.
fn trim_units(s: &str) -> &str {
    s.trim().trim_end_matches('等').trim()
}

/// `A及B`, `A和B`, `A等B` as units A, B … when every part is a unit name; None when not.
fn split_joined(s: &str) -> Option<Vec<String>> {
    for (i, j) in s.char_indices().filter(|(_, c)| matches!(c, '及' | '和' | '等')) {
        let (a, b) = (trim_units(&s[..i]), &s[i + j.len_utf8()..]);
        if !looks_like_unit(a) || b.trim().is_empty() {
            continue;
        }
        let rest = split_joined(b)
            .or_else(|| looks_like_unit(trim_units(b)).then(|| vec![trim_units(b).to_string()]));
        if let Some(rest) = rest {
            return Some(std::iter::once(a.to_string()).chain(rest).collect());
        }
    }
    None
}

/// Splits at `seps` outside brackets （…） (…) 〔…〕 […] 【…】.
pub(super) fn split_top<'a>(s: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '〔' | '[' | '【' => depth += 1,
            '）' | ')' | '〕' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && seps.contains(&c) => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collectives_stay_as_written() {
        for (cell, units) in [
            ("各市、县（区）人民政府", vec!["各市、县（区）人民政府"]),
            ("省商务厅，各设区市、县（市、区）人民政府", vec!["省商务厅", "各设区市、县（市、区）人民政府"]),
            ("各市、州、直管市、神农架林区人民政府", vec!["各市、州、直管市、神农架林区人民政府"]),
            ("西陵区、伍家岗区人民政府", vec!["西陵区、伍家岗区人民政府"]),
            ("市直有关部门、单位", vec!["市直有关部门、单位"]),
            ("各县（市、区）人民政府", vec!["各县（市、区）人民政府"]),
            ("市司法局，各县（市、区）人民政府等", vec!["市司法局", "各县（市、区）人民政府"]),
            ("市财政局、市经信局、市科技局等市级部门", vec!["市财政局", "市经信局", "市科技局", "市级部门"]),
            ("省人力资源和社会保障厅、省工业和信息化厅", vec!["省人力资源和社会保障厅", "省工业和信息化厅"]),
            ("各区、市发展改革委", vec!["各区", "市发展改革委"]),
            ("市教育局/市财政局", vec!["市教育局", "市财政局"]),
        ] {
            assert_eq!(split_units(cell), units, "{cell}");
        }
    }

    #[test]
    fn a_role_written_after_a_name_is_its_role() {
        let got = |cell: &str| -> Vec<(String, Role)> {
            units_with_roles(cell, Role::Responsible).into_iter().map(|u| (u.name, u.role)).collect()
        };
        assert_eq!(
            got("市发展改革委（牵头）、市工业和信息化局，台山市、开平市人民政府"),
            vec![
                ("市发展改革委".to_string(), Role::Lead),
                ("市工业和信息化局".to_string(), Role::Responsible),
                ("台山市、开平市人民政府".to_string(), Role::Responsible),
            ]
        );
        assert_eq!(
            got("市农业农村局、市住房城乡建设局（并列牵头），各市（区）人民政府"),
            vec![
                ("市农业农村局".to_string(), Role::Lead),
                ("市住房城乡建设局".to_string(), Role::Lead),
                ("各市（区）人民政府".to_string(), Role::Responsible),
            ]
        );
        assert_eq!(
            got("江门高新区（江海区）管委会"),
            vec![("江门高新区（江海区）管委会".to_string(), Role::Responsible)]
        );
    }

    #[test]
    fn a_qualifying_parenthesis_is_no_unit() {
        assert!(!looks_like_unit("含自贸试验区"));
        assert!(looks_like_unit("广东自贸试验区"));
    }
}
