//! Language names and BCP 47 tags.
//!
//! Archive exports name the original language in English ("Russian",
//! "Serbo-Croatian"); documents store BCP 47 tags (`ru`, `sh`).
//! [`tag_for_name`] maps the one to the other (and [`name_for_tag`] back) for the languages common in
//! twentieth-century archives, and [`is_well_formed_tag`] checks a tag
//! against the syntax of RFC 5646 (it does not consult the IANA registry).

/// English names (lower case) of languages and their BCP 47 tags.
const NAMES: &[(&str, &str)] = &[
    ("albanian", "sq"),
    ("amharic", "am"),
    ("arabic", "ar"),
    ("armenian", "hy"),
    ("azerbaijani", "az"),
    ("belarusian", "be"),
    ("byelorussian", "be"),
    ("bengali", "bn"),
    ("bosnian", "bs"),
    ("bulgarian", "bg"),
    ("burmese", "my"),
    ("cantonese", "yue"),
    ("catalan", "ca"),
    ("chinese", "zh"),
    ("mandarin", "zh"),
    ("croatian", "hr"),
    ("czech", "cs"),
    ("danish", "da"),
    ("dutch", "nl"),
    ("english", "en"),
    ("estonian", "et"),
    ("farsi", "fa"),
    ("finnish", "fi"),
    ("french", "fr"),
    ("georgian", "ka"),
    ("german", "de"),
    ("greek", "el"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("hungarian", "hu"),
    ("icelandic", "is"),
    ("indonesian", "id"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("kazakh", "kk"),
    ("khmer", "km"),
    ("korean", "ko"),
    ("kurdish", "ku"),
    ("kyrgyz", "ky"),
    ("lao", "lo"),
    ("latin", "la"),
    ("latvian", "lv"),
    ("lithuanian", "lt"),
    ("macedonian", "mk"),
    ("malay", "ms"),
    ("mongolian", "mn"),
    ("norwegian", "no"),
    ("pashto", "ps"),
    ("persian", "fa"),
    ("polish", "pl"),
    ("portuguese", "pt"),
    ("romanian", "ro"),
    ("russian", "ru"),
    ("serbian", "sr"),
    ("serbo-croatian", "sh"),
    ("serbo-croat", "sh"),
    ("slovak", "sk"),
    ("slovenian", "sl"),
    ("slovene", "sl"),
    ("somali", "so"),
    ("spanish", "es"),
    ("swahili", "sw"),
    ("swedish", "sv"),
    ("tagalog", "tl"),
    ("tajik", "tg"),
    ("thai", "th"),
    ("tibetan", "bo"),
    ("turkish", "tr"),
    ("turkmen", "tk"),
    ("ukrainian", "uk"),
    ("urdu", "ur"),
    ("uyghur", "ug"),
    ("uzbek", "uz"),
    ("vietnamese", "vi"),
    ("yiddish", "yi"),
];

/// The BCP 47 tag for an English language name, ignoring case and
/// surrounding space: `"Russian"` → `"ru"`.
pub fn tag_for_name(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, tag)| *tag)
}

