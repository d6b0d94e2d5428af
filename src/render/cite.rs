//! A citation ([`Cited`]) in the styles scholars use: Chicago and APA as
//! text, BibTeX, and CSL-JSON (what Zotero and citeproc read).

use super::terminal::visible_line;
use crate::cite::Cited;

/// The revision's date, `YYYY-MM-DD`.
fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// What names the translation: the edition, or the revision.
fn translation(cited: &Cited) -> String {
    let language = cited
        .target_language
        .as_deref()
        .map_or_else(String::new, |l| format!(" ({l})"));
    let revision = &cited.revision;
    match &cited.edition {
        Some(edition) => format!(
            "translation{language}, edition {} of {}, revision {} of {}",
            edition.name,
            day(&edition.time),
            &revision.commit[..10.min(revision.commit.len())],
            day(&revision.time)
        ),
        None => format!(
            "translation{language}, revision {} of {}",
            &revision.commit[..10.min(revision.commit.len())],
            day(&revision.time)
        ),
    }
}

/// The original as the archive cites it.
fn original(cited: &Cited) -> String {
    if let Some(text) = cited.citation.as_ref().and_then(|c| c.text.clone()) {
        return text;
    }
    let mut parts = Vec::new();
    if let Some(title) = &cited.title {
        parts.push(format!("\"{title}\""));
    }
    if let Some(date) = &cited.date {
        parts.push(date.clone());
    }
    if let Some(c) = &cited.citation {
        parts.extend(c.archive.clone());
        parts.extend(c.reference.clone());
    }
    if parts.is_empty() {
        parts.push(cited.document.clone());
    }
    parts.join(", ")
}

/// Chicago (notes and bibliography), as one note.
pub fn chicago(cited: &Cited) -> String {
    let mut out = format!(
        "{}. {}",
        original(cited).trim_end_matches('.'),
        capitalise(&translation(cited))
    );
    if let Some(url) = cited.citation.as_ref().and_then(|c| c.url.as_deref()) {
        out.push_str(&format!(", {url}"));
    }
    out.push_str(&format!(". {}.", cited.address));
    visible_line(&out).into_owned() + "\n"
}

/// APA (7th edition), as one reference.
pub fn apa(cited: &Cited) -> String {
    let c = cited.citation.clone().unwrap_or_default();
    let author = c.archive.clone().unwrap_or_else(|| cited.document.clone());
    let year = cited
        .date
        .as_deref()
        .and_then(|d| d.get(..4))
        .unwrap_or("n.d.");
    let mut out = format!(
        "{author}. ({year}). {}",
        cited
            .title
            .clone()
            .unwrap_or_else(|| cited.document.clone())
    );
    if let Some(reference) = &c.reference {
        out.push_str(&format!(" [{reference}]"));
    }
    out.push_str(&format!(" ({}).", capitalise(&translation(cited))));
    if let Some(url) = &c.url {
        out.push_str(&format!(" {url}"));
    }
    out.push_str(&format!(" {}", cited.address));
    visible_line(&out).into_owned() + "\n"
}

/// A BibTeX `@misc` entry.
pub fn bibtex(cited: &Cited) -> String {
    // Controls shown as the terminal renderers show them, then TeX's
    // special characters escaped.
    let escape = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in visible_line(s).chars() {
            match c {
                '{' | '}' | '\\' | '%' | '&' | '$' | '#' | '_' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out
    };
    let key: String = cited
        .document
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let c = cited.citation.clone().unwrap_or_default();
    let mut fields = Vec::new();
    if let Some(title) = &cited.title {
        fields.push(("title", title.clone()));
    }
    if let Some(date) = &cited.date {
        fields.push(("date", date.clone()));
    }
    if let Some(archive) = &c.archive {
        fields.push(("organization", archive.clone()));
    }
    if let Some(url) = &c.url {
        fields.push(("url", url.clone()));
    }
    fields.push(("version", cited.revision.commit.clone()));
    let mut note = original(cited);
    note.push_str(&format!(
        ". {}. {}",
        capitalise(&translation(cited)),
        cited.address
    ));
    fields.push(("note", note));
    let mut out = format!("@misc{{{key},\n");
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{}}},\n", escape(&value)));
    }
    out.push_str("}\n");
    out
}

/// CSL-JSON: one item, in a list as citeproc reads it.
pub fn csl_json(cited: &Cited) -> String {
    let c = cited.citation.clone().unwrap_or_default();
    let mut item = serde_json::Map::new();
    let mut put = |key: &str, value: serde_json::Value| {
        item.insert(key.to_owned(), value);
    };
    put("id", cited.address.clone().into());
    put("type", "document".into());
    if let Some(title) = &cited.title {
        put("title", title.clone().into());
    }
    if let Some(date) = &cited.date {
        let parts: Vec<serde_json::Value> = date
            .split('-')
            .filter_map(|p| p.parse::<u32>().ok())
            .map(Into::into)
            .collect();
        put("issued", serde_json::json!({ "date-parts": [parts] }));
    }
    if let Some(archive) = &c.archive {
        put("archive", archive.clone().into());
    }
    if let Some(reference) = &c.reference {
        put("archive_location", reference.clone().into());
    }
    if let Some(url) = &c.url {
        put("URL", url.clone().into());
    }
    if let Some(language) = &cited.target_language {
        put("language", language.clone().into());
    }
    put("version", cited.revision.commit.clone().into());
    put(
        "note",
        format!("{}. {}", capitalise(&translation(cited)), cited.address).into(),
    );
    let mut out = serde_json::to_string_pretty(&serde_json::Value::Array(vec![item.into()]))
        .unwrap_or_default();
    out.push('\n');
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
