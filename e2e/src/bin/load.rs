//! Load tests on loopback against the release server with an embedded
//! database (RocksDB; `--engine surrealkv` for the former engine):
//!
//!   load prepare     a city with 100,000 papers, 10,000 proposals and 50,000 reports (once)
//!   load run         500 citizens and OParl clients for 10 minutes: throughput,
//!                    p50/p99 latency, errors, server memory
//!   load vote-storm  64 voters voting at once: durable votes per second next to
//!                    the raw in-process insert rate of the same records
//!
//! `e2e/bench/load.sh` builds the release binaries and runs all three.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use clap::{Parser, Subcommand};
use digitale_stadt::{db, migrate};
use e2e::{
    citizens::{self, Api, Citizen},
    dice::{Dice, lock},
    processes::{
        Engine, Process, built_binary, cpu_seconds, serve_args, staff_invite, within_memory_limit,
    },
};
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[derive(Debug, Parser)]
struct Args {
    /// Where the prepared city and the logs live.
    #[arg(long, default_value_os_t = built_binary("bench", "load"))]
    work: PathBuf,
    /// The embedded engine (give each engine its own `--work` folder).
    #[arg(long, value_enum, default_value_t = Engine::Rocksdb)]
    engine: Engine,
    /// RocksDB's `sync` parameter (every, never, or an interval such as 1s):
    /// what durability costs.
    #[arg(long)]
    sync: Option<String>,
    /// The server's port on loopback, also in its public URL. `prepare` and
    /// `run` must use the same: the stored OParl texts hold absolute URLs,
    /// and a server on another address renders all of them again at start.
    #[arg(long, default_value_t = 18960)]
    port: u16,
    #[command(subcommand)]
    task: Task,
}

impl Args {
    /// The address of an embedded database of the chosen engine in `dir`.
    fn db_url(&self, dir: &Path) -> Result<String, String> {
        let url = self.engine.url(dir, self.sync.as_deref());
        // Refused here rather than by the server after the city was made.
        url.parse::<digitale_stadt::db::DbUrl>()?;
        Ok(url)
    }
}

