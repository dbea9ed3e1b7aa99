//! `--checkpoint FILE` of fleet reads (#36): each finished (account, region) with what it found,
//! so that a run stopped half-way (Ctrl-C, a killed process, a lost connection) resumes where it
//! stopped. The file is JSON Lines: a header that names the read, then one line per finished
//! place, appended and flushed as each finishes, so a killed run leaves every line it finished
//! whole (a half-written last line is ignored). A second run with the same file skips the places
//! it lists and merges their saved results; places that failed are not recorded and are read
//! again.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aws::eks::Association;
use crate::error::{Error, Result};

pub const API_VERSION: &str = "epi/v1alpha1";
pub const KIND: &str = "FleetCheckpoint";

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    api_version: String,
    kind: String,
    /// The read: the command and what it selects (clusters, namespaces, service account).
    read: String,
}

/// One finished place.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// The account ("" for the caller's outside a fleet run).
    pub account: String,
    pub region: String,
    #[serde(default)]
    pub associations: Vec<Association>,
    /// What another command found there (`doctor --all-clusters`: each cluster's summary row
    /// with its report).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<serde_json::Value>,
}

/// An open checkpoint: what earlier runs finished, and the file this run appends to.
pub struct Checkpoint {
    path: PathBuf,
    /// The read the header names.
    read: String,
    /// Opened at the first record.
    file: std::sync::Mutex<Option<std::fs::File>>,
    done: BTreeMap<(String, String), Place>,
}

impl Checkpoint {
    /// Opens `path` (which is created, with a header for `read`, when a first place is
    /// recorded). A file made for another read, one that is not a checkpoint, or a folder that
    /// does not exist is bad input.
    pub fn open(path: &Path, read: &str) -> Result<Checkpoint> {
        let bad = |why: String| {
            Error::invalid("checkpoint", path.display().to_string(), why).with_hint(
                "give a new file, or the one an interrupted run of the same command left",
            )
        };
        let mut done = BTreeMap::new();
        let exists = path.exists();
        if exists {
            let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
            let mut lines = std::io::BufReader::new(file).lines();
            let header: Header = match lines.next() {
                Some(Ok(line)) => serde_json::from_str(&line)
                    .map_err(|_| bad("its first line is not a checkpoint header".into()))?,
                _ => return Err(bad("it is empty, not a checkpoint".into())),
            };
            if header.api_version != API_VERSION || header.kind != KIND {
                return Err(bad(format!(
                    "it is {} {}, not {API_VERSION} {KIND}",
                    header.api_version, header.kind
                )));
            }
            if header.read != read {
                return Err(bad(format!(
                    "it was made for another read ({}), not this one ({read})",
                    header.read
                )));
            }
            for line in lines {
                let Ok(line) = line else { break };
                // A killed run may leave its last line half-written: it did not finish.
                let Ok(place) = serde_json::from_str::<Place>(&line) else {
                    continue;
                };
                done.insert((place.account.clone(), place.region.clone()), place);
            }
        }
        if !exists {
            // Created when the first place finishes: a run that stops before (bad input found
            // later, no credentials) leaves no file behind. Its folder must be there now.
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !folder.is_dir() {
                return Err(bad(format!(
                    "its folder {} does not exist",
                    folder.display()
                )));
            }
        }
        Ok(Checkpoint {
            path: path.to_path_buf(),
            read: read.to_string(),
            file: std::sync::Mutex::new(None),
            done,
        })
    }

