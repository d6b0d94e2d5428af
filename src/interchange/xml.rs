//! Reading XML safely, for XLIFF and TMX: the file decoded as its prolog
//! or byte-order mark says, then parsed by quick-xml into a small tree.
//!
//! The OWASP rules for XML from strangers hold: no DTD is processed, no
//! entity is expanded but the five XML predefines and character
//! references, nothing is fetched. A DOCTYPE that declares anything (an
//! internal subset) is refused outright, naming its line; a DOCTYPE that
//! only names a DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`) is passed over.
//! Any other entity reference is an error. The size limit is the caller's:
//! every input is read through the same limited read.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, Result};
use crate::normalize::{decode, encoding_for_label};

/// An element: its name as written (with any prefix), its attributes,
/// its children, and the line it starts on. Names, and texts and values
/// with nothing to unescape, are borrowed from the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    pub name: &'a str,
    pub attributes: Vec<(&'a str, Cow<'a, str>)>,
    pub children: Vec<Node<'a>>,
    pub line: usize,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node<'a> {
    Element(Element<'a>),
    Text(Cow<'a, str>),
}

impl<'a> Element<'a> {
    /// An attribute's value.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The child elements of a name.
    pub fn named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first child element of a name.
    pub fn child<'s>(&'s self, name: &'s str) -> Option<&'s Element<'a>> {
        self.named(name).next()
    }
}

/// The part of `text` that `part` is, when `part` lies inside it: so that
/// what quick-xml hands back borrowed keeps the text's lifetime.
fn within<'a>(text: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start + part.len())
        .filter(|slice| slice.as_ptr() == part.as_ptr())
}

/// A value quick-xml gave: borrowed from the text when it is a slice of it.
fn keep<'a>(text: &'a str, value: Cow<'_, str>) -> Cow<'a, str> {
    match within(text, value.as_bytes()) {
        Some(slice) => Cow::Borrowed(slice),
        None => Cow::Owned(value.into_owned()),
    }
}

/// Appends ` name="value"` to an element being written, the value
/// escaped. A character XML 1.0 cannot hold becomes U+FFFD: attributes
/// carry ids, languages and names, never a document's texts.
pub(crate) fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    let _ = crate::render::markup::push_xml_text(out, value, true, |out, _| {
        out.push('\u{fffd}');
        Ok::<(), ()>(())
    });
    out.push('"');
}

/// Refuses a file whose root element is not `name`, the element of the
/// format called `format`.
pub(crate) fn expect_root(root: &Element<'_>, name: &str, format: &str, path: &Path) -> Result<()> {
    if root.name == name {
        return Ok(());
    }
    Err(Error::Import {
        path: path.to_owned(),
        line: Some(root.line),
        column: None,
        message: format!("not {format}: the root element is <{}>", root.name),
    })
}

/// Decodes an XML file's bytes: UTF-16 by its byte-order mark, else the
/// encoding its prolog declares, else UTF-8.
pub(crate) fn decode_xml(bytes: &[u8], path: &Path) -> Result<String> {
    let error = |source| Error::Decode {
        path: path.to_owned(),
        source,
    };
    let declared = if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        None
    } else {
        declared_encoding(bytes, path)?
    };
    decode(bytes, declared.filter(|e| *e != encoding_rs::UTF_8)).map_err(error)
}

/// The encoding named by `<?xml … encoding="…"?>`, if any.
fn declared_encoding(bytes: &[u8], path: &Path) -> Result<Option<&'static encoding_rs::Encoding>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if !bytes.starts_with(b"<?xml") {
        return Ok(None);
    }
    let end = bytes
        .iter()
        .take(1024)
        .position(|&b| b == b'>')
        .unwrap_or(0);
    let prolog = String::from_utf8_lossy(&bytes[..end]);
    let Some(at) = prolog.find("encoding") else {
        return Ok(None);
    };
    let rest = prolog[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | '?' | ' '))
        .collect();
    encoding_for_label(&label)
        .map(Some)
        .ok_or_else(|| Error::Import {
            path: path.to_owned(),
            line: Some(1),
            column: None,
            message: format!(
                "the XML declaration names encoding {label:?}, which is not one bitext knows"
            ),
        })
}

/// Parses decoded XML into its root element. White space between
/// elements is kept only inside the elements named in `texts` (and their
/// descendants): elsewhere it is layout.
#[cfg(test)]
pub(crate) fn parse<'a>(text: &'a str, path: &Path, texts: &[&str]) -> Result<Element<'a>> {
    parse_with(text, path, texts, &[], |_, _| Ok(()))
}

