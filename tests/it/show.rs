//! `bitext show`: the side-by-side view.

use unicode_width::UnicodeWidthStr;

use crate::support::{fixture, import_seed, Corpus};

#[test]
fn source_left_target_right_ids_in_the_gutter() {
    let corpus = Corpus::new();
    let en = fixture("maint-guide-first.en.txt");
    let ru = fixture("maint-guide-first.ru.txt");
    let run = corpus.import_pair("text", "mg", Some((&en, "en")), Some((&ru, "ru")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = corpus.run(&["show", "mg", "--width", "80"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.lines().all(|l| l.width() <= 80),
        "{}",
        show.stdout
    );
    let row = show
        .stdout
        .lines()
        .find(|l| l.starts_with("p2 "))
        .expect("p2 row");
    let (left, right) = row.split_once(" │ ").expect("two columns");
    assert!(left.contains("Let's start by creating"), "{row}");
    assert!(right.contains("Давайте попробуем"), "{row}");
    assert!(show.stdout.contains("source (en)") && show.stdout.contains("target (ru)"));
}

#[test]
fn cjk_is_wrapped_by_display_width() {
    let corpus = Corpus::new();
    corpus.write(
        "translations/udhr-zh.toml",
        "format = 1\nid = \"udhr-zh\"\nsource_language = \"zh\"\ntarget_language = \"en\"\n\n[[paragraph]]\nid = \"a1\"\nsource = \"人人生而自由,在尊严和权利上一律平等。他们赋有理性和良心,并应以兄弟关系的精神相对待。\"\ntarget = \"All human beings are born free and equal in dignity and rights.\"\n",
    );
    let show = corpus.run(&["show", "udhr-zh", "--width", "60"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let rows: Vec<&str> = show
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("a1"))
        .collect();
    assert!(rows.len() >= 3, "{}", show.stdout);
    for row in &rows {
        assert!(row.width() <= 60, "{row:?} is {} wide", row.width());
        // The separator stays in one column on every row.
        if let Some(at) = row.find('│') {
            assert_eq!(
                row[..at].width(),
                rows[0][..rows[0].find('│').unwrap()].width(),
                "{row}"
            );
        }
    }
}

#[test]
fn a_document_without_originals_uses_the_full_width_and_shows_the_join() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let show = corpus.run(&["show", "wcda-112106", "--width", "100"]);
    assert!(show.stdout.contains("target (en)"));
    assert!(!show.stdout.contains("source ("));
    assert!(show.stdout.contains("joined at a page break (target): … Chinese-Koreans as well ¦ as among the Anglo-Ameri…"), "{}", show.stdout);
    assert!(show
        .stdout
        .contains("archive  APRF, Fond 45, Opis 1, Delo 339, Listy 17-18"));
}

#[test]
fn weak_pairs_are_marked_for_review() {
    let corpus = Corpus::new();
    corpus.write(
        "translations/w.toml",
        "format = 1\nid = \"w\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Генеральная Ассамблея,\"\ntarget = \"The General Assembly\"\nconfidence = 0.578\n\n[[paragraph]]\nid = \"p2\"\nsource = \"Статья 1\"\ntarget = \"Article 1\"\nconfidence = 0.999\n",
    );
    let show = corpus.run(&["show", "w", "--width", "80"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert_eq!(
        show.stdout.matches("check this pair").count(),
        1,
        "{}",
        show.stdout
    );
    assert!(show
        .stdout
        .contains("aligned with confidence 0.578: check this pair"));
}

#[test]
fn a_mistyped_document_id_gets_a_suggestion() {
    let corpus = crate::support::Corpus::new();
    assert_eq!(crate::support::import_seed(&corpus).code, 0);
    let run = corpus.run(&["show", "wcda-11216"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("hint: did you mean wcda-112106?"),
        "{}",
        run.stderr
    );
    let far = corpus.run(&["show", "nosuch"]);
    assert_eq!(far.code, 2);
    assert!(!far.stderr.contains("did you mean"), "{}", far.stderr);
}
