//! `learn paths`: where the home, decks, store and config are, and why.

use crate::context::{Context, LearnerSource};
use crate::error::Result;

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let p = &ctx.paths;
    let exists = |path: &std::path::Path| if path.exists() { "" } else { " (not created yet)" };
    println!("home      {}  [{}]", p.home.display(), p.source);
    println!("decks     {}{}", p.decks_dir().display(), exists(&p.decks_dir()));
    println!("store     {}{}", p.store_file().display(), exists(&p.store_file()));
    println!("config    {}{}", p.config_file().display(), exists(&p.config_file()));
    let src = match ctx.learner_source {
        LearnerSource::FlagOrEnv => "--learner / LEARN_LEARNER",
        LearnerSource::Config => "learn.toml",
        LearnerSource::OsUser => "OS user",
    };
    println!("learner   {}  [{src}]", ctx.learner);
    Ok(0)
}