/// [`parse`], handing each element named in `items` (a unit), once read,
/// to `item` with its open ancestors (the root first) instead of keeping
/// it in the tree: a file of many units is never held as one tree.
pub(crate) fn parse_with<'a>(
    text: &'a str,
    path: &Path,
    texts: &[&str],
    items: &[&str],
    mut item: impl FnMut(&[Element<'a>], Element<'a>) -> Result<()>,
) -> Result<Element<'a>> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    let mut lines = Lines::new(text);
    let error = |line: usize, message: String| Error::Import {
        path: path.to_owned(),
        line: Some(line),
        column: None,
        message,
    };
    let mut stack: Vec<Element<'a>> = Vec::new();
    // How many of the open elements hold text.
    let mut in_text = 0usize;
    let mut root = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let line = lines.line(reader.error_position() as usize);
            error(line, format!("not well-formed XML: {e}"))
        })?;
        let line = lines.line(at);
        match event {
            Event::Start(start) => {
                let element = element(text, &reader, &start, line, path)?;
                in_text += usize::from(in_text > 0 || texts.contains(&element.name));
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element(text, &reader, &start, line, path)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(error(line, "an end tag with no start".into()));
                };
                in_text = in_text.saturating_sub(1);
                if in_text == 0 && !stack.is_empty() && items.contains(&done.name) {
                    item(&stack, done)?;
                    continue;
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(content) => {
                let raw: &[u8] = &content;
                if in_text == 0 && raw.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                // A slice of the text is UTF-8 already; only a carriage
                // return needs the XML line-end rule.
                let slice = match within(text, raw) {
                    Some(slice) if !slice.contains('\r') => Cow::Borrowed(slice),
                    _ => keep(
                        text,
                        content
                            .xml10_content()
                            .map_err(|e| error(line, e.to_string()))?,
                    ),
                };
                push_text(&mut stack, slice);
            }
            Event::CData(data) => {
                let content = data
                    .xml10_content()
                    .map_err(|e| error(line, e.to_string()))?;
                push_text(&mut stack, keep(text, content));
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = reference.decode().map_err(|e| error(line, e.to_string()))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(text) => text.to_owned(),
                            None => {
                                return Err(error(
                                    line,
                                    format!("entity &{name}; is not expanded: bitext reads no DTD, so only the five XML entities and character references are allowed"),
                                ))
                            }
                        }
                    }
                    Err(e) => return Err(error(line, format!("a bad character reference: {e}"))),
                };
                push_text(&mut stack, Cow::Owned(resolved));
            }
            Event::DocType(doctype) => {
                let text = String::from_utf8_lossy(&doctype);
                if text.contains('[') || text.contains("<!ENTITY") {
                    return Err(error(
                        line,
                        "a DOCTYPE that declares entities or elements is refused: bitext processes no DTD (entity expansion could exhaust memory or read local files)".into(),
                    ));
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        let line = lines.line(text.len());
        return Err(error(line, "the file ends inside an element".into()));
    }
    root.ok_or_else(|| error(1, "no root element".into()))
}

fn push_text<'a>(stack: &mut [Element<'a>], text: Cow<'a, str>) {
    // Text outside the root element is only whitespace in well-formed XML.
    let Some(parent) = stack.last_mut() else {
        return;
    };
    match parent.children.last_mut() {
        Some(Node::Text(previous)) => previous.to_mut().push_str(&text),
        _ => parent.children.push(Node::Text(text)),
    }
}

fn element<'a>(
    text: &'a str,
    reader: &Reader<&[u8]>,
    start: &BytesStart<'_>,
    line: usize,
    path: &Path,
) -> Result<Element<'a>> {
    let error = |message: String| Error::Import {
        path: path.to_owned(),
        line: Some(line),
        column: None,
        message,
    };
    let name_bytes = start.name();
    let name = within(text, name_bytes.as_ref()).unwrap_or("");
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|e| error(format!("a bad attribute in <{name}>: {e}")))?;
        let key = within(text, attribute.key.as_ref()).unwrap_or("");
        let value = match within(text, &attribute.value) {
            Some(plain) if !plain.contains(['&', '\t', '\n', '\r']) => Cow::Borrowed(plain),
            _ => keep(
                text,
                attribute
                    .decode_and_unescape_value(reader.decoder())
                    .map_err(|e| error(format!("attribute {key} of <{name}>: {e}")))?,
            ),
        };
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        line,
    })
}

/// Byte offsets to 1-based lines, for offsets that only grow.
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            return 1 + memchr::memchr_iter(b'\n', &self.text[..offset]).count();
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Element<'_>> {
        parse(text, Path::new("t.xml"), &["a", "b"])
    }

    #[test]
    fn text_entities_and_lines() {
        let root = parsed("<a x=\"1 &amp; 2\">\n<b>one &lt; two&#10;three</b><c/></a>").unwrap();
        assert_eq!(root.attribute("x"), Some("1 & 2"));
        let b = root.child("b").unwrap();
        assert_eq!(b.children, [Node::Text("one < two\nthree".into())]);
        assert_eq!(b.line, 2);
        assert!(root.child("c").is_some());
    }

    #[test]
    fn entity_declarations_and_unknown_entities_are_refused() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n<!ENTITY lol2 \"&lol;&lol;\">\n]>\n<lolz>&lol2;</lolz>";
        let error = parsed(laughs).unwrap_err().to_string();
        assert!(
            error.contains("t.xml:2") && error.contains("DOCTYPE"),
            "{error}"
        );
        let error = parsed("<a>&nbsp;</a>").unwrap_err().to_string();
        assert!(error.contains("&nbsp;"), "{error}");
        let external = "<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<a>x</a>";
        assert_eq!(parsed(external).unwrap().children, [Node::Text("x".into())]);
    }

    #[test]
    fn malformed_xml_is_located() {
        let error = parsed("<a>\n<b>\n</a>").unwrap_err().to_string();
        assert!(error.starts_with("t.xml:3"), "{error}");
    }

    #[test]
    fn declared_and_marked_encodings_are_honoured() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>".to_vec();
        bytes.extend([0xC4, 0xE0]);
        bytes.extend(b"</a>");
        let text = decode_xml(&bytes, Path::new("t.xml")).unwrap();
        assert!(text.contains("<a>Да</a>"), "{text}");
        let utf16: Vec<u8> = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Да</a>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let text = decode_xml(&utf16, Path::new("t.xml")).unwrap();
        assert_eq!(parsed(&text).unwrap().children, [Node::Text("Да".into())]);
        let error = decode_xml(
            b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><a/>",
            Path::new("t.xml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("t.xml:1") && error.contains("x-klingon"),
            "{error}"
        );
    }
}
