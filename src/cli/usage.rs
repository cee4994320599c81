//! Usage errors in the learner's language: clap finds what is wrong, we say
//! it (`error: unknown command `rn`; did you mean `run`?`), show the usage
//! line and where to read more. Help and version are printed as clap does.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::{Lang, t, tr};

/// The text for a clap error, and whether it goes to standard error (a
/// usage error, status 2) or standard output (help and version, status 0).
pub(crate) fn render_error(e: &clap::Error, args: &[std::ffi::OsString], lang: Lang) -> (String, bool) {
    let get = |k: ContextKind| e.get(k);
    let one = |k: ContextKind| match get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let many = |k: ContextKind| match get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    };
    let quoted = |v: &[String]| v.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    let mut cli = super::command(lang);
    // The command the arguments name (`run` in `learn --plain run --nwe`).
    let names: Vec<String> =
        cli.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| s.get_name().to_string()).collect();
    let sub = args.iter().skip(1).map(|a| a.to_string_lossy()).find(|a| names.iter().any(|n| n == a));
    let command = sub.as_ref().map_or_else(|| "learn".to_string(), |s| format!("learn {s}"));
    let args_of: Vec<clap::Arg> = match sub.as_ref().and_then(|s| cli.find_subcommand(s.as_ref())) {
        Some(sc) => sc.get_arguments().cloned().collect(),
        None => cli.get_arguments().cloned().collect(),
    };
    let options: Vec<String> =
        args_of.iter().filter(|a| !a.is_hide_set()).filter_map(|a| a.get_long().map(|l| format!("--{l}"))).collect();
    let usage = one(ContextKind::Usage).map(|u| u.split_once(": ").map_or(u.clone(), |(_, r)| r.to_string()));
    let did_you_mean = |s: &str| t!(lang, "; did you mean `{suggestion}`?", suggestion = s);
    let closest = |word: &str, among: &[String]| {
        let among: Vec<&str> = among.iter().map(String::as_str).collect();
        crate::deck::suggest(word, &among).map(did_you_mean)
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return (e.to_string(), false),
        _ if std::env::var_os("LEARN_DEBUG_CLAP").is_some() => e.to_string(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let help = match sub.as_ref().and_then(|n| cli.find_subcommand_mut(n.as_ref())) {
                Some(sc) => sc.render_help(),
                None => cli.render_help(),
            };
            return (help.to_string(), true);
        }
        ErrorKind::InvalidSubcommand => {
            let name = one(ContextKind::InvalidSubcommand).unwrap_or_default();
            // Ours first: clap's measure offers `check` for `decsk`.
            let hint = closest(&name, &names)
                .or_else(|| one(ContextKind::SuggestedSubcommand).map(|s| did_you_mean(&s)))
                .unwrap_or_else(|| t!(lang, "; the commands are {list}", list = quoted(&names)));
            t!(lang, "unknown command `{name}`{hint}", name = crate::text::neutralize(&name), hint = hint)
        }
        ErrorKind::UnknownArgument => {
            let word = arg.split('=').next().unwrap_or_default();
            let hint = one(ContextKind::SuggestedArg)
                .map(|s| did_you_mean(&s))
                .or_else(|| closest(word, &options))
                .unwrap_or_default();
            t!(
                lang,
                "`{command}` has no option `{arg}`{hint}",
                command = command,
                arg = crate::text::neutralize(&arg),
                hint = hint
            )
        }
        ErrorKind::InvalidValue => {
            let valid = many(ContextKind::ValidValue);
            if value.is_empty() {
                t!(lang, "{arg} needs a value", arg = arg)
            } else if valid.is_empty() {
                t!(lang, "`{value}` is not a valid value for {arg}", value = crate::text::neutralize(&value), arg = arg)
            } else {
                t!(
                    lang,
                    "`{value}` is not a valid value for {arg}; use one of {valid}",
                    value = crate::text::neutralize(&value),
                    arg = arg,
                    valid = quoted(&valid)
                )
            }
        }
        ErrorKind::ValueValidation => {
            t!(lang, "`{value}` is not a valid value for {arg}", value = crate::text::neutralize(&value), arg = arg)
        }
        ErrorKind::MissingRequiredArgument => {
            t!(lang, "`{command}` needs {args}", command = command, args = many(ContextKind::InvalidArg).join(" "))
        }
        ErrorKind::ArgumentConflict => {
            let other = many(ContextKind::PriorArg);
            t!(lang, "{arg} cannot be used with {other}", arg = arg, other = other.join(", "))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            t!(lang, "wrong number of values for {arg}", arg = arg)
        }
        ErrorKind::InvalidUtf8 => t!(lang, "an argument is not valid UTF-8"),
        _ => t!(lang, "the command line is not valid: {detail}", detail = e.kind()),
    };
    let usage = usage.or_else(|| {
        let u = match sub.as_ref().and_then(|n| cli.find_subcommand_mut(n.as_ref())) {
            Some(sc) => sc.render_usage(),
            None => cli.render_usage(),
        };
        let u = u.to_string();
        u.split_once(": ").map(|(_, r)| r.to_string())
    });
    let mut out = format!("{} {message}\n", tr(lang, "error:"));
    if let Some(u) = usage {
        out.push_str(&format!("\n{} {u}\n", tr(lang, "Usage:")));
    }
    out.push_str(&format!("\n{}\n", t!(lang, "`{command} --help` tells more.", command = command)));
    (out, true)
}
