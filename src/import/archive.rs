//! Archive catalogue exports: the format of a digital archive's document
//! page saved as text.
//!
//! The layout, in blocks separated by blank lines:
//!
//! ```text
//! June 05, 1951                          date line
//! Telegram from (Stalin) to Mao Zedong   title
//! Citation:                              citation text, then <URL>
//! Summary:                               one or more paragraphs
//! Original Language:                     a language name
//! Contents:                              a list of "- " items
//! CIPHERED TELEGRAM No. 3410 …           the body: the English translation
//! ```
//!
//! A section is a one-line block ending in `:`. Sections other than the four
//! above are kept as free-form metadata under a snake_case key. The body
//! starts after the `Contents:` list (or, without one, after the first block
//! of the last section); it is the translation, so the source side stays
//! empty until the original is transcribed. Body paragraphs cut by a page
//! break are joined back, and the join recorded.

use std::path::Path;

use crate::date::parse_date;
use crate::document::{Citation, Document, DocumentId};
use crate::error::{Error, Result};
use crate::language::tag_for_name;
use crate::paragraphs::{join_page_breaks, split_paragraphs, TextParagraph};

use super::{pair_by_position, read_input, Imported, InputOptions};

/// Reads and parses an archive export; `id` overrides the id derived from
/// the citation URL (`wcda-<number>`) or the file name.
pub fn import_archive(path: &Path, id: Option<&str>, options: &InputOptions) -> Result<Imported> {
    let text = read_input(path, options)?;
    parse_archive(&text, path, id)
}

/// Parses the text of an archive export; `path` names it in messages and
/// gives the fallback id.
pub fn parse_archive(text: &str, path: &Path, id: Option<&str>) -> Result<Imported> {
    let blocks = blocks(text);
    let error = |line: Option<usize>, message: String| Error::Import {
        path: path.to_owned(),
        line,
        column: None,
        message,
    };
    let Some(first_section) = blocks.iter().position(|b| section_name(b).is_some()) else {
        return Err(error(
            None,
            "not an archive export: no section line such as \"Citation:\" or \"Summary:\" (for plain text use `bitext import text`)".into(),
        ));
    };
    let mut warnings = Vec::new();
    let mut document = Document::new(DocumentId::new("x").expect("literal id is valid"));
    document.target_language = Some("en".into());
    match &blocks[..first_section] {
        [] => {}
        [title] => document.title = Some(title.joined()),
        [date, title] => {
            let date_text = date.joined();
            match parse_date(&date_text) {
                Some(date) => document.date = Some(date),
                None => {
                    warnings.push(format!(
                        "line {}: date {date_text:?} is not a date bitext reads; kept as date_text",
                        date.line
                    ));
                    document.extra.insert("date_text".into(), date_text.into());
                }
            }
            document.title = Some(title.joined());
        }
        [_, _, third, ..] => {
            return Err(error(
                Some(third.line),
                "expected only a date line and a title before the first section".into(),
            ))
        }
    }

    // Sections and their blocks; the body is what follows the last one.
    let mut sections: Vec<(String, usize, Vec<&Block>)> = Vec::new();
    let mut body_start = blocks.len();
    let mut i = first_section;
    while i < blocks.len() {
        let name = section_name(&blocks[i]).expect("loop only stops on sections");
        let header_line = blocks[i].line;
        let mut content = Vec::new();
        i += 1;
        if name == "contents" {
            // The list ends the metadata: whatever follows is body, even a
            // line that looks like a section header.
            while i < blocks.len() && blocks[i].is_list() {
                content.push(&blocks[i]);
                i += 1;
            }
            body_start = i;
            sections.push((name, header_line, content));
            break;
        }
        while i < blocks.len() && section_name(&blocks[i]).is_none() {
            content.push(&blocks[i]);
            i += 1;
        }
        if i == blocks.len() {
            // The last section without a contents list: its first block
            // is its own, the rest is body.
            let own = content.len().min(1);
            body_start = blocks.len() - (content.len() - own);
            content.truncate(own);
        }
        sections.push((name, header_line, content));
    }

    let mut url = None;
    for (name, line, content) in sections {
        let joined = content
            .iter()
            .map(|b| b.joined())
            .collect::<Vec<_>>()
            .join("\n\n");
        match name.as_str() {
            "citation" => {
                let citation = parse_citation(&content);
                url = citation.url.clone();
                document.citation = Some(citation);
            }
            "summary" => document.summary = Some(joined).filter(|s| !s.is_empty()),
            "original_language" => {
                let first = joined.split([',', ';', '/']).next().unwrap_or("").trim();
                match tag_for_name(first) {
                    Some(tag) => document.source_language = Some(tag.into()),
                    None => warnings.push(format!(
                        "line {line}: original language {joined:?} has no known tag; set source_language by hand"
                    )),
                }
                if tag_for_name(&joined).is_none() {
                    document
                        .extra
                        .insert("original_language".into(), joined.into());
                }
            }
            "contents" => {
                let items: Vec<toml::Value> = content
                    .iter()
                    .flat_map(|b| b.lines.iter())
                    .map(|l| l.trim_start_matches(['-', '*', '•']).trim().into())
                    .collect();
                document
                    .extra
                    .insert("contents".into(), toml::Value::Array(items));
            }
            other => {
                document.extra.insert(other.into(), joined.into());
            }
        }
    }

    let body_line = blocks.get(body_start).map(|b| b.line);
    let Some(body_line) = body_line else {
        return Err(error(
            None,
            "no body text after the metadata sections".into(),
        ));
    };
    let body = text
        .split('\n')
        .skip(body_line - 1)
        .collect::<Vec<_>>()
        .join("\n");
    let paragraphs = join_page_breaks(split_paragraphs(&body, body_line));
    document.paragraphs = pair_by_position(Vec::<TextParagraph>::new(), paragraphs);

    let id = match id {
        Some(id) => DocumentId::new(id)?,
        None => default_id(url.as_deref(), path)?,
    };
    document.id = id;
    let document = super::as_stored(document, path)?;
    Ok(Imported { document, warnings })
}