    /// The file to append to, opened (and its header written, or a torn last line ended) once.
    fn opened<'f>(
        &self,
        slot: &'f mut Option<std::fs::File>,
    ) -> std::io::Result<&'f mut std::fs::File> {
        if slot.is_none() {
            let exists = self.path.exists();
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)?;
            if exists {
                // A half-written last line must not run into the next record.
                writeln!(file)?;
            } else {
                let header = Header {
                    api_version: API_VERSION.into(),
                    kind: KIND.into(),
                    read: self.read.clone(),
                };
                let header = serde_json::to_string(&header).expect("a header serialises");
                writeln!(file, "{header}")?;
            }
            *slot = Some(file);
        }
        Ok(slot.as_mut().expect("opened above"))
    }

    /// What an earlier run finished at (account, region), if it did.
    pub fn finished(&self, account: &str, region: &str) -> Option<&Place> {
        self.done.get(&(account.to_string(), region.to_string()))
    }

    /// Records at once the places with nothing to wait for; returns the others.
    fn record_empty(
        &self,
        pending: impl IntoIterator<Item = (usize, String, String, usize)>,
    ) -> Result<Vec<(usize, String, String, usize)>> {
        let mut rest = Vec::new();
        for (i, account, region, count) in pending {
            if count == 0 {
                self.record(&Place {
                    account,
                    region,
                    associations: Vec::new(),
                    results: Vec::new(),
                })?;
            } else {
                rest.push((i, account, region, count));
            }
        }
        Ok(rest)
    }

    /// Records a finished place (one line, flushed to the disk before this returns).
    pub fn record(&self, place: &Place) -> Result<()> {
        let line = serde_json::to_string(place).expect("a place serialises");
        let mut slot = self
            .file
            .lock()
            .expect("the lock is never held across a panic");
        self.opened(&mut slot)
            .and_then(|file| {
                writeln!(file, "{line}")?;
                file.flush()?;
                file.sync_data()
            })
            .map_err(|source| Error::Write {
                path: self.path.clone(),
                source,
            })
    }
}

/// A place's account and region, how many of its associations are still to describe, and those
/// described.
type Pending = (String, String, usize, Vec<Association>);

/// A run's progress towards each place's line: how many of its associations are still being
/// described, and those described so far. A place is recorded when its last one is.
pub struct Progress<'a> {
    checkpoint: &'a Checkpoint,
    /// By index of place: (account, region, still to describe, described).
    places: std::sync::Mutex<BTreeMap<usize, Pending>>,
}

impl<'a> Progress<'a> {
    /// `pending`: the places listed in full this run, each with its account, region and the number
    /// of associations to describe. Those with none are recorded at once.
    pub fn new(
        checkpoint: &'a Checkpoint,
        pending: impl IntoIterator<Item = (usize, String, String, usize)>,
    ) -> Result<Progress<'a>> {
        let mut places = BTreeMap::new();
        for (i, account, region, count) in checkpoint.record_empty(pending)? {
            places.insert(i, (account, region, count, Vec::new()));
        }
        Ok(Progress {
            checkpoint,
            places: std::sync::Mutex::new(places),
        })
    }

    /// One association of place `i` described (None: it was deleted since it was listed).
    pub fn described(&self, i: usize, association: Option<&Association>) -> Result<()> {
        let finished = {
            let mut places = self
                .places
                .lock()
                .expect("the lock is never held across a panic");
            let Some(entry) = places.get_mut(&i) else {
                return Ok(());
            };
            entry.2 -= 1;
            entry.3.extend(association.cloned());
            if entry.2 > 0 {
                return Ok(());
            }
            places.remove(&i).expect("present")
        };
        let (account, region, _, mut associations) = finished;
        associations.sort_by(|a, b| a.association_id.cmp(&b.association_id));
        self.checkpoint.record(&Place {
            account,
            region,
            associations,
            results: Vec::new(),
        })
    }
}

/// A place's account and region, how many of its items are still to finish, what they gave, and
/// whether one failed.
type Open = (String, String, usize, Vec<serde_json::Value>, bool);

/// A run's progress towards each place's line for commands whose items are not associations
/// (`doctor --all-clusters`: the clusters of each place): a place is recorded, with what its
/// items gave, when its last item finishes, unless one of them failed (then it is read again
/// next time).
pub struct Results<'a> {
    checkpoint: &'a Checkpoint,
    places: std::sync::Mutex<BTreeMap<usize, Open>>,
}