/// The English name of a tag's language (its primary subtag), for
/// headings: `"ru"` → `"Russian"`, `"zh-Hans"` → `"Chinese"`; `None` for
/// a language the table does not hold.
///
/// ```
/// assert_eq!(bitext::name_for_tag("zh-Hans").as_deref(), Some("Chinese"));
/// ```
pub fn name_for_tag(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.to_lowercase();
    let (name, _) = NAMES.iter().find(|(_, t)| *t == primary)?;
    let mut chars = name.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 syntax:
/// a 2–3 letter language, then optional extended language, script,
/// region, variants, extensions and private use; or a private-use tag
/// `x-…`). Language subtags of 4–8 letters, which no registered language
/// has, are refused, so that `Russian` is not taken for a tag.
///
/// ```
/// use bitext::is_well_formed_tag;
/// assert!(is_well_formed_tag("ru"));
/// assert!(is_well_formed_tag("zh-Hant-TW"));
/// assert!(is_well_formed_tag("sr-Latn"));
/// assert!(!is_well_formed_tag("russian"));
/// assert!(!is_well_formed_tag("en_US"));
/// ```
pub fn is_well_formed_tag(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags
        .iter()
        .any(|s| s.is_empty() || s.len() > 8 || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let alpha = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    let digit = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut rest = subtags.as_slice();
    if rest[0].eq_ignore_ascii_case("x") {
        return rest.len() > 1;
    }
    // Language: 2–3 letters, optionally with up to three extlang subtags.
    match rest.first() {
        Some(l) if alpha(l) && (2..=3).contains(&l.len()) => {
            rest = &rest[1..];
            let mut extlangs = 0;
            while let Some(e) = rest.first() {
                if extlangs < 3 && e.len() == 3 && alpha(e) {
                    rest = &rest[1..];
                    extlangs += 1;
                } else {
                    break;
                }
            }
        }
        // RFC 5646 reserves 4–8 letter language subtags, but the registry
        // holds none: refusing them catches a name written as a tag.
        _ => return false,
    }
    if let Some(s) = rest.first() {
        if s.len() == 4 && alpha(s) {
            rest = &rest[1..];
        }
    }
    if let Some(r) = rest.first() {
        if (r.len() == 2 && alpha(r)) || (r.len() == 3 && digit(r)) {
            rest = &rest[1..];
        }
    }
    while let Some(v) = rest.first() {
        let starts_digit = v.as_bytes()[0].is_ascii_digit();
        if (5..=8).contains(&v.len()) || (v.len() == 4 && starts_digit) {
            rest = &rest[1..];
        } else {
            break;
        }
    }
    while let Some(singleton) = rest.first() {
        if singleton.len() != 1 {
            return false;
        }
        let private = singleton.eq_ignore_ascii_case("x");
        rest = &rest[1..];
        // Private use runs to the end; an extension to the next singleton.
        let count = if private {
            rest.len()
        } else {
            rest.iter().take_while(|s| s.len() >= 2).count()
        };
        if count == 0 {
            return false;
        }
        rest = &rest[count..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_languages_map() {
        let expected = [
            ("Russian", "ru"),
            ("Chinese", "zh"),
            ("German", "de"),
            ("French", "fr"),
            ("Polish", "pl"),
            ("Hungarian", "hu"),
            ("Czech", "cs"),
            ("Korean", "ko"),
            ("Japanese", "ja"),
            ("Vietnamese", "vi"),
            ("Spanish", "es"),
            ("Italian", "it"),
            ("Romanian", "ro"),
            ("Bulgarian", "bg"),
            ("Mongolian", "mn"),
            ("Albanian", "sq"),
            ("Serbo-Croatian", "sh"),
            ("Arabic", "ar"),
            ("Persian", "fa"),
            ("Hebrew", "he"),
            ("Portuguese", "pt"),
            ("Ukrainian", "uk"),
            ("Slovak", "sk"),
            ("Lithuanian", "lt"),
            ("English", "en"),
        ];
        for (name, tag) in expected {
            assert_eq!(tag_for_name(name), Some(tag), "{name}");
            assert_eq!(
                tag_for_name(&format!(" {} ", name.to_uppercase())),
                Some(tag)
            );
        }
        assert_eq!(tag_for_name("Klingon"), None);
    }

    #[test]
    fn every_mapped_tag_is_well_formed() {
        for (name, tag) in NAMES {
            assert!(is_well_formed_tag(tag), "{name} → {tag}");
        }
    }

    #[test]
    fn tag_syntax() {
        for good in [
            "en",
            "en-GB",
            "es-419",
            "de-CH-1901",
            "sl-rozaj-biske",
            "zh-yue-HK",
            "en-a-bbb-x-a-ccc",
            "x-whatever",
            "hy-Latn-IT-arevela",
        ] {
            assert!(is_well_formed_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "en-",
            "-en",
            "en--GB",
            "en_US",
            "english language",
            "1951",
            "en-a",
            "en-x",
            "toolongtag",
            "russian",
        ] {
            assert!(!is_well_formed_tag(bad), "{bad}");
        }
    }
}