/// `wcda-<number>` from a Wilson Center Digital Archive URL, else the file
/// name made into an id.
fn default_id(url: Option<&str>, path: &Path) -> Result<DocumentId> {
    if let Some(url) = url {
        let path_part = url.split('?').next().unwrap_or(url).trim_end_matches('/');
        let last = path_part.rsplit('/').next().unwrap_or("");
        if url.contains("wilsoncenter.org")
            && !last.is_empty()
            && last.bytes().all(|b| b.is_ascii_digit())
        {
            return Ok(DocumentId::new(&format!("wcda-{last}"))?);
        }
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok(DocumentId::new(id.trim_start_matches('.'))?)
}

/// A run of non-blank lines.
struct Block<'a> {
    line: usize,
    lines: Vec<&'a str>,
}

impl Block<'_> {
    fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn is_list(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.trim_start().starts_with(['-', '*', '•']))
    }
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open = false;
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            open = false;
        } else if open {
            if let Some(block) = blocks.last_mut() {
                block.lines.push(line);
            }
        } else {
            blocks.push(Block {
                line: i + 1,
                lines: vec![line],
            });
            open = true;
        }
    }
    blocks
}

/// The snake_case name of a section header block (`Original Language:` →
/// `original_language`), or `None` if the block is not one.
fn section_name(block: &Block) -> Option<String> {
    let [line] = block.lines.as_slice() else {
        return None;
    };
    let label = line.trim().strip_suffix(':')?;
    let plausible = !label.is_empty()
        && label.chars().count() <= 40
        && label.chars().next().is_some_and(char::is_uppercase)
        && label
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '-' | '/'));
    if !plausible {
        return None;
    }
    let mut name = String::new();
    for word in label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(&word.to_lowercase());
    }
    Some(name)
}

