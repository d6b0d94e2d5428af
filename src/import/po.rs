//! `bitext import po`: a gettext catalogue, one paragraph per entry.
//!
//! The reader follows the PO format as GNU gettext writes and reads it:
//! comments (`#` translator, `#.` extracted, `#:` references, `#,` flags,
//! `#|` previous strings), `msgctxt`, `msgid`, `msgid_plural`, `msgstr` and
//! `msgstr[N]`, strings split over continuation lines, C escapes, the
//! header entry, and obsolete `#~` entries (which are skipped: they are no
//! longer part of the catalogue). Every error names its line and column.
//!
//! Each entry becomes a paragraph: `msgid` the source, `msgstr` (or
//! `msgstr[0]`) the target, the plural forms, flags, comments and previous
//! strings kept beside them. A translated entry that is not fuzzy is a
//! confirmed pair, so a later catalogue that changes the `msgid` and keeps
//! the `msgstr` leaves the translation stale.

use std::collections::HashSet;
use std::path::Path;

use crate::document::io::read_limited;
use crate::document::{Document, DocumentId, Paragraph, Previous};
use crate::error::{Error, Result};
use crate::language::is_well_formed_tag;
use crate::normalize::{decode, encoding_for_label};

use super::{Imported, InputOptions};

/// One catalogue entry as the file has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The line of its `msgid`.
    pub line: usize,
    /// `msgctxt`, if given.
    pub context: Option<String>,
    /// `msgid`.
    pub msgid: String,
    /// `msgid_plural`, if the entry has plural forms.
    pub msgid_plural: Option<String>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`… for plural entries.
    pub msgstr: Vec<String>,
    /// `#,` flags: `fuzzy`, `python-format`…
    pub flags: Vec<String>,
    /// `# ` translator comments, one per line.
    pub comments: Vec<String>,
    /// `#.` comments from the source code, one per line.
    pub notes: Vec<String>,
    /// `#:` references.
    pub references: Vec<String>,
    /// `#|` previous strings.
    pub previous: Previous,
}

/// A parsed catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// The header entry (`msgid ""`), if there is one.
    pub header: Option<Entry>,
    /// The entries in file order, obsolete ones left out.
    pub entries: Vec<Entry>,
    /// How many obsolete (`#~`) entries were skipped.
    pub obsolete: usize,
}

impl Catalogue {
    /// A header field, e.g. `Language` or `Plural-Forms`.
    pub fn header_field(&self, name: &str) -> Option<&str> {
        let header = self.header.as_ref()?;
        header.msgstr.first()?.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim())
                .filter(|v| !v.is_empty())
        })
    }
}

/// A located error in a PO file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Which string a keyword or continuation line adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    IdPlural,
    Str(usize),
    PreviousContext,
    PreviousId,
    PreviousIdPlural,
}

/// Parses a catalogue.
///
/// ```
/// use bitext::import::parse_po;
/// let catalogue = parse_po("msgid \"Save\"\nmsgstr \"Сохранить\"\n").unwrap();
/// assert_eq!(catalogue.entries[0].msgstr, ["Сохранить"]);
/// ```
pub fn parse_po(text: &str) -> std::result::Result<Catalogue, PoError> {
    let mut parser = Parser::default();
    for (n, line) in text.lines().enumerate() {
        parser.line(n + 1, line)?;
    }
    parser.finish(text.lines().count() + 1)?;
    Ok(parser.catalogue)
}

#[derive(Default)]
struct Parser {
    catalogue: Catalogue,
    entry: Entry,
    /// The entry has a keyword (not only comments).
    started: bool,
    /// The entry has a `msgstr` of some kind.
    has_msgstr: bool,
    /// The entry is obsolete (`#~`).
    obsolete: bool,
    /// The entry has its msgid.
    id_seen: bool,
    field: Option<Field>,
    /// Line of the entry's first keyword, for errors about the whole entry.
    entry_line: usize,
    seen: HashSet<(Option<String>, String)>,
}

fn error(line: usize, column: usize, message: impl Into<String>) -> PoError {
    PoError {
        line,
        column,
        message: message.into(),
    }
}

