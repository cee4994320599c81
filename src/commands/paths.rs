//! `learn paths`: where the home, decks, store and config are, and why.
//! It works even when the config is broken: it is the command that says
//! where the config is.

use crate::context::{Context, LearnerSource};
use crate::error::Result;
use crate::paths::{ConfigSource, PathSource};

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let p = &ctx.paths;
    let exists = |path: &std::path::Path| if path.exists() { "" } else { " (not created yet)" };
    let why = match p.source {
        PathSource::Flag => "--home".to_string(),
        PathSource::Env => "LEARN_HOME".to_string(),
        PathSource::CurrentDir(mark) => format!("the current directory holds {}", mark.what()),
        PathSource::Default => "platform data directory".to_string(),
    };
    println!("home      {}  [{why}]", p.home.display());
    println!("decks     {}{}", p.decks_dir().display(), exists(&p.decks_dir()));
    println!("store     {}{}", p.store_file().display(), exists(&p.store_file()));
    let config_why = match p.config_source {
        ConfigSource::Home => "read: learn.toml in the home",
        ConfigSource::User => "read: the user's config (no learn.toml in the home)",
        ConfigSource::None => "none: the defaults are used; create this file to change them",
    };
    println!("config    {}  [{config_why}]", p.config.display());
    let src = match ctx.learner_source {
        LearnerSource::FlagOrEnv => "--learner / LEARN_LEARNER",
        LearnerSource::Config => "learn.toml",
        LearnerSource::OsUser => "OS user",
        LearnerSource::Fallback => "no OS user name found; set LEARN_LEARNER or `learner` in learn.toml",
    };
    println!("learner   {}  [{src}]", ctx.learner);
    if let Some(problems) = &ctx.config_problems {
        println!();
        for d in &problems.0 {
            print!("{}", d.render());
        }
        println!("the config has problems; the defaults are used until they are fixed");
    }
    Ok(0)
}
