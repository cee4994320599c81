//! `learn paths`: where the home, decks, store and config are, and why.
//! It works even when the config is broken: it is the command that says
//! where the config is.

use crate::context::{Context, LearnerSource};
use crate::error::Result;
use crate::i18n::{t, tr};
use crate::paths::{ConfigSource, PathSource};

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let l = ctx.lang;
    let p = &ctx.paths;
    let exists =
        |path: &std::path::Path| if path.exists() { String::new() } else { format!(" {}", tr(l, "(not created yet)")) };
    let why = match p.source {
        PathSource::Flag => "--home".to_string(),
        PathSource::Env => "LEARN_HOME".to_string(),
        PathSource::CurrentDir(mark) => t!(l, "the current directory holds {what}", what = tr(l, mark.what())),
        PathSource::Default => tr(l, "platform data directory").to_string(),
    };
    let config_why = match p.config_source {
        ConfigSource::Home => tr(l, "read: learn.toml in the home"),
        ConfigSource::User => tr(l, "read: the user's config (no learn.toml in the home)"),
        ConfigSource::None => tr(l, "none: the defaults are used; create this file to change them"),
    };
    let src = match ctx.learner_source {
        LearnerSource::FlagOrEnv => "--learner / LEARN_LEARNER",
        LearnerSource::Config => "learn.toml",
        LearnerSource::OsUser => tr(l, "OS user"),
        LearnerSource::DatabaseUser => tr(l, "the PostgreSQL user of the store"),
        LearnerSource::Fallback => tr(l, "no OS user name found; set LEARN_LEARNER or `learner` in learn.toml"),
    };
    let rows = [
        (tr(l, "home"), format!("{}  [{why}]", p.home.display())),
        (tr(l, "decks"), format!("{}{}", p.decks_dir().display(), exists(&p.decks_dir()))),
        (
            tr(l, "store"),
            match &ctx.store {
                crate::store::Location::File(path) => format!("{}{}", path.display(), exists(path)),
                crate::store::Location::Postgres(_) => ctx.store.show(),
            },
        ),
        (tr(l, "config"), format!("{}  [{config_why}]", p.config.display())),
        (tr(l, "learner"), format!("{}  [{src}]", crate::text::neutralize(&ctx.learner))),
    ];
    let label_width = (rows.iter().map(|(label, _)| crate::text::width(label)).max().unwrap_or(0) + 2).max(10);
    for (label, value) in rows {
        println!("{label}{}{value}", " ".repeat(label_width - crate::text::width(label)));
    }
    if let Some(problems) = &ctx.config_problems {
        println!();
        print!("{}", problems.render(l));
        println!("{}", tr(l, "the config has problems; the defaults are used until they are fixed"));
    }
    Ok(0)
}
