//! The glossary: terms of the original and how the translation must (and
//! must not) render them.
//!
//! A TOML file of `[[term]]` tables, or a CSV file of lines
//! `source,required,forbidden|forbidden…` (a header line starting with
//! `source` is skipped):
//!
//! ```toml
//! [[term]]
//! source = "Пэн Дэхуай"
//! target = "Peng Dehuai"
//! forbidden = ["Peng Te-huai"]
//! ```
//!
//! Terms are found at word boundaries. Russian (and other Cyrillic)
//! words inflect, so each word of a Cyrillic term matches by its stem —
//! the word less its last two letters when it has five or more, its last
//! letter when it has four — followed by up to three more letters:
//! `Пэн Дэхуай` finds `Пэн Дэхуаем`, `Москва` finds `Москвы`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::io::read_limited;
use crate::error::{Error, Result};

/// One term.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term in the original.
    pub source: String,
    /// The rendering the translation must use.
    pub target: String,
    /// Renderings it must not use.
    #[serde(default)]
    pub forbidden: Vec<String>,
}

/// A loaded glossary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glossary {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its terms.
    pub terms: Vec<Term>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<Term>,
}

impl Glossary {
    /// Reads a glossary, TOML or CSV by its extension; errors name the
    /// file and line.
    pub fn load(path: &Path, max_file_size: u64) -> Result<Glossary> {
        let bytes = read_limited(path, max_file_size)?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Decode {
            path: path.to_owned(),
            source: crate::normalize::DecodeError::InvalidUtf8 {
                offset: e.utf8_error().valid_up_to(),
            },
        })?;
        Glossary::parse(&text, path)
    }

    /// Parses a glossary's text, TOML or CSV by the extension of `path`,
    /// which also names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Glossary> {
        let error = |line: Option<usize>, message: String| Error::Config {
            path: path.to_owned(),
            line,
            column: None,
            message,
        };
        let terms = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            parse_csv(text).map_err(|(line, message)| error(Some(line), message))?
        } else {
            let file: GlossaryFile = toml::from_str(text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                error(line, e.message().trim_end().to_owned())
            })?;
            file.term
        };
        for (k, term) in terms.iter().enumerate() {
            if term.source.trim().is_empty() || term.target.trim().is_empty() {
                return Err(error(
                    None,
                    format!("term {} has an empty source or target", k + 1),
                ));
            }
        }
        Ok(Glossary {
            path: path.to_owned(),
            terms,
        })
    }
}

/// Parses CSV lines `source,target,forbidden|…`, with `"…"` quoting.
fn parse_csv(text: &str) -> std::result::Result<Vec<Term>, (usize, String)> {
    let mut terms = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields = csv_fields(line).ok_or((line_no, "a quote is not closed".to_owned()))?;
        if n == 0
            && fields
                .first()
                .is_some_and(|f| f.eq_ignore_ascii_case("source"))
        {
            continue;
        }
        if !(2..=3).contains(&fields.len()) || fields[0].is_empty() || fields[1].is_empty() {
            return Err((
                line_no,
                format!(
                    "expected source,target[,forbidden|forbidden…], found {} field{}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        let forbidden = fields
            .get(2)
            .map(|f| {
                f.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        terms.push(Term {
            source: fields[0].clone(),
            target: fields[1].clone(),
            forbidden,
        });
    }
    Ok(terms)
}

/// The fields of one CSV line, or `None` if a quote is left open.
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => fields.push(std::mem::take(&mut field).trim().to_owned()),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field.trim().to_owned());
    Some(fields)
}

/// Whether `text` holds `term` at word boundaries, Cyrillic words matched
/// by their stems. Case is ignored.
pub fn contains_term(text: &str, term: &str) -> Option<(usize, usize)> {
    let text_lower = text.to_lowercase();
    // Lower-casing these scripts keeps lengths in characters, so offsets
    // found in the lower-cased text are the text's.
    let chars: Vec<char> = text_lower.chars().collect();
    let words: Vec<Vec<char>> = term
        .to_lowercase()
        .split_whitespace()
        .map(|w| w.chars().collect())
        .collect();
    if words.is_empty() || chars.len() != text.chars().count() {
        return None;
    }
    let boundary = |k: usize| k == 0 || k >= chars.len() || !chars[k].is_alphanumeric();
    'start: for start in 0..chars.len() {
        if start > 0 && chars[start - 1].is_alphanumeric() {
            continue;
        }
        let mut k = start;
        for (w, word) in words.iter().enumerate() {
            if w > 0 {
                // Words of the term are separated by spaces (or a hyphen).
                let gap = chars[k..]
                    .iter()
                    .take_while(|c| c.is_whitespace() || **c == '-')
                    .count();
                if gap == 0 {
                    continue 'start;
                }
                k += gap;
            }
            let cyrillic = word.iter().any(|c| ('\u{400}'..='\u{4ff}').contains(c));
            let stem_len = match (cyrillic, word.len()) {
                (true, n) if n >= 5 => n - 2,
                (true, 4) => 3,
                (_, n) => n,
            };
            if chars.len() < k + stem_len || chars[k..k + stem_len] != word[..stem_len] {
                continue 'start;
            }
            k += stem_len;
            if cyrillic {
                // The ending: up to three more letters.
                let ending = chars[k..]
                    .iter()
                    .take(4)
                    .take_while(|c| c.is_alphabetic())
                    .count();
                if ending > 3 {
                    continue 'start;
                }
                k += ending;
            } else if !boundary(k) {
                continue 'start;
            }
        }
        if boundary(k) {
            return Some((start, k));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_at_word_boundaries_and_russian_inflects() {
        assert_eq!(
            contains_term("Товарищ Пэн Дэхуай пишет", "Пэн Дэхуай"),
            Some((8, 18))
        );
        assert!(contains_term("с товарищем Пэн Дэхуаем", "Пэн Дэхуай").is_some());
        assert!(contains_term("из Москвы", "Москва").is_some());
        assert!(contains_term("Comrade Peng Dehuai writes", "Peng Dehuai").is_some());
        assert!(contains_term("Comrade Peng Te-huai writes", "Peng Te-huai").is_some());
        assert!(contains_term("Pengo Dehuai", "Peng Dehuai").is_none());
        assert!(contains_term("Peng Dehuais", "Peng Dehuai").is_none());
    }

    #[test]
    fn csv_lines() {
        let terms =
            parse_csv("source,target,forbidden\n\"Пэн Дэхуай\",Peng Dehuai,Peng Te-huai|P'eng\n")
                .unwrap();
        assert_eq!(terms[0].source, "Пэн Дэхуай");
        assert_eq!(terms[0].forbidden, ["Peng Te-huai", "P'eng"]);
        assert_eq!(parse_csv("a,b\n\"open,x\n").unwrap_err().0, 2);
        assert_eq!(parse_csv("only one\n").unwrap_err().0, 1);
    }
}
