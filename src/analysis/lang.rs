//! The user's language for messages produced by the analysis layer.
//!
//! Errors and warnings are values with a place; they are turned into text
//! only when shown, in the language the user reads.

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Dutch (the default: most users are Dutch or Belgian).
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}