/// The citation block: text lines, then the URL in angle brackets.
fn parse_citation(content: &[&Block]) -> Citation {
    let mut text_lines = Vec::new();
    let mut url = None;
    for line in content.iter().flat_map(|b| b.lines.iter()) {
        let line = line.trim();
        let bare = line.trim_start_matches('<').trim_end_matches('>');
        if url.is_none()
            && (bare.starts_with("http://") || bare.starts_with("https://"))
            && !bare.contains(' ')
        {
            url = Some(bare.to_owned());
        } else {
            text_lines.push(line);
        }
    }
    let text = text_lines.join(" ");
    let (archive, reference) = archive_reference(&text);
    Citation {
        text: Some(text).filter(|t| !t.is_empty()),
        archive,
        reference,
        url,
    }
}

/// The holding archive and its reference from a citation of the form
/// `"Title," Date, … Digital Archive, ARCHIVE, REFERENCE. More.`
fn archive_reference(citation: &str) -> (Option<String>, Option<String>) {
    // Skip the quoted title, which may itself contain commas.
    let after_title = match citation.strip_prefix('"') {
        Some(rest) => rest.find('"').map_or(rest, |end| &rest[end + 1..]),
        None => citation,
    };
    let Some(marker) = after_title.find("Digital Archive,") else {
        return (None, None);
    };
    let rest = after_title[marker + "Digital Archive,".len()..].trim();
    // The reference ends at the first sentence break ("…, Listy 17-18.
    // Translated by …"): a full stop, a space and a capital, after a word
    // longer than an abbreviation such as "f." or "No.".
    let end = rest
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|&i| {
            let next_upper = rest[i + 2..].chars().next().is_some_and(char::is_uppercase);
            let word = rest[..i].rsplit([' ', ',']).next().unwrap_or("");
            let abbreviation = word.chars().count() <= 2 && word.chars().all(char::is_alphabetic);
            next_upper && !abbreviation
        })
        .unwrap_or(rest.len());
    let rest = rest[..end].trim().trim_end_matches('.');
    let mut parts = rest.splitn(2, ',');
    let archive = parts
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let reference = parts
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    (archive, reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_parts() {
        let (archive, reference) = archive_reference(
            "\"Telegram from (Stalin) to Mao Zedong, via Krasovsky,\" June 05, 1951, History and Public Policy Program Digital Archive, APRF, Fond 45, Opis 1, Delo 339, Listy 17-18",
        );
        assert_eq!(archive.as_deref(), Some("APRF"));
        assert_eq!(
            reference.as_deref(),
            Some("Fond 45, Opis 1, Delo 339, Listy 17-18")
        );
        let (archive, reference) = archive_reference(
            "\"Memo,\" 1956, Digital Archive, AVPRF, f. 0100, op. 49, No. 5. Translated by Gary Goldberg.",
        );
        assert_eq!(archive.as_deref(), Some("AVPRF"));
        assert_eq!(reference.as_deref(), Some("f. 0100, op. 49, No. 5"));
    }

    #[test]
    fn unknown_sections_are_kept() {
        let text = "1951\n\nTitle\n\nCitation:\n\n\"T,\" 1951, Digital Archive, A, B\n<https://digitalarchive.wilsoncenter.org/document/42>\n\nCredits:\n\nSomeone\n\nOriginal Language:\n\nKlingon\n\nContents:\n\n- English Translation\n\nBody.\n";
        let imported = parse_archive(text, Path::new("in.txt"), None).unwrap();
        let doc = imported.document;
        assert_eq!(doc.id.as_str(), "wcda-42");
        assert_eq!(doc.extra["credits"].as_str(), Some("Someone"));
        assert_eq!(doc.extra["original_language"].as_str(), Some("Klingon"));
        assert_eq!(doc.source_language, None);
        assert_eq!(imported.warnings.len(), 1);
        assert_eq!(doc.paragraphs.len(), 1);
    }
}
