//! Chinese help and argument errors. clap's own texts ("Usage:", "Options:", "error: unexpected
//! argument") are English; office staff get every word of the tool in Chinese, so the command tree is
//! rewritten here once: help templates, the help/version flags, default and possible values, and the
//! messages of parse errors.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const HELP_ID: &str = "help";
const VERSION_ID: &str = "version";

fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.has_subcommands() {
        t.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n参数：\n{positionals}\n");
    }
    t.push_str("\n选项：\n{options}\n{after-help}");
    t
}

fn localise_arg(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut notes = Vec::new();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if !possible.is_empty()
        && !matches!(
            arg.get_action(),
            ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Help | ArgAction::Version
        )
    {
        notes.push(format!("可选：{}", possible.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    let says_default = arg.get_help().is_some_and(|h| h.to_string().contains("默认"));
    if !defaults.is_empty()
        && !says_default
        && !matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse)
    {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if notes.is_empty() {
        return arg.hide_default_value(true);
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    arg.hide_default_value(true).hide_possible_values(true).help(format!("{help}（{}）", notes.join("；")))
}

/// Rewrites a command and all its subcommands.
pub fn localise(cmd: Command, root: bool) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new(HELP_ID).short('h').long("help").action(ArgAction::Help).help("显示帮助").global(root));
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new(VERSION_ID).short('V').long("version").action(ArgAction::Version).help("显示版本号"),
        );
    }
    cmd = cmd.mut_args(localise_arg);
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sc| localise(sc, false));
    }
    let t = template(&cmd);
    cmd.help_template(t)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A Chinese message for a parse error (help and version requests are not errors and return None).
pub fn error_message(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let msg = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有“{}”这个命令",
                context(e, ContextKind::InvalidSubcommand).or(value).unwrap_or_default()
            )
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{}”", arg.unwrap_or_default()),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", arg.unwrap_or_default()),
        ErrorKind::MissingSubcommand => "请给出要执行的命令".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = format!("参数 {} 的值“{}”无效", arg.unwrap_or_default(), value.unwrap_or_default());
            if let Some(valid) = context(e, ContextKind::ValidValue) {
                m.push_str(&format!("，可选：{valid}"));
            }
            // Our own value parsers explain themselves in Chinese.
            if let Some(why) = std::error::Error::source(e) {
                m.push_str(&format!("：{why}"));
            }
            m
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 {} 不能与 {} 同时使用",
            arg.unwrap_or_default(),
            context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            format!("参数 {} 的值个数不对", arg.unwrap_or_default())
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的文字（不是 UTF-8）".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    Some(format!("{msg}。用 fengong --help 或 fengong 命令 --help 查看用法。"))
}
