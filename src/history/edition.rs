//! Published editions: revisions an archive names as published (annotated
//! tags), so that a citation can name the edition its text is in.

use git2::Oid;

use super::log::Stamp;
use super::{git_error, CommitId, History};
use crate::date::rfc3339;
use crate::error::{Error, Result};

/// A published edition: an annotated tag on a revision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edition {
    /// The tag's name, e.g. `2026-edition`.
    pub name: String,
    /// The revision it names.
    pub commit: String,
    /// When it was published, RFC 3339.
    pub time: String,
    /// What the publisher wrote.
    pub message: String,
}

impl History {
    /// Who made a revision, and when.
    pub fn stamp(&self, commit: CommitId) -> Result<Stamp> {
        let commit = self
            .repo
            .find_commit(commit.0)
            .map_err(|e| git_error(&self.root, e))?;
        let author = commit.author();
        Ok(Stamp {
            commit: commit.id().to_string(),
            author: author.name().unwrap_or("").to_owned(),
            time: rfc3339(author.when().seconds(), author.when().offset_minutes()),
            message: commit.summary().ok().flatten().unwrap_or("").to_owned(),
        })
    }

    /// Tags the revision `at` as the published edition `name`, with
    /// `message`: an annotated tag, signed by the repository's user.
    /// Refuses a name git does not take, or one already used.
    pub fn publish(&self, name: &str, message: &str, at: CommitId) -> Result<Edition> {
        let refuse = |message: String| Error::History {
            path: self.root.clone(),
            message,
        };
        if !git2::Reference::is_valid_name(&format!("refs/tags/{name}")) {
            return Err(refuse(format!(
                "{name:?} is not a name git takes for a tag"
            )));
        }
        if self
            .repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
        {
            return Err(refuse(format!("an edition or tag {name:?} exists already")));
        }
        let git = |e| git_error(&self.root, e);
        let tagger = self.repo.signature().map_err(|e| {
            refuse(format!(
                "no publisher: {} (set user.name and user.email)",
                e.message()
            ))
        })?;
        let target = self.repo.find_object(at.0, None).map_err(git)?;
        let mut text = message.trim_end().to_owned();
        text.push('\n');
        let tag = self
            .repo
            .tag(name, &target, &tagger, &text, false)
            .map_err(git)?;
        self.edition(tag)
    }

    fn edition(&self, tag: Oid) -> Result<Edition> {
        let git = |e| git_error(&self.root, e);
        let tag = self.repo.find_tag(tag).map_err(git)?;
        let commit = tag.target().and_then(|t| t.peel_to_commit()).map_err(git)?;
        let time = tag
            .tagger()
            .map(|s| rfc3339(s.when().seconds(), s.when().offset_minutes()))
            .unwrap_or_default();
        Ok(Edition {
            name: tag.name().unwrap_or("").to_owned(),
            commit: commit.id().to_string(),
            time,
            message: tag
                .message()
                .ok()
                .flatten()
                .unwrap_or("")
                .trim_end()
                .to_owned(),
        })
    }

    /// The published editions (annotated tags) whose revision is `commit`
    /// or comes after it, latest first.
    pub fn editions_containing(&self, commit: CommitId) -> Result<Vec<Edition>> {
        let git = |e| git_error(&self.root, e);
        let mut editions = Vec::new();
        let names = self.repo.tag_names(None).map_err(git)?;
        for name in names.iter().flatten().flatten() {
            let Ok(reference) = self.repo.find_reference(&format!("refs/tags/{name}")) else {
                continue;
            };
            // Only annotated tags are editions.
            let Some(tag) = reference
                .target()
                .filter(|oid| self.repo.find_tag(*oid).is_ok())
            else {
                continue;
            };
            let edition = self.edition(tag)?;
            let target = Oid::from_str(&edition.commit).map_err(git)?;
            if target == commit.0
                || self
                    .repo
                    .graph_descendant_of(target, commit.0)
                    .map_err(git)?
            {
                editions.push(edition);
            }
        }
        editions.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.name.cmp(&a.name)));
        Ok(editions)
    }
}
