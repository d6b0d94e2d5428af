//! bitext's interchange files read and written by the tools translators
//! use: translate-toolkit (XLIFF 2 and 1.2, TMX, PO, CSV), GNU gettext's
//! msgcmp, and headless Chromium for the HTML edition. `.ci/run` installs
//! them; under `CI=true` a missing one fails (see `support::external`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{external, fixture, project_root, translate_toolkit, Corpus};

/// A corpus holding every bundled document.
fn bundled() -> (Corpus, Vec<String>) {
    let corpus = Corpus::new();
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(project_root().join("translations")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            corpus.write(
                &format!("translations/{name}"),
                std::fs::read(&path).unwrap(),
            );
            ids.push(name.trim_end_matches(".toml").to_owned());
        }
    }
    ids.sort();
    assert!(ids.len() >= 5, "{ids:?}");
    (corpus, ids)
}

/// (id, source, target) of each paragraph, texts "" where missing.
fn paragraphs(corpus: &Corpus, id: &str) -> Vec<(String, String, String)> {
    let run = corpus.run(&["show", id, "--format", "json"]);
    let doc: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{id}: {e} {}", run.stderr));
    doc["paragraph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap_or("").to_owned();
            (text("id"), text("source"), text("target"))
        })
        .collect()
}

/// translate-toolkit's reading of some files, one JSON object each.
fn toolkit_read(python: &Path, files: &[PathBuf]) -> Vec<Value> {
    let script = project_root().join("tests/interop/units.py");
    let output = Command::new(python)
        .arg(&script)
        .arg("read")
        .args(files)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// A translate-toolkit converter beside its Python (a venv's bin folder),
/// else on the PATH.
fn converter(python: &Path, name: &str) -> PathBuf {
    let beside = python.parent().map(|dir| dir.join(name));
    match beside {
        Some(path) if path.exists() => path,
        _ => PathBuf::from(name),
    }
}

fn first(list: &Value) -> String {
    list.as_array()
        .and_then(|l| l.first())
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

#[test]
fn every_bundled_document_exported_is_read_by_translate_toolkit_as_written() {
    let Some(python) = translate_toolkit() else {
        return;
    };
    let (corpus, ids) = bundled();
    let formats = [
        ("xliff", "xlf"),
        ("xliff1", "xliff"),
        ("tmx", "tmx"),
        ("po", "po"),
        ("csv", "csv"),
    ];
    let mut files = Vec::new();
    for id in &ids {
        for (to, extension) in formats {
            let file = corpus.path().join(format!("out/{id}.{extension}"));
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            let run = corpus.run(&["export", id, "--to", to, "-o", file.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{id} {to}: {}", run.stderr);
            files.push((id.clone(), to, file));
        }
    }
    // translate-toolkit reads a spreadsheet's CSV taking off the
    // spreadsheet escape (as csv2po --unescape-formulas does) that keeps a
    // cell such as "-- The Debian Developers" from being run as a formula.
    let read_files: Vec<PathBuf> = files.iter().map(|(_, _, file)| file.clone()).collect();
    let read = toolkit_read(&python, &read_files);
    assert_eq!(read.len(), files.len());
    let mut checked = 0;
    for ((id, to, file), store) in files.iter().zip(&read) {
        let expected: Vec<(String, String)> = paragraphs(&corpus, id)
            .into_iter()
            .filter(|(_, source, target)| match *to {
                "tmx" => !source.is_empty() && !target.is_empty(),
                "po" => !source.is_empty(),
                _ => true,
            })
            .map(|(_, source, target)| (source, target))
            .collect();
        let units: Vec<(String, String)> = store["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (first(&u["sources"]), first(&u["targets"])))
            .collect();
        assert_eq!(
            units.len(),
            expected.len(),
            "{} units in {}",
            store["type"],
            file.display()
        );
        assert_eq!(units, expected, "{}", file.display());
        checked += units.len();
    }
    assert!(checked > 500, "{checked} units compared");
}

#[test]
fn translate_toolkits_own_files_import_back_into_an_equal_document() {
    let Some(python) = translate_toolkit() else {
        return;
    };
    let (corpus, ids) = bundled();
    let out = corpus.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut compared = 0;
    for id in &ids {
        let original: Vec<(String, String)> = paragraphs(&corpus, id)
            .into_iter()
            .filter(|(_, source, _)| !source.is_empty())
            .map(|(_, s, t)| (s, t))
            .collect();
        if original.is_empty() {
            // A translation without its original has no msgids: nothing
            // for the PO-based tools to carry.
            continue;
        }
        let language = corpus.document(id);
        let language = language
            .lines()
            .find_map(|l| l.strip_prefix("target_language = \""))
            .unwrap()
            .trim_end_matches('"')
            .to_owned();
        let po = out.join(format!("{id}.po"));
        assert_eq!(
            corpus
                .run(&["export", id, "--to", "po", "-o", po.to_str().unwrap()])
                .code,
            0
        );
        let xliff1 = out.join(format!("{id}.xliff"));
        assert_eq!(
            corpus
                .run(&[
                    "export",
                    id,
                    "--to",
                    "xliff1",
                    "-o",
                    xliff1.to_str().unwrap()
                ])
                .code,
            0
        );
        let made = |name: &str| out.join(format!("{id}-toolkit.{name}"));
        let script = project_root().join("tests/interop/units.py");
        let runs: Vec<(Vec<std::ffi::OsString>, PathBuf, &str)> = vec![
            (
                vec![
                    converter(&python, "po2xliff").into(),
                    po.clone().into(),
                    made("xlf").into(),
                ],
                made("xlf"),
                "xliff",
            ),
            (
                vec![
                    converter(&python, "po2tmx").into(),
                    "-l".into(),
                    language.clone().into(),
                    po.clone().into(),
                    made("tmx").into(),
                ],
                made("tmx"),
                "tmx",
            ),
            (
                vec![
                    converter(&python, "po2csv").into(),
                    po.clone().into(),
                    made("csv").into(),
                ],
                made("csv"),
                "csv",
            ),
            (
                vec![
                    converter(&python, "xliff2po").into(),
                    xliff1.clone().into(),
                    made("po").into(),
                ],
                made("po"),
                "po",
            ),
            (
                vec![
                    python.clone().into(),
                    script.clone().into(),
                    "xliff2".into(),
                    po.clone().into(),
                    made("2.xlf").into(),
                ],
                made("2.xlf"),
                "xliff",
            ),
        ];
        for (command, file, kind) in runs {
            let output = Command::new(&command[0])
                .args(&command[1..])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{command:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let copy = format!("{id}-back-{}", file.extension().unwrap().to_string_lossy());
            let mut args = vec!["import", kind, file.to_str().unwrap(), "--id", &copy];
            if kind == "po" {
                args.extend(["--source-language", "en"]);
            }
            let run = corpus.run(&args);
            assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
            let back: Vec<(String, String)> = paragraphs(&corpus, &copy)
                .into_iter()
                .map(|(_, s, t)| (s, t))
                .collect();
            assert_eq!(back, original, "{} imported back", file.display());
            compared += back.len();
            std::fs::remove_file(corpus.path().join(format!("translations/{copy}.toml"))).unwrap();
        }
    }
    assert!(compared > 500, "{compared} paragraphs compared");
}

#[test]
fn a_django_catalogue_imported_and_exported_is_the_same_catalogue() {
    let Some(python) = translate_toolkit() else {
        return;
    };
    let Some(msgcmp) = external("msgcmp", &["--version"], "GNU gettext") else {
        return;
    };
    let corpus = Corpus::new();
    let mut pairs = Vec::new();
    for name in ["admin-5.1.3.po", "core-5.1.3.po", "core-2.2.28.po"] {
        let original = fixture(&format!("django-ru-po/{name}"));
        let id = name.trim_end_matches(".po").replace('.', "-");
        let run = corpus.run(&["import", "po", original.to_str().unwrap(), "--id", &id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let exported = corpus.path().join(name);
        let run = corpus.run(&[
            "export",
            &id,
            "--to",
            "po",
            "-o",
            exported.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (def, reference) in [(&exported, &original), (&original, &exported)] {
            let output = Command::new(&msgcmp)
                .arg(def)
                .arg(reference)
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "msgcmp {} {}: {}",
                def.display(),
                reference.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        pairs.push((original, exported));
    }
    let files: Vec<PathBuf> = pairs
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    let read = toolkit_read(&python, &files);
    for (k, (original, _)) in pairs.iter().enumerate() {
        let (before, after) = (&read[2 * k], &read[2 * k + 1]);
        let units = |store: &Value| -> Vec<Value> {
            store["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    serde_json::json!([
                        u["context"],
                        u["sources"],
                        u["targets"],
                        u["fuzzy"],
                        u["flags"]
                    ])
                })
                .collect()
        };
        let (before, after) = (units(before), units(after));
        assert!(before.len() > 100, "{}", original.display());
        assert_eq!(after, before, "{}", original.display());
        // Plural forms were there to compare.
        assert!(
            before.iter().any(|u| u[2].as_array().unwrap().len() == 4),
            "{}",
            original.display()
        );
    }
}

/// Measures a rendered edition from inside the page: each pair's cells,
/// where they sit and what language they say, and what the page loaded.
const MEASURE: &str = r#"<script>
// A cell's text without the marks bitext adds (page breaks).
const text = cell => {
  const copy = cell.cloneNode(true);
  copy.querySelectorAll('.page-break, .missing').forEach(mark => mark.remove());
  return copy.textContent;
};
const pairs = [...document.querySelectorAll('section.pair')].map(p => {
  const [s, t] = [p.querySelector('.source'), p.querySelector('.target')];
  const [a, b] = [s.getBoundingClientRect(), t.getBoundingClientRect()];
  return {id: p.id, sourceLang: s.lang, targetLang: t.lang,
          sourceLeft: a.left, sourceRight: a.right, targetLeft: b.left, top: a.top - b.top,
          sourceText: text(s), targetText: text(t)};
});
const out = document.createElement('pre');
out.id = 'bitext-measure';
out.textContent = JSON.stringify({pairs, loaded: performance.getEntriesByType('resource').length,
                                  lang: document.documentElement.lang});
document.body.appendChild(out);
</script>"#;

fn chromium(args: &[&str], page: &Path) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap()
}

#[test]
fn the_html_edition_renders_each_pair_side_by_side_in_chromium() {
    if external("chromium", &["--version"], "Chromium").is_none() {
        return;
    }
    let (corpus, _) = bundled();
    for id in ["wcda-112106", "udhr-ru"] {
        let page = corpus.path().join(format!("{id}.html"));
        let run = corpus.run(&["export", id, "--to", "html", "-o", page.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        // The page as written: no console message of any kind.
        let output = chromium(&["--enable-logging=stderr", "--v=0", "--dump-dom"], &page);
        let log = String::from_utf8_lossy(&output.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
        assert!(console.is_empty(), "{id}: {console:?}");
        let dom = String::from_utf8_lossy(&output.stdout);
        assert!(
            dom.contains("class=\"pair\""),
            "{id}: the page did not render:\n{log}"
        );

        let html = std::fs::read_to_string(&page).unwrap();
        let measured = corpus.path().join(format!("{id}-measured.html"));
        std::fs::write(
            &measured,
            html.replace("</body>", &format!("{MEASURE}</body>")),
        )
        .unwrap();
        let output = chromium(&["--window-size=1280,900", "--dump-dom"], &measured);
        let dom = String::from_utf8_lossy(&output.stdout);
        let marker = "<pre id=\"bitext-measure\">";
        let start = dom.find(marker).expect("the measuring script ran") + marker.len();
        let json = &dom[start..start + dom[start..].find("</pre>").unwrap()];
        let json = json
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let report: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(report["loaded"], 0, "{id}: the edition loads nothing");
        let expected = paragraphs(&corpus, id);
        let pairs = report["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), expected.len(), "{id}");
        let document = corpus.document(id);
        let language = |key: &str| {
            document
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
                .map_or("und".to_owned(), |l| l.trim_end_matches('"').to_owned())
        };
        for (pair, (pid, source, target)) in pairs.iter().zip(&expected) {
            assert_eq!(pair["id"], pid.as_str());
            assert_eq!(
                pair["sourceLang"],
                language("source_language").as_str(),
                "{id} {pid}"
            );
            assert_eq!(
                pair["targetLang"],
                language("target_language").as_str(),
                "{id} {pid}"
            );
            let (right, left) = (
                pair["sourceRight"].as_f64().unwrap(),
                pair["targetLeft"].as_f64().unwrap(),
            );
            assert!(
                right <= left,
                "{id} {pid}: the translation is not beside the original: {pair}"
            );
            assert!(
                pair["top"].as_f64().unwrap().abs() < 1.0,
                "{id} {pid}: the two sides do not start level: {pair}"
            );
            if !target.is_empty() {
                assert_eq!(pair["targetText"], target.as_str(), "{id} {pid}");
            }
            if !source.is_empty() {
                assert_eq!(pair["sourceText"], source.as_str(), "{id} {pid}");
            }
        }
    }
}

#[test]
fn a_second_reader_the_npm_xliff_package_reads_every_bundled_document_as_written() {
    let script = project_root().join("tests/interop/xliff.js");
    let probe = script.to_str().unwrap().to_owned();
    if external(
        "node",
        &[&probe, "--probe"],
        "the npm xliff package (npm ci in tests/interop)",
    )
    .is_none()
    {
        return;
    }
    let (corpus, ids) = bundled();
    let mut files = Vec::new();
    for id in &ids {
        for (to, extension) in [("xliff", "xlf"), ("xliff1", "xliff")] {
            let file = corpus.path().join(format!("{id}.{extension}"));
            let run = corpus.run(&["export", id, "--to", to, "-o", file.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            files.push((id.clone(), file));
        }
    }
    let output = Command::new("node")
        .arg(&script)
        .args(files.iter().map(|(_, f)| f))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let read: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(read.len(), files.len());
    for ((id, file), store) in files.iter().zip(&read) {
        let mut expected = paragraphs(&corpus, id);
        let mut units: Vec<(String, String, String)> = store["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let text = |k: &str| u[k].as_str().unwrap().to_owned();
                (text("id"), text("source"), text("target"))
            })
            .collect();
        // The package keeps units in an object, which orders keys its own way.
        expected.sort();
        units.sort();
        assert_eq!(units, expected, "{}", file.display());
    }
}

#[test]
fn a_second_reader_python_tmx_reads_every_bundled_documents_tmx_with_its_dates() {
    let Some(python) = translate_toolkit() else {
        return;
    };
    if external(
        python.to_str().unwrap(),
        &["-c", "import PythonTmx"],
        "python-tmx",
    )
    .is_none()
    {
        return;
    }
    let (corpus, ids) = bundled();
    let run = corpus.run(&["commit", "-m", "The bundled documents"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files = Vec::new();
    for id in &ids {
        let file = corpus.path().join(format!("{id}.tmx"));
        let run = corpus.run(&["export", id, "--to", "tmx", "-o", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        files.push((id.clone(), file));
    }
    let output = Command::new(&python)
        .arg(project_root().join("tests/interop/tmx.py"))
        .args(files.iter().map(|(_, f)| f))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut pairs = 0;
    for ((id, file), line) in files.iter().zip(stdout.lines()) {
        let store: Value = serde_json::from_str(line).unwrap();
        let expected: Vec<Value> = paragraphs(&corpus, id)
            .into_iter()
            .filter(|(_, s, t)| !s.is_empty() && !t.is_empty())
            .map(|(pid, s, t)| serde_json::json!([format!("{id}#{pid}"), s, t]))
            .collect();
        let units: Vec<Value> = store["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                // Dated from the history, as PythonTmx parsed the dates.
                assert!(
                    u["creationdate"]
                        .as_str()
                        .is_some_and(|d| d.starts_with("20")),
                    "{u}"
                );
                assert!(u["changedate"].as_str().is_some(), "{u}");
                serde_json::json!([u["tuid"], u["tuvs"][0][1], u["tuvs"][1][1]])
            })
            .collect();
        assert_eq!(units, expected, "{}", file.display());
        pairs += units.len();
    }
    assert!(pairs > 200, "{pairs} pairs compared");
}

/// Measures an HTML diff from its rendered DOM.
const MEASURE_DIFF: &str = r#"<script>
const cells = [...document.querySelectorAll('tr.paragraph')].map(row => {
  const [s, t] = [row.querySelector('td.source'), row.querySelector('td.target')];
  const [a, b] = [s.getBoundingClientRect(), t.getBoundingClientRect()];
  return {id: row.id, sourceLang: s.lang, targetLang: t.lang, marks: [...row.querySelectorAll('.mark')].map(m => m.className),
          sourceRight: a.right, targetLeft: b.left, sourceBottom: a.bottom, targetTop: b.top};
});
// Each deletion followed at once by an insertion on the same line: the gap between them.
const gaps = [...document.querySelectorAll('del + span.between + ins')].map(ins => {
  const del = ins.previousElementSibling.previousElementSibling;
  const [d, i] = [del.getClientRects(), ins.getClientRects()];
  const last = d[d.length - 1], first = i[0];
  return Math.abs(last.top - first.top) < 2 ? first.left - last.right : null;
}).filter(g => g !== null);
const style = sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).textDecorationLine : null; };
const out = document.createElement('pre');
out.id = 'bitext-measure';
out.textContent = JSON.stringify({cells, gaps,
  headings: [...document.querySelectorAll('thead th')].map(th => th.textContent),
  old: document.getElementById('old-version').textContent,
  new: document.getElementById('new-version').textContent,
  sections: [...document.querySelectorAll('section')].map(s => s.id),
  del: style('td del'), ins: style('td ins'),
  overflow: document.documentElement.scrollWidth - window.innerWidth,
  loaded: performance.getEntriesByType('resource').length});
document.body.appendChild(out);
</script>"#;

/// What the measuring script reports of a page at a window width.
fn measure_diff(corpus: &Corpus, page: &Path, width: u32) -> Value {
    let html = std::fs::read_to_string(page).unwrap();
    let measured = corpus.path().join(format!("measured-{width}.html"));
    std::fs::write(
        &measured,
        html.replace("</body>", &format!("{MEASURE_DIFF}</body>")),
    )
    .unwrap();
    let output = chromium(
        &[&format!("--window-size={width},900"), "--dump-dom"],
        &measured,
    );
    let dom = String::from_utf8_lossy(&output.stdout);
    let marker = "<pre id=\"bitext-measure\">";
    let start = dom.find(marker).expect("the measuring script ran") + marker.len();
    let json = dom[start..start + dom[start..].find("</pre>").unwrap()]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_html_diff_names_its_columns_languages_and_revisions_and_reads_on_a_phone_in_chromium() {
    if external("chromium", &["--version"], "Chromium").is_none() {
        return;
    }
    let (corpus, _) = bundled();
    let commit = corpus.run(&[
        "commit",
        "-m",
        "the bundled corpus",
        "--author",
        "Anna Petrova <anna@example.org>",
    ]);
    assert_eq!(commit.code, 0, "{}", commit.stderr);
    // A revision: a Russian translation rewritten (a deletion beside an
    // insertion), an original corrected under a confirmed translation
    // (stale), a translation marked fuzzy, a pair of low confidence.
    let mut document = bitext::document::parse_document(&corpus.document("udhr-ru"))
        .unwrap()
        .0;
    let p = |k: usize| k;
    let first_target = document.paragraphs[p(4)].target.clone().unwrap();
    let words: Vec<&str> = first_target.split(' ').collect();
    let rewritten = format!("{} {}", "Новое начало", words[2..].join(" "));
    document.paragraphs[p(4)].target = Some(rewritten);
    let source = document.paragraphs[p(5)].source.clone().unwrap();
    document.paragraphs[p(5)].source = Some(source.replacen("the", "the very", 1));
    document.paragraphs[p(6)].flags.push("fuzzy".into());
    document.paragraphs[p(6)].target = Some(format!(
        "{} (черновик)",
        document.paragraphs[p(6)].target.clone().unwrap()
    ));
    document.paragraphs[p(7)].confidence = Some(0.4);
    document.paragraphs[p(7)].target = Some(format!(
        "{} (проверить)",
        document.paragraphs[p(7)].target.clone().unwrap()
    ));
    corpus.write("translations/udhr-ru.toml", document.to_canonical_string());
    let second = corpus.run(&[
        "commit",
        "-m",
        "revised",
        "--author",
        "Boris Ivanov <boris@example.org>",
        "--no-verify",
    ]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let page = corpus.path().join("changes.html");
    let run = corpus.run(&["diff", "HEAD~1", "HEAD", "--html", page.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);

    let wide = measure_diff(&corpus, &page, 1280);
    assert_eq!(wide["loaded"], 0, "the page loads nothing");
    let headings: Vec<&str> = wide["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(
        headings,
        [
            "Paragraph",
            "Original (English, en)",
            "Translation (Russian, ru)"
        ]
    );
    let (old, new) = (wide["old"].as_str().unwrap(), wide["new"].as_str().unwrap());
    assert!(
        old.contains("HEAD~1") && old.contains("Anna Petrova"),
        "{old}"
    );
    assert!(new.contains("Boris Ivanov") && new.contains("20"), "{new}");
    assert_eq!(wide["sections"][0], "udhr-ru");
    let cells = wide["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 4, "{cells:?}");
    for cell in cells {
        assert_eq!(cell["sourceLang"], "en");
        assert_eq!(cell["targetLang"], "ru");
        assert!(
            cell["sourceRight"].as_f64().unwrap() <= cell["targetLeft"].as_f64().unwrap(),
            "side by side: {cell}"
        );
        assert!(cell["id"].as_str().unwrap().starts_with("udhr-ru--p"));
    }
    let marks: Vec<String> = cells
        .iter()
        .flat_map(|c| {
            c["marks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_owned())
        })
        .collect();
    for mark in ["mark stale", "mark fuzzy", "mark low-confidence"] {
        assert!(marks.iter().any(|m| m == mark), "{mark} missing: {marks:?}");
    }
    // Deletions and insertions: told apart without colour, kept apart.
    assert_eq!(wide["del"], "line-through");
    assert_eq!(wide["ins"], "underline");
    let gaps = wide["gaps"].as_array().unwrap();
    assert!(!gaps.is_empty(), "a deletion next to an insertion");
    assert!(gaps.iter().all(|g| g.as_f64().unwrap() >= 2.0), "{gaps:?}");

    // On a phone: nothing wider than the screen, the columns one under
    // the other.
    let phone = measure_diff(&corpus, &page, 375);
    assert!(
        phone["overflow"].as_f64().unwrap() <= 0.0,
        "{}",
        phone["overflow"]
    );
    for cell in phone["cells"].as_array().unwrap() {
        assert!(
            cell["targetTop"].as_f64().unwrap() >= cell["sourceBottom"].as_f64().unwrap() - 1.0,
            "{cell}"
        );
    }
}