impl Parser {
    fn line(&mut self, n: usize, line: &str) -> std::result::Result<(), PoError> {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let column = |byte: usize| line[..byte].chars().count() + 1;
        if trimmed.is_empty() {
            self.field = None;
            return Ok(());
        }
        if let Some(rest) = trimmed.strip_prefix("#~") {
            // An obsolete entry: its lines are a live entry's behind `#~`;
            // it is read, checked and counted, not imported.
            if !self.obsolete {
                self.end_entry()?;
                self.obsolete = true;
            }
            if rest.starts_with('|') {
                return Ok(());
            }
            let at = indent + 2 + (rest.len() - rest.trim_start().len());
            return self.keyword_line(n, line, at);
        }
        if self.obsolete {
            self.end_entry()?;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            if self.has_msgstr {
                self.end_entry()?;
            }
            if self.started {
                return Err(error(
                    n,
                    column(indent),
                    "a comment inside an entry: comments come before msgctxt and msgid",
                ));
            }
            let (kind, body) = match rest.chars().next() {
                Some(c @ ('.' | ':' | ',' | '|')) => (c, &rest[1..]),
                _ => (' ', rest),
            };
            let body_trimmed = body.strip_prefix(' ').unwrap_or(body);
            if kind != '|' {
                self.field = None;
            }
            match kind {
                '.' => self.entry.notes.push(body_trimmed.to_owned()),
                ':' => self
                    .entry
                    .references
                    .extend(body.split_whitespace().map(str::to_owned)),
                ',' => self.entry.flags.extend(
                    body.split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned),
                ),
                '|' => {
                    let offset = indent + 2 + (body.len() - body.trim_start().len());
                    return self.previous_line(n, line, offset);
                }
                _ => self.entry.comments.push(body_trimmed.to_owned()),
            }
            return Ok(());
        }
        self.keyword_line(n, line, indent)
    }

    /// A `#|` line: `msgctxt`, `msgid` or `msgid_plural` of the previous
    /// source, or a continuation of one.
    fn previous_line(
        &mut self,
        n: usize,
        line: &str,
        at: usize,
    ) -> std::result::Result<(), PoError> {
        let rest = &line[at..];
        let column = line[..at].chars().count() + 1;
        let (field, string_at) = if rest.starts_with('"') {
            match self.field {
                Some(
                    f @ (Field::PreviousContext | Field::PreviousId | Field::PreviousIdPlural),
                ) => (f, at),
                _ => {
                    return Err(error(
                        n,
                        column,
                        "a continuation string with no #| keyword before it",
                    ))
                }
            }
        } else {
            let (keyword, after) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
            let field = match keyword {
                "msgctxt" => Field::PreviousContext,
                "msgid" => Field::PreviousId,
                "msgid_plural" => Field::PreviousIdPlural,
                _ => {
                    return Err(error(
                        n,
                        column,
                        format!("unknown keyword {keyword:?} in a #| comment"),
                    ))
                }
            };
            (field, line.len() - after.trim_start().len())
        };
        let value = string(n, line, string_at)?;
        let slot = match field {
            Field::PreviousContext => &mut self.entry.previous.context,
            Field::PreviousIdPlural => &mut self.entry.previous.source_plural,
            _ => &mut self.entry.previous.source,
        };
        slot.get_or_insert_with(String::new).push_str(&value);
        self.field = Some(field);
        Ok(())
    }

    /// A keyword line (`msgid "…"`) or a continuation line (`"…"`).
    fn keyword_line(
        &mut self,
        n: usize,
        line: &str,
        at: usize,
    ) -> std::result::Result<(), PoError> {
        let rest = &line[at..];
        let column = line[..at].chars().count() + 1;
        if rest.starts_with('"') {
            let Some(field) = self.field.filter(|f| {
                !matches!(
                    f,
                    Field::PreviousContext | Field::PreviousId | Field::PreviousIdPlural
                )
            }) else {
                return Err(error(
                    n,
                    column,
                    "a continuation string with no keyword before it",
                ));
            };
            let value = string(n, line, at)?;
            self.slot(field).push_str(&value);
            return Ok(());
        }
        let (keyword, after) = rest.split_once([' ', '\t']).unwrap_or((rest, ""));
        let string_at = line.len() - after.trim_start().len();
        let field = match keyword {
            "msgctxt" => Field::Context,
            "msgid" => Field::Id,
            "msgid_plural" => Field::IdPlural,
            "msgstr" => Field::Str(0),
            _ => match keyword
                .strip_prefix("msgstr[")
                .and_then(|k| k.strip_suffix(']'))
                .and_then(|k| k.parse::<usize>().ok())
            {
                Some(k) => Field::Str(k),
                None => {
                    return Err(error(
                        n,
                        column,
                        format!(
                        "expected msgctxt, msgid, msgid_plural, msgstr or msgstr[N], found {:?}",
                        truncate(rest)
                    ),
                    ))
                }
            },
        };
        // A new msgctxt or msgid after a msgstr starts the next entry.
        if matches!(field, Field::Context | Field::Id) && self.has_msgstr {
            let obsolete = self.obsolete;
            self.end_entry()?;
            self.obsolete = obsolete;
        }
        let wrong_place = match field {
            Field::Context => self.started,
            Field::Id => self.id_seen,
            Field::IdPlural => !self.id_seen || self.entry.msgid_plural.is_some(),
            Field::Str(_) => !self.id_seen,
            _ => false,
        };
        if wrong_place {
            return Err(error(n, column, format!("{keyword} is out of place here")));
        }
        let value = string(n, line, string_at)?;
        if !self.started {
            self.started = true;
            self.entry_line = n;
        }
        match field {
            Field::Context => self.entry.context = Some(value),
            Field::Id => {
                self.entry.line = n;
                self.entry.msgid = value;
                self.id_seen = true;
            }
            Field::IdPlural => self.entry.msgid_plural = Some(value),
            Field::Str(k) => {
                let plural = self.entry.msgid_plural.is_some();
                let indexed = keyword != "msgstr";
                if plural != indexed || k != self.entry.msgstr.len() {
                    return Err(error(
                        n,
                        column,
                        if plural && !indexed {
                            "an entry with msgid_plural needs msgstr[0], msgstr[1]…".to_owned()
                        } else if !plural && indexed {
                            format!("{keyword} without msgid_plural")
                        } else {
                            format!("{keyword} out of order or repeated")
                        },
                    ));
                }
                self.entry.msgstr.push(value);
                self.has_msgstr = true;
            }
            _ => {}
        }
        self.field = Some(field);
        Ok(())
    }

    fn slot(&mut self, field: Field) -> &mut String {
        let entry = &mut self.entry;
        match field {
            Field::Context => entry.context.get_or_insert_with(String::new),
            Field::Id => &mut entry.msgid,
            Field::IdPlural => entry.msgid_plural.get_or_insert_with(String::new),
            Field::Str(k) => &mut entry.msgstr[k],
            Field::PreviousContext => entry.previous.context.get_or_insert_with(String::new),
            Field::PreviousId => entry.previous.source.get_or_insert_with(String::new),
            Field::PreviousIdPlural => entry.previous.source_plural.get_or_insert_with(String::new),
        }
    }

    /// Closes the entry being read.
    fn end_entry(&mut self) -> std::result::Result<(), PoError> {
        let entry = std::mem::take(&mut self.entry);
        let obsolete = std::mem::take(&mut self.obsolete);
        let started = std::mem::take(&mut self.started);
        let has_msgstr = std::mem::take(&mut self.has_msgstr);
        let id_seen = std::mem::take(&mut self.id_seen);
        self.field = None;
        if !started {
            // Comments with no entry (a file's closing remarks) are dropped.
            return Ok(());
        }
        if !id_seen || !has_msgstr {
            return Err(error(
                self.entry_line,
                1,
                if id_seen {
                    "entry has no msgstr"
                } else {
                    "entry has no msgid"
                },
            ));
        }
        if obsolete {
            self.catalogue.obsolete += 1;
            return Ok(());
        }
        if entry.msgid.is_empty() && entry.context.is_none() {
            if self.catalogue.header.is_some() || !self.catalogue.entries.is_empty() {
                return Err(error(
                    entry.line,
                    1,
                    "an entry with an empty msgid that is not the header",
                ));
            }
            self.catalogue.header = Some(entry);
            return Ok(());
        }
        if !self
            .seen
            .insert((entry.context.clone(), entry.msgid.clone()))
        {
            return Err(error(
                entry.line,
                1,
                format!(
                    "duplicate entry: msgid {:?}{} appears twice",
                    truncate(&entry.msgid),
                    entry
                        .context
                        .as_ref()
                        .map(|c| format!(" with msgctxt {:?}", truncate(c)))
                        .unwrap_or_default()
                ),
            ));
        }
        self.catalogue.entries.push(entry);
        Ok(())
    }

    fn finish(&mut self, _last_line: usize) -> std::result::Result<(), PoError> {
        self.end_entry()
    }
}