#[derive(Debug, Clone, Subcommand)]
enum Task {
    /// Seeds the city (papers through `digitale-stadt seed --scale`,
    /// proposals and reports through the API).
    Prepare {
        /// Council scale: 500 gives 100,000 papers.
        #[arg(long, default_value_t = 500)]
        scale: u64,
        #[arg(long, default_value_t = 10_000)]
        proposals: u64,
        #[arg(long, default_value_t = 50_000)]
        reports: u64,
        /// Accounts the run's citizens use.
        #[arg(long, default_value_t = 500)]
        citizens: usize,
        /// Serves under this memory limit, as `run --memory-limit` does.
        #[arg(long)]
        memory_limit: Option<String>,
    },
    /// The mixed workload.
    Run {
        #[arg(long, default_value_t = 500)]
        clients: usize,
        /// Seconds.
        #[arg(long, default_value_t = 600)]
        duration: u64,
        /// Share of the clients that are OParl harvesters instead of citizens.
        #[arg(long, default_value_t = 0.2)]
        oparl_share: f64,
        /// Mean pause between two actions of one citizen, in milliseconds
        /// (people read before they click); 0 makes every client hammer.
        #[arg(long, default_value_t = 1000)]
        think_ms: u64,
        /// Runs the server with this memory limit (e.g. 256M), as a
        /// container would (`e2e/bench/memory-limit.sh`, needs root).
        #[arg(long)]
        memory_limit: Option<String>,
    },
    /// Only votes: `voters` accounts each voting in `polls` polls at once.
    VoteStorm {
        #[arg(long, default_value_t = 64)]
        voters: usize,
        #[arg(long, default_value_t = 100)]
        polls: usize,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let result = match args.task.clone() {
        Task::Prepare {
            scale,
            proposals,
            reports,
            citizens,
            memory_limit,
        } => {
            prepare(
                &args,
                scale,
                proposals,
                reports,
                citizens,
                memory_limit.as_deref(),
            )
            .await
        }
        Task::Run {
            clients,
            duration,
            oparl_share,
            think_ms,
            memory_limit,
        } => {
            run(
                &args,
                clients,
                Duration::from_secs(duration),
                oparl_share,
                think_ms,
                memory_limit.as_deref(),
            )
            .await
        }
        Task::VoteStorm { voters, polls } => vote_storm(&args, voters, polls).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("load: FAILED: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Where a work folder keeps its city.
fn city_dir(work: &Path) -> PathBuf {
    work.join("city")
}

/// The release server on `db` at `port`, its public URL
/// `http://localhost:<port>` (passkeys need a host name); in a memory
/// cgroup of `memory_limit` if given. Returns once the server has rendered
/// every missing OParl text, so that this pass does not share the cores
/// with what is measured.
async fn start_server(
    work: &Path,
    db: &str,
    port: u16,
    memory_limit: Option<&str>,
) -> Result<(Process, Api), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    std::fs::create_dir_all(work.join("no-site")).map_err(|e| e.to_string())?;
    let (binary, args) = within_memory_limit(
        built_binary("release", "digitale-stadt"),
        serve_args(db, addr, &work.join("no-site"), &[]),
        memory_limit,
    );
    let log = work.join("server.log");
    let logged_before = std::fs::metadata(&log).map_or(0, |m| m.len());
    let mut server = Process::start(&binary, &args, addr, &log)?;
    let started = Instant::now();
    loop {
        let text = std::fs::read(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let since_start = text.get(logged_before as usize..).unwrap_or_default();
        if String::from_utf8_lossy(since_start).contains(TEXTS_COMPLETE) {
            break;
        }
        if let Some(status) = server.ended() {
            return Err(format!(
                "the server ended ({status}); see {}",
                log.display()
            ));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    println!(
        "server ready, its OParl texts complete {:.0} s after it answered",
        started.elapsed().as_secs_f64()
    );
    Ok((server, Api::new(&format!("http://localhost:{port}"))))
}

/// What the server logs once every stored OParl text is rendered
/// (`council/texts.rs`).
const TEXTS_COMPLETE: &str = "OParl-Texte vollständig";

/// Runs `jobs` futures made by `make(i)` with at most `parallel` at once;
/// the first error stops the lot.
async fn in_parallel<F, Fut>(jobs: u64, parallel: usize, make: F) -> Result<(), String>
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    use futures_util::stream::{self, StreamExt, TryStreamExt};
    stream::iter(0..jobs)
        .map(make)
        .buffer_unordered(parallel)
        .try_collect::<Vec<()>>()
        .await
        .map(|_| ())
}

/// The number of the cycle in its proposal phase, and how many proposals it has.
fn open_budget_cycle(cycles: &Value) -> Result<(u64, u64), String> {
    cycles
        .as_array()
        .into_iter()
        .flatten()
        .find(|cycle| cycle["current_phase"] == "proposals")
        .and_then(|cycle| Some((cycle["id"].as_u64()?, cycle["proposals"].as_u64()?)))
        .ok_or_else(|| "the demo city has no budget cycle in its proposal phase".to_owned())
}

/// The highest defect report number, found by probing: numbers are handed
/// out one after another.
async fn highest_report(api: &Api) -> Result<u64, String> {
    let exists = |n: u64| async move {
        let answer = api
            .call(Method::GET, &format!("/defects/reports/{n}"), None, None)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<bool, String>(answer.status == StatusCode::OK)
    };
    let (mut low, mut high) = (0, 1);
    while exists(high).await? {
        (low, high) = (high, high * 2);
    }
    // `low` exists (or is 0), `high` does not.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if exists(middle).await? {
            low = middle;
        } else {
            high = middle;
        }
    }
    Ok(low)
}

async fn prepare(
    args: &Args,
    scale: u64,
    proposals: u64,
    reports: u64,
    citizens_wanted: usize,
    memory_limit: Option<&str>,
) -> Result<(), String> {
    let work = &args.work;
    // A prepared city is completed, not made again: seeding, proposals and
    // reports each add only what is missing.
    std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
    let db = args.db_url(&city_dir(work))?;
    let started = Instant::now();
    // Seeding holds the whole council in memory (over 3 GB at scale 500),
    // far more than the server; it writes everything out before it exits.
    let status = std::process::Command::new(built_binary("release", "digitale-stadt"))
        .args(["seed", "--db", &db, "--scale", &scale.to_string()])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("digitale-stadt seed: {status}"));
    }
    println!(
        "city seeded (council at scale {scale}) in {:.0} s",
        started.elapsed().as_secs_f64()
    );

    let invite = staff_invite(&built_binary("release", "digitale-stadt"), &db, &[])?;
    let (mut server, api) = start_server(work, &db, args.port, memory_limit).await?;
    // Names of this run's accounts, distinct from those of earlier runs.
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let staff = api.register(&format!("amt-{run}"), Some(&invite)).await?;
    let poll = api
        .call(
            Method::POST,
            "/polls",
            Some(&staff.access_token),
            Some(&citizens::open_poll("Lasttest", 3)),
        )
        .await
        .map_err(|e| e.to_string())?;
    let poll = poll.body["number"]
        .as_u64()
        .ok_or_else(|| format!("poll: {} {}", poll.status, poll.body))?;
    let (cycle, existing_proposals) = open_budget_cycle(
        &api.call(Method::GET, "/budgets", None, None)
            .await
            .map_err(|e| e.to_string())?
            .body,
    )?;

    // Each person may make 30 proposals in the demo's cycle.
    let started = Instant::now();
    let missing = proposals.saturating_sub(existing_proposals);
    let proposers = missing.div_ceil(30);
    let api_ref = &api;
    in_parallel(proposers, 8, |p| async move {
        let person = api_ref
            .register(&format!("vorschlag-{run}-{p}"), None)
            .await?;
        for n in 0..30.min(missing - p * 30) {
            let title = format!("Vorschlag {p}-{n}: Mehr Bänke am Aasee");
            let answer = api_ref
                .call(
                    Method::POST,
                    &format!("/budgets/{cycle}/proposals"),
                    Some(&person.access_token),
                    Some(&citizens::proposal(&title)),
                )
                .await
                .map_err(|e| e.to_string())?;
            answer.expect(StatusCode::CREATED, "proposal")?;
        }
        Ok(())
    })
    .await?;
    println!(
        "{missing} proposals by {proposers} people in {:.0} s ({existing_proposals} were there)",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let existing = highest_report(&api).await?;
    let missing = reports.saturating_sub(existing);
    in_parallel(missing, 16, |n| async move {
        let description = format!("Meldung {n}: Die Laterne leuchtet seit Tagen nicht.");
        let answer = api_ref
            .call(
                Method::POST,
                "/defects/reports",
                None,
                Some(&citizens::lamp_report(&description, n, None)),
            )
            .await
            .map_err(|e| e.to_string())?;
        if answer.status == StatusCode::CREATED {
            Ok(())
        } else {
            Err(format!("report: {} {}", answer.status, answer.body))
        }
    })
    .await?;
    println!(
        "{missing} reports in {:.0} s ({existing} were there)",
        started.elapsed().as_secs_f64()
    );

    // The run's citizens: registered now, their refresh tokens kept, so the
    // run starts with signing in only.
    let started = Instant::now();
    let accounts = Mutex::new(Vec::new());
    let accounts_ref = &accounts;
    in_parallel(citizens_wanted as u64, 8, |i| async move {
        let citizen = api_ref.register(&format!("last-{run}-{i}"), None).await?;
        lock(accounts_ref).push(citizen.refresh_token().to_owned());
        Ok(())
    })
    .await?;
    let citizens = accounts
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    println!(
        "{} citizens registered in {:.0} s",
        citizens.len(),
        started.elapsed().as_secs_f64()
    );
    let prepared = Prepared {
        cycle,
        proposals: proposals.max(existing_proposals),
        poll,
        reports,
        citizens,
    };
    let prepared = serde_json::to_string(&prepared).map_err(|e| e.to_string())?;
    std::fs::write(work.join("prepared.json"), prepared).map_err(|e| e.to_string())?;
    // Every run starts from a copy of this city: it must hold every answered write.
    server.stop()
}

/// Latencies and failures of one kind of request.
#[derive(Default)]
struct Stats {
    micros: Vec<u64>,
    /// Milliseconds into the run at which each of `micros` was answered.
    answered_at: Vec<u64>,
    errors: u64,
    first_errors: Vec<String>,
}

/// Answers slower than the goal are counted per window of the run, to
/// tell a tail spread over the run from one bunched at a moment (the start,
/// a memtable flush).
const SLOW_MICROS: u64 = 300_000;
const SLOW_WINDOW_SECS: u64 = 30;

#[derive(Clone)]
struct Recorder {
    stats: Arc<Mutex<HashMap<&'static str, Stats>>>,
    since: Instant,
}

impl Recorder {
    fn new() -> Self {
        Self {
            stats: Arc::default(),
            since: Instant::now(),
        }
    }

    fn record(
        &self,
        kind: &'static str,
        took: Duration,
        answer: &Result<citizens::Answer, citizens::NoAnswer>,
        expected: &[StatusCode],
    ) {
        let mut all = lock(&self.stats);
        let stats = all.entry(kind).or_default();
        let micros = took.as_micros() as u64;
        stats.micros.push(micros);
        stats
            .answered_at
            .push(self.since.elapsed().as_millis() as u64);
        let failure = match answer {
            Ok(answer) if answer.ok() || expected.contains(&answer.status) => None,
            Ok(answer) => Some(format!("{} {}", answer.status, answer.body)),
            Err(e) => Some(e.to_string()),
        };
        if let Some(failure) = failure {
            stats.errors += 1;
            if stats.first_errors.len() < 3 {
                stats.first_errors.push(failure);
            }
        }
    }
}

/// Times one call and records it.
async fn timed(
    recorder: &Recorder,
    kind: &'static str,
    expected: &[StatusCode],
    call: impl std::future::Future<Output = Result<citizens::Answer, citizens::NoAnswer>>,
) -> Result<citizens::Answer, citizens::NoAnswer> {
    let started = Instant::now();
    let answer = call.await;
    recorder.record(kind, started.elapsed(), &answer, expected);
    answer
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

async fn run(
    args: &Args,
    clients: usize,
    duration: Duration,
    oparl_share: f64,
    think_ms: u64,
    memory_limit: Option<&str>,
) -> Result<(), String> {
    let work = &args.work;
    let prepared: Prepared = serde_json::from_str(
        &std::fs::read_to_string(work.join("prepared.json"))
            .map_err(|e| format!("run `load prepare` first: {e}"))?,
    )
    .map_err(|e| e.to_string())?;
    // Every run starts from the same prepared city.
    let run_dir = work.join("run");
    let _ = std::fs::remove_dir_all(&run_dir);
    copy_dir(&city_dir(work), &city_dir(&run_dir))?;
    let (server, api) = start_server(
        &run_dir,
        &args.db_url(&city_dir(&run_dir))?,
        args.port,
        memory_limit,
    )
    .await?;

    let oparl_clients = ((clients as f64) * oparl_share).round() as usize;
    let citizen_clients = clients - oparl_clients;
    if prepared.citizens.len() < citizen_clients {
        return Err(format!(
            "{citizen_clients} citizens wanted, {} prepared",
            prepared.citizens.len()
        ));
    }
    let mut people = Vec::with_capacity(citizen_clients);
    for token in &prepared.citizens[..citizen_clients] {
        people.push(Citizen::from_refresh_token(&api, token).await?);
    }
    let context = Arc::new(Workload {
        api,
        cycle: prepared.cycle,
        poll: prepared.poll,
        reports: prepared.reports,
        think_ms,
        recorder: Recorder::new(),
        stop: AtomicBool::new(false),
    });

    println!(
        "{citizen_clients} citizens and {oparl_clients} OParl clients for {} s (mean pause {think_ms} ms)",
        duration.as_secs()
    );
    let started = Instant::now();
    let cpu_before = (server.cpu_seconds(), cpu_seconds("self"));
    let mut tasks = Vec::new();
    for (i, person) in people.into_iter().enumerate() {
        tasks.push(tokio::spawn(citizen(context.clone(), person, i as u64 + 1)));
    }
    for i in 0..oparl_clients {
        tasks.push(tokio::spawn(oparl_client(context.clone(), i as u64 + 1)));
    }
    let mut peak_rss = 0;
    while started.elapsed() < duration {
        tokio::time::sleep(Duration::from_secs(1)).await;
        peak_rss = peak_rss.max(server.rss_bytes().unwrap_or_default());
    }
    context.stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    peak_rss = peak_rss.max(server.rss_bytes().unwrap_or_default());
    let used = |before: Option<f64>, after: Option<f64>| {
        after
            .zip(before)
            .map_or(0.0, |(a, b)| 100.0 * (a - b) / elapsed)
    };
    println!(
        "CPU during the run: server {:.0} %, load generator {:.0} % (100 % = one core)",
        used(cpu_before.0, server.cpu_seconds()),
        used(cpu_before.1, cpu_seconds("self")),
    );
    drop(server);
    write_answers(&context.recorder, &run_dir.join("answers.csv"))?;
    report(&context.recorder, elapsed, peak_rss)
}

/// Every answer of the run (`ms into the run,request,ms taken`), to set the
/// slow ones beside what the server did at that moment.
fn write_answers(recorder: &Recorder, path: &Path) -> Result<(), String> {
    let all = lock(&recorder.stats);
    let mut lines: Vec<(u64, &str, u64)> = all
        .iter()
        .flat_map(|(kind, stats)| {
            stats
                .answered_at
                .iter()
                .zip(&stats.micros)
                .map(|(at, micros)| (*at, *kind, *micros))
        })
        .collect();
    lines.sort_unstable();
    let mut csv = String::from("at_ms,request,took_ms\n");
    for (at, kind, micros) in lines {
        csv.push_str(&format!("{at},{kind},{:.1}\n", micros as f64 / 1000.0));
    }
    std::fs::write(path, csv).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("every answer: {}", path.display());
    Ok(())
}

/// What `load prepare` leaves for the runs.
#[derive(serde::Serialize, serde::Deserialize)]
struct Prepared {
    cycle: u64,
    proposals: u64,
    poll: u64,
    reports: u64,
    citizens: Vec<String>,
}

struct Workload {
    api: Api,
    cycle: u64,
    poll: u64,
    reports: u64,
    think_ms: u64,
    recorder: Recorder,
    stop: AtomicBool,
}

impl Workload {
    async fn pause(&self, dice: &mut Dice, scale: u64) {
        if self.think_ms > 0 {
            let mean = self.think_ms / scale.max(1);
            tokio::time::sleep(Duration::from_millis(dice.below(2 * mean + 1))).await;
        }
    }
}

/// A citizen on the phone: mostly reading, sometimes commenting on a proposal
/// or voting, now and then reporting a defect with a photo.
async fn citizen(work: Arc<Workload>, mut person: Citizen, seed: u64) {
    let mut dice = Dice::new(seed);
    // People arrive spread over one pause, not all in the same millisecond.
    work.pause(&mut dice, 1).await;
    let (api, rec, cycle) = (&work.api, &work.recorder, work.cycle);
    let mut voted = false;
    let mut seen: Vec<u64> = Vec::new();
    let mut refreshed = Instant::now();
    while !work.stop.load(Ordering::Relaxed) {
        if refreshed.elapsed() > Duration::from_secs(600) {
            let answer = person.refresh(api).await;
            if let Err(e) = answer {
                rec.record("refresh", Duration::ZERO, &Err(citizens::NoAnswer(e)), &[]);
            }
            refreshed = Instant::now();
        }
        let token = Some(person.access_token.as_str());
        match dice.below(100) {
            0..40 => {
                // A page of 25, as the phone shows them: the list opened
                // anew, or scrolled on from the page before.
                let after = match seen.last() {
                    Some(last) if dice.below(2) == 0 => format!("&after={last}"),
                    _ => String::new(),
                };
                let answer = timed(
                    rec,
                    "proposal page",
                    &[],
                    api.call(
                        Method::GET,
                        &format!("/budgets/{cycle}/proposals?limit=25{after}"),
                        token,
                        None,
                    ),
                )
                .await;
                if let Ok(answer) = answer {
                    seen = answer
                        .body
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["id"].as_u64())
                        .collect();
                }
            }
            40..55 => {
                if let Some(&id) = seen.get(dice.below(seen.len().max(1) as u64) as usize) {
                    let _ = timed(
                        rec,
                        "proposal",
                        &[],
                        api.call(
                            Method::GET,
                            &format!("/budgets/{cycle}/proposals/{id}"),
                            token,
                            None,
                        ),
                    )
                    .await;
                }
            }
            55..63 => {
                let _ = timed(
                    rec,
                    "report page",
                    &[],
                    api.call(Method::GET, "/defects/reports?limit=25", None, None),
                )
                .await;
            }
            63..68 => {
                let _ = timed(
                    rec,
                    "poll list",
                    &[],
                    api.call(Method::GET, "/polls", None, None),
                )
                .await;
            }
            68..73 if !voted => {
                let ballot = citizens::single_choice(dice.below(3) as usize);
                let _ = timed(
                    rec,
                    "vote",
                    &[],
                    api.call(
                        Method::POST,
                        &format!("/polls/{}/ballots", work.poll),
                        token,
                        Some(&ballot),
                    ),
                )
                .await;
                voted = true;
            }
            68..83 => {
                // The cycle is in its proposal phase, where people discuss
                // proposals (supports open only in the phase after it).
                if let Some(&id) = seen.get(dice.below(seen.len().max(1) as u64) as usize) {
                    let comment = serde_json::json!({
                        "body": format!("Guter Vorschlag, ich wohne gleich um die Ecke ({}).", dice.below(1000))
                    });
                    let _ = timed(
                        rec,
                        "comment",
                        &[],
                        api.call(
                            Method::POST,
                            &format!("/budgets/{cycle}/proposals/{id}/comments"),
                            token,
                            Some(&comment),
                        ),
                    )
                    .await;
                }
            }
            83..90 => {
                let photo = timed(
                    rec,
                    "photo upload",
                    &[],
                    api.upload_photo(citizens::photo(dice.below(1 << 20))),
                )
                .await;
                if let Ok(photo) = photo
                    && photo.ok()
                {
                    let description = format!(
                        "Last {seed}-{}: Die Laterne flackert.",
                        dice.below(u64::MAX)
                    );
                    let report = citizens::lamp_report(
                        &description,
                        dice.below(1_000_000),
                        Some(&photo.body),
                    );
                    let _ = timed(
                        rec,
                        "report",
                        &[],
                        api.call(Method::POST, "/defects/reports", token, Some(&report)),
                    )
                    .await;
                }
            }
            _ => {
                let number = 1 + dice.below(work.reports.max(1));
                let _ = timed(
                    rec,
                    "report detail",
                    &[],
                    api.call(
                        Method::GET,
                        &format!("/defects/reports/{number}"),
                        None,
                        None,
                    ),
                )
                .await;
            }
        }
        work.pause(&mut dice, 1).await;
    }
}

/// A civic developer's harvester walking the paper list page by page, and
/// fetching single papers in between, as OParl clients do.
async fn oparl_client(work: Arc<Workload>, seed: u64) {
    let mut dice = Dice::new(seed * 7919);
    work.pause(&mut dice, 4).await;
    let (api, rec) = (&work.api, &work.recorder);
    let mut next: Option<String> = None;
    while !work.stop.load(Ordering::Relaxed) {
        let page = match next.take() {
            Some(url) => timed(rec, "oparl paper page", &[], api.get(&url)).await,
            None => {
                timed(
                    rec,
                    "oparl paper page",
                    &[],
                    api.get("/oparl/v1/body/1/paper"),
                )
                .await
            }
        };
        if let Ok(page) = page {
            // Harvesters start over now and then instead of walking all 1,000 pages.
            if dice.below(50) > 0 {
                next = page.body["links"]["next"].as_str().map(str::to_owned);
            }
            let papers = page.body["data"].as_array().cloned().unwrap_or_default();
            if let Some(paper) = papers.get(dice.below(papers.len().max(1) as u64) as usize)
                && let Some(id) = paper["id"].as_str()
            {
                let _ = timed(rec, "oparl paper", &[], api.get(id)).await;
            }
        }
        work.pause(&mut dice, 4).await;
    }
}

fn report(recorder: &Recorder, elapsed: f64, peak_rss: u64) -> Result<(), String> {
    let all = lock(&recorder.stats);
    let mut kinds: Vec<_> = all.iter().collect();
    kinds.sort_by_key(|(kind, _)| *kind);
    let mut every: Vec<u64> = Vec::new();
    let mut errors = 0;
    println!(
        "{:<20} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "request", "count", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for (kind, stats) in &kinds {
        let mut sorted = stats.micros.clone();
        sorted.sort_unstable();
        println!(
            "{kind:<20} {:>9} {:>9.1} {:>9.1} {:>9.1} {:>7}",
            sorted.len(),
            percentile(&sorted, 0.50),
            percentile(&sorted, 0.99),
            percentile(&sorted, 1.0),
            stats.errors
        );
        for error in &stats.first_errors {
            println!("    e.g. {error}");
        }
        every.extend(sorted);
        errors += stats.errors;
    }
    every.sort_unstable();
    let windows = (elapsed as u64).div_ceil(SLOW_WINDOW_SECS).max(1) as usize;
    let mut slow = vec![0u64; windows];
    for (_, stats) in &kinds {
        for (at, _) in stats
            .answered_at
            .iter()
            .zip(&stats.micros)
            .filter(|(_, micros)| **micros > SLOW_MICROS)
        {
            slow[((at / 1000 / SLOW_WINDOW_SECS) as usize).min(windows - 1)] += 1;
        }
    }
    println!(
        "answers over {} ms per {SLOW_WINDOW_SECS} s of the run: {}",
        SLOW_MICROS / 1000,
        slow.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let (p50, p99) = (percentile(&every, 0.50), percentile(&every, 0.99));
    println!(
        "all: {} requests in {elapsed:.0} s = {:.0} requests/s; p50 {p50:.1} ms, p99 {p99:.1} ms; {errors} errors; server peak RSS {:.0} MB",
        every.len(),
        every.len() as f64 / elapsed,
        peak_rss as f64 / 1e6
    );
    let goals_met = p99 <= 300.0 && errors == 0 && peak_rss <= 256_000_000;
    println!(
        "goals (p99 <= 300 ms, 0 errors, RSS <= 256 MB): {}",
        if goals_met { "met" } else { "NOT met" }
    );
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

async fn vote_storm(args: &Args, voters: usize, polls: usize) -> Result<(), String> {
    let work = &args.work;
    let dir = work.join("vote-storm");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = args.db_url(&dir.join("db"))?;
    let invite = staff_invite(&built_binary("release", "digitale-stadt"), &db, &[])?;
    let (server, api) = start_server(&dir, &db, args.port, None).await?;
    let staff = api.register("amt", Some(&invite)).await?;
    let mut numbers = Vec::with_capacity(polls);
    for p in 0..polls {
        let answer = api
            .call(
                Method::POST,
                "/polls",
                Some(&staff.access_token),
                Some(&citizens::open_poll(&format!("Abstimmung {p}"), 3)),
            )
            .await
            .map_err(|e| e.to_string())?;
        numbers.push(
            answer.body["number"]
                .as_u64()
                .ok_or_else(|| format!("poll: {} {}", answer.status, answer.body))?,
        );
    }
    let mut people = Vec::with_capacity(voters);
    for v in 0..voters {
        people.push(api.register(&format!("waehler-{v}"), None).await?);
    }

    let receipts = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (v, person) in people.into_iter().enumerate() {
        let (api, numbers, receipts, failures) = (
            api.clone(),
            numbers.clone(),
            receipts.clone(),
            failures.clone(),
        );
        tasks.push(tokio::spawn(async move {
            // Each voter walks the polls from a different start, as people would.
            for i in 0..numbers.len() {
                let poll = numbers[(v + i) % numbers.len()];
                let answer = api
                    .call(
                        Method::POST,
                        &format!("/polls/{poll}/ballots"),
                        Some(&person.access_token),
                        Some(&citizens::single_choice(v % 3)),
                    )
                    .await;
                match answer {
                    Ok(answer) if answer.status == StatusCode::CREATED => {
                        let code = answer.body["code"].as_str().unwrap_or_default().to_owned();
                        lock(&receipts).push((poll, code));
                    }
                    _ => {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    let http_seconds = started.elapsed().as_secs_f64();
    let receipts = std::mem::take(&mut *lock(&receipts));
    let http_rate = receipts.len() as f64 / http_seconds;

    // Lost or double: every poll holds exactly `voters` ballots and every receipt is known.
    let mut lost_or_double = 0u64;
    for &poll in &numbers {
        let shown = api
            .call(Method::GET, &format!("/polls/{poll}"), None, None)
            .await
            .map_err(|e| e.to_string())?;
        let ballots = shown.body["ballots"].as_u64().unwrap_or_default();
        lost_or_double += ballots.abs_diff(voters as u64);
    }
    let mut unknown_receipts = 0;
    for (poll, code) in &receipts {
        let check = api
            .call(
                Method::GET,
                &format!("/polls/{poll}/receipts/{code}"),
                None,
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
        if check.body["status"] != "received" {
            unknown_receipts += 1;
        }
    }
    drop(server);

    let raw_rate = raw_insert_rate(&args.db_url(&dir.join("raw"))?, voters, polls).await?;
    println!(
        "vote storm: {voters} voters x {polls} polls: {} durable votes in {http_seconds:.1} s = {http_rate:.0} votes/s over HTTP; \
         raw in-process insert of the same records: {raw_rate:.0}/s; ratio {:.2}",
        receipts.len(),
        http_rate / raw_rate
    );
    println!(
        "failed votes {}, ballots missing or extra {lost_or_double}, receipts not found {unknown_receipts}",
        failures.load(Ordering::Relaxed)
    );
    let goals_met = http_rate >= 2000.0 && http_rate >= raw_rate / 2.0;
    println!(
        "goals (>= 2,000 votes/s and >= half the raw rate): {}",
        if goals_met { "met" } else { "NOT met" }
    );
    if failures.load(Ordering::Relaxed) > 0 || lost_or_double > 0 || unknown_receipts > 0 {
        return Err("votes were lost or counted twice".into());
    }
    Ok(())
}

/// The same two records per vote (voter record and ballot, in one
/// transaction) written straight into a fresh embedded database of the
/// same engine by as many concurrent writers: the ceiling for the HTTP path.
async fn raw_insert_rate(db: &str, writers: usize, per_writer: usize) -> Result<f64, String> {
    let config = db::DbConfig {
        db: db.parse()?,
        ..db::DbConfig::default()
    };
    let db = db::connect(&config).await.map_err(|e| e.to_string())?;
    migrate::run(&db).await.map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for poll in 0..per_writer {
                db.query(
                    "BEGIN TRANSACTION;
                     CREATE type::record('poll_voter', [$poll, $account]) CONTENT { poll: $poll, account: type::record('account', $account) };
                     CREATE poll_ballot CONTENT { poll: $poll, receipt: $receipt, answers: [{ choices: [1] }] };
                     COMMIT TRANSACTION;",
                )
                .bind(("poll", poll as i64))
                .bind(("account", format!("w{w}")))
                .bind(("receipt", format!("{w}-{poll}")))
                .await
                .and_then(db::first_cause)
                .map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        }));
    }
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    let rate = (writers * per_writer) as f64 / started.elapsed().as_secs_f64();
    db::close(db).await;
    Ok(rate)
}
