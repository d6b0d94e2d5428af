//! The crate's shape, checked from its sources: the library's modules
//! depend on each other one way only, git is spoken to only under
//! `src/history/`, and no public signature names a git type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::project_root;

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The library's top-level module a file belongs to (`None` for the crate
/// root and the command line, which is a crate of its own).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "cli")).then_some(name)
}

/// Code without its comments, so that prose naming a module is not a use,
/// and without its unit tests (`#[cfg(test)] mod …`), which may read
/// fixtures through any module without the library depending on it.
fn code(text: &str) -> String {
    let code = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    without_test_modules(&code)
}

/// `code` with each `#[cfg(test)]` module cut out, up to its closing brace.
fn without_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let is_module = after.trim_start().starts_with("mod ");
        let Some(open) = after.find('{').filter(|_| is_module) else {
            out.push_str(&rest[..at + "#[cfg(test)]".len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut end = after.len();
        for (k, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn unit_tests_are_not_dependencies() {
    let code = "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n    fn f() { format!(\"{x}\"); }\n}\nuse crate::c;";
    let kept = without_test_modules(code);
    assert!(
        kept.contains("crate::a") && kept.contains("crate::c"),
        "{kept}"
    );
    assert!(!kept.contains("crate::b"), "{kept}");
    // A test-only item that is not a module stays.
    assert!(without_test_modules("#[cfg(test)]\nuse crate::d;").contains("crate::d"));
}

/// The modules a file names through `crate::…`, including in grouped
/// imports (`use crate::{a::X, b};`).
fn uses(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = ident(item.trim());
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

fn library_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = project_root().join("src");
    let modules: BTreeSet<String> = rust_files(&src)
        .iter()
        .filter_map(|f| module_of(&src, f))
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = code(&std::fs::read_to_string(&file).unwrap());
        assert!(
            !text.contains("super::super"),
            "{}: name other modules through crate::, not super::super",
            file.display()
        );
        let entry = graph.entry(module.clone()).or_default();
        for used in uses(&text) {
            if used != module && modules.contains(&used) {
                entry.insert(used);
            }
        }
    }
    graph
}

/// A cycle of the graph, if it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, bool>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut found = path[start..].to_vec();
                found.push(node.to_owned());
                return Some(found);
            }
            Some(false) => return None,
            None => {}
        }
        state.insert(node.to_owned(), true);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, state, path) {
                return Some(found);
            }
        }
        path.pop();
        state.insert(node.to_owned(), false);
        None
    }
    let mut state = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut state, &mut Vec::new()))
}

#[test]
fn the_library_s_modules_depend_on_each_other_one_way() {
    let graph = library_graph();
    // The layers the design names must be there, or the check sees nothing.
    for (from, to) in [
        ("check", "document"),
        ("config", "check"),
        ("corpus", "config"),
        ("history", "corpus"),
        ("history", "diff"),
        ("render", "check"),
    ] {
        assert!(
            graph.get(from).is_some_and(|t| t.contains(to)),
            "{from} should use {to}: {graph:?}"
        );
    }
    assert_eq!(cycle(&graph), None, "{graph:#?}");
    // The format and its helpers sit at the bottom.
    for low in ["document", "normalize", "error", "hash", "date"] {
        let above: Vec<&String> = graph
            .get(low)
            .into_iter()
            .flatten()
            .filter(|m| !["normalize", "error", "hash", "scan"].contains(&m.as_str()))
            .collect();
        assert!(above.is_empty(), "{low} uses {above:?}");
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        uses("use crate::{document::Side, hash};\nlet x = crate::check::CHECKS;"),
        ["check", "document", "hash"].map(String::from).into()
    );
}

#[test]
fn git_is_spoken_to_only_under_src_history_and_never_in_public_signatures() {
    let src = project_root().join("src");
    for file in rust_files(&src) {
        let text = code(&std::fs::read_to_string(&file).unwrap());
        let in_history = file.starts_with(src.join("history"));
        if !in_history {
            assert!(!text.contains("git2"), "{} names git2", file.display());
            continue;
        }
        // Public items of the history name no git type: not in their
        // signatures, nor as public fields.
        let mut signature = String::new();
        for line in text.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("pub ") || trimmed.starts_with("pub(crate) ") {
                signature = trimmed.to_owned();
            } else if !signature.is_empty() {
                signature.push(' ');
                signature.push_str(trimmed);
            }
            if signature.contains('{') || signature.contains(';') || signature.is_empty() {
                let mut head = signature.split('{').next().unwrap_or("").to_owned();
                // A tuple struct's private field is not part of its API.
                if let (Some(open), Some(close)) = (head.find('('), head.rfind(')')) {
                    if head.starts_with("pub struct") && !head[open..close].contains("pub") {
                        head.replace_range(open..=close, "");
                    }
                }
                for git_type in ["git2", "Oid", "Repository", "Tree<", "Blob<", "Signature"] {
                    assert!(
                        !head.contains(git_type) || head.starts_with("pub(crate)"),
                        "{}: a public signature names {git_type}: {head}",
                        file.display()
                    );
                }
                signature.clear();
            }
        }
    }
}