fn truncate(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Reads the quoted string at byte `at` of `line`, unescaping it; nothing
/// but spaces may follow it.
fn string(n: usize, line: &str, at: usize) -> std::result::Result<String, PoError> {
    let column = |byte: usize| line[..byte].chars().count() + 1;
    let rest = &line[at..];
    if !rest.starts_with('"') {
        return Err(error(n, column(at), "expected a string in double quotes"));
    }
    let mut out = String::new();
    let mut chars = rest[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        let here = at + 1 + i;
        match c {
            '"' => {
                let after = &rest[1 + i + 1..];
                if !after.trim().is_empty() {
                    return Err(error(n, column(here + 1), "text after the closing quote"));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '\'' => out.push('\''),
                    '?' => out.push('?'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.clone().next() {
                                Some((_, d @ '0'..='7')) => {
                                    value = value * 8 + d.to_digit(8).unwrap_or(0);
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        push_byte_escape(&mut out, value, n, column(here))?;
                    }
                    'x' => {
                        let mut value = 0;
                        let mut digits = 0;
                        while let Some((_, d)) = chars.clone().next() {
                            let Some(v) = d.to_digit(16) else { break };
                            value = value * 16 + v;
                            digits += 1;
                            chars.next();
                        }
                        if digits == 0 {
                            return Err(error(n, column(here), "\\x with no hex digits"));
                        }
                        push_byte_escape(&mut out, value, n, column(here))?;
                    }
                    other => {
                        return Err(error(n, column(here), format!("unknown escape \\{other}")))
                    }
                }
            }
            c => out.push(c),
        }
    }
    Err(error(n, column(at), "string has no closing quote"))
}

/// A `\NNN` or `\xHH` escape: ASCII only, since the file's bytes are
/// already decoded and a lone byte of a longer character means nothing.
fn push_byte_escape(
    out: &mut String,
    value: u32,
    line: usize,
    column: usize,
) -> std::result::Result<(), PoError> {
    match char::from_u32(value).filter(char::is_ascii) {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(error(
            line,
            column,
            "a numeric escape above 127 (write the character itself)",
        )),
    }
}

/// The encoding a PO file declares in its header (`charset=…`), read from
/// its ASCII bytes before it is decoded: `Ok(None)` when it declares none
/// (or gettext's placeholder `CHARSET`), an error naming the header line
/// when it declares one no decoder knows — read as UTF-8 it would be
/// guessed, not read.
pub fn declared_charset(
    bytes: &[u8],
    path: &Path,
) -> Result<Option<&'static encoding_rs::Encoding>> {
    let head = &bytes[..bytes.len().min(8192)];
    let head = String::from_utf8_lossy(head);
    let Some(at) = head.find("charset=").map(|at| at + "charset=".len()) else {
        return Ok(None);
    };
    let label: String = head[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        .collect();
    if label.is_empty() || label == "CHARSET" {
        return Ok(None);
    }
    match encoding_for_label(&label) {
        Some(encoding) => Ok(Some(encoding)),
        None => Err(Error::Import {
            path: path.to_owned(),
            line: Some(head[..at].matches('\n').count() + 1),
            column: None,
            message: format!(
                "the header declares charset {label:?}, which no decoder here knows (give --encoding with a WHATWG label, e.g. utf-8, windows-1251, koi8-r)"
            ),
        }),
    }
}

/// What `bitext import po` is given.
#[derive(Debug, Clone, Copy)]
pub struct PoImport<'a> {
    /// The document id.
    pub id: &'a str,
    /// The catalogue.
    pub path: &'a Path,
    /// The language of the `msgid`s (default `en`).
    pub source_language: Option<&'a str>,
    /// The document title (default: the header's `Project-Id-Version`).
    pub title: Option<&'a str>,
}

/// Reads a catalogue and makes a document of it: paragraphs `p1`, `p2`…
/// in file order (a re-import keeps earlier ids: see
/// [`super::reconcile`]), the header kept as metadata.
pub fn import_po(import: &PoImport, options: &InputOptions) -> Result<Imported> {
    let bytes = read_limited(import.path, options.max_file_size)?;
    import_po_bytes(import, &bytes, options)
}

/// Decodes (as `encoding` says, else as the header's charset, else as
/// UTF-8) and parses a catalogue's bytes; errors name `path` and the line.
pub(crate) fn read_catalogue(
    bytes: &[u8],
    path: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Catalogue> {
    let encoding = match encoding {
        Some(encoding) => Some(encoding),
        None => {
            // A declared UTF-8 is the default, left to the decoder (which
            // also spots UTF-16 without a mark) — unless the file starts
            // with a UTF-16 mark: a header readable byte by byte says the
            // file is no UTF-16, so the mark is malformed UTF-8, not a
            // reason to read the whole file as UTF-16.
            let utf16_mark = encoding_rs::Encoding::for_bom(bytes)
                .is_some_and(|(found, _)| found != encoding_rs::UTF_8);
            declared_charset(bytes, path)?.filter(|e| *e != encoding_rs::UTF_8 || utf16_mark)
        }
    };
    let text = decode(bytes, encoding).map_err(|source| Error::Decode {
        path: path.to_owned(),
        source,
    })?;
    parse_po(&text).map_err(|e| Error::Import {
        path: path.to_owned(),
        line: Some(e.line),
        column: Some(e.column),
        message: e.message,
    })
}

/// [`import_po`] of a catalogue's bytes, already read; `import.path`
/// names them in errors.
pub fn import_po_bytes(
    import: &PoImport,
    bytes: &[u8],
    options: &InputOptions,
) -> Result<Imported> {
    let path = import.path;
    let id = DocumentId::new(import.id)?;
    let catalogue = read_catalogue(bytes, path, options.encoding)?;
    let import_error = |message: String| Error::Import {
        path: path.to_owned(),
        line: None,
        column: None,
        message,
    };
    let source_language = import.source_language.unwrap_or("en");
    let target_language = catalogue
        .header_field("Language")
        .map(|l| l.replace('_', "-"));
    for language in [Some(source_language), target_language.as_deref()]
        .into_iter()
        .flatten()
    {
        if !is_well_formed_tag(language) {
            return Err(import_error(format!(
                "language {language:?} is not a BCP 47 tag (e.g. ru, en, pt-BR)"
            )));
        }
    }
    let mut document = Document::new(id);
    document.title = import.title.map(str::to_owned).or_else(|| {
        catalogue
            .header_field("Project-Id-Version")
            .map(str::to_owned)
    });
    document.source_language = Some(source_language.to_owned());
    document.target_language = target_language;
    if let Some(header) = &catalogue.header {
        let fields = header.msgstr.first().cloned().unwrap_or_default();
        document
            .extra
            .insert("po_header".into(), toml::Value::String(fields));
        if !header.comments.is_empty() {
            document.extra.insert(
                "po_header_comment".into(),
                toml::Value::String(header.comments.join("\n")),
            );
        }
    }
    document.paragraphs = catalogue
        .entries
        .into_iter()
        .enumerate()
        .map(|(n, entry)| paragraph(format!("p{}", n + 1), entry))
        .collect();
    // Strings are stored normalised (a space before a line break dropped,
    // NFC); the confirmations are made of the texts as stored, so that a
    // translation the catalogue does not mark for review is a confirmed
    // pair, not a stale one.
    let mut document = super::as_stored(document, path)?;
    document.confirm_translations(None);
    let mut warnings = Vec::new();
    if catalogue.obsolete > 0 {
        warnings.push(format!(
            "{} obsolete (#~) entries left out",
            catalogue.obsolete
        ));
    }
    Ok(Imported { document, warnings })
}

/// The paragraph of one entry.
fn paragraph(id: String, entry: Entry) -> Paragraph {
    let mut msgstr = entry.msgstr.into_iter();
    let target = msgstr.next().filter(|t| !t.is_empty());
    let mut paragraph = Paragraph::new(id, Some(entry.msgid), target);
    paragraph.context = entry.context;
    paragraph.source_plural = entry.msgid_plural;
    paragraph.target_plural = msgstr.collect();
    paragraph.flags = entry.flags;
    let joined = |lines: Vec<String>| (!lines.is_empty()).then(|| lines.join("\n"));
    paragraph.comment = joined(entry.comments);
    paragraph.note = joined(entry.notes);
    paragraph.references = entry.references;
    let previous = entry.previous;
    if previous != Previous::default() {
        paragraph.previous = Some(previous);
    }
    paragraph
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_utf16_mark_before_a_header_declaring_utf8_is_malformed_utf8() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend_from_slice(
            b"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n",
        );
        let error = super::read_catalogue(&bytes, std::path::Path::new("x.po"), None).unwrap_err();
        assert!(matches!(&error, crate::Error::Decode { .. }), "{error:?}");
        assert!(error.to_string().contains("x.po"), "{error}");
        // Without the mark it reads.
        let catalogue =
            super::read_catalogue(&bytes[2..], std::path::Path::new("x.po"), None).unwrap();
        assert_eq!(catalogue.entries.len(), 1);
    }

    use super::*;

    #[test]
    fn reads_every_kind_of_line() {
        let text = r#"# Translators:
# A. Translator <a@example.org>, 2024
msgid ""
msgstr ""
"Language: ru\n"
"Plural-Forms: nplurals=3;\n"

# translator's note
#. Translators: a note
#: admin/views.py:12 admin/forms.py:3
#, fuzzy, python-format
#| msgctxt "old"
#| msgid "Old "
#| "text"
msgctxt "menu"
msgid "New "
"text"
msgstr "Новый \"текст\"\n"

msgid "%d item"
msgid_plural "%d items"
msgstr[0] "%d элемент"
msgstr[1] "%d элемента"
msgstr[2] "%d элементов"

#~ msgid "Gone"
#~ msgstr "Ушло"
"#;
        let catalogue = parse_po(text).unwrap();
        assert_eq!(catalogue.header_field("language"), Some("ru"));
        assert_eq!(catalogue.obsolete, 1);
        assert_eq!(catalogue.entries.len(), 2);
        let first = &catalogue.entries[0];
        assert_eq!(first.line, 16);
        assert_eq!(first.context.as_deref(), Some("menu"));
        assert_eq!(first.msgid, "New text");
        assert_eq!(first.msgstr, ["Новый \"текст\"\n"]);
        assert_eq!(first.flags, ["fuzzy", "python-format"]);
        assert_eq!(first.comments, ["translator's note"]);
        assert_eq!(first.notes, ["Translators: a note"]);
        assert_eq!(first.references, ["admin/views.py:12", "admin/forms.py:3"]);
        assert_eq!(first.previous.context.as_deref(), Some("old"));
        assert_eq!(first.previous.source.as_deref(), Some("Old text"));
        let second = &catalogue.entries[1];
        assert_eq!(second.msgid_plural.as_deref(), Some("%d items"));
        assert_eq!(second.msgstr.len(), 3);
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("msgid \"a\"\nmsgstr \"b\n", 2, 8, "no closing quote"),
            ("msgid \"a\"\nmsgstr \"\\q\"\n", 2, 9, "unknown escape"),
            ("msgid \"a\"\nmsgtxt \"b\"\n", 2, 1, "expected msgctxt"),
            ("msgid \"a\"\n\"b\"\n", 1, 1, "no msgstr"),
            ("\"b\"\n", 1, 1, "no keyword"),
            (
                "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n",
                4,
                1,
                "duplicate",
            ),
            (
                "msgid \"a\"\nmsgstr[0] \"b\"\n",
                2,
                1,
                "without msgid_plural",
            ),
            (
                "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n",
                3,
                1,
                "needs msgstr[0]",
            ),
            (
                "msgid \"a\" x\nmsgstr \"b\"\n",
                1,
                10,
                "after the closing quote",
            ),
            ("msgstr \"b\"\n", 1, 1, "out of place"),
        ];
        for (text, line, column, message) in cases {
            let e = parse_po(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text:?}: {e:?}");
            assert!(e.message.contains(message), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn escapes() {
        let c = parse_po("msgid \"a\\tb\\\\c\\101\\x42\"\nmsgstr \"\"\n").unwrap();
        assert_eq!(c.entries[0].msgid, "a\tb\\cAB");
    }
}
