//! `bitext export` and `bitext import xliff|tmx|csv|tsv`: out to the
//! formats CAT tools and spreadsheets read, and back in.

use std::collections::BTreeSet;

use quick_xml::events::{BytesStart, BytesText, Event};
use serde_json::Value;

use crate::support::{project_root, Corpus};

/// A corpus holding the bundled Russian–English declaration, committed.
fn declaration() -> Corpus {
    let corpus = Corpus::new();
    let text = std::fs::read(project_root().join("translations/udhr-ru.toml")).unwrap();
    corpus.write("translations/udhr-ru.toml", text);
    let run = corpus.run(&["commit", "-m", "The declaration"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    corpus
}

fn json(corpus: &Corpus, args: &[&str]) -> Value {
    let run = corpus.run(args);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stderr))
}

/// Each paragraph's id, source and target, as `show --format json` has them.
fn paragraphs(corpus: &Corpus, id: &str) -> Vec<(String, Value, Value)> {
    json(corpus, &["show", id, "--format", "json"])["paragraph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_owned(),
                p["source"].clone(),
                p["target"].clone(),
            )
        })
        .collect()
}

/// Rewrites an XLIFF 2 file the way a CAT tool does, through an XML
/// reader and writer: new target texts for some units, a new segment state
/// for others.
fn edit_xliff(text: &str, targets: &[(&str, &str)], states: &[(&str, &str)]) -> String {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::new());
    let mut unit = String::new();
    let mut in_target = false;
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(e) if e.name().as_ref() == b"unit" => {
                let id = e.try_get_attribute("id").unwrap().unwrap();
                unit = String::from_utf8(id.value.to_vec()).unwrap();
            }
            Event::Start(e) if e.name().as_ref() == b"segment" => {
                if let Some((_, state)) = states.iter().find(|(u, _)| *u == unit) {
                    let mut segment = BytesStart::new("segment");
                    segment.push_attribute(("state", *state));
                    writer.write_event(Event::Start(segment)).unwrap();
                    continue;
                }
            }
            Event::Start(e) if e.name().as_ref() == b"target" => {
                if let Some((_, new)) = targets.iter().find(|(u, _)| *u == unit) {
                    writer.write_event(event.clone()).unwrap();
                    writer
                        .write_event(Event::Text(BytesText::new(new)))
                        .unwrap();
                    in_target = true;
                    continue;
                }
            }
            Event::End(e) if e.name().as_ref() == b"target" => in_target = false,
            Event::Eof => break,
            _ => {}
        }
        if !in_target {
            writer.write_event(event).unwrap();
        }
    }
    String::from_utf8(writer.into_inner()).unwrap()
}

