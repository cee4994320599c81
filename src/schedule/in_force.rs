//! Which FSRS parameters schedule a deck: the most specific set wins —
//! parameters fitted to this learner for this deck (`learn optimize DECK`),
//! then fitted to this learner over every deck (`learn optimize`), then
//! `parameters` in `learn.toml`, then the FSRS-6 defaults.

use super::settings::{DEFAULT_PARAMETERS, Settings};

/// Where the parameters in force come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterSource {
    Defaults,
    /// `parameters` in `learn.toml` (`[scheduler]` or the deck's section).
    Config,
    /// Fitted to the learner's history in this deck.
    FittedForDeck,
    /// Fitted to the learner's history over every deck.
    FittedForLearner,
}

impl ParameterSource {
    /// The name used in `learn stats --json`.
    pub fn name(self) -> &'static str {
        match self {
            ParameterSource::Defaults => "defaults",
            ParameterSource::Config => "config",
            ParameterSource::FittedForDeck => "fitted-deck",
            ParameterSource::FittedForLearner => "fitted-learner",
        }
    }
}

/// The settings a deck is scheduled with: `settings` from the config, with
/// the parameters of the most specific set in force.
pub fn in_force(settings: &Settings, deck: Option<&[f32]>, learner: Option<&[f32]>) -> (Settings, ParameterSource) {
    let (parameters, source) = match (deck, learner) {
        (Some(p), _) => (p.to_vec(), ParameterSource::FittedForDeck),
        (None, Some(p)) => (p.to_vec(), ParameterSource::FittedForLearner),
        (None, None) if settings.parameters.as_slice() != DEFAULT_PARAMETERS.as_slice() => {
            (settings.parameters.clone(), ParameterSource::Config)
        }
        (None, None) => (settings.parameters.clone(), ParameterSource::Defaults),
    };
    (Settings { parameters, ..settings.clone() }, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_parameters_win() {
        let base = Settings::default();
        let configured = Settings { parameters: vec![0.5; 21], ..Settings::default() };
        let deck = [0.3f32; 21];
        let learner = [0.4f32; 21];
        assert_eq!(in_force(&base, None, None).1, ParameterSource::Defaults);
        assert_eq!(in_force(&configured, None, None), (configured.clone(), ParameterSource::Config));
        let (s, src) = in_force(&configured, None, Some(&learner));
        assert_eq!((s.parameters.as_slice(), src), (learner.as_slice(), ParameterSource::FittedForLearner));
        let (s, src) = in_force(&configured, Some(&deck), Some(&learner));
        assert_eq!((s.parameters.as_slice(), src), (deck.as_slice(), ParameterSource::FittedForDeck));
        // Everything else comes from the config.
        assert_eq!(s.desired_retention, configured.desired_retention);
    }
}
