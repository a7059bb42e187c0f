//! Crash safety: a write storm (votes, budget proposals, defect reports)
//! against a server whose process is killed with SIGKILL at a random moment,
//! ten rounds. After every restart each write that was answered with 2xx must
//! be there; at the end nothing may exist twice and the poll's tally must
//! equal its voters and receipts.
//!
//!   crash-safety                                # kill the app server (embedded RocksDB)
//!   crash-safety --kill database                # kill a `surreal start rocksdb://…` process instead
//!   crash-safety --kill-at flush --memory-limit 512M
//!       # kill just after the engine wrote a memtable to a table file and let
//!       # go of its log (needs root for the limit, which makes memtables small)
//!   crash-safety --kill-at compaction --memory-limit 512M
//!       # kill just after a compaction replaced table files
//!   crash-safety --engine surrealkv --kill-at flush --memory-limit 512M
//!       # the former engine, SurrealKV 0.21.4, which loses an answered write here
//!       # (docs/deployment.md, section 1)
//!
//! `cargo xtask test` runs three rounds of each kill point; `e2e/crash-safety.sh`
//! the long runs.

use std::{
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use clap::{Parser, ValueEnum};
use digitale_stadt::db;
use e2e::{
    citizens::{self, Api, Citizen},
    dice::{Dice, lock},
    processes::{
        self, Engine, Process, built_binary, free_loopback_addr, serve_args, within_memory_limit,
    },
};
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Victim {
    /// The app server with its embedded database.
    App,
    /// The SurrealDB server (`surreal start rocksdb://…`) under the app server.
    Database,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KillAt {
    /// A random moment up to `--max-kill-after-ms` into the storm.
    Random,
    /// Just after the engine has written a memtable to a table file and let
    /// go of the log file that held it. Reporters then attach a large photo
    /// to every report, so that a memtable fills within seconds.
    Flush,
    /// Just after a compaction has replaced table files (one that was there
    /// when the storm began is gone). Photos as for `flush`.
    Compaction,
}

#[derive(Debug, Parser)]
struct Args {
    /// Which process is killed.
    #[arg(long, value_enum, default_value_t = Victim::App)]
    kill: Victim,
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// New citizens per round; each votes once and then proposes.
    #[arg(long, default_value_t = 16)]
    citizens: usize,
    /// Anonymous reporters per round, each reporting defects until the kill.
    #[arg(long, default_value_t = 8)]
    reporters: usize,
    /// The kill comes at a random moment up to this many milliseconds into the storm.
    #[arg(long, default_value_t = 2500)]
    max_kill_after_ms: u64,
    #[arg(long, value_enum, default_value_t = KillAt::Random)]
    kill_at: KillAt,
    /// The embedded engine (`surrealkv` for the app server only: the test
    /// `surreal` is built with RocksDB alone).
    #[arg(long, value_enum, default_value_t = Engine::Rocksdb)]
    engine: Engine,
    /// Runs the process that holds the database files in a memory cgroup of
    /// this size (e.g. `512M`; needs root). The engines size their memtables
    /// from it: below 1 GiB RocksDB keeps 32 MiB ones (128 MiB on a large
    /// machine) and SurrealKV 64 MiB ones (up to 1 GiB), which
    /// `--kill-at flush` and `compaction` fill in seconds.
    #[arg(long)]
    memory_limit: Option<String>,
    /// Cargo profile whose binaries are started (`debug` or `release`).
    #[arg(long, default_value = "debug")]
    profile: String,
}

/// What became of one write.
#[derive(Debug, Clone)]
enum Outcome {
    /// Answered 2xx; the value identifies what was stored.
    Stored(String),
    /// Answered with an error status: nothing may have been stored.
    Refused(StatusCode),
    /// No answer: stored or not, but never twice.
    Unknown,
}

#[derive(Default)]
struct Ledger {
    votes: Vec<(usize, Outcome)>,
    proposals: Vec<(String, Outcome)>,
    reports: Vec<(String, Outcome)>,
}

/// Everything that lives across rounds.
struct Storm {
    args: Args,
    work: PathBuf,
    db_url: String,
    app_addr: std::net::SocketAddr,
    app: Option<Process>,
    database: Option<(Process, std::net::SocketAddr)>,
    api: Api,
    staff: Option<Citizen>,
    poll: u64,
    cycle: u64,
    voters: Vec<Citizen>,
    /// Per voter: whether the server has their vote (2xx, or 409 on a retry).
    has_voted: Vec<bool>,
    ledger: Ledger,
    dice: Dice,
    /// Sent with every report when the kill waits for the engine's work.
    photo: Option<Arc<[u8]>>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Args::parse()).await {
        Ok(summary) => {
            println!("{summary}");
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("crash-safety: FAILED: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<String, String> {
    if args.engine == Engine::Surrealkv && args.kill == Victim::Database {
        return Err("--engine surrealkv is for the app server only (--kill app)".into());
    }
    let work = built_binary(&args.profile, "").join(format!(
        "crash-safety-{}",
        match args.kill {
            Victim::App => "app",
            Victim::Database => "database",
        }
    ));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("no-site")).map_err(|e| e.to_string())?;
    let app_addr = free_loopback_addr()?;
    let mut storm = Storm {
        db_url: String::new(),
        app_addr,
        app: None,
        database: None,
        api: Api::new(&format!("http://localhost:{}", app_addr.port())),
        staff: None,
        poll: 0,
        cycle: 0,
        voters: Vec::new(),
        has_voted: Vec::new(),
        ledger: Ledger::default(),
        dice: Dice::from_clock(),
        photo: (args.kill_at != KillAt::Random)
            .then(|| Arc::from(citizens::noisy_photo(1, 1600, 1200))),
        work,
        args,
    };
    storm.start_database()?;
    let invite = storm.staff_invite()?;
    storm.start_app()?;
    storm.set_up(&invite).await?;

    let started = Instant::now();
    for round in 1..=storm.args.rounds {
        let killed_after = storm.round(round).await?;
        let checked = storm.check_stored().await?;
        println!(
            "round {round:>2}: killed the {} after {killed_after} ms; {checked}",
            match storm.args.kill {
                Victim::App => "app server",
                Victim::Database => "database server",
            }
        );
    }
    let totals = storm.final_check().await?;
    Ok(format!(
        "crash-safety ({:?}): {} rounds in {:.0} s, all passed. {totals}",
        storm.args.kill,
        storm.args.rounds,
        started.elapsed().as_secs_f64()
    ))
}

impl Storm {
    /// The database files, in whichever process holds them.
    fn storage_dir(&self) -> PathBuf {
        self.work.join(match self.args.kill {
            Victim::App => "db",
            Victim::Database => "surreal-db",
        })
    }

    fn db_config(&self) -> Result<db::DbConfig, String> {
        let mut config = db::DbConfig {
            db: self.db_url.parse().map_err(|e| format!("{e}"))?,
            ..db::DbConfig::default()
        };
        if self.database.is_some() {
            config.db_user = Some("root".into());
            config.db_pass = Some("root".into());
        }
        Ok(config)
    }

    fn start_database(&mut self) -> Result<(), String> {
        match self.args.kill {
            Victim::App => {
                self.db_url = self.args.engine.url(&self.storage_dir(), None);
            }
            Victim::Database => {
                let addr = match &self.database {
                    Some((_, addr)) => *addr,
                    None => free_loopback_addr()?,
                };
                let storage = Engine::Rocksdb.url(&self.storage_dir(), None);
                let args: Vec<String> = [
                    "start",
                    "--bind",
                    &addr.to_string(),
                    "--user",
                    "root",
                    "--pass",
                    "root",
                    "--log",
                    "warn",
                    &storage,
                ]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
                let (surreal, args) = within_memory_limit(
                    built_binary(&self.args.profile, "surreal"),
                    args,
                    self.args.memory_limit.as_deref(),
                );
                let process =
                    Process::start(&surreal, &args, addr, &self.work.join("surreal.log"))?;
                self.database = Some((process, addr));
                self.db_url = format!("ws://{addr}");
            }
        }
        Ok(())
    }

    /// A staff invitation from `digitale-stadt admin invite`, before the app
    /// server holds the embedded database.
    fn staff_invite(&self) -> Result<String, String> {
        let extra: &[(&str, &str)] = if self.database.is_some() {
            &[("--db-user", "root"), ("--db-pass", "root")]
        } else {
            &[]
        };
        processes::staff_invite(
            &built_binary(&self.args.profile, "digitale-stadt"),
            &self.db_url,
            extra,
        )
    }

    fn start_app(&mut self) -> Result<(), String> {
        let mut extra = Vec::new();
        if self.database.is_some() {
            extra = vec![("--db-user", "root"), ("--db-pass", "root")];
        }
        let args = serve_args(
            &self.db_url,
            self.app_addr,
            &self.work.join("no-site"),
            &extra,
        );
        let server = built_binary(&self.args.profile, "digitale-stadt");
        // Over `ws://` the database process holds the files and gets the limit.
        let memory_limit = match self.args.kill {
            Victim::App => self.args.memory_limit.as_deref(),
            Victim::Database => None,
        };
        let (server, args) = within_memory_limit(server, args, memory_limit);
        self.app = Some(Process::start(
            &server,
            &args,
            self.app_addr,
            &self.work.join("app.log"),
        )?);
        Ok(())
    }

    async fn set_up(&mut self, invite: &str) -> Result<(), String> {
        let staff = self.api.register("amt", Some(invite)).await?;
        let poll = self
            .api
            .call(
                Method::POST,
                "/polls",
                Some(&staff.access_token),
                Some(&citizens::open_poll("Crashtest", 3)),
            )
            .await
            .map_err(|e| e.to_string())?;
        let poll = poll.expect(StatusCode::CREATED, "creating the poll")?;
        self.poll = poll.body["number"].as_u64().ok_or("poll without number")?;
        self.staff = Some(staff);
        let cycles = self
            .api
            .call(Method::GET, "/budgets", None, None)
            .await
            .map_err(|e| e.to_string())?;
        self.cycle = cycles
            .body
            .as_array()
            .into_iter()
            .flatten()
            .find(|cycle| cycle["current_phase"] == "proposals")
            .and_then(|cycle| cycle["id"].as_u64())
            .ok_or("the demo city has no budget cycle in its proposal phase")?;
        Ok(())
    }

    /// One storm with a kill in the middle and a restart; returns when the kill came (ms).
    async fn round(&mut self, round: usize) -> Result<u64, String> {
        let first_new = self.voters.len();
        for i in 0..self.args.citizens {
            let citizen = self
                .api
                .register(&format!("buerger-{round}-{i}"), None)
                .await?;
            self.voters.push(citizen);
            self.has_voted.push(false);
        }
        let files_before = StoredFiles::read(&self.storage_dir());
        let stop = Arc::new(AtomicBool::new(false));
        let ledger = Arc::new(Mutex::new(Ledger::default()));
        let mut tasks = Vec::new();
        for voter in first_new..self.voters.len() {
            let (api, citizen, stop, ledger) = (
                self.api.clone(),
                self.voters[voter].clone(),
                stop.clone(),
                ledger.clone(),
            );
            let (poll, cycle) = (self.poll, self.cycle);
            tasks.push(tokio::spawn(async move {
                let vote = api
                    .call(
                        Method::POST,
                        &format!("/polls/{poll}/ballots"),
                        Some(&citizen.access_token),
                        Some(&citizens::single_choice(voter % 3)),
                    )
                    .await;
                let voted = outcome(vote, |body| body["code"].as_str().map(str::to_owned));
                lock(&ledger).votes.push((voter, voted));
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 30 {
                    let title = format!("Crashtest Runde {round} Person {voter} Vorschlag {n}");
                    let answer = api
                        .call(
                            Method::POST,
                            &format!("/budgets/{cycle}/proposals"),
                            Some(&citizen.access_token),
                            Some(&citizens::proposal(&title)),
                        )
                        .await;
                    let gave_up = answer.is_err();
                    lock(&ledger).proposals.push((
                        title,
                        outcome(answer, |body| body["id"].as_u64().map(|n| n.to_string())),
                    ));
                    if gave_up {
                        break;
                    }
                    n += 1;
                }
            }));
        }
        for reporter in 0..self.args.reporters {
            let (api, stop, ledger) = (self.api.clone(), stop.clone(), ledger.clone());
            let photo = self.photo.clone();
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let description = format!(
                        "Crashtest Runde {round} Melder {reporter} Meldung {n}: Laterne aus."
                    );
                    let uploaded = match &photo {
                        Some(jpeg) => match api.upload_photo(jpeg.to_vec()).await {
                            Ok(answer) if answer.status == StatusCode::CREATED => Some(answer.body),
                            // Killed, or refused: this reporter's storm ends.
                            _ => break,
                        },
                        None => None,
                    };
                    let answer = api
                        .call(
                            Method::POST,
                            "/defects/reports",
                            None,
                            Some(&citizens::lamp_report(
                                &description,
                                n * 7 + reporter as u64,
                                uploaded.as_ref(),
                            )),
                        )
                        .await;
                    let gave_up = answer.is_err();
                    lock(&ledger).reports.push((
                        description,
                        outcome(answer, |body| {
                            body["number"].as_u64().map(|n| n.to_string())
                        }),
                    ));
                    if gave_up {
                        break;
                    }
                    n += 1;
                }
            }));
        }

        let kill_after = match self.args.kill_at {
            KillAt::Random => {
                let kill_after = 200
                    + self
                        .dice
                        .below(self.args.max_kill_after_ms.saturating_sub(200).max(1));
                tokio::time::sleep(Duration::from_millis(kill_after)).await;
                kill_after
            }
            KillAt::Flush => {
                let before = files_before
                    .oldest_log
                    .ok_or("the database keeps no log file to watch")?;
                self.until(&files_before, "a memtable written out", |now| {
                    now.oldest_log.is_some_and(|oldest| oldest > before)
                })
                .await?
            }
            KillAt::Compaction => {
                // A compaction shows by a table file going away, one that
                // was there at the start or was written since (a new
                // database has none before its first flush).
                let mut seen = files_before.tables.clone();
                self.until(&files_before, "a compaction", move |now| {
                    let gone = !seen.is_subset(&now.tables);
                    seen.extend(now.tables.iter().cloned());
                    gone
                })
                .await?
            }
        };
        match self.args.kill {
            Victim::App => self.app.as_mut().map(Process::kill),
            Victim::Database => self.database.as_mut().map(|(process, _)| process.kill()),
        };
        stop.store(true, Ordering::Relaxed);
        for task in tasks {
            task.await.map_err(|e| format!("storm task: {e}"))?;
        }
        match self.args.kill {
            Victim::App => self.start_app()?,
            Victim::Database => self.start_database()?,
        }
        self.wait_until_writable().await?;

        let round_ledger = std::mem::take(&mut *lock(&ledger));
        for (voter, outcome) in &round_ledger.votes {
            if matches!(outcome, Outcome::Stored(_)) {
                self.has_voted[*voter] = true;
            }
        }
        self.ledger.votes.extend(round_ledger.votes);
        self.ledger.proposals.extend(round_ledger.proposals);
        self.ledger.reports.extend(round_ledger.reports);
        Ok(kill_after)
    }

    /// Waits until the engine's files show that `happened` (compared with
    /// the files when the storm began); returns the milliseconds waited.
    async fn until(
        &mut self,
        before: &StoredFiles,
        what: &str,
        mut happened: impl FnMut(&StoredFiles) -> bool,
    ) -> Result<u64, String> {
        let started = Instant::now();
        while !happened(&StoredFiles::read(&self.storage_dir())) {
            let victim = match self.args.kill {
                Victim::App => self.app.as_mut(),
                Victim::Database => self.database.as_mut().map(|(process, _)| process),
            };
            if let Some(status) = victim.and_then(Process::ended) {
                return Err(format!(
                    "the {:?} process ended by itself ({status}) before {what}; in a memory cgroup that is the OOM killer (see dmesg)",
                    self.args.kill
                ));
            }
            if started.elapsed() > ENGINE_WORK_TIMEOUT {
                return Err(format!(
                    "no sign of {what} within {} s (files at the start: {before:?}); without --memory-limit the memtables are large",
                    ENGINE_WORK_TIMEOUT.as_secs()
                ));
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(started.elapsed().as_millis() as u64)
    }

    /// After a database restart the app server must find its way back by
    /// itself; a write that keeps failing for a minute fails the run.
    async fn wait_until_writable(&self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            let answer = self
                .api
                .call(Method::GET, &format!("/polls/{}", self.poll), None, None)
                .await;
            if matches!(&answer, Ok(a) if a.ok()) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err(format!(
                    "the server did not recover within 60 s: {answer:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Every acknowledged write is there; every voter whose vote went
    /// unanswered can vote now or is told they already did.
    async fn check_stored(&mut self) -> Result<String, String> {
        let (mut votes, mut proposals, mut reports) = (0, 0, 0);
        for (_, outcome) in &self.ledger.votes {
            if let Outcome::Stored(code) = outcome {
                let check = self
                    .get(&format!("/polls/{}/receipts/{code}", self.poll))
                    .await?;
                if check["status"] != "received" {
                    return Err(format!("acknowledged ballot {code} is missing: {check}"));
                }
                votes += 1;
            }
        }
        for (title, outcome) in &self.ledger.proposals {
            if let Outcome::Stored(number) = outcome {
                let shown = self
                    .get(&format!("/budgets/{}/proposals/{number}", self.cycle))
                    .await?;
                if shown["title"] != title.as_str() {
                    return Err(format!(
                        "acknowledged proposal {number} ({title}) is missing: {shown}"
                    ));
                }
                proposals += 1;
            }
        }
        for (description, outcome) in &self.ledger.reports {
            if let Outcome::Stored(number) = outcome {
                let shown = self.get(&format!("/defects/reports/{number}")).await?;
                if shown["description"] != description.as_str() {
                    return Err(format!("acknowledged report {number} is missing: {shown}"));
                }
                self.check_photos(number, &shown).await?;
                reports += 1;
            }
        }
        // Accounts were registered (and answered 201) before the storm, so
        // the kill may have found them still in the memtable. Their access
        // tokens last 15 minutes, less than a long run: the refresh comes
        // first (and needs the stored session too).
        for (voter, citizen) in self.voters.iter_mut().enumerate() {
            citizen
                .refresh(&self.api)
                .await
                .map_err(|e| format!("session of acknowledged voter {voter}: {e}"))?;
            let me = self
                .api
                .call(Method::GET, "/me", Some(&citizen.access_token), None)
                .await
                .map_err(|e| e.to_string())?;
            me.expect(
                StatusCode::OK,
                format!("acknowledged account of voter {voter} is missing"),
            )?;
        }
        let mut retried = 0;
        for voter in 0..self.voters.len() {
            if self.has_voted[voter] {
                continue;
            }
            let citizen = &self.voters[voter];
            let answer = self
                .api
                .call(
                    Method::POST,
                    &format!("/polls/{}/ballots", self.poll),
                    Some(&citizen.access_token),
                    Some(&citizens::single_choice(voter % 3)),
                )
                .await
                .map_err(|e| e.to_string())?;
            match answer.status {
                StatusCode::CREATED => {
                    let code = answer.body["code"].as_str().unwrap_or_default().to_owned();
                    self.ledger.votes.push((voter, Outcome::Stored(code)));
                }
                StatusCode::CONFLICT => {}
                other => {
                    return Err(format!(
                        "retried vote of voter {voter}: {other} {}",
                        answer.body
                    ));
                }
            }
            self.has_voted[voter] = true;
            retried += 1;
        }
        let unknown = |list: &[(String, Outcome)]| {
            list.iter()
                .filter(|(_, o)| matches!(o, Outcome::Unknown))
                .count()
        };
        Ok(format!(
            "present: {} accounts, {votes} ballots, {proposals} proposals, {reports} reports acknowledged so far; {retried} unanswered votes retried; unanswered writes so far: {} proposals, {} reports",
            self.voters.len(),
            unknown(&self.ledger.proposals),
            unknown(&self.ledger.reports)
        ))
    }

    /// A report of this storm carries its one photo when photos are sent;
    /// the photo is a write of its own, acknowledged before the report.
    async fn check_photos(&self, number: &str, shown: &Value) -> Result<(), String> {
        let photos = shown["photos"].as_array().map_or(&[][..], Vec::as_slice);
        let sent = usize::from(self.photo.is_some());
        if photos.len() != sent {
            return Err(format!(
                "acknowledged report {number} shows {} photos, {sent} sent",
                photos.len()
            ));
        }
        for photo in photos {
            let url = photo["thumbnail_url"].as_str().unwrap_or_default();
            let answer = self.api.get(url).await.map_err(|e| e.to_string())?;
            answer.expect(
                StatusCode::OK,
                format!("photo {url} of acknowledged report {number}"),
            )?;
        }
        Ok(())
    }

    async fn get(&self, path: &str) -> Result<Value, String> {
        let answer = self
            .api
            .call(Method::GET, path, None, None)
            .await
            .map_err(|e| e.to_string())?;
        Ok(answer.body)
    }

    /// With the app server stopped, the database itself: nothing twice, and
    /// exactly one ballot per voter.
    async fn final_check(&mut self) -> Result<String, String> {
        if let Some(app) = self.app.as_mut() {
            app.kill();
        }
        let db = db::connect(&self.db_config()?)
            .await
            .map_err(|e| e.to_string())?;
        let mut response = db
            .query("SELECT title, count() AS n FROM budget_proposal WHERE cycle = $cycle AND string::starts_with(title, 'Crashtest') GROUP BY title")
            .query("SELECT description, count() AS n FROM defect_report WHERE string::starts_with(description, 'Crashtest') GROUP BY description")
            .query("SELECT VALUE count() FROM poll_voter WHERE poll = $poll GROUP ALL")
            .query("SELECT VALUE count() FROM poll_ballot WHERE poll = $poll GROUP ALL")
            .bind(("cycle", self.cycle))
            .bind(("poll", self.poll))
            .await
            .map_err(|e| e.to_string())?;
        let proposals: Vec<Value> = response.take(0).map_err(|e| e.to_string())?;
        let reports: Vec<Value> = response.take(1).map_err(|e| e.to_string())?;
        let voters: Option<u64> = response.take(2).map_err(|e| e.to_string())?;
        let ballots: Option<u64> = response.take(3).map_err(|e| e.to_string())?;
        db::close(db).await;

        for (kind, rows) in [("proposal", &proposals), ("report", &reports)] {
            if let Some(twice) = rows.iter().find(|row| row["n"].as_u64() != Some(1)) {
                return Err(format!("a {kind} is stored more than once: {twice}"));
            }
        }
        let everyone = self.voters.len() as u64;
        if voters != Some(everyone) || ballots != Some(everyone) {
            return Err(format!(
                "{everyone} people voted once each, but the database holds {voters:?} voter records and {ballots:?} ballots"
            ));
        }
        let stored = |list: &[(String, Outcome)]| {
            list.iter()
                .filter(|(_, o)| matches!(o, Outcome::Stored(_)))
                .count()
        };
        let refused = |list: &[(String, Outcome)]| {
            let statuses: std::collections::BTreeSet<u16> = list
                .iter()
                .filter_map(|(_, o)| match o {
                    Outcome::Refused(status) => Some(status.as_u16()),
                    _ => None,
                })
                .collect();
            let count = list
                .iter()
                .filter(|(_, o)| matches!(o, Outcome::Refused(_)))
                .count();
            format!("{count} {statuses:?}")
        };

        // The tally after the close: every acknowledged receipt counted, one vote per ballot.
        self.start_app()?;
        let staff_close = self.close_poll().await?;
        Ok(format!(
            "{} votes by {everyone} voters = {} ballots = tally {staff_close}; proposals stored {} (acknowledged {}, refused {}), reports stored {} (acknowledged {}, refused {}); none twice",
            self.ledger
                .votes
                .iter()
                .filter(|(_, o)| matches!(o, Outcome::Stored(_)))
                .count(),
            ballots.unwrap_or_default(),
            proposals.len(),
            stored(&self.ledger.proposals),
            refused(&self.ledger.proposals),
            reports.len(),
            stored(&self.ledger.reports),
            refused(&self.ledger.reports),
        ))
    }

    /// Closes the poll as staff and returns the number of votes counted; it
    /// must equal the voters, and every receipt handed out must be counted.
    async fn close_poll(&mut self) -> Result<u64, String> {
        let staff = self.staff.as_mut().ok_or("no staff account")?;
        staff.refresh(&self.api).await?;
        let poll = self.poll;
        let closed = self
            .api
            .call(
                Method::POST,
                &format!("/polls/{poll}/close"),
                Some(&staff.access_token),
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
        if !closed.ok() {
            return Err(format!(
                "closing the poll: {} {}",
                closed.status, closed.body
            ));
        }
        let results = self.get(&format!("/polls/{poll}/results")).await?;
        let tally: u64 = results["questions"][0]["options"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|option| option["votes"].as_u64())
            .sum();
        if tally != self.voters.len() as u64 || results["ballots"] != tally {
            return Err(format!(
                "{} voters, but the tally says {tally}: {results}",
                self.voters.len()
            ));
        }
        for (_, outcome) in &self.ledger.votes {
            if let Outcome::Stored(code) = outcome {
                let check = self.get(&format!("/polls/{poll}/receipts/{code}")).await?;
                if check["status"] != "counted" {
                    return Err(format!("receipt {code} is not counted: {check}"));
                }
            }
        }
        Ok(tally)
    }
}

/// How long a round may take to fill a memtable or bring on a compaction.
const ENGINE_WORK_TIMEOUT: Duration = Duration::from_secs(300);

/// What the engine's directory shows of its work. Both engines number their
/// log files and delete the oldest once its memtable is in a table file:
/// RocksDB's `NNNNNN.log` in the directory, SurrealKV's segments in `wal/`.
/// Table files are `*.sst` in either (SurrealKV's in `sstables/`).
#[derive(Debug)]
struct StoredFiles {
    oldest_log: Option<u64>,
    tables: std::collections::BTreeSet<PathBuf>,
}

impl StoredFiles {
    fn read(storage: &Path) -> Self {
        let files_in = |dir: PathBuf| {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .filter_map(|entry| Some(entry.ok()?.path()))
                .collect::<Vec<_>>()
        };
        let number = |path: &PathBuf| path.file_stem()?.to_str()?.parse::<u64>().ok();
        let top = files_in(storage.to_owned());
        let oldest_log = top
            .iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "log"))
            .chain(&files_in(storage.join("wal")))
            .filter_map(number)
            .min();
        let tables = top
            .into_iter()
            .chain(files_in(storage.join("sstables")))
            .filter(|path| path.extension().is_some_and(|ext| ext == "sst"))
            .collect();
        Self { oldest_log, tables }
    }
}

fn outcome(
    answer: Result<citizens::Answer, citizens::NoAnswer>,
    id: impl Fn(&Value) -> Option<String>,
) -> Outcome {
    match answer {
        Ok(answer) if answer.ok() => {
            id(&answer.body).map_or(Outcome::Refused(answer.status), Outcome::Stored)
        }
        Ok(answer) => Outcome::Refused(answer.status),
        Err(_) => Outcome::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_log_and_table_files_of_both_engines() {
        let root = std::env::temp_dir().join(format!("ds-stored-files-{}", std::process::id()));
        let rocksdb = root.join("rocksdb");
        let surrealkv = root.join("surrealkv");
        for dir in [
            &rocksdb,
            &surrealkv.join("wal"),
            &surrealkv.join("sstables"),
        ] {
            std::fs::create_dir_all(dir).unwrap();
        }
        for file in [
            "000012.log",
            "000015.log",
            "000010.sst",
            "000014.sst",
            "LOG",
            "MANIFEST-000005",
        ] {
            std::fs::write(rocksdb.join(file), b"").unwrap();
        }
        for file in [
            "wal/00000000000000000003.wal",
            "wal/00000000000000000004.wal",
            "sstables/00000000000000000001.sst",
        ] {
            std::fs::write(surrealkv.join(file), b"").unwrap();
        }

        let before = StoredFiles::read(&rocksdb);
        assert_eq!(before.oldest_log, Some(12));
        assert_eq!(before.tables.len(), 2);
        let files = StoredFiles::read(&surrealkv);
        assert_eq!(files.oldest_log, Some(3));
        assert_eq!(files.tables.len(), 1);

        // A flush lets go of the oldest log; a compaction removes a table.
        std::fs::remove_file(rocksdb.join("000012.log")).unwrap();
        std::fs::write(rocksdb.join("000016.sst"), b"").unwrap();
        let flushed = StoredFiles::read(&rocksdb);
        assert!(flushed.oldest_log > before.oldest_log);
        assert!(
            before.tables.is_subset(&flushed.tables),
            "no compaction yet"
        );
        std::fs::remove_file(rocksdb.join("000010.sst")).unwrap();
        let compacted = StoredFiles::read(&rocksdb);
        assert!(!before.tables.is_subset(&compacted.tables));
        let _ = std::fs::remove_dir_all(&root);
    }
}