#[test]
fn a_cat_round_trip_changes_exactly_the_units_the_translator_changed() {
    let corpus = declaration();
    let before = paragraphs(&corpus, "udhr-ru");
    let run = corpus.run(&["export", "udhr-ru", "--to", "xliff", "-o", "out.xlf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = std::fs::read_to_string(corpus.path().join("out.xlf")).unwrap();
    // Three translations rewritten, one confirmed pair sent back for review.
    let edited = edit_xliff(
        &exported,
        &[
            (
                "p4",
                "Принимая во внимание, что пренебрежение & презрение к правам человека…",
            ),
            ("p7", "Статья 1 <исправлено>"),
            ("p12", "Все люди рождаются\nсвободными."),
        ],
        &[("p20", "translated")],
    );
    corpus.write("back.xlf", &edited);
    let run = corpus.run(&["import", "xliff", "back.xlf", "--into", "udhr-ru"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("3 translations updated (p4, p7, p12)"),
        "{}",
        run.stderr
    );

    let diff = corpus.run(&["diff", "--format", "json"]);
    let diff: Value = serde_json::from_str(&diff.stdout).unwrap();
    let changed: Vec<(&str, &str)> = diff["documents"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        [("p4", "modified"), ("p7", "modified"), ("p12", "modified")]
    );
    // Ids and every other paragraph as they were.
    let after = paragraphs(&corpus, "udhr-ru");
    assert_eq!(after.len(), before.len());
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.0, new.0);
        if !["p4", "p7", "p12"].contains(&old.0.as_str()) {
            assert_eq!(old, new);
        }
    }
    assert_eq!(after[11].2, "Все люди рождаются\nсвободными.");
    assert_eq!(corpus.run(&["fmt", "--check"]).code, 0);
    // "translated" says less than the confirmation on record: kept.
    let status = json(&corpus, &["status", "--format", "json"]);
    assert_eq!(
        status["fuzzy"].as_array().map_or(0, Vec::len),
        0,
        "{status}"
    );

    // A unit sent back for review marks the paragraph fuzzy.
    let exported = std::fs::read_to_string(corpus.path().join("out.xlf")).unwrap();
    let review = exported.replacen(
        "<unit id=\"p20\">\n   <segment state=\"final\">",
        "<unit id=\"p20\">\n   <segment state=\"translated\" subState=\"bitext:fuzzy\">",
        1,
    );
    assert_ne!(review, exported);
    corpus.write("review.xlf", &review);
    let run = corpus.run(&["import", "xliff", "review.xlf", "--into", "udhr-ru"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let status = json(&corpus, &["status", "--format", "json"]);
    let fuzzy: Vec<&str> = status["fuzzy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["paragraph"].as_str().unwrap())
        .collect();
    assert_eq!(fuzzy, ["p20"], "{status}");
}

#[test]
fn every_format_reads_back_as_the_document_it_was_written_from() {
    let corpus = declaration();
    let before = paragraphs(&corpus, "udhr-ru");
    for (to, import, extension) in [
        ("xliff", "xliff", "xlf"),
        ("xliff1", "xliff", "xliff"),
        ("tmx", "tmx", "tmx"),
        ("csv", "csv", "csv"),
        ("tsv", "tsv", "tsv"),
    ] {
        let file = format!("out.{extension}");
        let run = corpus.run(&["export", "udhr-ru", "--to", to, "-o", &file]);
        assert_eq!(run.code, 0, "{to}: {}", run.stderr);
        let id = format!("copy-{to}");
        let run = corpus.run(&["import", import, &file, "--id", &id]);
        assert_eq!(run.code, 0, "{to}: {}", run.stderr);
        assert_eq!(paragraphs(&corpus, &id), before, "{to}");
        // Read back into the document it came from, it changes nothing.
        let run = corpus.run(&["import", import, &file, "--into", "udhr-ru"]);
        assert_eq!(run.code, 0, "{to}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing to take"),
            "{to}: {}",
            run.stderr
        );
        std::fs::remove_file(corpus.path().join(format!("translations/{id}.toml"))).unwrap();
    }
    let diff = corpus.run(&["diff"]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
}

#[test]
fn several_documents_export_to_a_folder_one_file_each() {
    let corpus = declaration();
    assert_eq!(crate::support::import_seed(&corpus).code, 0);
    let run = corpus.run(&["export", "--to", "xliff"]);
    assert_eq!(run.code, 2, "several documents need a folder");
    let run = corpus.run(&["export", "--to", "csv", "-o", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: BTreeSet<String> = std::fs::read_dir(corpus.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["udhr-ru.csv".into(), "wcda-112106.csv".into()])
    );
}

#[test]
fn an_original_changed_while_the_file_was_out_or_an_unknown_id_refuses_the_file() {
    let corpus = declaration();
    assert_eq!(
        corpus
            .run(&["export", "udhr-ru", "--to", "xliff1", "-o", "out.xliff"])
            .code,
        0
    );
    let exported = std::fs::read_to_string(corpus.path().join("out.xliff")).unwrap();
    // The archive corrects an original after the file went out.
    let doc = corpus.document("udhr-ru");
    corpus.write(
        "translations/udhr-ru.toml",
        doc.replacen("Preamble", "Preamble (1948)", 1),
    );
    let edited = exported.replacen("ПРЕАМБУЛА", "Преамбула", 1);
    let edited = edited.replacen("<trans-unit id=\"p9\"", "<trans-unit id=\"p9999\"", 1);
    corpus.write("back.xliff", &edited);
    let before = corpus.snapshot();
    let run = corpus.run(&["import", "xliff", "back.xliff", "--into", "udhr-ru"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("back.xliff"), "{}", run.stderr);
    assert!(run.stderr.contains("2 units refused"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unit p2: its original differs"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("unit p9999: document udhr-ru has no such paragraph"),
        "{}",
        run.stderr
    );
    assert_eq!(corpus.snapshot(), before, "nothing written");
}

#[test]
fn bad_files_are_refused_with_the_file_and_the_place_and_nothing_written() {
    let corpus = declaration();
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<xliff version=\"2.0\"><file id=\"x\"><unit id=\"p1\"><segment><source>&lol1;</source></segment></unit></file></xliff>\n";
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<xliff version=\"2.0\"><file id=\"x\"><unit id=\"p1\"><segment><source>&xxe;</source></segment></unit></file></xliff>\n";
    let undeclared = "<xliff version=\"2.0\"><file id=\"x\">\n<unit id=\"p1\"><segment><source>&nbsp;</source></segment></unit></file></xliff>\n";
    let one_tuv = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu tuid=\"udhr-ru#p1\"><tuv xml:lang=\"en\"><seg>Preamble</seg></tuv></tu>\n</body></tmx>\n";
    let markup = "<xliff version=\"2.0\" srcLang=\"en\"><file id=\"x\">\n<unit id=\"p1\"><segment><source>A</source>\n<target>B <ph id=\"1\"/></target></segment></unit></file></xliff>\n";
    let unclosed = "id,source,target\np1,Preamble,\"ПРЕАМБУЛА\np2,a,b\n";
    let utf16: Vec<u8> = "id,target\np1,ПРЕАМБУЛА\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "xliff",
            "laughs.xlf",
            laughs.into(),
            "laughs.xlf:2: a DOCTYPE",
        ),
        ("xliff", "xxe.xlf", external.into(), "xxe.xlf:2: a DOCTYPE"),
        (
            "xliff",
            "nbsp.xlf",
            undeclared.into(),
            "nbsp.xlf:2: entity &nbsp;",
        ),
        (
            "tmx",
            "one.tmx",
            one_tuv.into(),
            "one.tmx:2: unit udhr-ru#p1 has 1 <tuv>",
        ),
        (
            "xliff",
            "markup.xlf",
            markup.into(),
            "markup.xlf:3: unit p1: inline markup <ph>",
        ),
        (
            "csv",
            "unclosed.csv",
            unclosed.into(),
            "unclosed.csv:2: a quote is not closed",
        ),
        (
            "csv",
            "utf16.csv",
            utf16,
            "looks like UTF-16 without a byte-order mark",
        ),
    ];
    for (kind, name, bytes, says) in cases {
        corpus.write(name, &bytes);
        let before = corpus.snapshot();
        for extra in [&["--id", "fresh"][..], &["--into", "udhr-ru"]] {
            let mut args = vec!["import", kind, name];
            args.extend(extra);
            let run = corpus.run(&args);
            assert_eq!(run.code, 2, "{name} {extra:?}: {}", run.stderr);
            assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
            assert_eq!(corpus.snapshot(), before, "{name}: nothing written");
        }
    }
}

#[test]
fn control_characters_go_out_as_xliff_2_code_points_and_are_refused_where_xml_cannot_say_them() {
    let corpus = Corpus::new();
    corpus.write(
        "translations/ctl.toml",
        "format = 1\nid = \"ctl\"\nsource_language = \"ru\"\ntarget_language = \"en\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Да\\u001B[31m\"\ntarget = \"Yes\\u0007 & <no>\"\n",
    );
    let run = corpus.run(&["export", "ctl", "--to", "xliff", "-o", "ctl.xlf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xliff = std::fs::read_to_string(corpus.path().join("ctl.xlf")).unwrap();
    assert!(xliff.contains("Да<cp hex=\"001B\"/>[31m"), "{xliff}");
    assert!(
        xliff.contains("Yes<cp hex=\"0007\"/> &amp; &lt;no&gt;"),
        "{xliff}"
    );
    let run = corpus.run(&["import", "xliff", "ctl.xlf", "--id", "back"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(paragraphs(&corpus, "back"), paragraphs(&corpus, "ctl"));
    for to in ["xliff1", "tmx"] {
        let run = corpus.run(&["export", "ctl", "--to", to]);
        assert_eq!(run.code, 2, "{to}");
        assert!(
            run.stderr.contains("paragraph p1 holds U+001B"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn a_stale_translation_goes_out_for_review_and_comes_back_unchanged() {
    let corpus = declaration();
    // The archive corrects an original: its translation is stale.
    let doc = corpus.document("udhr-ru");
    corpus.write(
        "translations/udhr-ru.toml",
        doc.replacen("Preamble", "Preamble (1948)", 1),
    );
    let before = corpus.snapshot();
    for (to, kind, file) in [
        ("xliff", "xliff", "s.xlf"),
        ("xliff1", "xliff", "s.xliff"),
        ("tmx", "tmx", "s.tmx"),
        ("csv", "csv", "s.csv"),
        ("po", "po", "s.po"),
    ] {
        let run = corpus.run(&["export", "udhr-ru", "--to", to, "-o", file]);
        assert_eq!(run.code, 0, "{to}: {}", run.stderr);
        let written = std::fs::read_to_string(corpus.path().join(file)).unwrap();
        let says = match to {
            "xliff" => "subState=\"bitext:stale\"",
            "xliff1" => "needs-review-translation",
            "tmx" => "x-bitext-state\">stale",
            "csv" => ",stale,",
            _ => "#, fuzzy",
        };
        assert!(
            written.contains(says),
            "{to} does not say the translation is stale"
        );
        let run = corpus.run(&["import", kind, file, "--into", "udhr-ru"]);
        assert_eq!(run.code, 0, "{to}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing to take"),
            "{to}: {}",
            run.stderr
        );
        std::fs::remove_file(corpus.path().join(file)).unwrap();
        assert_eq!(corpus.snapshot(), before, "{to}");
    }
}

#[test]
fn nothing_to_export_or_no_such_document_is_an_error_not_an_empty_file() {
    let corpus = Corpus::new();
    for args in [
        &["export", "--to", "xliff", "-o", "x.xlf"][..],
        &["export", "nope", "--to", "po"],
        &["import", "xliff", "x.xlf", "--into", "nope"],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!corpus.path().join("x.xlf").exists());
    }
}

#[test]
fn a_segmented_xliff_1_2_as_okapi_and_trados_write_it_comes_back_by_paragraph() {
    let corpus = declaration();
    // What a CAT tool sends back after segmenting p3 into sentences:
    // <seg-source> and <mrk mtype="seg"> in the target, an <alt-trans>
    // suggestion, a group, and another tool's namespace.
    let xliff = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
 <file original="translations/udhr-ru.toml" source-language="en" target-language="ru" datatype="plaintext">
  <body>
   <group id="g1">
    <trans-unit id="p2" sdl:locked="false">
     <source>Preamble</source>
     <seg-source><mrk mtype="seg" mid="1">Preamble</mrk></seg-source>
     <target state="translated"><mrk mtype="seg" mid="1">Преамбула</mrk></target>
     <alt-trans match-quality="75"><source>Preamble</source><target>Вступление</target></alt-trans>
    </trans-unit>
   </group>
   <trans-unit id="p12" approved="yes">
    <source>Article 1</source>
    <target state="final"><mrk mtype="seg" mid="1">Статья</mrk> <mrk mtype="seg" mid="2">первая</mrk></target>
   </trans-unit>
  </body>
 </file>
</xliff>
"#;
    corpus.write("back.xliff", xliff);
    let run = corpus.run(&["import", "xliff", "back.xliff", "--into", "udhr-ru"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 translations updated (p2, p12)"),
        "{}",
        run.stderr
    );
    let show: Value =
        serde_json::from_str(&corpus.run(&["show", "udhr-ru", "--format", "json"]).stdout).unwrap();
    let target = |id: &str| {
        show["paragraph"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["target"]
            .clone()
    };
    assert_eq!(target("p2"), "Преамбула");
    assert_eq!(target("p12"), "Статья первая");
}

#[test]
fn an_xliff_2_unit_a_cat_tool_split_into_sentences_comes_back_whole() {
    let corpus = declaration();
    let xliff = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
 <file id="udhr-ru">
  <unit id="p2">
   <originalData><data id="d1">x</data></originalData>
   <segment id="s1" state="reviewed"><source>Pre</source><target>Пре</target></segment>
   <ignorable><source> </source></ignorable>
   <segment id="s2" state="translated"><source>amble</source><target>амбула</target></segment>
  </unit>
 </file>
</xliff>
"#;
    corpus.write("split.xlf", xliff);
    // The original as the segments give it is not the document's: refused.
    let run = corpus.run(&["import", "xliff", "split.xlf", "--into", "udhr-ru"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("split.xlf:4: unit p2: its original differs"),
        "{}",
        run.stderr
    );
    // Once the original reads so, the segments and the ignorable between
    // them are the paragraph again.
    let doc = corpus.document("udhr-ru");
    corpus.write(
        "translations/udhr-ru.toml",
        doc.replacen("source = \"Preamble\"", "source = \"Pre amble\"", 1),
    );
    let run = corpus.run(&["import", "xliff", "split.xlf", "--into", "udhr-ru"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = corpus.document("udhr-ru");
    assert!(
        doc.contains("source = \"Pre amble\"\ntarget = \"Пре амбула\""),
        "{doc}"
    );
}

#[test]
fn half_a_translation_never_replaces_a_whole_one() {
    let corpus = declaration();
    // A CAT tool split p2 into two segments and translated only the first.
    let doc = corpus.document("udhr-ru");
    corpus.write(
        "translations/udhr-ru.toml",
        doc.replacen("source = \"Preamble\"", "source = \"Pre amble\"", 1),
    );
    let xliff = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru"><file id="udhr-ru"><unit id="p2">
<segment state="translated"><source>Pre</source><target>Пре</target></segment><ignorable><source> </source></ignorable>
<segment><source>amble</source></segment></unit></file></xliff>"#;
    let xliff_1 = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="translations/udhr-ru.toml" source-language="en" target-language="ru" datatype="plaintext"><body>
<trans-unit id="p2"><source>Pre amble</source><seg-source><mrk mtype="seg" mid="1">Pre</mrk> <mrk mtype="seg" mid="2">amble</mrk></seg-source>
<target state="translated"><mrk mtype="seg" mid="1">Пре</mrk> <mrk mtype="seg" mid="2"></mrk></target></trans-unit></body></file></xliff>"#;
    let before = corpus.document("udhr-ru");
    for (name, text) in [("half.xlf", xliff), ("half.xliff", xliff_1)] {
        corpus.write(name, text);
        let run = corpus.run(&["import", "xliff", name, "--into", "udhr-ru"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing to take"),
            "{name}: {}",
            run.stderr
        );
        assert_eq!(corpus.document("udhr-ru"), before, "{name}");
    }
}
