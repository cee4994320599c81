//! `learn man`: one manual page holding every command, in the learner's
//! language. clap_mangen renders the sections; each command becomes a
//! subsection of COMMANDS (rather than a reference to a `learn-run(1)` page
//! that would not exist).

use std::io::Write;

use crate::i18n::{Lang, msg, tr};

/// A section's heading (`.SH NAME`) in `lang`.
fn headings(roff: &str, lang: Lang, sub: bool) -> String {
    let mut out = String::new();
    for line in roff.lines() {
        let heading = line.strip_prefix(".SH ").map(|h| h.trim_matches('"'));
        let renamed = match heading {
            None => line.to_string(),
            // Inside a command: the description needs no heading, the
            // examples follow the options, the rest are subsections.
            Some("DESCRIPTION") if sub => ".PP".to_string(),
            // Examples keep their lines.
            Some("EXTRA") if sub => ".PP\n.nf".to_string(),
            Some(h) if sub => format!(".TP\n\\fB{h}\\fR\n.PP"),
            Some("NAME") => format!(".SH {}", tr(lang, msg!("NAME"))),
            Some("SYNOPSIS") => format!(".SH {}", tr(lang, msg!("SYNOPSIS"))),
            Some("DESCRIPTION") => format!(".SH {}", tr(lang, msg!("DESCRIPTION"))),
            Some("EXTRA") => format!(".SH {}\n.nf", tr(lang, msg!("MORE"))),
            Some("VERSION") => format!(".SH {}", tr(lang, msg!("VERSION"))),
            Some(h) => format!(".SH \"{h}\""),
        };
        out.push_str(&renamed);
        out.push('\n');
    }
    if out.contains("\n.nf\n") {
        out.push_str(".fi\n");
    }
    out
}

fn rendered(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<String> {
    let mut buf = Vec::new();
    f(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The whole page.
pub(crate) fn render(lang: Lang, w: &mut dyn Write) -> std::io::Result<()> {
    let cmd = super::command(lang);
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = String::new();
    page.push_str(&rendered(|b| man.render_title(b))?);
    for part in [
        rendered(|b| man.render_name_section(b))?,
        rendered(|b| man.render_synopsis_section(b))?,
        rendered(|b| man.render_description_section(b))?,
        rendered(|b| man.render_options_section(b))?,
    ] {
        page.push_str(&headings(&part, lang, false));
    }
    page.push_str(&format!(".SH {}\n", tr(lang, msg!("COMMANDS"))));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // Its help flag is the global one, listed once at the top.
        let mut sub = sub.clone().disable_help_flag(true);
        let usage = sub.render_usage().to_string();
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, u)| u).replace('-', "\\-");
        page.push_str(&format!(".SS \"{usage}\"\n"));
        let sm = clap_mangen::Man::new(sub);
        for part in [
            rendered(|b| sm.render_description_section(b))?,
            rendered(|b| sm.render_options_section(b))?,
            rendered(|b| sm.render_extra_section(b))?,
        ] {
            page.push_str(&headings(&part, lang, true));
        }
    }
    page.push_str(&headings(&rendered(|b| man.render_extra_section(b))?, lang, false));
    page.push_str(&headings(&rendered(|b| man.render_version_section(b))?, lang, false));
    w.write_all(page.as_bytes())
}