impl<'a> Results<'a> {
    /// `pending`: the places this run reads, each with its account, region and number of items.
    /// Those with none are recorded at once.
    pub fn new(
        checkpoint: &'a Checkpoint,
        pending: impl IntoIterator<Item = (usize, String, String, usize)>,
    ) -> Result<Results<'a>> {
        let mut places = BTreeMap::new();
        for (i, account, region, count) in checkpoint.record_empty(pending)? {
            places.insert(i, (account, region, count, Vec::new(), false));
        }
        Ok(Results {
            checkpoint,
            places: std::sync::Mutex::new(places),
        })
    }

    /// One item of place `i` finished with this result (None: it failed).
    pub fn finished(&self, i: usize, result: Option<serde_json::Value>) -> Result<()> {
        let done = {
            let mut places = self
                .places
                .lock()
                .expect("the lock is never held across a panic");
            let Some(entry) = places.get_mut(&i) else {
                return Ok(());
            };
            entry.2 -= 1;
            match result {
                Some(r) => entry.3.push(r),
                None => entry.4 = true,
            }
            if entry.2 > 0 {
                return Ok(());
            }
            places.remove(&i).expect("present")
        };
        let (account, region, _, results, failed) = done;
        if failed {
            return Ok(());
        }
        self.checkpoint.record(&Place {
            account,
            region,
            associations: Vec::new(),
            results,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn association(id: &str) -> Association {
        Association {
            cluster_name: "c".into(),
            namespace: "ns".into(),
            service_account: "sa".into(),
            role_arn: "arn:aws:iam::111122223333:role/r".into(),
            association_id: id.into(),
            association_arn: format!(
                "arn:aws:eks:us-east-1:111122223333:podidentityassociation/c/{id}"
            ),
            target_role_arn: None,
            disable_session_tags: false,
            external_id: None,
            session_policy: None,
            owner_arn: None,
            tags: BTreeMap::new(),
            created_at: None,
            modified_at: None,
        }
    }

    #[test]
    fn a_second_open_finds_what_the_first_recorded_and_ignores_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.ckpt");
        let first = Checkpoint::open(&path, "association list").unwrap();
        assert!(first.finished("111122223333", "us-east-1").is_none());
        assert!(!path.exists(), "no file before a place is finished");
        first
            .record(&Place {
                account: "111122223333".into(),
                region: "us-east-1".into(),
                results: Vec::new(),
                associations: vec![association("a-1")],
            })
            .unwrap();
        drop(first);
        // A run killed while writing its next line.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        write!(f, "{{\"account\":\"4444").unwrap();
        drop(f);
        let second = Checkpoint::open(&path, "association list").unwrap();
        let place = second.finished("111122223333", "us-east-1").unwrap();
        assert_eq!(place.associations[0].association_id, "a-1");
        assert!(second.finished("444455556666", "us-east-1").is_none());
        second
            .record(&Place {
                account: "444455556666".into(),
                region: "us-east-1".into(),
                results: Vec::new(),
                associations: Vec::new(),
            })
            .unwrap();
        let third = Checkpoint::open(&path, "association list").unwrap();
        assert!(third.finished("444455556666", "us-east-1").is_some());
    }

    #[test]
    fn another_reads_checkpoint_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.ckpt");
        Checkpoint::open(&path, "association list")
            .unwrap()
            .record(&Place {
                account: "111122223333".into(),
                region: "us-east-1".into(),
                results: Vec::new(),
                associations: Vec::new(),
            })
            .unwrap();
        let err = Checkpoint::open(&path, "access who-can").err().unwrap();
        assert!(err.to_string().contains("another read"), "{err}");
        std::fs::write(&path, "not json\n").unwrap();
        assert!(Checkpoint::open(&path, "association list").is_err());
        assert!(
            Checkpoint::open(&dir.path().join("no/such/run.ckpt"), "association list").is_err()
        );
    }
}
